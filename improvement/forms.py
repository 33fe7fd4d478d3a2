from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from agents.models import ChangeAgent
from organization.models import Employee

from .models import ImprovementPlan, PlanAction, PlanProgress


class StraightLiningForm(forms.Form):
    exclude = forms.BooleanField(
        label=_("Kecualikan jawaban seragam (straight-lining) dari hasil"), required=False,
        help_text=_("Pengisian yang menjawab semua butir dengan nilai yang sama tidak dihitung. Ambang anonimitas "
                    "diterapkan sesudah pengecualian. Hanya dapat diubah sebelum siklus ditutup."))


class PlanForm(forms.ModelForm):
    class Meta:
        model = ImprovementPlan
        fields = ["summary", "target_score"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 4})}


class ActionForm(forms.ModelForm):
    class Meta:
        model = PlanAction
        fields = ["what", "owner", "due_date", "indicator", "agents"]
        widgets = {"due_date": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, plan: ImprovementPlan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = Employee.objects.filter(agency_id=plan.agency_id).order_by("name")
        self.fields["agents"].queryset = (ChangeAgent.objects.active().filter(employee__agency_id=plan.agency_id)
                                          .select_related("employee").order_by("employee__name"))
        self.fields["agents"].required = False


class ProgressForm(forms.ModelForm):
    done_actions = forms.ModelMultipleChoiceField(queryset=PlanAction.objects.none(), required=False,
                                                  widget=forms.CheckboxSelectMultiple,
                                                  label=_("Tindakan yang selesai"))

    class Meta:
        model = PlanProgress
        fields = ["progress", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, plan: ImprovementPlan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["done_actions"].queryset = plan.actions.filter(done=False)


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(label=_("Keputusan"), choices=[("accept", _("Terima")), ("decline", _("Tolak"))])
    reason = forms.CharField(label=_("Alasan"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class DesignateForm(forms.Form):
    decree_number = forms.CharField(label=_("Nomor SK Role Model"), max_length=100)
    decree_date = forms.DateField(label=_("Tanggal SK"), widget=forms.DateInput(attrs={"type": "date"}))
    decree_signatory = forms.CharField(label=_("Penanda tangan SK"), max_length=200)
    term_start = forms.DateField(label=_("Mulai"), widget=forms.DateInput(attrs={"type": "date"}))
    term_end = forms.DateField(label=_("Berakhir"), widget=forms.DateInput(attrs={"type": "date"}))
