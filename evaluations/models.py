"""Evaluation instruments (values, items, scale, versions), cycles, 360° assignments, responses and answers."""

from __future__ import annotations

import secrets
import uuid
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class RaterGroup(models.TextChoices):
    SELF = "self", _("Diri sendiri")
    SUPERIOR = "superior", _("Atasan")
    PEER = "peer", _("Rekan kerja")
    SUBORDINATE = "subordinate", _("Bawahan")


#: Groups with one known rater each (the subject, the direct superior): shown as they are.
NAMED_GROUPS = (RaterGroup.SELF, RaterGroup.SUPERIOR)
#: Groups whose raters must stay anonymous: shown only from the cycle's threshold up (see scoring.disclose).
ANONYMOUS_GROUPS = (RaterGroup.PEER, RaterGroup.SUBORDINATE)
ALL_GROUPS = [g.value for g in RaterGroup]

SCALE_MIN = 1


class Instrument(models.Model):
    """One version of a questionnaire. Versions of the same instrument share ``code``.

    A version is frozen once a cycle uses it; editing a frozen version makes a new version (services.py).
    """

    class Kind(models.TextChoices):
        BEHAVIOUR_360 = "360", _("Penilaian perilaku 360°")
        SURVEY = "survey", _("Survei budaya kerja instansi")

    class Scale(models.IntegerChoices):
        FOUR = 4, _("1–4")
        FIVE = 5, _("1–5")

    code = models.SlugField(_("kode"), max_length=50, help_text=_("Sama untuk semua versi instrumen ini."))
    version = models.PositiveSmallIntegerField(_("versi"), default=1)
    name = models.CharField(_("nama"), max_length=200)
    description = models.TextField(_("keterangan"), blank=True)
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices, default=Kind.BEHAVIOUR_360)
    scale_max = models.PositiveSmallIntegerField(_("skala"), choices=Scale.choices, default=Scale.FIVE)
    scale_labels = models.JSONField(_("label skala"), default=list, blank=True,
                                    help_text=_("Satu label untuk setiap titik skala, dari 1 sampai nilai tertinggi."))
    based_on = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                 verbose_name=_("versi asal"))
    frozen_at = models.DateTimeField(_("dibekukan"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("instrumen")
        verbose_name_plural = _("instrumen")
        ordering = ["code", "-version"]
        constraints = [models.UniqueConstraint(fields=["code", "version"], name="instrument_code_version_unique")]

    def __str__(self):
        return f"{self.name} (v{self.version})"

    @property
    def scale_min(self) -> int:
        return SCALE_MIN

    @property
    def is_frozen(self) -> bool:
        return self.frozen_at is not None

    @property
    def is_survey(self) -> bool:
        return self.kind == self.Kind.SURVEY

    @property
    def scale_points(self) -> list[tuple[int, str]]:
        labels = list(self.scale_labels or [])
        return [(v, labels[v - SCALE_MIN] if v - SCALE_MIN < len(labels) else str(v))
                for v in range(SCALE_MIN, self.scale_max + 1)]

    def clean(self):
        labels = self.scale_labels or []
        if not isinstance(labels, list) or len(labels) != self.scale_max or any(not str(x).strip() for x in labels):
            raise ValidationError({"scale_labels": _("Isi tepat %(n)d label skala, satu untuk setiap nilai 1–%(n)d.")
                                   % {"n": self.scale_max}})


class Dimension(models.Model):
    """A value (one of the seven BerAKHLAK values) or a block (leadership, system) of an instrument version."""

    class Kind(models.TextChoices):
        VALUE = "value", _("Nilai dasar BerAKHLAK")
        BLOCK = "block", _("Blok tambahan")

    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="dimensions")
    code = models.SlugField(_("kode"), max_length=40)
    name = models.CharField(_("nama"), max_length=120)
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices, default=Kind.VALUE)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        verbose_name = _("dimensi")
        verbose_name_plural = _("dimensi")
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["instrument", "code"], name="dimension_code_unique")]

    def __str__(self):
        return self.name


class Item(models.Model):
    """A statement to rate on the instrument's scale."""

    dimension = models.ForeignKey(Dimension, on_delete=models.CASCADE, related_name="items",
                                  verbose_name=_("dimensi"))
    text = models.TextField(_("pernyataan"))
    rater_groups = models.JSONField(_("kelompok penilai"), default=list,
                                    help_text=_("Kelompok penilai yang melihat pernyataan ini."))
    reverse_scored = models.BooleanField(_("skor terbalik"), default=False,
                                         help_text=_("Centang bila jawaban tinggi berarti perilaku yang tidak diharapkan."))
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        verbose_name = _("butir pernyataan")
        verbose_name_plural = _("butir pernyataan")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.text[:80]

    def clean(self):
        groups = self.rater_groups or []
        if not groups or any(g not in ALL_GROUPS for g in groups):
            raise ValidationError({"rater_groups": _("Pilih setidaknya satu kelompok penilai.")})


