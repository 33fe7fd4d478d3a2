from django import forms
from django.utils.translation import gettext_lazy as _

from . import permissions
from .models import ActingHead, Agency, Employee, Institution
from .nip import normalize_nip
from .services import EMPLOYEE_FIELDS


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class EmployeeForm(forms.ModelForm):
    # Longer than 18 so people can type or paste the grouped form "19860926 201505 1 001".
    nip = forms.CharField(
        label=_("NIP / NI PPPK"), max_length=30, help_text=_("18 digit, boleh dengan spasi: 19860926 201505 1 001")
    )

    class Meta:
        model = Employee
        fields = EMPLOYEE_FIELDS
        widgets = {"birth_date": DateInput(), "last_penalty_date": DateInput()}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        agencies = permissions.manageable_agencies(user)
        self.fields["agency"].queryset = agencies
        if agencies.count() == 1 and not self.instance.pk:
            self.fields["agency"].initial = agencies.first()
        agency_ids = list(agencies.values_list("pk", flat=True))
        self.fields["unit"].queryset = Agency.objects.filter(parent_id__in=agency_ids)
        self.fields["superior"].queryset = permissions.assignable_superiors(
            user, current_superior_id=self.instance.superior_id if self.instance.pk else None).only("name", "nip")
        self.fields["superior"].widget = forms.TextInput(attrs={"placeholder": _("NIP atasan")})
        self.fields["superior"].to_field_name = "nip"
        if self.instance.pk and self.instance.superior_id:
            self.initial["superior"] = self.instance.superior.nip
        self.fields["superior"].error_messages["invalid_choice"] = _(
            "Atasan dengan NIP ini tidak ditemukan di perangkat daerah Anda. Atasan dari perangkat daerah lain "
            "ditetapkan oleh Tim RB atau administrator."
        )

    def clean_nip(self):
        from .nip import normalize_nip

        return normalize_nip(self.cleaned_data["nip"])


class EmployeeImportForm(forms.Form):
    agency = forms.ModelChoiceField(label=_("Perangkat daerah"), queryset=Agency.objects.none(),
                                    empty_label=_("— pilih perangkat daerah —"))
    file = forms.FileField(
        label=_("File SIMPEG (CSV atau XLSX)"),
        help_text=_("Hasil ekspor SIMPEG atau templat impor yang sudah diisi, paling besar %(mb)s MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv,"
                                               "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}),
        error_messages={"empty": _("File kosong. Unggah file CSV atau XLSX hasil ekspor SIMPEG yang berisi data pegawai."),
                        "required": _("Pilih file yang akan diimpor.")},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        from django.conf import settings

        agencies = permissions.manageable_agencies(user).order_by("name")
        self.fields["agency"].queryset = agencies
        self.fields["file"].help_text = self.fields["file"].help_text % {"mb": settings.MAX_UPLOAD_MB}
        ids = list(agencies.values_list("pk", flat=True)[:2])
        if len(ids) == 1:
            # An operator of one agency imports into it; nothing to choose.
            self.fields["agency"].initial = ids[0]
            self.fields["agency"].widget = forms.HiddenInput()
            self.single_agency = agencies.first()
        else:
            self.single_agency = None


class ImportConfirmForm(forms.Form):
    only_valid = forms.BooleanField(
        label=_("Impor hanya baris yang valid (baris bermasalah dilewati)"), required=False,
    )


class InstitutionForm(forms.ModelForm):
    MAX_LOGO_BYTES = 1024 * 1024

    class Meta:
        model = Institution
        fields = ["kind", "name", "short_name", "head_title", "logo", "address", "phone", "website", "email",
                  "signatory_name", "signatory_title", "signatory_nip", "reform_team_name", "primary_colour",
                  "secondary_colour"]
        widgets = {"primary_colour": forms.TextInput(attrs={"type": "color"}),
                   "secondary_colour": forms.TextInput(attrs={"type": "color"})}

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        image = getattr(logo, "image", None)  # set by ImageField only for a new upload, after Pillow read it
        if image is not None:
            if (image.format or "").upper() not in ("PNG", "JPEG"):
                raise forms.ValidationError(_("Logo harus berkas PNG atau JPEG."))
            if logo.size > self.MAX_LOGO_BYTES:
                raise forms.ValidationError(_("Logo paling besar 1 MB."))
        return logo
class ActingHeadForm(forms.ModelForm):
    """Record a Plt./Plh.: the employee by NIP (any active employee: often an official of the same agency or of
    the Setda)."""

    employee_nip = forms.CharField(label=_("NIP pegawai Plt./Plh."), max_length=30,
                                   help_text=_("18 digit, boleh dengan spasi."))

    class Meta:
        model = ActingHead
        fields = ["agency", "kind", "starts_on", "ends_on", "letter_number"]
        widgets = {"starts_on": DateInput(), "ends_on": DateInput()}

    field_order = ["agency", "employee_nip", "kind", "starts_on", "ends_on", "letter_number"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.top_level().active().order_by("name")

    def clean_employee_nip(self):
        nip = normalize_nip(self.cleaned_data["employee_nip"])
        employee = Employee.objects.filter(nip=nip).first()
        if employee is None:
            raise forms.ValidationError(_("Tidak ada pegawai dengan NIP %(nip)s.") % {"nip": nip})
        self.instance.employee = employee
        return nip
