"""Open-data API of the discussion: comments and alternative versions with the developer
bodies' answers. A hidden comment is listed only as a placeholder: its status and the
moderator's reason code, never its text, file or author. Vote totals are on the draft
(drafts.api: `support_count`, `oppose_count`)."""

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers, viewsets

from sep.api import MODIFIED_SINCE, ModifiedSinceMixin, absolute, record_id

from .models import Answer, Comment, ModerationEvent


class AnswerSerializer(serializers.ModelSerializer):
    organization = serializers.CharField(
        source="organization.short_name", help_text=_("Short name of the answering body.")
    )
    carried_in = serializers.IntegerField(
        source="carried_in_id",
        allow_null=True,
        help_text=_("Id of the section (/versions/) of a later version that carries the change."),
    )
    duplicate_of = serializers.IntegerField(
        source="duplicate_of_id", allow_null=True, help_text=_("Id of the comment this repeats.")
    )

    class Meta:
        model = Answer
        fields = [
            "id",
            "decision",
            "reasoning",
            "duplicate_of",
            "carried_in",
            "organization",
            "created_at",
            "updated_at",
            "edited_at",
        ]


class CommentSerializer(serializers.ModelSerializer):
    """Comments and alternatives. The fields a moderator hid are null on a hidden row
    (`Comment.public_text` and the rest)."""

    url = serializers.SerializerMethodField()
    draft_reference = serializers.CharField(source="draft.reference")
    author = serializers.CharField(
        source="public_author",
        allow_null=True,
        help_text=_(
            "The author's name if they agreed to show it, otherwise their category and "
            "region (e.g. “Citizen, Chuy oblast”). Null on a hidden comment."
        ),
    )
    text = serializers.CharField(source="public_text", allow_null=True)
    explanation = serializers.CharField(
        source="public_explanation",
        allow_null=True,
        help_text=_("For an alternative version: why it is better."),
    )
    attachment_url = serializers.SerializerMethodField()
    agreement_count = serializers.IntegerField(help_text=_("People who said “I agree”."))
    answer = AnswerSerializer(allow_null=True, help_text=_("The developer body's answer, if any."))
    modified_at = serializers.DateTimeField(
        help_text=_("Latest of: posted, answered or answer edited, hidden or restored.")
    )

    class Meta:
        model = Comment
        fields = [
            "id",
            "url",
            "receipt",
            "draft",
            "draft_reference",
            "version",
            "provision",
            "section",
            "kind",
            "position",
            "status",
            "hidden_reason",
            "author",
            "author_category",
            "author_region",
            "text",
            "explanation",
            "attachment_url",
            "agreement_count",
            "created_at",
            "answer",
            "modified_at",
        ]
        extra_kwargs = {
            "provision": {"help_text": _("Stable article id (see sections); null: whole draft.")},
            "section": {"help_text": _("The article as worded in the commented version.")},
        }

    def get_url(self, comment) -> str:
        route = "api:alternative-detail" if comment.kind == Comment.Kind.ALTERNATIVE else None
        url = reverse(route or "api:comment-detail", args=[comment.pk])
        return absolute(self.context.get("request"), url)

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_attachment_url(self, comment):
        if not comment.public_attachment:
            return None
        return absolute(self.context.get("request"), reverse("comments:file", args=[comment.pk]))


class CommentFilter(filters.FilterSet):
    draft = filters.NumberFilter(field_name="draft_id", help_text=_("Id of a draft."))
    version = filters.NumberFilter(field_name="version_id", help_text=_("Id of a version."))
    provision = filters.NumberFilter(field_name="provision_id", help_text=_("Id of an article."))
    answered = filters.BooleanFilter(
        field_name="answer", lookup_expr="isnull", exclude=True, help_text=_("Has an answer.")
    )

    class Meta:
        model = Comment
        fields = []


class _DiscussionViewSet(ModifiedSinceMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = CommentSerializer
    filterset_class = CommentFilter
    kind = Comment.Kind.COMMENT

    def get_queryset(self):
        return Comment.objects.for_open_data().filter(kind=self.kind)

    def filter_modified_since(self, queryset, since):
        moderated = ModerationEvent.objects.filter(comment=OuterRef("pk"), created_at__gte=since)
        return queryset.filter(
            Q(created_at__gte=since) | Q(answer__updated_at__gte=since) | Exists(moderated)
        )


@extend_schema_view(
    list=extend_schema(
        summary=_("Comments"),
        description=_(
            "Comments on public drafts, oldest first, each with the body's answer. A "
            'comment hidden by a moderator appears as a placeholder (`status` "hidden", its '
            "`hidden_reason`) without text or author. Filter by `draft` to fetch a whole "
            "discussion: follow `next` until it is null."
        ),
        parameters=[MODIFIED_SINCE],
    ),
    retrieve=extend_schema(summary=_("One comment"), parameters=[record_id(_("Id of a comment."))]),
)
class CommentViewSet(_DiscussionViewSet):
    kind = Comment.Kind.COMMENT


@extend_schema_view(
    list=extend_schema(
        summary=_("Alternative versions"),
        description=_(
            "Alternative texts of drafts submitted by the public, with the "
            "explanation, the file if any and the body's answer."
        ),
        parameters=[MODIFIED_SINCE],
    ),
    retrieve=extend_schema(
        summary=_("One alternative version"),
        parameters=[record_id(_("Id of an alternative version."))],
    ),
)
class AlternativeViewSet(_DiscussionViewSet):
    kind = Comment.Kind.ALTERNATIVE
