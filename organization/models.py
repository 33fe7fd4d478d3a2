from __future__ import annotations

import datetime as dt
from functools import cached_property

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from . import nip as nip_rules


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator sistem")
    TIM_RB = "tim_rb", _("Tim RB")
    PIMPINAN = "pimpinan", _("Pimpinan daerah")
    KEPALA = "kepala", _("Kepala perangkat daerah")
    OPERATOR = "operator", _("Operator kepegawaian")
    AGEN = "agen", pgettext_lazy("peran", "Agen perubahan")
    ROLE_MODEL = "role_model", _("Role model")


#: Roles whose scope is the whole city (an assignment has no agency).
CITY_ROLES = frozenset({Role.ADMIN, Role.TIM_RB, Role.PIMPINAN})


class User(AbstractUser):
    """A person who signs in. Linked to at most one Employee (ASN profile)."""

    employee = models.OneToOneField(
        "organization.Employee", null=True, blank=True, on_delete=models.SET_NULL, related_name="user",
        verbose_name=_("pegawai"),
    )

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")

    def __str__(self):
        return self.get_full_name() or self.username

    @cached_property
    def role_assignments(self) -> list[RoleAssignment]:
        if not self.pk:
            return []
        return list(self.roles.filter(is_active=True))

    def has_role(self, *roles: str) -> bool:
        if self.is_superuser and Role.ADMIN in roles:
            return True
        return any(a.role in roles for a in self.role_assignments)

    def agency_ids_for(self, *roles: str) -> set[int]:
        """Agencies in which the user holds one of ``roles`` (agency-scoped roles only)."""
        return {a.agency_id for a in self.role_assignments if a.role in roles and a.agency_id}

    @property
    def is_city_wide(self) -> bool:
        return self.is_superuser or self.has_role(*CITY_ROLES)

    @cached_property
    def home_agency_id(self) -> int | None:
        """The agency the user belongs to: their employee record's, else the first agency role's."""
        if self.employee_id:
            return self.employee.agency_id
        ids = self.agency_ids_for(Role.KEPALA, Role.OPERATOR, Role.AGEN, Role.ROLE_MODEL)
        return min(ids) if ids else None

    def role_labels(self) -> list[str]:
        labels = [str(Role(a.role).label) for a in self.role_assignments]
        if self.employee_id and not labels:
            labels.append(str(pgettext_lazy("peran", "Pegawai")))
        return labels


class AgencyQuerySet(models.QuerySet):
    def active(self, on: dt.date | None = None):
        on = on or timezone.localdate()
        return self.filter(is_active=True).filter(Q(valid_from__isnull=True) | Q(valid_from__lte=on)).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=on)
        )

    def top_level(self):
        """Perangkat daerah: the agencies that hold employees, quotas and forums (not their sub-units)."""
        return self.filter(parent__isnull=True)


