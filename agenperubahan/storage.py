"""Static files storage for production: whitenoise's, with each file's URL worked out once per process.

The manifest of hashed names is read when a process starts and does not change while it runs, so a file's URL is a
function of its name alone. Django recomputes it at every ``{% static %}`` (a manifest lookup, ``urljoin`` and
``quote``: ~25 µs), seven times on every page in ``base.html`` alone. Names that are not in the manifest raise as
before and are not remembered.
"""

from __future__ import annotations

from django.conf import settings
from whitenoise.storage import CompressedManifestStaticFilesStorage

_MAX_NAMES = 4096  # far more than the project's static files; a bound in case a template builds names from data


class StaticStorage(CompressedManifestStaticFilesStorage):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._urls: dict[str, str] = {}

    def url(self, name, force=False):
        if force or settings.DEBUG:
            return super().url(name, force)
        found = self._urls.get(name)
        if found is None:
            found = super().url(name)
            if len(self._urls) < _MAX_NAMES:
                self._urls[name] = found
        return found