def _new_seed() -> str:
    return secrets.token_hex(32)


class CycleQuerySet(models.QuerySet):
    def bump_answers_version(self, **lookup) -> None:
        """Mark that the cycles matching ``lookup`` have new assignments or submitted answers (one UPDATE)."""
        self.filter(**lookup).update(answers_version=models.F("answers_version") + 1)

    def published(self):
        return self.filter(status=Cycle.Status.PUBLISHED)


class Cycle(models.Model):
    """One round of evaluation: draft → open → closed → published."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draf")
        OPEN = "open", _("Dibuka")
        CLOSED = "closed", _("Ditutup")
        PUBLISHED = "published", _("Diterbitkan")

    class SubjectMode(models.TextChoices):
        AGENTS = "agents", _("Semua agen perubahan dan role model aktif")
        AGENCIES = "agencies", _("Semua pegawai perangkat daerah terpilih")

    name = models.CharField(_("nama siklus"), max_length=200)
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="cycles",
                                   verbose_name=_("instrumen"))
    opens_on = models.DateField(_("tanggal buka"))
    closes_on = models.DateField(_("batas akhir pengisian"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    subject_mode = models.CharField(_("yang dinilai"), max_length=10, choices=SubjectMode.choices,
                                    default=SubjectMode.AGENTS)
    agencies = models.ManyToManyField("organization.Agency", blank=True, related_name="+",
                                      verbose_name=_("perangkat daerah"))
    anonymity_threshold = models.PositiveSmallIntegerField(
        _("ambang anonimitas"), default=3, validators=[MinValueValidator(2), MaxValueValidator(20)],
        help_text=_("Skor kelompok rekan kerja atau bawahan hanya ditampilkan bila sekurangnya sebanyak ini penilai menjawab."),
    )
    band_a = models.DecimalField(_("batas bawah A"), max_digits=5, decimal_places=2, default=Decimal("75"))
    band_b = models.DecimalField(_("batas bawah B"), max_digits=5, decimal_places=2, default=Decimal("50"))
    band_c = models.DecimalField(_("batas bawah C"), max_digits=5, decimal_places=2, default=Decimal("25"))
    # Issue 17: submissions with the same answer to every item left out of the results (docs/improvement.md).
    # Changed only before the close (services.cycle_straight_lining_set), so one frozen figure set ever exists;
    # the history records who turned it on or off and when.
    exclude_straight_lined = models.BooleanField(
        _("kecualikan jawaban seragam (straight-lining) dari hasil"), default=False,
        help_text=_("Pengisian yang menjawab semua butir dengan nilai yang sama tidak dihitung dalam hasil. "
                    "Hanya dapat diubah sebelum siklus ditutup."))
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # Goes up whenever the cycle's assignments or submitted answers change (evaluations.signals and the services):
    # the response counts of a running cycle are cached under it, so a new answer is counted at once in every
    # web process (the number is read with the cycle itself).
    answers_version = models.PositiveIntegerField(default=0, editable=False)
    # The secret behind the choice of peers (services.cycles._peer_key): random per cycle, kept on the server, never
    # shown (not in a form, the API, the admin or the history), so nobody can work out who was chosen to rate whom.
    peer_seed = models.CharField(max_length=64, default=_new_seed, editable=False)
    history = HistoricalRecords(m2m_fields=[agencies], excluded_fields=["answers_version", "peer_seed"])

    objects = CycleQuerySet.as_manager()

    class Meta:
        verbose_name = _("siklus evaluasi")
        verbose_name_plural = _("siklus evaluasi")
        ordering = ["-opens_on", "-pk"]

    def __str__(self):
        return self.name

    @property
    def bands(self) -> tuple[float, float, float]:
        return (float(self.band_a), float(self.band_b), float(self.band_c))

    @property
    def accepts_answers(self) -> bool:
        return self.status == self.Status.OPEN and timezone.localdate() <= self.closes_on

    def days_left(self, today=None) -> int:
        today = today or timezone.localdate()
        return (self.closes_on - today).days

    def clean(self):
        errors = {}
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            errors["closes_on"] = _("Batas akhir pengisian harus pada atau setelah tanggal buka.")
        if self.band_a is not None and self.band_b is not None and self.band_c is not None:
            if not (100 >= self.band_a > self.band_b > self.band_c >= 0):
                errors["band_a"] = _("Batas kategori harus menurun: 100 ≥ A > B > C ≥ 0.")
        if errors:
            raise ValidationError(errors)


class CycleRaterGroup(models.Model):
    """How one rater group takes part in a cycle: on/off, weight in the total, minimum number of raters."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="rater_groups")
    group = models.CharField(_("kelompok"), max_length=12, choices=RaterGroup.choices)
    enabled = models.BooleanField(_("ikut menilai"), default=True)
    weight = models.DecimalField(_("bobot (%)"), max_digits=5, decimal_places=2, default=Decimal("25"),
                                 validators=[MinValueValidator(0), MaxValueValidator(100)])
    min_count = models.PositiveSmallIntegerField(
        _("jumlah minimum penilai"), default=1, validators=[MaxValueValidator(20)],
        help_text=_("Untuk rekan kerja: sebanyak ini rekan dipilih. "
                    "Subjek dengan penilai lebih sedikit ditandai saat peninjauan."),
    )

    class Meta:
        verbose_name = _("kelompok penilai siklus")
        verbose_name_plural = _("kelompok penilai siklus")
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["cycle", "group"], name="cycle_group_unique")]

    def __str__(self):
        return f"{self.cycle} — {self.get_group_display()}"


