from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from agents.models import ChangeAgent
from organization.models import Employee

from .models import ImprovementPlan, PlanAction, PlanProgress


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
        self.fields["agents"].queryset = (ChangeAgent.objects.current().filter(employee__agency_id=plan.agency_id)
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
