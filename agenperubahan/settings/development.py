from .base import *  # noqa: F401,F403
from .base import VAR_DIR, env

DEBUG = env.bool("DEBUG", default=True)

# `make run` starts the web server and a Celery worker: two processes that must share one cache, or a worker's write
# (an import applied in the background) would not show on the web's dashboards until the entries expire. CACHE_URL
# wins; else Redis when REDIS_URL is set (the next database index after the broker's); else files in var/cache.
if not env("CACHE_URL", default=""):
    from .base import REDIS_URL

    if REDIS_URL:
        from urllib.parse import urlsplit, urlunsplit

        _url = urlsplit(REDIS_URL)
        _db = int(_url.path.strip("/") or 0)
        CACHES = {"default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": urlunsplit(_url._replace(path=f"/{(_db + 1) % 16}")),
            "KEY_PREFIX": "agenperubahan",
        }}
    else:
        CACHES = {"default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(env("CACHE_DIR", default=str(VAR_DIR / "cache"))),
            "OPTIONS": {"MAX_ENTRIES": 20000},
        }}
