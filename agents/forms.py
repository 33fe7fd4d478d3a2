"""Forms: thin, they collect input; the rules live in services and permissions."""

from __future__ import annotations

from django import forms
from django.forms import formset_factory
from django.forms.models import construct_instance
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organization.models import Agency, Employee
from organization.nip import normalize_nip

from .models import AgentRole, ChangeAgent, ChangeProject, Nomination, ProgramPeriod
from .permissions import can_act_on_candidate
from .uploads import ALLOWED_TYPES


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is checked by content in the service."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            files = [single(d, initial) for d in data if d]
        else:
            files = [single(data, initial)] if data else []
        if not files and self.required:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        return files


EVIDENCE_HELP = _("PDF, JPG, atau PNG; maksimal %(mb)s MB per berkas. Jenis berkas diperiksa dari isinya.")


def evidence_help() -> str:
    from django.conf import settings

    return str(EVIDENCE_HELP) % {"mb": settings.MAX_UPLOAD_MB}


# --- periods --------------------------------------------------------------------------------------------------

CHAIN_PRESETS = [
    ("kepala_pd,tim_rb", _("Kepala PD calon → Tim RB")),
    ("kepala_pd,sekda,tim_rb", _("Kepala PD calon → Sekretaris Daerah → Tim RB")),
    ("sekda,tim_rb", _("Sekretaris Daerah → Tim RB")),
]


