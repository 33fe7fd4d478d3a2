"""Celery application. Broker, limits and retries come from settings (the CELERY_* names in settings/base.py).

* ``REDIS_URL`` set: Redis broker (docker-compose, CI, production).
* ``REDIS_URL`` unset: kombu's filesystem broker in ``var/celery`` so ``make run`` runs a real worker and beat with
  no outside service.

Beat uses django-celery-beat's DatabaseScheduler; ``manage.py setup_schedules`` creates the default schedules, which
administrators then edit in the admin. Run exactly one beat per deployment (docs/background-work.md).
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "agenperubahan.settings.development")

app = Celery("agenperubahan")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_configure.connect
def _make_filesystem_broker_folders(sender, **kwargs):
    """The filesystem broker (used when no REDIS_URL is set) needs its folders to exist."""
    options = sender.conf.broker_transport_options or {}
    for key in ("data_folder_in", "data_folder_out", "processed_folder", "control_folder"):
        if options.get(key):
            os.makedirs(options[key], exist_ok=True)
