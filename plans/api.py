"""Open-data API of legislative plans: approved plans and their items with the computed status
and the id of the draft that fulfils each. Plans still being drafted are the body's own.

Plans keep no modification time of their own; `modified_since` reads their history
(django-simple-history keeps a row per change, indexed by id and date)."""

from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Greatest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers, viewsets

from sep.api import (
    MODIFIED_SINCE,
    ModifiedSinceMixin,
    OrganizationSerializer,
    absolute,
    record_id,
)

from .models import LegislativePlan, PlanItem, last_history_change


def _changed_since(history_model, since, key="pk"):
    return Exists(history_model.objects.filter(id=OuterRef(key), history_date__gte=since))


class PlanSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    web_url = serializers.SerializerMethodField()
    organization = OrganizationSerializer()
    items = serializers.SerializerMethodField(help_text=_("Ids of the plan's items."))
    modified_at = serializers.DateTimeField()

    class Meta:
        model = LegislativePlan
        fields = [
            "id",
            "url",
            "web_url",
            "organization",
            "year",
            "period",
            "status",
            "approval_reference",
            "approved_on",
            "items",
            "modified_at",
        ]
        extra_kwargs = {"period": {"help_text": _("0: whole year, 1: first half, 2: second half.")}}

    def get_url(self, plan) -> str:
        return absolute(self.context.get("request"), reverse("api:plan-detail", args=[plan.pk]))

    def get_web_url(self, plan) -> str:
        return absolute(self.context.get("request"), plan.get_absolute_url())

    def get_items(self, plan) -> list[int]:
        return [item.pk for item in plan.items.all()]


class PlanItemSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    web_url = serializers.SerializerMethodField()
    responsible = serializers.CharField(
        source="responsible.short_name", help_text=_("Short name of the responsible body.")
    )
    co_executors = serializers.SlugRelatedField(many=True, read_only=True, slug_field="short_name")
    subject_area = serializers.SlugRelatedField(read_only=True, slug_field="slug", allow_null=True)
    status = serializers.ChoiceField(
        choices=PlanItem.Status.choices, help_text=_("Computed from the dates and the draft.")
    )
    draft = serializers.SerializerMethodField(
        help_text=_("Id of the published draft that fulfils this item (/drafts/), if any.")
    )
    modified_at = serializers.DateTimeField()

    class Meta:
        model = PlanItem
        fields = [
            "id",
            "url",
            "web_url",
            "plan",
            "title_ky",
            "title_ru",
            "act_type",
            "responsible",
            "co_executors",
            "subject_area",
            "quarter",
            "due_from",
            "due_until",
            "planned_adoption",
            "rationale",
            "status",
            "draft",
            "dropped_at",
            "dropped_reason",
            "modified_at",
        ]

    def get_url(self, item) -> str:
        return absolute(
            self.context.get("request"), reverse("api:plan-item-detail", args=[item.pk])
        )

    def get_web_url(self, item) -> str:
        return absolute(self.context.get("request"), item.get_absolute_url())

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_draft(self, item):
        return item.public_draft_id


class PlanFilter(filters.FilterSet):
    year = filters.NumberFilter(help_text=_("Year of the plan."))
    organization = filters.NumberFilter(field_name="organization_id", help_text=_("Id of a body."))

    class Meta:
        model = LegislativePlan
        fields = []


@extend_schema_view(
    list=extend_schema(
        summary=_("Legislative plans"),
        description=_("Approved legislative plans of the bodies, with the ids of their items."),
        parameters=[MODIFIED_SINCE],
    ),
    retrieve=extend_schema(
        summary=_("One legislative plan"), parameters=[record_id(_("Id of a plan."))]
    ),
)
class PlanViewSet(ModifiedSinceMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = PlanSerializer
    filterset_class = PlanFilter

    def get_queryset(self):
        return (
            LegislativePlan.objects.public()
            .select_related("organization")
            .prefetch_related("items")
            .annotate(
                modified_at=Greatest(
                    "created_at", last_history_change(LegislativePlan.history.model)
                )
            )
        )

    def filter_modified_since(self, queryset, since):
        return queryset.filter(
            Q(created_at__gte=since) | _changed_since(LegislativePlan.history.model, since)
        )


class PlanItemFilter(filters.FilterSet):
    plan = filters.NumberFilter(field_name="plan_id", help_text=_("Id of a plan."))
    year = filters.NumberFilter(field_name="plan__year", help_text=_("Year of the plan."))
    draft = filters.NumberFilter(field_name="draft_id", help_text=_("Id of a draft."))

    class Meta:
        model = PlanItem
        fields = []


@extend_schema_view(
    list=extend_schema(
        summary=_("Plan items"),
        description=_(
            "Acts planned in approved plans, with their status (planned, due, "
            "overdue, published on time or late, dropped) and the draft that fulfils them."
        ),
        parameters=[MODIFIED_SINCE],
    ),
    retrieve=extend_schema(
        summary=_("One plan item"), parameters=[record_id(_("Id of a plan item."))]
    ),
)
class PlanItemViewSet(ModifiedSinceMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = PlanItemSerializer
    filterset_class = PlanItemFilter

    def get_queryset(self):
        return PlanItem.objects.for_open_data()

    def filter_modified_since(self, queryset, since):
        return queryset.filter(
            Q(created_at__gte=since)
            | _changed_since(PlanItem.history.model, since)
            | _changed_since(LegislativePlan.history.model, since, "plan_id")
        )