class PeriodForm(forms.ModelForm):
    employee_types = forms.MultipleChoiceField(
        label=_("Jenis pegawai yang boleh diusulkan"), choices=Employee.Type.choices,
        widget=forms.CheckboxSelectMultiple, initial=["PNS"],
    )
    approval_chain = forms.ChoiceField(
        label=_("Alur persetujuan"), choices=CHAIN_PRESETS, initial=CHAIN_PRESETS[0][0],
        help_text=_("Pengesah dibaca dari data organisasi (kepala atau Plt./Plh. yang berlaku); Tim RB memutuskan."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.approval_chain:
            self.initial["approval_chain"] = ",".join(self.instance.approval_chain)
        self.fields["vote_weight"].required = False  # empty: the vote does not count in the total

    def clean_approval_chain(self) -> list[str]:
        return self.cleaned_data["approval_chain"].split(",")

    class Meta:
        model = ProgramPeriod
        fields = ["name", "nomination_opens", "nomination_closes", "term_start", "term_end", "default_quota",
                  "employee_types", "min_years_of_service", "min_skp_predikat", "require_no_penalty",
                  "penalty_free_years", "exclude_active_agents", "max_age", "endorsement_reminder_days",
                  "decision_reminder_days", "escalation_days", "approval_chain", "vote_enabled", "vote_opens",
                  "vote_closes", "vote_weight"]
        widgets = {f: DateInput() for f in ["nomination_opens", "nomination_closes", "term_start", "term_end"]}
        widgets |= {f: forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
                    for f in ["vote_opens", "vote_closes"]}

    def clean_vote_weight(self):
        return self.cleaned_data.get("vote_weight") or 0


class QuotaForm(forms.Form):
    agency = forms.ModelChoiceField(label=_("Perangkat daerah"), queryset=Agency.objects.none())
    quota = forms.IntegerField(label=_("Kuota"), min_value=0, max_value=100)

    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies if agencies is not None else Agency.objects.top_level()


class CriterionForm(forms.Form):
    name = forms.CharField(label=_("Kriteria"), max_length=120)
    description = forms.CharField(label=_("Penjelasan"), max_length=300, required=False)
    weight = forms.IntegerField(label=_("Bobot"), min_value=1, max_value=100)


QuotaFormSet = formset_factory(QuotaForm, extra=3, can_delete=True)
CriterionFormSet = formset_factory(CriterionForm, extra=1, can_delete=True, min_num=1, validate_min=True)


# --- nominations ----------------------------------------------------------------------------------------------

class NominationForm(forms.Form):
    period = forms.ModelChoiceField(label=_("Periode"), queryset=ProgramPeriod.objects.none(), empty_label=None)
    candidate = forms.CharField(
        label=_("NIP calon"), max_length=30,
        help_text=_("Cari nama atau NIP di kotak pencarian di atas, lalu pilih; atau ketik NIP lengkap."),
    )
    justification = forms.CharField(
        label=_("Alasan pengusulan"), widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Mengapa calon ini layak: keteladanan, kinerja, integritas, contoh perubahan yang pernah dibuat."),
    )
    evidence = MultipleFileField(label=_("Bukti pendukung"))

    def __init__(self, *args, user, agency_ids: set[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.agency_ids = agency_ids
        today = timezone.localdate()
        self.fields["period"].queryset = ProgramPeriod.objects.open_on(today).order_by("-nomination_opens")
        self.fields["evidence"].help_text = evidence_help()

    def clean_candidate(self):
        nip = normalize_nip(self.cleaned_data["candidate"])
        employee = Employee.objects.select_related("agency").filter(nip=nip).first()
        if employee is None or employee.agency_id not in self.agency_ids:
            raise forms.ValidationError(_("Pegawai dengan NIP ini tidak ditemukan di perangkat daerah Anda."))
        if not can_act_on_candidate(self.user, employee.pk):
            from .services.nominations import SELF_NOMINATION

            raise forms.ValidationError(SELF_NOMINATION)
        return employee


class NominationEditForm(forms.Form):
    justification = forms.CharField(label=_("Alasan pengusulan"), widget=forms.Textarea(attrs={"rows": 5}))


class EvidenceForm(forms.Form):
    evidence = MultipleFileField(label=_("Tambah bukti"), required=True,
                                 error_messages={"required": _("Pilih minimal satu berkas.")})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evidence"].help_text = evidence_help()


CONFIRM_REQUIRED = _("Centang konfirmasi ini untuk melanjutkan.")


def confirm_field(label) -> forms.BooleanField:
    """A checkbox that must be ticked: the confirmation step of a decision, without JavaScript."""
    return forms.BooleanField(label=label, required=True, error_messages={"required": CONFIRM_REQUIRED})


class EndorseForm(forms.Form):
    comment = forms.CharField(label=_("Catatan"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    confirm = confirm_field(_("Saya telah memeriksa syarat calon dan menyetujui usulan ini."))


class ReturnForm(forms.Form):
    comment = forms.CharField(label=_("Catatan untuk operator"), widget=forms.Textarea(attrs={"rows": 3}),
                              required=False)


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Alasan penolakan"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    confirm = confirm_field(_("Saya yakin menolak nominasi ini."))


def _default_signatory() -> str:
    from organization.institution import current_institution

    return current_institution().default_signatory


class ApproveForm(forms.Form):
    decree_number = forms.CharField(label=_("Nomor SK"), max_length=100, required=False)
    decree_date = forms.DateField(label=_("Tanggal SK"), widget=DateInput(), required=False)
    decree_signatory = forms.CharField(label=_("Penanda tangan SK"), max_length=150, initial=_default_signatory,
                                       required=False)
    roles = forms.MultipleChoiceField(label=_("Peran"), choices=AgentRole.choices, widget=forms.CheckboxSelectMultiple,
                                      initial=AgentRole.values, required=False,
                                      help_text=_("Tanpa pilihan: keempat peran."))
    confirm_unscored = forms.BooleanField(
        label=_("Saya sengaja menetapkan calon ini tanpa nilai panel."), required=False,
        help_text=_("Wajib dicentang bila belum ada anggota panel yang menilai; riwayat mencatatnya."),
    )
    confirm = confirm_field(_("Saya yakin menetapkan calon ini sebagai agen perubahan."))

    def __init__(self, *args, unscored: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not unscored:
            del self.fields["confirm_unscored"]


def score_form_class(criteria):
    """A form with one 1–5 choice and one note per criterion of the period."""
    fields = {}
    choices = [("", "—")] + [(i, str(i)) for i in range(1, 6)]
    for c in criteria:
        fields[f"score_{c.pk}"] = forms.TypedChoiceField(
            label=_("Nilai %(name)s (1–5)") % {"name": c.name}, choices=choices, coerce=int, required=False,
            help_text=c.description,
        )
        fields[f"note_{c.pk}"] = forms.CharField(label=_("Catatan %(name)s") % {"name": c.name}, max_length=500,
                                                 required=False)
    return type("ScoreForm", (forms.Form,), fields)


# --- registry -------------------------------------------------------------------------------------------------

class EndTermForm(forms.Form):
    reason = forms.CharField(label=_("Alasan"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    ended_on = forms.DateField(label=_("Berakhir pada"), widget=DateInput(), initial=timezone.localdate)
    confirm = forms.BooleanField(label=_("Saya paham: masa tugas yang diakhiri tidak dapat dibuka kembali."),
                                 error_messages={"required": _("Centang konfirmasi untuk mengakhiri masa tugas.")})


class RenewForm(forms.Form):
    period = forms.ModelChoiceField(label=_("Periode berikutnya"), queryset=ProgramPeriod.objects.none())
    decree_number = forms.CharField(label=_("Nomor SK"), max_length=100, required=False)
    decree_date = forms.DateField(label=_("Tanggal SK"), widget=DateInput(), required=False)
    decree_signatory = forms.CharField(label=_("Penanda tangan SK"), max_length=150, required=False)

    def __init__(self, *args, agent: ChangeAgent, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].queryset = ProgramPeriod.objects.filter(term_start__gt=agent.term_start)


class RoleModelForm(forms.Form):
    employee = forms.CharField(label=_("NIP pegawai"), max_length=30,
                               help_text=_("Biasanya pimpinan unit kerja, mis. kepala perangkat daerah."))
    period = forms.ModelChoiceField(label=_("Periode"), queryset=ProgramPeriod.objects.all(), required=False)
    decree_number = forms.CharField(label=_("Nomor SK Role Model"), max_length=100, required=False)
    decree_date = forms.DateField(label=_("Tanggal SK"), widget=DateInput(), required=False)
    decree_signatory = forms.CharField(label=_("Penanda tangan SK"), max_length=150, initial=_default_signatory)
    term_start = forms.DateField(label=_("Awal masa penetapan"), widget=DateInput())
    term_end = forms.DateField(label=_("Akhir masa penetapan"), widget=DateInput())

    def clean_employee(self):
        employee = Employee.objects.filter(nip=normalize_nip(self.cleaned_data["employee"])).first()
        if employee is None:
            raise forms.ValidationError(_("Pegawai dengan NIP ini tidak ditemukan."))
        return employee


# --- projects -------------------------------------------------------------------------------------------------

class ProjectForm(forms.ModelForm):
    members = forms.CharField(
        label=_("Anggota (NIP)"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Satu NIP per baris atau dipisah koma; pegawai perangkat daerah yang sama."),
    )

    class Meta:
        model = ChangeProject
        fields = ["title", "reform_area", "problem", "proposed_change", "target", "indicator", "start_date",
                  "end_date", "status", "completed_on", "result"]
        widgets = {"start_date": DateInput(), "end_date": DateInput(), "completed_on": DateInput(),
                   "problem": forms.Textarea(attrs={"rows": 3}), "proposed_change": forms.Textarea(attrs={"rows": 3}),
                   "result": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["members"] = "\n".join(self.instance.members.values_list("nip", flat=True))

    def clean_members(self):
        raw = self.cleaned_data.get("members") or ""
        nips = [normalize_nip(p) for p in raw.replace(",", "\n").splitlines() if p.strip()]
        found = {e.nip: e for e in Employee.objects.filter(nip__in=nips)}
        missing = [n for n in nips if n not in found]
        if missing:
            raise forms.ValidationError(_("NIP tidak ditemukan: %(nips)s.") % {"nips": ", ".join(missing)})
        return list(found.values())

    def _post_clean(self):
        # Only copy the data onto the instance: model validation runs in project_save, where the owner and agency
        # are known (its ValidationError is shown on the form's fields).
        self.instance = construct_instance(self, self.instance, self._meta.fields, self._meta.exclude)


class IntegrationForm(forms.Form):
    kind = forms.ChoiceField(label=_("Bentuk integrasi"), choices=ChangeProject.IntegrationKind.choices)
    reference = forms.CharField(label=_("Referensi"), max_length=300, required=False,
                                help_text=_("mis. SOP Nomor 12/2026 tentang Layanan Aduan Daring"))
    integrated_on = forms.DateField(label=_("Tanggal"), widget=DateInput(), initial=timezone.localdate)


class ReportForm(forms.Form):
    month = forms.DateField(label=_("Bulan laporan"), widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
                            input_formats=["%Y-%m", "%Y-%m-%d"])
    progress = forms.IntegerField(label=_("Kemajuan (%)"), min_value=0, max_value=100)
    activities = forms.CharField(label=_("Kegiatan yang dilakukan"), widget=forms.Textarea(attrs={"rows": 3}))
    results = forms.CharField(label=_("Hasil"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    obstacles = forms.CharField(label=_("Kendala"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    next_steps = forms.CharField(label=_("Rencana bulan berikutnya"), widget=forms.Textarea(attrs={"rows": 2}),
                                 required=False)
    evidence = MultipleFileField(label=_("Bukti (foto, undangan, daftar hadir, notulen)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evidence"].help_text = evidence_help()
        self.initial.setdefault("month", timezone.localdate().replace(day=1))


NOMINATION_STATUS_CHOICES = [("", _("Semua status"))] + list(Nomination.Status.choices)
ALLOWED_LABEL = ", ".join(ALLOWED_TYPES.values())
