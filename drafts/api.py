"""Open-data API of drafts: drafts (the list's filters and search), versions with their
articles and attachments' metadata and links, subject areas. Public rows only."""

from django.db.models import Exists, OuterRef, Prefetch, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets

from sep.api import (
    MODIFIED_SINCE,
    ModifiedSinceMixin,
    OrganizationSerializer,
    absolute,
    record_id,
)

from .filters import DraftFilter
from .models import Attachment, Draft, Section, SubjectArea, Version


class SubjectAreaSerializer(serializers.ModelSerializer):
    class Meta:
        model = SubjectArea
        fields = ["id", "slug", "name_ky", "name_ru", "name_en"]


class DraftSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text=_("This draft in the API."))
    web_url = serializers.SerializerMethodField(help_text=_("The draft's public page."))
    organization = OrganizationSerializer(help_text=_("The developer body."))
    subject_areas = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="slug", help_text=_("Slugs of /subject-areas/.")
    )
    support_count = serializers.IntegerField(help_text=_("Votes supporting the draft."))
    oppose_count = serializers.IntegerField(help_text=_("Votes opposing the draft."))
    plan_item = serializers.IntegerField(
        source="public_plan_item_id",
        allow_null=True,
        help_text=_("Id of the approved plan item this draft fulfils (/plan-items/), if any."),
    )
    versions = serializers.SerializerMethodField(
        help_text=_("Ids of published versions, in order.")
    )
    reports = serializers.SerializerMethodField(
        help_text=_("Ids of published public-opinion reports (/reports/), oldest first.")
    )
    modified_at = serializers.DateTimeField(
        source="changed_at", help_text=_("Last change of anything public about the draft.")
    )

    class Meta:
        model = Draft
        fields = [
            "id",
            "reference",
            "url",
            "web_url",
            "title_ky",
            "title_ru",
            "summary_ky",
            "summary_ru",
            "act_type",
            "status",
            "organization",
            "subject_areas",
            "discussion_starts",
            "discussion_ends",
            "short_period_justification",
            "published_at",
            "closed_at",
            "outcome_note",
            "support_count",
            "oppose_count",
            "plan_item",
            "versions",
            "reports",
            "modified_at",
        ]

    def get_url(self, draft) -> str:
        return absolute(self.context.get("request"), reverse("api:draft-detail", args=[draft.pk]))

    def get_web_url(self, draft) -> str:
        return absolute(self.context.get("request"), draft.get_absolute_url())

    def get_versions(self, draft) -> list[int]:
        return [version.pk for version in draft.published_versions]

    def get_reports(self, draft) -> list[int]:
        return [report.pk for report in draft.published_reports]


class AttachmentSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()
    extension = serializers.CharField(help_text=_("File type, e.g. PDF, DOCX."))

    class Meta:
        model = Attachment
        fields = [
            "id",
            "kind",
            "title",
            "original_name",
            "extension",
            "size",
            "uploaded_at",
            "download_url",
        ]
        extra_kwargs = {"size": {"help_text": _("Size in bytes.")}}

    def get_download_url(self, attachment) -> str:
        url = reverse("drafts:attachment", args=[attachment.version.draft.reference, attachment.pk])
        return absolute(self.context.get("request"), url)


class SectionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Section
        fields = [
            "id",
            "provision",
            "position",
            "kind",
            "number",
            "heading_ru",
            "heading_ky",
            "text_ru",
            "text_ky",
            "change",
            "previous_number",
        ]
        extra_kwargs = {
            "provision": {
                "help_text": _("Stable id of the article across versions: comments refer to it.")
            },
            "change": {"help_text": _("How the article differs from the previous version.")},
        }


class VersionSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    web_url = serializers.SerializerMethodField()
    draft_reference = serializers.CharField(source="draft.reference")
    sections = SectionSerializer(many=True, read_only=True)
    attachments = AttachmentSerializer(
        many=True, read_only=True, help_text=_("Documents of this version (hidden ones left out).")
    )

    class Meta:
        model = Version
        fields = [
            "id",
            "url",
            "web_url",
            "draft",
            "draft_reference",
            "number",
            "change_note",
            "published_at",
            "sections",
            "attachments",
        ]

    def get_url(self, version) -> str:
        return absolute(
            self.context.get("request"), reverse("api:version-detail", args=[version.pk])
        )

    def get_web_url(self, version) -> str:
        return absolute(self.context.get("request"), version.get_absolute_url())


# --- Viewsets ---------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary=_("Drafts"),
        description=_(
            "Public drafts with the same filters and full-text search (`q`) as the "
            "drafts list page. Drafts being prepared are never listed."
        ),
        parameters=[MODIFIED_SINCE],
    ),
    retrieve=extend_schema(summary=_("One draft"), parameters=[record_id(_("Id of a draft."))]),
)
class DraftViewSet(ModifiedSinceMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = DraftSerializer
    filterset_class = DraftFilter

    def get_queryset(self):
        return Draft.objects.for_open_data()

    def filter_modified_since(self, queryset, since):
        return queryset.filter(changed_at__gte=since)


class VersionFilter(filters.FilterSet):
    draft = filters.NumberFilter(field_name="draft_id", help_text=_("Id of a draft."))

    class Meta:
        model = Version
        fields = []


@extend_schema_view(
    list=extend_schema(
        summary=_("Versions"),
        description=_(
            "Published versions of public drafts with their articles (`sections`) and "
            "attachments. `modified_since` matches versions published or given a new attachment "
            "since then."
        ),
        parameters=[MODIFIED_SINCE],
    ),
    retrieve=extend_schema(summary=_("One version"), parameters=[record_id(_("Id of a version."))]),
)
class VersionViewSet(ModifiedSinceMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = VersionSerializer
    filterset_class = VersionFilter

    def get_queryset(self):
        return (
            Version.objects.public()
            .select_related("draft")
            .defer(*Draft.search_columns("draft__"))
            .prefetch_related(
                "sections",
                Prefetch("attachments", queryset=Attachment.objects.visible()),
            )
        )

    def filter_modified_since(self, queryset, since):
        new_attachment = Attachment.objects.filter(version=OuterRef("pk"), uploaded_at__gte=since)
        return queryset.filter(Q(published_at__gte=since) | Exists(new_attachment))


@extend_schema_view(
    list=extend_schema(
        summary=_("Subject areas"),
        description=_(
            "The subject areas drafts are classified under; a draft's `subject_areas` lists "
            "their slugs."
        ),
        parameters=[MODIFIED_SINCE],
    ),
    retrieve=extend_schema(
        summary=_("One subject area"), parameters=[record_id(_("Id of a subject area."))]
    ),
)
class SubjectAreaViewSet(ModifiedSinceMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = SubjectAreaSerializer
    queryset = SubjectArea.objects.all()

    def filter_modified_since(self, queryset, since):
        changed = SubjectArea.history.filter(id=OuterRef("pk"), history_date__gte=since)
        return queryset.filter(Exists(changed))
