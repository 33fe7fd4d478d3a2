"""Choices and defaults shared by the agents models, and the evidence-file base."""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

DEFAULT_QUOTA = 3  # [P] about 3–4 agents per work unit; editable per period
DEFAULT_CRITERIA = [
    # (name, description, weight) — DOMAIN.md "Selecting agents"; editable per period.
    (_("Menjadi teladan"), _("Perilaku dan kinerjanya patut dicontoh rekan kerja."), 20),
    (_("Kompeten"), _("Menguasai bidang tugasnya dan terus belajar."), 20),
    (_("Memahami tugas unit"), _("Mengerti tugas dan fungsi unit kerjanya."), 20),
    (_("Berdedikasi"), _("Tekun, disiplin, dan bertanggung jawab."), 20),
    (_("Berintegritas"), _("Tidak pernah bermasalah hukum atau melanggar kode etik."), 20),
]


class AgentRole(models.TextChoices):
    KATALIS = "katalis", _("Katalis")
    PEMBERI_SOLUSI = "pemberi_solusi", _("Pemberi solusi")
    MEDIATOR = "mediator", _("Mediator")
    PENGHUBUNG = "penghubung", _("Penghubung")


class ReformArea(models.TextChoices):
    """The eight areas of change (Perpres 81/2010, Road Map Reformasi Birokrasi)."""

    MANAJEMEN_PERUBAHAN = "manajemen_perubahan", _("Manajemen perubahan (pola pikir dan budaya kerja)")
    DEREGULASI = "deregulasi", _("Deregulasi kebijakan")
    ORGANISASI = "organisasi", _("Penataan dan penguatan organisasi")
    TATALAKSANA = "tatalaksana", _("Penataan tata laksana")
    SDM = "sdm", _("Penataan sistem manajemen SDM aparatur")
    AKUNTABILITAS = "akuntabilitas", _("Penguatan akuntabilitas")
    PENGAWASAN = "pengawasan", _("Penguatan pengawasan")
    PELAYANAN_PUBLIK = "pelayanan_publik", _("Peningkatan kualitas pelayanan publik")


def evidence_path(instance, filename):
    # The stored name never comes from the user: a random name with the extension of the detected type.
    return f"agents/{instance.FOLDER}/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{instance.extension}"


class EvidenceFile(models.Model):
    """An uploaded file checked by content (PDF, JPG or PNG). Served only through a view that checks access."""

    FOLDER = "evidence"
    file = models.FileField(_("berkas"), upload_to=evidence_path, max_length=300)
    original_name = models.CharField(_("nama berkas"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.original_name

    @property
    def extension(self) -> str:
        return {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}.get(self.content_type, ".bin")


def weighted_total(scores_by_criterion: dict[int, float], weights: dict[int, int]) -> Decimal | None:
    """Weighted mean of criterion scores (1–5) expressed on 0–100. None until every criterion is scored."""
    if not weights or any(c not in scores_by_criterion for c in weights):
        return None
    total_weight = sum(weights.values())
    mean = sum(Decimal(str(scores_by_criterion[c])) * w for c, w in weights.items()) / total_weight
    return (mean / 5 * 100).quantize(Decimal("0.01"))
