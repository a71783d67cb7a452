from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from drafts.forms import DateInput

from .models import LegislativePlan, PlanItem


class PlanForm(forms.ModelForm):
    class Meta:
        model = LegislativePlan
        fields = ["organization", "year", "period"]

    def __init__(self, *args, bodies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = bodies
        self.fields["year"].initial = timezone.localdate().year


class PlanPeriodForm(forms.ModelForm):
    """A draft plan's year and period; the body stays (a plan never moves to another body)."""

    class Meta:
        model = LegislativePlan
        fields = ["year", "period"]

    def validate_unique(self):
        # The overlap constraint involves the body, which is not a field of this form.
        try:
            self.instance.validate_constraints()
        except forms.ValidationError as error:
            self._update_errors(error)


class PlanApprovalRecordForm(forms.ModelForm):
    """Corrects how an approved plan's approving document is cited; its period is fixed."""

    class Meta:
        model = LegislativePlan
        fields = ["approval_reference", "approved_on"]
        widgets = {"approved_on": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = True


class PlanItemForm(forms.ModelForm):
    class Meta:
        model = PlanItem
        fields = [
            "title_ky",
            "title_ru",
            "act_type",
            "subject_area",
            "quarter",
            "planned_adoption",
            "co_executors",
            "rationale",
        ]
        widgets = {
            "title_ky": forms.Textarea(attrs={"rows": 2, "lang": "ky"}),
            "title_ru": forms.Textarea(attrs={"rows": 2, "lang": "ru"}),
            "planned_adoption": DateInput(),
            "co_executors": forms.SelectMultiple(attrs={"size": 6}),
            "rationale": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.plan = plan
        self.instance.responsible_id = self.instance.responsible_id or plan.organization_id
        self.fields["quarter"].choices = [(q, f"Q{q}") for q in plan.quarters]
        if plan.is_public and self.instance.pk:
            self.fields["quarter"].help_text = _(
                "The plan is approved: a change of quarter is shown on the item's public page."
            )

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("title_ky", "").strip() or cleaned.get("title_ru", "").strip()):
            raise forms.ValidationError(_("Enter the title in Kyrgyz, in Russian or in both."))
        return cleaned


class ApproveForm(forms.Form):
    reference = forms.CharField(
        label=_("Approved by (order or resolution, number)"), max_length=200
    )
    on = forms.DateField(label=_("Approved on"), widget=DateInput())


class DropForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is it dropped? (shown publicly)"), widget=forms.Textarea(attrs={"rows": 3})
    )


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Plan spreadsheet (.xlsx or .csv)"))
