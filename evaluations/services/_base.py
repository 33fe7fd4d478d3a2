"""Shared pieces of the services: error messages, default rater groups, the permission guard."""

from __future__ import annotations

import logging
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ..models import (
    RaterGroup,
)

logger = logging.getLogger(__name__)

NOT_ALLOWED = gettext_noop("Anda tidak berwenang melakukan tindakan ini.")
CYCLE_NOT_ACCEPTING = gettext_noop("Siklus ini sudah ditutup; jawaban tidak lagi diterima.")
ALREADY_SUBMITTED = gettext_noop("Jawaban untuk penugasan ini sudah dikirim dan tidak dapat diubah lagi.")
CYCLE_NOT_DRAFT = gettext_noop("Siklus yang sudah dibuka tidak dapat diubah lagi.")

# Default rater groups of a new cycle: (enabled, weight %, minimum raters).
DEFAULT_GROUPS_360 = {
    RaterGroup.SELF: (True, Decimal("10"), 1),
    RaterGroup.SUPERIOR: (True, Decimal("30"), 1),
    RaterGroup.PEER: (True, Decimal("30"), 3),
    RaterGroup.SUBORDINATE: (True, Decimal("30"), 3),
}
DEFAULT_GROUPS_SURVEY = {
    RaterGroup.SELF: (True, Decimal("100"), 1),
    RaterGroup.SUPERIOR: (False, Decimal("0"), 1),
    RaterGroup.PEER: (False, Decimal("0"), 3),
    RaterGroup.SUBORDINATE: (False, Decimal("0"), 3),
}


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied(_(NOT_ALLOWED))


