"""Project system checks (``manage.py check --deploy``)."""

from django.conf import settings
from django.core.checks import Tags, Warning, register

PER_PROCESS_CACHES = ("django.core.cache.backends.locmem.LocMemCache", "django.core.cache.backends.dummy.DummyCache")


@register(Tags.caches, deploy=True)
def shared_cache(app_configs, **kwargs):
    """Deployments run several web processes and a Celery worker: the dashboards' figures and rendered pages are
    invalidated through the cache, so a per-process cache would keep showing old figures in the other processes."""
    backend = settings.CACHES["default"]["BACKEND"]
    if backend in PER_PROCESS_CACHES:
        return [Warning(
            "The default cache is local to each process.",
            hint="Set CACHE_URL to a shared cache (redis://host:6379/1) so a change shows in every process "
                 "(docs/operations.md).",
            id="agenperubahan.W001",
        )]
    return []
