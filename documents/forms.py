from django import forms
from django.utils.translation import gettext_lazy as _

from .models import DecreeText


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)  # what <input type=date> reads, whatever the language


class DecreeTextForm(forms.ModelForm):
    class Meta:
        model = DecreeText
        fields = ["number", "date", "menimbang", "mengingat"]
        widgets = {"date": DateInput(), "menimbang": forms.Textarea(attrs={"rows": 4}),
                   "mengingat": forms.Textarea(attrs={"rows": 4})}


class SignedDecreeForm(forms.Form):
    number = forms.CharField(label=_("Nomor SK"), max_length=100)
    date = forms.DateField(label=_("Tanggal SK"), widget=DateInput())
    file = forms.FileField(label=_("Berkas SK bertanda tangan (PDF)"))
