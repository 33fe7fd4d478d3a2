import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "agenperubahan.settings.development")
application = get_wsgi_application()

if settings.BENCH_MODE:  # bench/run.py: /bench/default/… through Django's default stack, for comparison
    from agenperubahan.bench import with_default_stack

    application = with_default_stack(application)
