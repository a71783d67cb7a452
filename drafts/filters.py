import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization
from plans.models import draft_is_planned

from .models import ActType, Draft, SubjectArea


class DraftFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_search", label=_("Search"))
    status = django_filters.ChoiceFilter(
        choices=[c for c in Draft.Status.choices if c[0] != Draft.Status.PREPARING],
        label=_("Status"),
        empty_label=_("Any status"),
    )
    open_now = django_filters.BooleanFilter(
        method="filter_open_now",
        label=_("Open for comments now"),
        widget=forms.CheckboxInput,
    )
    organization = django_filters.ModelChoiceFilter(
        queryset=Organization.objects.all(), label=_("Developer body"), empty_label=_("Any body")
    )
    act_type = django_filters.ChoiceFilter(
        choices=ActType.choices, label=_("Type of act"), empty_label=_("Any type")
    )
    subject = django_filters.ModelChoiceFilter(
        field_name="subject_areas",
        queryset=SubjectArea.objects.all(),
        to_field_name="slug",
        label=_("Subject area"),
        empty_label=_("Any subject"),
    )
    planned = django_filters.BooleanFilter(
        method="filter_planned", label=_("In the body's legislative plan")
    )
    published_from = django_filters.DateFilter(
        field_name="published_at",
        lookup_expr="date__gte",
        label=_("Published from"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    published_to = django_filters.DateFilter(
        field_name="published_at",
        lookup_expr="date__lte",
        label=_("Published until"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    ends_from = django_filters.DateFilter(
        field_name="discussion_ends",
        lookup_expr="date__gte",
        label=_("Discussion ends from"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    ends_to = django_filters.DateFilter(
        field_name="discussion_ends",
        lookup_expr="date__lte",
        label=_("Discussion ends until"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        model = Draft
        fields = []

    def filter_queryset(self, queryset):
        # The search last: it ranks a bounded set of the drafts it is given (DraftQuerySet.search),
        # which must already be those of the chosen status, body, subject...
        value = self.form.cleaned_data.get("q")
        queryset = super().filter_queryset(queryset)
        return queryset.search(value) if value and value.strip() else queryset

    def filter_search(self, queryset, name, value):
        # Applied in `filter_queryset`, after every other filter.
        return queryset

    def filter_planned(self, queryset, name, value):
        # The same rule as the draft page's "planned / unplanned" line (plans.models).
        if value is None:
            return queryset
        return queryset.filter(draft_is_planned() if value else ~draft_is_planned())

    def filter_open_now(self, queryset, name, value):
        if value:
            return queryset.open_for_comments(timezone.now())
        return queryset