class Assignment(models.Model):
    """A rater rates a subject in a cycle, as a member of a rater group."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="assignments")
    subject = models.ForeignKey("organization.Employee", on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("yang dinilai"))
    rater = models.ForeignKey("organization.Employee", on_delete=models.PROTECT, related_name="rating_assignments",
                              verbose_name=_("penilai"))
    group = models.CharField(_("kelompok penilai"), max_length=12, choices=RaterGroup.choices)
    is_manual = models.BooleanField(_("ditambahkan manual"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("penugasan penilai")
        verbose_name_plural = _("penugasan penilai")
        ordering = ["subject__name", "group", "rater__name"]
        constraints = [models.UniqueConstraint(fields=["cycle", "subject", "rater"], name="assignment_unique")]
        indexes = [models.Index(fields=["rater", "cycle"]), models.Index(fields=["cycle", "subject"])]

    def __str__(self):
        return f"{self.rater_id} → {self.subject_id} ({self.group})"


class Response(models.Model):
    """A rater's draft (with its ``answers``) until submission; afterwards only the record *that* the assignment
    was submitted (``submitted_at``): the answers and comment then live apart, in SubmittedAnswer/SubmittedComment,
    and the draft rows are deleted (services.responses.response_submit)."""

    assignment = models.OneToOneField(Assignment, on_delete=models.CASCADE, related_name="response")
    comment = models.TextField(_("komentar"), blank=True, max_length=2000)
    submitted_at = models.DateTimeField(_("dikirim"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("jawaban penilai")
        verbose_name_plural = _("jawaban penilai")
        indexes = [models.Index(fields=["submitted_at"])]

    def __str__(self):
        return f"Response {self.pk} ({'submitted' if self.submitted_at else 'draft'})"


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="answers")
    score = models.PositiveSmallIntegerField(_("skor"))

    class Meta:
        verbose_name = _("jawaban butir")
        verbose_name_plural = _("jawaban butir")
        constraints = [models.UniqueConstraint(fields=["response", "item"], name="answer_once_per_item")]

    def __str__(self):
        return f"{self.item_id}: {self.score}"


# --- anonymous storage (issue 13) -------------------------------------------------------------------------------
# Once a rater submits, their answers and comment move from the draft (Response/Answer, which know the assignment)
# into the tables below, which know only the cycle, the subject and the rater group. Nothing in them — no key, no
# timestamp, no insertion order (random UUID keys, rows written in shuffled order) — ties a row to the submission
# record (``Response.submitted_at`` on the assignment), so not even a database reader can join answers to raters.

class SubmittedAnswer(models.Model):
    """One submitted answer, stored without any link to its rater."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="+")
    # The agency the answer is about (the subject's). In a culture survey the subject is the respondent, so it
    # is not stored at all there: survey answers are known only by agency.
    agency = models.ForeignKey("organization.Agency", on_delete=models.PROTECT, related_name="+")
    subject = models.ForeignKey("organization.Employee", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+")
    group = models.CharField(_("kelompok penilai"), max_length=12, choices=RaterGroup.choices)
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="submitted_answers")
    score = models.PositiveSmallIntegerField(_("skor"))
    # True on every answer of a submission with the same answer to every item (issue 17): such answers are all
    # equal, so the flag tells nothing the scores do not; it lets the snapshot leave them out when the cycle
    # excludes straight-lining. No rater, no order, no time, as for the rest of the row.
    straight_lined = models.BooleanField(default=False, editable=False)

    class Meta:
        verbose_name = _("jawaban terkirim (anonim)")
        verbose_name_plural = _("jawaban terkirim (anonim)")
        indexes = [models.Index(fields=["cycle", "subject"])]

    def __str__(self):
        return f"{self.item_id}: {self.score}"


