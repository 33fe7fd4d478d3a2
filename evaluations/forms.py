from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from organization.models import Agency, Employee
from organization.nip import normalize_nip

from .models import Cycle, CycleRaterGroup, Dimension, Instrument, Item, RaterGroup


class ScaleLabelsField(forms.CharField):
    """One label per line ⇄ a list of labels."""

    widget = forms.Textarea(attrs={"rows": 5})

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(value)
        return value

    def to_python(self, value):
        value = super().to_python(value)
        return [line.strip() for line in (value or "").splitlines() if line.strip()]


class InstrumentForm(forms.ModelForm):
    scale_labels = ScaleLabelsField(label=_("Label skala"),
                                    help_text=_("Satu label per baris, dari nilai 1 sampai nilai tertinggi."))

    class Meta:
        model = Instrument
        fields = ["code", "name", "description", "kind", "scale_max", "scale_labels"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["code"]

    def validate_unique(self):
        """Uniqueness of (code, version) is checked by the service, which also picks the version."""


class DimensionForm(forms.ModelForm):
    class Meta:
        model = Dimension
        fields = ["code", "name", "kind", "order"]


class ItemForm(forms.ModelForm):
    rater_groups = forms.MultipleChoiceField(label=_("Kelompok penilai"), choices=RaterGroup.choices,
                                             widget=forms.CheckboxSelectMultiple,
                                             help_text=_("Kelompok penilai yang melihat pernyataan ini."))

    class Meta:
        model = Item
        fields = ["dimension", "text", "rater_groups", "reverse_scored", "order"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, instrument: Instrument, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dimension"].queryset = instrument.dimensions.all()
        self.fields["order"].required = False
        if not self.instance.pk:
            self.initial.setdefault("rater_groups", [g.value for g in RaterGroup])


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


BIGINT_MAX = 2**63 - 1


class AgencyChoiceField(forms.ModelMultipleChoiceField):
    """Agencies by id. An id beyond the 64-bit range is an unknown choice (SQLite raised OverflowError: a 500)."""

    def _check_values(self, value):
        for pk in value if isinstance(value, list | tuple) else []:
            text = str(pk).strip()
            if text.lstrip("-").isdigit() and abs(int(text)) > BIGINT_MAX:
                raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice",
                                      params={"value": text})
        return super()._check_values(value)


class CycleForm(forms.ModelForm):
    class Meta:
        model = Cycle
        fields = ["name", "instrument", "opens_on", "closes_on", "subject_mode", "agencies", "anonymity_threshold",
                  "band_a", "band_b", "band_c"]
        widgets = {"opens_on": DateInput(), "closes_on": DateInput(), "subject_mode": forms.RadioSelect,
                   "agencies": forms.SelectMultiple(attrs={"size": 8})}
        field_classes = {"agencies": AgencyChoiceField}
        help_texts = {"agencies": _("Hanya dipakai bila yang dinilai adalah semua pegawai perangkat daerah terpilih. "
                                    "Tahan Ctrl untuk memilih lebih dari satu.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["instrument"].queryset = Instrument.objects.order_by("code", "-version")
        self.fields["agencies"].queryset = Agency.objects.top_level().active().order_by("name")
        self.fields["agencies"].required = False

    def clean(self):
        data = super().clean()
        if data.get("subject_mode") == Cycle.SubjectMode.AGENCIES and not data.get("agencies"):
            self.add_error("agencies", _("Pilih sekurangnya satu perangkat daerah."))
        return data


class RaterGroupForm(forms.ModelForm):
    class Meta:
        model = CycleRaterGroup
        fields = ["enabled", "weight", "min_count"]


def rater_group_forms(cycle: Cycle, data=None) -> list[tuple[CycleRaterGroup, RaterGroupForm]]:
    return [(row, RaterGroupForm(data, instance=row, prefix=row.group)) for row in cycle.rater_groups.all()]


class EmployeeByNipField(forms.CharField):
    def clean(self, value):
        value = super().clean(value)
        nip = normalize_nip(value or "")
        employee = Employee.objects.filter(nip=nip).first()
        if employee is None:
            raise ValidationError(_("Pegawai dengan NIP ini tidak ditemukan. Ketik 18 digit NIP."))
        return employee


class AssignmentAddForm(forms.Form):
    subject = EmployeeByNipField(label=_("NIP yang dinilai"), max_length=30)
    rater = EmployeeByNipField(label=_("NIP penilai"), max_length=30)
    group = forms.ChoiceField(label=_("Kelompok penilai"), choices=RaterGroup.choices)