class Agency(models.Model):
    """Perangkat daerah or one of its sub-units (bagian, bidang, UPT, kelurahan)."""

    class Kind(models.TextChoices):
        SETDA = "setda", _("Sekretariat Daerah")
        SETWAN = "setwan", _("Sekretariat DPRD")
        INSPEKTORAT = "inspektorat", _("Inspektorat")
        BADAN = "badan", _("Badan")
        DINAS = "dinas", _("Dinas")
        SATPOL = "satpol", _("Satuan Polisi Pamong Praja")
        RSUD = "rsud", _("Rumah sakit daerah")
        KECAMATAN = "kecamatan", _("Kecamatan")
        KELURAHAN = "kelurahan", _("Kelurahan")
        BAGIAN = "bagian", _("Bagian")
        BIDANG = "bidang", _("Bidang")
        UPT = "upt", _("UPT")

    SUB_UNIT_KINDS = (Kind.KELURAHAN, Kind.BAGIAN, Kind.BIDANG, Kind.UPT)

    code = models.CharField(_("kode"), max_length=32, unique=True)
    name = models.CharField(_("nama"), max_length=200)
    abbreviation = models.CharField(_("singkatan"), max_length=40, blank=True)
    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children", verbose_name=_("induk")
    )
    is_active = models.BooleanField(_("aktif"), default=True)
    valid_from = models.DateField(_("berlaku sejak"), null=True, blank=True)
    valid_until = models.DateField(_("berlaku sampai"), null=True, blank=True)
    # The head (kepala) of the agency in the organisation data: the first step of the approval chain reads it.
    head = models.ForeignKey(
        "organization.Employee", null=True, blank=True, on_delete=models.SET_NULL, related_name="headed_agencies",
        verbose_name=_("kepala"), help_text=_("Pejabat definitif. Bila kosong atau berhalangan, catat Plt./Plh."),
    )
    history = HistoricalRecords()

    objects = AgencyQuerySet.as_manager()

    class Meta:
        verbose_name = _("perangkat daerah")
        verbose_name_plural = _("perangkat daerah")
        ordering = ["name"]
        # Lists sorted by agency name (the agent registry, rankings) walk this index and stop after one page.
        indexes = [models.Index(fields=["name"], name="organization_agency_name_idx")]

    def __str__(self):
        return self.abbreviation or self.name

    @property
    def display_name(self) -> str:
        return f"{self.name} ({self.abbreviation})" if self.abbreviation else self.name

    def clean(self):
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ValidationError({"valid_until": _("Tanggal akhir berlaku harus setelah tanggal mulai.")})
        if self.parent_id and self.parent_id == self.pk:
            raise ValidationError({"parent": _("Perangkat daerah tidak bisa menjadi induk dirinya sendiri.")})
        if self.parent_id and self.parent.parent_id:
            raise ValidationError({"parent": _("Induk harus perangkat daerah tingkat atas (bukan sub-unit).")})
        if self.head_id and self.pk and self.head.agency_id != self.pk:
            raise ValidationError({"head": _("Kepala harus pegawai perangkat daerah ini.")})


class Rank(models.TextChoices):
    """Golongan/pangkat PNS (17 grades) and golongan PPPK (I–XVII)."""

    I_A = "I/a", "I/a Juru Muda"
    I_B = "I/b", "I/b Juru Muda Tingkat I"
    I_C = "I/c", "I/c Juru"
    I_D = "I/d", "I/d Juru Tingkat I"
    II_A = "II/a", "II/a Pengatur Muda"
    II_B = "II/b", "II/b Pengatur Muda Tingkat I"
    II_C = "II/c", "II/c Pengatur"
    II_D = "II/d", "II/d Pengatur Tingkat I"
    III_A = "III/a", "III/a Penata Muda"
    III_B = "III/b", "III/b Penata Muda Tingkat I"
    III_C = "III/c", "III/c Penata"
    III_D = "III/d", "III/d Penata Tingkat I"
    IV_A = "IV/a", "IV/a Pembina"
    IV_B = "IV/b", "IV/b Pembina Tingkat I"
    IV_C = "IV/c", "IV/c Pembina Utama Muda"
    IV_D = "IV/d", "IV/d Pembina Utama Madya"
    IV_E = "IV/e", "IV/e Pembina Utama"
    P_I = "I", "PPPK I"
    P_II = "II", "PPPK II"
    P_III = "III", "PPPK III"
    P_IV = "IV", "PPPK IV"
    P_V = "V", "PPPK V"
    P_VI = "VI", "PPPK VI"
    P_VII = "VII", "PPPK VII"
    P_VIII = "VIII", "PPPK VIII"
    P_IX = "IX", "PPPK IX"
    P_X = "X", "PPPK X"
    P_XI = "XI", "PPPK XI"
    P_XII = "XII", "PPPK XII"
    P_XIII = "XIII", "PPPK XIII"
    P_XIV = "XIV", "PPPK XIV"
    P_XV = "XV", "PPPK XV"
    P_XVI = "XVI", "PPPK XVI"
    P_XVII = "XVII", "PPPK XVII"


PNS_RANKS = [r for r in Rank.values if "/" in r]
PPPK_RANKS = [r for r in Rank.values if "/" not in r]


class PositionType(models.TextChoices):
    JPT_UTAMA = "jpt_utama", _("JPT Utama")
    JPT_MADYA = "jpt_madya", _("JPT Madya")
    JPT_PRATAMA = "jpt_pratama", _("JPT Pratama")
    ADMINISTRATOR = "administrator", _("Administrator")
    PENGAWAS = "pengawas", _("Pengawas")
    PELAKSANA = "pelaksana", _("Pelaksana")
    FUNGSIONAL_KEAHLIAN = "fungsional_keahlian", _("Fungsional keahlian")
    FUNGSIONAL_KETERAMPILAN = "fungsional_keterampilan", _("Fungsional keterampilan")