class SubmissionStat(models.Model):
    """The pattern of one submission (issue 17, rater-bias analytics), computed when it is stored and kept like
    the answers: no rater, no timestamp, a random key. Only aggregates over at least ``k`` submissions are shown
    (improvement/rater_quality.py). Scores are on the instrument's scale; ``mean`` and ``value_spread`` with
    reverse items flipped, ``spread`` over the raw answers (0: the same answer to every item)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="+")
    agency = models.ForeignKey("organization.Agency", on_delete=models.PROTECT, related_name="+")
    subject = models.ForeignKey("organization.Employee", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+")
    group = models.CharField(_("kelompok penilai"), max_length=12, choices=RaterGroup.choices)
    items = models.PositiveSmallIntegerField(_("butir"))
    mean = models.FloatField(_("rata-rata"))
    spread = models.FloatField(_("simpangan baku jawaban"))
    extreme_share = models.FloatField(_("porsi jawaban ekstrem"))
    value_spread = models.FloatField(_("simpangan baku rata-rata per nilai"), null=True)

    class Meta:
        verbose_name = _("pola pengisian (anonim)")
        verbose_name_plural = _("pola pengisian (anonim)")
        indexes = [models.Index(fields=["cycle", "agency"])]

    def __str__(self):
        return f"{self.cycle_id}/{self.group}: {self.mean:.2f}"


class RaterPattern(models.Model):
    """A rater's own pattern in a cycle (issue 17), shown to that rater only ("Penilaian saya").

    Summed over all of the rater's submissions of the cycle, never per subject: submissions, answers, the sum of
    the answers (reverse items flipped) and of the raw answers and their squares (for the spread), straight-lined
    submissions, and the sum of the means of the submissions about others (not self) for the comparison with the
    other raters of the same subjects (``selectors.my_rater_patterns``). The row is found by ``key``, an HMAC of the
    cycle and the rater keyed with the server's secret: no column names the rater, so the table cannot be joined
    back to people without that secret (it is what the page uses to find the row of the signed-in rater)."""

    key = models.CharField(max_length=64, unique=True, editable=False)
    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="+")
    submissions = models.PositiveIntegerField(default=0)
    answers = models.PositiveIntegerField(default=0)
    flipped_sum = models.FloatField(default=0)
    raw_sum = models.FloatField(default=0)
    raw_squares = models.FloatField(default=0)
    straight_lined = models.PositiveIntegerField(default=0)
    others_submissions = models.PositiveIntegerField(default=0)
    others_mean_sum = models.FloatField(default=0)

    class Meta:
        verbose_name = _("pola penilai (hanya untuk penilai itu)")
        verbose_name_plural = _("pola penilai (hanya untuk penilai itu)")

    def __str__(self):
        return f"{self.cycle_id}/{self.key[:8]}"

    @staticmethod
    def key_for(cycle_id: int, rater_id: int) -> str:
        import hashlib
        import hmac

        message = f"rater-pattern:{cycle_id}:{rater_id}".encode()
        return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


class SubmittedComment(models.Model):
    """A submitted comment, without its rater; released to the subject only once Tim RB publishes it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Menunggu tinjauan")
        PUBLISHED = "published", _("Ditampilkan")
        HIDDEN = "hidden", _("Disembunyikan")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="+")
    agency = models.ForeignKey("organization.Agency", on_delete=models.PROTECT, related_name="+")
    subject = models.ForeignKey("organization.Employee", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+")
    group = models.CharField(_("kelompok penilai"), max_length=12, choices=RaterGroup.choices)
    text = models.TextField(_("komentar"), max_length=2000)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)

    class Meta:
        verbose_name = _("komentar terkirim (anonim)")
        verbose_name_plural = _("komentar terkirim (anonim)")
        indexes = [models.Index(fields=["cycle", "subject"])]

    def __str__(self):
        return self.text[:60]


class ResultSnapshot(models.Model):
    """The published figures of a cycle, computed once when it closes (evaluations.disclosure) and never again."""

    cycle = models.OneToOneField(Cycle, on_delete=models.CASCADE, related_name="snapshot")
    computed_at = models.DateTimeField()
    data = models.JSONField()

    class Meta:
        verbose_name = _("cuplikan hasil")
        verbose_name_plural = _("cuplikan hasil")

    def __str__(self):
        return f"{self.cycle_id} @ {self.computed_at:%Y-%m-%d}"
