# The portal image: web (gunicorn), Celery worker and beat all run from it (docker-compose.yml).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=agenperubahan.settings.production

# gettext: compilemessages; curl is not needed (health checks use Python).
RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt

COPY . .

# Static files and translations are built into the image. Production settings refuse to start without a real
# secret, so the build gets a throw-away one that is never used at run time.
RUN SECRET_KEY="build-only-$(python -c 'import secrets; print(secrets.token_urlsafe(48))')" \
    ALLOWED_HOSTS=localhost \
    python manage.py collectstatic --noinput -v0 \
    && (test ! -d locale || SECRET_KEY="build-only-$(python -c 'import secrets; print(secrets.token_urlsafe(48))')" \
        ALLOWED_HOSTS=localhost python manage.py compilemessages -v0) \
    && useradd --system --uid 1000 --home-dir /app app \
    && mkdir -p /app/var/media /app/var/celery \
    && chown -R app:app /app/var

USER app
EXPOSE 8000
CMD ["gunicorn", "--config", "gunicorn.conf.py", "agenperubahan.wsgi:application"]