class PositionLevel(models.TextChoices):
    AHLI_PERTAMA = "ahli_pertama", _("Ahli Pertama")
    AHLI_MUDA = "ahli_muda", _("Ahli Muda")
    AHLI_MADYA = "ahli_madya", _("Ahli Madya")
    AHLI_UTAMA = "ahli_utama", _("Ahli Utama")
    PEMULA = "pemula", _("Pemula")
    TERAMPIL = "terampil", _("Terampil")
    MAHIR = "mahir", _("Mahir")
    PENYELIA = "penyelia", _("Penyelia")


class SkpPredikat(models.TextChoices):
    """Predikat kinerja (PermenPAN-RB 6/2022), best first."""

    SANGAT_BAIK = "sangat_baik", _("Sangat Baik")
    BAIK = "baik", _("Baik")
    BUTUH_PERBAIKAN = "butuh_perbaikan", _("Butuh Perbaikan")
    KURANG = "kurang", _("Kurang")
    SANGAT_KURANG = "sangat_kurang", _("Sangat Kurang")

    @classmethod
    def rank(cls, value: str) -> int:
        """5 for Sangat Baik … 1 for Sangat Kurang; 0 when unknown."""
        order = [cls.SANGAT_KURANG, cls.KURANG, cls.BUTUH_PERBAIKAN, cls.BAIK, cls.SANGAT_BAIK]
        return order.index(value) + 1 if value in order else 0


class EmployeeQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def search(self, q: str):
        q = (q or "").strip()
        if not q:
            return self
        digits = nip_rules.normalize_nip(q)
        if digits.isdigit():
            return self.filter(nip__startswith=digits)
        return self.filter(name__icontains=q)


