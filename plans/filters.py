import django_filters
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization
from drafts.models import ActType, SubjectArea

from .models import PlanItem


class PlanItemFilter(django_filters.FilterSet):
    body = django_filters.ModelChoiceFilter(
        field_name="plan__organization",
        queryset=Organization.objects.all(),
        to_field_name="short_name",
        label=_("State body"),
        empty_label=_("Any body"),
    )
    year = django_filters.NumberFilter(field_name="plan__year", label=_("Year"))
    quarter = django_filters.ChoiceFilter(
        choices=[(q, f"Q{q}") for q in (1, 2, 3, 4)],
        label=_("Quarter"),
        empty_label=_("Any quarter"),
    )
    status = django_filters.ChoiceFilter(
        choices=PlanItem.Status.choices, label=_("Status"), empty_label=_("Any status")
    )
    act_type = django_filters.ChoiceFilter(
        choices=ActType.choices, label=_("Type of act"), empty_label=_("Any type")
    )
    subject = django_filters.ModelChoiceFilter(
        field_name="subject_area",
        queryset=SubjectArea.objects.all(),
        to_field_name="slug",
        label=_("Subject area"),
        empty_label=_("Any subject"),
    )

    class Meta:
        model = PlanItem
        fields = []
