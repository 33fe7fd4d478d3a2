"""Settings of the Celery workers that tests/notifications/test_worker.py starts as subprocesses.

The development settings (a temporary SQLite database from DATABASE_URL, the filesystem broker in CELERY_DATA_DIR
or Redis from REDIS_URL), plus the test-only tasks, and for Redis a key prefix of the test's own (parallel test
runs share one Redis database) and the visibility timeout the test asks for.
"""

import os

from agenperubahan.settings.development import *  # noqa: F401,F403
from agenperubahan.settings.development import REDIS_URL

CELERY_IMPORTS = ["tests.notifications.worker_tasks"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
AXES_ENABLED = False

if REDIS_URL:
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": int(os.environ.get("TEST_VISIBILITY_TIMEOUT", "3600")),
        "global_keyprefix": os.environ.get("TEST_KEYPREFIX", ""),
        # Look for messages of dead workers every second (the default sweep is every 100 s).
        "unacked_restore_interval": 1,
        "unacked_restore_throttle": 1,
    }
