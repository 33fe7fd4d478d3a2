from django import forms
from django.utils.translation import gettext_lazy as _

from ..nip import normalize_nip


class ActivationRequestForm(forms.Form):
    nip = forms.CharField(label=_("NIP / NI PPPK"), max_length=30,
                          help_text=_("18 digit, boleh dengan spasi: 19860926 201505 1 001"))

    def clean_nip(self):
        nip = normalize_nip(self.cleaned_data["nip"])
        if not (nip.isdigit() and len(nip) == 18):
            raise forms.ValidationError(_("NIP harus 18 digit angka."))
        return nip


class ActivationSendForm(forms.Form):
    """Operators: links to the ticked employees, or to the whole agency."""

    SCOPE_SELECTION, SCOPE_ALL = "selection", "all"
    scope = forms.ChoiceField(choices=[(SCOPE_SELECTION, _("Pegawai yang dipilih")),
                                       (SCOPE_ALL, _("Seluruh pegawai aktif perangkat daerah"))])
    employees = forms.ModelMultipleChoiceField(queryset=None, required=False, label=_("Pegawai"))

    def __init__(self, *args, employees_qs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employees"].queryset = employees_qs

    def clean(self):
        data = super().clean()
        if data.get("scope") == self.SCOPE_SELECTION and not data.get("employees"):
            self.add_error("employees", _("Pilih minimal satu pegawai, atau kirim ke seluruh pegawai."))
        return data
