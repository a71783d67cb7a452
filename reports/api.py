"""Open-data API of published public-opinion reports: the statistics snapshot and the summary
table of proposals (one row per comment or campaign). Unpublished snapshots are the body's own;
a published report never changes, so `modified_since` matches its publication time."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets

from sep.api import MODIFIED_SINCE, ModifiedSinceMixin, absolute, record_id

from .models import Report, ReportEntry


class ReportEntrySerializer(serializers.ModelSerializer):
    author = serializers.CharField(
        source="public_author",
        help_text=_("The author's name if they agreed to show it, otherwise category and region."),
    )
    provision = serializers.IntegerField(source="provision_id", allow_null=True)

    class Meta:
        model = ReportEntry
        fields = [
            "position",
            "comment",
            "receipt",
            "kind",
            "campaign_size",
            "version_number",
            "provision",
            "section_kind",
            "section_number",
            "author",
            "author_category",
            "author_region",
            "stance",
            "text",
            "agreements",
            "created_at",
            "decision",
            "reasoning",
            "answered_at",
            "carried_in_version",
            "carried_in_kind",
            "carried_in_number",
        ]
        extra_kwargs = {
            "comment": {"help_text": _("Id of the comment (/comments/ or /alternatives/).")},
            "campaign_size": {"help_text": _("How many identical comments this row stands for.")},
        }


class ReportSummarySerializer(serializers.ModelSerializer):
    """A report in the list: its statistics without its summary table, which may hold
    100,000 rows (follow `url`)."""

    url = serializers.SerializerMethodField()
    web_url = serializers.SerializerMethodField()
    draft_reference = serializers.CharField(source="draft.reference")
    statistics = serializers.JSONField(
        help_text=_("Participation, breakdowns and answer figures as they stood when built.")
    )

    class Meta:
        model = Report
        fields = [
            "id",
            "url",
            "web_url",
            "draft",
            "draft_reference",
            "number",
            "built_at",
            "published_at",
            "statistics",
        ]

    def get_url(self, report) -> str:
        return absolute(self.context.get("request"), reverse("api:report-detail", args=[report.pk]))

    def get_web_url(self, report) -> str:
        return absolute(self.context.get("request"), report.get_absolute_url())


class ReportSerializer(ReportSummarySerializer):
    entries = ReportEntrySerializer(many=True, read_only=True, help_text=_("The summary table."))

    class Meta(ReportSummarySerializer.Meta):
        fields = [*ReportSummarySerializer.Meta.fields, "entries"]


class ReportFilter(filters.FilterSet):
    draft = filters.NumberFilter(field_name="draft_id", help_text=_("Id of a draft."))

    class Meta:
        model = Report
        fields = []


@extend_schema_view(
    list=extend_schema(
        summary=_("Published reports"),
        description=_(
            "Published public-opinion reports with their statistics; each report's summary "
            "table is at its `url`. `modified_since` matches the publication time (a published "
            "report never changes)."
        ),
        parameters=[MODIFIED_SINCE],
    ),
    retrieve=extend_schema(
        summary=_("One published report"), parameters=[record_id(_("Id of a report."))]
    ),
)
class ReportViewSet(ModifiedSinceMixin, viewsets.ReadOnlyModelViewSet):
    filterset_class = ReportFilter

    def get_serializer_class(self):
        return ReportSummarySerializer if self.action == "list" else ReportSerializer

    def get_queryset(self):
        reports = Report.objects.published().select_related("draft")
        return reports if self.action == "list" else reports.prefetch_related("entries")

    def filter_modified_since(self, queryset, since):
        return queryset.filter(published_at__gte=since)
