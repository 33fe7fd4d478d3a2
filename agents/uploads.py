"""Evidence uploads: the type is read from the file's content (``filetype``), never from its name."""

from __future__ import annotations

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

ALLOWED_TYPES = {"application/pdf": "PDF", "image/jpeg": "JPG", "image/png": "PNG"}


def max_upload_bytes() -> int:
    return int(settings.MAX_UPLOAD_MB) * 1024 * 1024


def detect_evidence_type(upload, *, field: str = "evidence") -> str:
    """Return the MIME type of an allowed upload, or raise a ValidationError naming the field and the rule."""
    name = getattr(upload, "name", "") or _("berkas")
    if upload.size > max_upload_bytes():
        raise ValidationError({field: _("%(name)s terlalu besar: maksimal %(mb)d MB per berkas.")
                               % {"name": name, "mb": settings.MAX_UPLOAD_MB}})
    if upload.size == 0:
        raise ValidationError({field: _("%(name)s kosong.") % {"name": name}})
    upload.seek(0)
    head = upload.read(2048)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in ALLOWED_TYPES:
        raise ValidationError({field: _("%(name)s bukan PDF, JPG, atau PNG (jenis berkas diperiksa dari isinya, "
                                        "bukan dari namanya).") % {"name": name}})
    return kind.mime