class Employee(models.Model):
    """An ASN profile (PNS or PPPK)."""

    class Type(models.TextChoices):
        PNS = nip_rules.PNS, _("PNS")
        PPPK = nip_rules.PPPK, _("PPPK")

    class Sex(models.TextChoices):
        MALE = "L", _("Laki-laki")
        FEMALE = "P", _("Perempuan")

    nip = models.CharField(_("NIP / NI PPPK"), max_length=18, unique=True)
    name = models.CharField(_("nama"), max_length=150, db_index=True)
    # Academic titles as SIMPEG/SIASN keep them ("Drs.", "M.Si."): apart from the name, so searches and sorting read
    # the name alone and letters and SKs print the full form (``full_name``).
    gelar_depan = models.CharField(_("gelar depan"), max_length=50, blank=True)
    gelar_belakang = models.CharField(_("gelar belakang"), max_length=80, blank=True)
    employee_type = models.CharField(_("jenis pegawai"), max_length=4, choices=Type.choices, default=Type.PNS)
    sex = models.CharField(_("jenis kelamin"), max_length=1, choices=Sex.choices)
    birth_date = models.DateField(_("tanggal lahir"))
    appointment_date = models.DateField(
        _("TMT pengangkatan"), null=True, blank=True, help_text=_("Untuk PNS diambil dari NIP.")
    )
    rank = models.CharField(_("golongan"), max_length=5, choices=Rank.choices, blank=True)
    position_type = models.CharField(_("jenis jabatan"), max_length=30, choices=PositionType.choices)
    position_level = models.CharField(_("jenjang jabatan"), max_length=20, choices=PositionLevel.choices, blank=True)
    position = models.CharField(_("nama jabatan"), max_length=200)
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="employees", verbose_name=_("perangkat daerah")
    )
    unit = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.SET_NULL, related_name="unit_employees",
        verbose_name=_("sub-unit"),
    )
    superior = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="subordinates",
        verbose_name=_("atasan langsung"),
    )
    email = models.EmailField(_("e-mail"), blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)
    skp_predikat = models.CharField(_("predikat SKP terakhir"), max_length=20, choices=SkpPredikat.choices, blank=True)
    disciplinary_penalty = models.BooleanField(_("sedang menjalani hukuman disiplin"), default=False)
    last_penalty_date = models.DateField(_("tanggal hukuman disiplin terakhir"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = EmployeeQuerySet.as_manager()

    class Meta:
        verbose_name = _("pegawai")
        verbose_name_plural = _("pegawai")
        ordering = ["name", "nip"]
        indexes = [models.Index(fields=["agency", "name"]), models.Index(fields=["superior"])]

    def __str__(self):
        return f"{self.full_name} ({self.nip_display})"

    @property
    def full_name(self) -> str:
        """The name with its titles: "Drs. Budi Santoso, M.Si."."""
        name = f"{self.gelar_depan} {self.name}" if self.gelar_depan else self.name
        return f"{name}, {self.gelar_belakang}" if self.gelar_belakang else name

    @property
    def nip_display(self) -> str:
        return nip_rules.format_nip(self.nip)

    @property
    def years_of_service(self) -> int:
        if not self.appointment_date:
            return 0
        today = timezone.localdate()
        start = self.appointment_date
        return today.year - start.year - ((today.month, today.day) < (start.month, start.day))

    def clean(self):
        errors: dict[str, list] = {}
        self.nip = nip_rules.normalize_nip(self.nip)
        nip_problems = nip_rules.nip_errors(self.nip, self.employee_type)
        if nip_problems:
            errors["nip"] = nip_problems
        else:
            info = nip_rules.parse_nip(self.nip)
            if self.sex and self.sex != info.sex:
                errors.setdefault("sex", []).append(_("Jenis kelamin tidak sesuai dengan digit ke-15 NIP."))
            if self.birth_date and self.birth_date != info.birth_date:
                errors.setdefault("birth_date", []).append(
                    _("Tanggal lahir tidak sesuai dengan NIP (%(date)s).") % {"date": info.birth_date.strftime("%d-%m-%Y")}
                )
            if self.employee_type == self.Type.PNS and info.appointment_date:
                self.appointment_date = info.appointment_date
            elif self.employee_type == self.Type.PPPK and not self.appointment_date:
                # NI PPPK keeps the appointment year in the same place; its month position holds other codes, so
                # a month outside 1–12 counts from January. Without it a PPPK shows "0 tahun masa kerja".
                self.appointment_date = info.appointment_date or dt.date(info.appointment_year, 1, 1)
        if self.rank:
            allowed = PNS_RANKS if self.employee_type == self.Type.PNS else PPPK_RANKS
            if self.rank not in allowed:
                errors.setdefault("rank", []).append(
                    _("Golongan %(rank)s tidak berlaku untuk %(type)s.") % {"rank": self.rank, "type": self.employee_type}
                )
        if self.unit_id and self.agency_id and self.unit.parent_id != self.agency_id:
            errors.setdefault("unit", []).append(_("Sub-unit harus berada di bawah perangkat daerah pegawai."))
        if self.superior_id and self.superior_id == self.pk:
            errors.setdefault("superior", []).append(_("Pegawai tidak bisa menjadi atasan dirinya sendiri."))
        if errors:
            raise ValidationError(errors)


class RoleAssignment(models.Model):
    """A role held by a user, scoped to an agency (or to the whole city for city roles)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="roles", verbose_name=_("pengguna"))
    role = models.CharField(_("peran"), max_length=20, choices=Role.choices)
    agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.CASCADE, related_name="role_assignments",
        verbose_name=_("perangkat daerah"),
    )
    is_active = models.BooleanField(_("aktif"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("penugasan peran")
        verbose_name_plural = _("penugasan peran")
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "agency"], name="unique_role_per_agency"),
        ]

    def __str__(self):
        scope = self.agency or _("seluruh kota")
        return f"{self.user} — {self.get_role_display()} ({scope})"

    def clean(self):
        if self.role in CITY_ROLES and self.agency_id:
            raise ValidationError({"agency": _("Peran tingkat kota tidak terikat pada satu perangkat daerah.")})
        if self.role not in CITY_ROLES and not self.agency_id:
            raise ValidationError({"agency": _("Peran ini harus dikaitkan dengan satu perangkat daerah.")})


class ActingHeadQuerySet(models.QuerySet):
    def on(self, day: dt.date | None = None):
        """Appointments in force on ``day`` (default today): both dates are inclusive."""
        day = day or timezone.localdate()
        return self.filter(starts_on__lte=day, ends_on__gte=day)


class ActingHead(models.Model):
    """A Plt. (pelaksana tugas) or Plh. (pelaksana harian) of an agency's head for a date range, with its letter.

    While in force the acting head endorses in the head's name ("a.n."); the nomination trail keeps both.
    """

    class Kind(models.TextChoices):
        PLT = "plt", _("Plt. (pelaksana tugas)")
        PLH = "plh", _("Plh. (pelaksana harian)")

    PREFIX = {Kind.PLT: "Plt.", Kind.PLH: "Plh."}

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="acting_heads",
                               verbose_name=_("perangkat daerah"))
    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="acting_appointments",
                                 verbose_name=_("pegawai"))
    kind = models.CharField(_("jenis"), max_length=3, choices=Kind.choices, default=Kind.PLT)
    starts_on = models.DateField(_("mulai"))
    ends_on = models.DateField(_("sampai"))
    letter_number = models.CharField(_("nomor surat perintah"), max_length=100)
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                   verbose_name=_("dicatat oleh"))
    created_at = models.DateTimeField(_("dicatat pada"), auto_now_add=True)
    history = HistoricalRecords()

    objects = ActingHeadQuerySet.as_manager()

    class Meta:
        verbose_name = _("Plt./Plh. kepala perangkat daerah")
        verbose_name_plural = _("Plt./Plh. kepala perangkat daerah")
        ordering = ["-starts_on", "-pk"]
        indexes = [models.Index(fields=["agency", "starts_on", "ends_on"]),
                   models.Index(fields=["employee", "starts_on", "ends_on"])]

    def __str__(self):
        return f"{self.prefix} {self.office} — {self.employee.name}"

    @property
    def prefix(self) -> str:
        return self.PREFIX.get(self.kind, "")

    @property
    def office(self) -> str:
        """The head's office ("Kepala Dinas Perhubungan"): the head's position, else "Kepala <agency>"."""
        return head_title(self.agency)

    def clean(self):
        errors: dict[str, str] = {}
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("Tanggal akhir harus sama dengan atau sesudah tanggal mulai.")
        if self.agency_id and self.agency.parent_id:
            errors["agency"] = _("Plt./Plh. dicatat untuk perangkat daerah tingkat atas, bukan sub-unit.")
        if self.employee_id and self.agency_id and self.agency.head_id == self.employee_id:
            errors["employee"] = _("Pegawai ini adalah kepala definitif perangkat daerah tersebut.")
        if self.employee_id and not self.employee.is_active:
            errors["employee"] = _("Pegawai ini tidak aktif.")
        self.letter_number = (self.letter_number or "").strip()
        if not self.letter_number:
            errors["letter_number"] = _("Isi nomor surat perintah Plt./Plh.")
        if not errors and self.agency_id and self.starts_on and self.ends_on:
            overlap = (ActingHead.objects.filter(agency_id=self.agency_id, kind=self.kind,
                                                 starts_on__lte=self.ends_on, ends_on__gte=self.starts_on)
                       .exclude(pk=self.pk).select_related("employee").first())
            if overlap is not None:
                errors["starts_on"] = _(
                    "Sudah ada %(prefix)s %(name)s untuk %(agency)s pada %(start)s – %(end)s; rentang tanggal tidak "
                    "boleh tumpang tindih."
                ) % {"prefix": overlap.prefix, "name": overlap.employee.name, "agency": self.agency,
                     "start": overlap.starts_on.strftime("%d-%m-%Y"), "end": overlap.ends_on.strftime("%d-%m-%Y")}
        if errors:
            raise ValidationError(errors)


def head_title(agency: Agency) -> str:
    """The title of an agency's head: the definitive head's position if recorded, else "Kepala <agency name>"."""
    head = agency.head if agency.head_id else None
    if head is not None and head.position:
        return head.position
    return f"Kepala {agency.name}"


def _import_upload_to(instance, filename: str) -> str:
    # The stored name never comes from the user (the original name is kept in ``original_name``).
    import uuid

    return f"imports/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{instance.file_format or 'bin'}"


class ImportJob(models.Model):
    """One upload of an SIMPEG export: the file, its parsed preview, the operator's decision and the result.

    The row is the audit record of the import (who, what, when, counts); employees written by it also get a
    simple_history record with ``history_change_reason`` "Impor SIMPEG #<id>".
    """

    class Status(models.TextChoices):
        PREVIEW = "preview", _("Menunggu konfirmasi")
        QUEUED = "queued", _("Dalam antrean")
        RUNNING = "running", _("Sedang diproses")
        DONE = "done", _("Selesai")
        FAILED = "failed", _("Gagal")
        CANCELLED = "cancelled", _("Dibatalkan")

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "XLSX"

    FINISHED = (Status.DONE, Status.FAILED, Status.CANCELLED)

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="import_jobs",
                               verbose_name=_("perangkat daerah"))
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="import_jobs",
                                   verbose_name=_("diunggah oleh"))
    confirmed_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("dikonfirmasi oleh"))
    file = models.FileField(_("file"), upload_to=_import_upload_to)
    original_name = models.CharField(_("nama file"), max_length=255)
    file_format = models.CharField(_("format"), max_length=4, choices=Format.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PREVIEW)
    only_valid = models.BooleanField(_("impor hanya baris yang valid"), default=False)
    # What the preview found.
    total_rows = models.PositiveIntegerField(_("jumlah baris"), default=0)
    to_create = models.PositiveIntegerField(_("akan dibuat"), default=0)
    to_update = models.PositiveIntegerField(_("akan diubah"), default=0)
    unchanged = models.PositiveIntegerField(_("tidak berubah"), default=0)
    error_rows = models.PositiveIntegerField(_("baris bermasalah"), default=0)
    preview = models.JSONField(_("pratinjau"), default=list, blank=True)
    errors = models.JSONField(_("kesalahan"), default=list, blank=True)
    notices = models.JSONField(_("catatan"), default=list, blank=True)
    # What applying did.
    created_count = models.PositiveIntegerField(_("dibuat"), default=0)
    updated_count = models.PositiveIntegerField(_("diubah"), default=0)
    skipped_count = models.PositiveIntegerField(_("dilewati"), default=0)
    progress = models.PositiveSmallIntegerField(_("kemajuan (%)"), default=0)
    progress_note = models.CharField(_("tahap"), max_length=200, blank=True)
    message = models.TextField(_("pesan"), blank=True)
    created_at = models.DateTimeField(_("diunggah pada"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("dikonfirmasi pada"), null=True, blank=True)
    started_at = models.DateTimeField(_("mulai diproses"), null=True, blank=True)
    finished_at = models.DateTimeField(_("selesai pada"), null=True, blank=True)

    class Meta:
        verbose_name = _("impor pegawai")
        verbose_name_plural = _("impor pegawai")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["agency", "-created_at"])]

    def __str__(self):
        return f"#{self.pk} {self.original_name} ({self.agency})"

    @property
    def is_finished(self) -> bool:
        return self.status in self.FINISHED

    @property
    def is_in_progress(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def to_write(self) -> int:
        return self.to_create + self.to_update

    @property
    def change_reason(self) -> str:
        return f"Impor SIMPEG #{self.pk}"


class ActivationBatch(models.Model):
    """An operator's "send activation links" action over a selection or a whole agency, run by a Celery task.

    The row is the audit record (who, when, for whom) and holds the progress the page shows."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Dalam antrean")
        RUNNING = "running", _("Sedang dikirim")
        DONE = "done", _("Selesai")
        FAILED = "failed", _("Gagal")

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="activation_batches",
                               verbose_name=_("perangkat daerah"))
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="activation_batches",
                                   verbose_name=_("dikirim oleh"))
    employee_ids = models.JSONField(_("pegawai"), default=list, blank=True,
                                    help_text=_("Kosong berarti seluruh pegawai aktif perangkat daerah."))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField(_("jumlah pegawai"), default=0)
    processed = models.PositiveIntegerField(_("diproses"), default=0)
    sent = models.PositiveIntegerField(_("tautan terkirim"), default=0)
    skipped_no_email = models.PositiveIntegerField(_("tanpa e-mail"), default=0)
    skipped_active = models.PositiveIntegerField(_("sudah aktif"), default=0)
    created_at = models.DateTimeField(_("dibuat pada"), auto_now_add=True)
    finished_at = models.DateTimeField(_("selesai pada"), null=True, blank=True)

    class Meta:
        verbose_name = _("pengiriman tautan aktivasi")
        verbose_name_plural = _("pengiriman tautan aktivasi")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"#{self.pk} {self.agency} ({self.get_status_display()})"

    @property
    def is_in_progress(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def progress(self) -> int:
        return 100 if not self.total else min(100, round(100 * self.processed / self.total))
from .institution import Institution  # noqa: E402,F401  (the singleton lives in its own module; Django finds it here)
