from django import forms
from django.utils.translation import gettext_lazy as _

from organization.models import Agency

from .models import EmailPreference, Report


class EmailPreferenceForm(forms.ModelForm):
    class Meta:
        model = EmailPreference
        fields = ["digests", "subscriptions", "mentions"]
        help_texts = {
            "digests": _("Ringkasan mingguan dan pemberitahuan laporan bulanan."),
            "subscriptions": _("Tanggapan baru di topik forum yang Anda ikuti."),
            "mentions": _("Saat seseorang menyebut nama Anda di forum."),
        }


class ReportFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Jenis"), required=False, choices=[("", _("Semua jenis")), *Report.Kind.choices],
                             widget=forms.Select(attrs={"class": "form-select form-select-sm"}))
    agency = forms.ModelChoiceField(label=_("Cakupan"), required=False, queryset=Agency.objects.none(),
                                    empty_label=_("Semua cakupan"),
                                    widget=forms.Select(attrs={"class": "form-select form-select-sm"}))
    city = forms.BooleanField(label=_("Hanya laporan tingkat kota"), required=False,
                              widget=forms.CheckboxInput(attrs={"class": "form-check-input"}))
    period = forms.CharField(label=_("Periode"), required=False, max_length=20, widget=forms.TextInput(
        attrs={"placeholder": "2026-11 / 2026-W48", "class": "form-control form-control-sm"}))

    def __init__(self, *args, city_wide: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if city_wide:
            self.fields["agency"].queryset = Agency.objects.top_level().order_by("name")
        else:
            del self.fields["agency"]
            del self.fields["city"]

    def filter(self, qs):
        if not self.is_valid():
            return qs
        data = self.cleaned_data
        if data.get("kind"):
            qs = qs.filter(kind=data["kind"])
        if data.get("agency"):
            qs = qs.filter(agency=data["agency"])
        if data.get("city"):
            qs = qs.filter(agency__isnull=True)
        if data.get("period"):
            qs = qs.filter(period_label__icontains=data["period"].strip())
        return qs
