import uuid
from collections import Counter
from pathlib import PurePath

import numpy as np
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import IntegrityError, connection, models, transaction
from django.db.models import Case, Count, F, Max, OuterRef, Q, Subquery, Value, When, Window
from django.db.models.functions import Coalesce, Greatest, RowNumber
from django.utils import timezone
from django.utils.translation import get_language, gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import RespondentProfile
from drafts.models import Draft, Provision, Section, Version
from drafts.validators import validate_attachment
from sep.text import without_direction_controls

from . import campaigns

MAX_COMMENT_LENGTH = 10_000
# An alternative version is a whole act, not a remark.
MAX_ALTERNATIVE_LENGTH = 200_000


class CommentQuerySet(models.QuerySet):
    def public(self):
        """Comments on public drafts, hidden ones included: they are shown as placeholders
        (`public_text` and the rest are None). `published()` leaves them out."""
        return self.filter(draft__in=Draft.objects.public())

    def published(self):
        return self.filter(status=Comment.Status.PUBLISHED)

    def unanswered(self):
        return self.published().filter(answer__isnull=True)

    def of_body(self, organization):
        return self.filter(draft__organization=organization)

    def with_agreements(self):
        return self.annotate(agreement_count=Count("agreements", distinct=True))

    def comments(self):
        return self.filter(kind=Comment.Kind.COMMENT)

    def in_campaign(self, campaign: int):
        """The members of a campaign, named by its first comment's id (comments.campaigns)."""
        return self.filter(Q(pk=campaign, campaign_lead__isnull=True) | Q(campaign_lead=campaign))

    def alternatives(self):
        return self.filter(kind=Comment.Kind.ALTERNATIVE)

    def for_display(self):
        """What the comment partial shows, without one query per comment or answer.

        The "I agree" count is a subquery, not a join with GROUP BY: grouping by every column of
        the six tables joined here cost PostgreSQL 10-20 ms of planning per query."""
        agreements = (
            Agreement.objects.filter(comment=OuterRef("pk"))
            .order_by()
            .values("comment")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.select_related(
            "version",
            "section",
            "answer__organization",
            "answer__carried_in",
            "answer__duplicate_of",
        ).annotate(
            agreement_count=Coalesce(Subquery(agreements, output_field=models.IntegerField()), 0)
        )

    def for_open_data(self):
        """Public comments with what their API row and bulk-file row show (the answer, the
        "I agree" count, `modified_at`), in a constant number of queries."""
        last_moderated = (
            ModerationEvent.objects.filter(comment=OuterRef("pk"))
            .order_by()
            .values("comment")
            .annotate(at=Max("created_at"))
            .values("at")
        )
        return (
            self.public()
            .select_related("draft", "answer__organization")
            .defer(*Draft.search_columns("draft__"))
            .annotate(
                agreement_count=Count("agreements"),
                modified_at=Greatest("created_at", "answer__updated_at", Subquery(last_moderated)),
            )
        )

    def for_draft_page(self, draft, *, per_article=3, general=20):
        """What the draft page shows, in a constant number of queries whatever the volume:
        per article the first `per_article` comments and the count; the first `general`
        comments on the whole draft and the first `general` alternative versions.

        The page's headline figures are set on `draft`: `hidden_comment_count` (of the comments
        counted) and `alternative_count` ride on the count query, `distinct_positions` is one
        more. A draft without comments costs the count query alone."""
        on_draft = self.filter(draft=draft)
        counts = {}
        draft.hidden_comment_count = draft.alternative_count = 0
        for kind, provision_id, total, hidden in (
            on_draft.values_list("kind", "provision_id")
            .annotate(total=Count("pk"), hidden=Count("pk", filter=Q(status=Comment.Status.HIDDEN)))
            .values_list("kind", "provision_id", "total", "hidden")
        ):
            if kind == Comment.Kind.ALTERNATIVE:
                draft.alternative_count += total
            else:
                counts[provision_id] = total
                draft.hidden_comment_count += hidden
        first_per_article, general_rows, alternatives = [], [], []
        if not counts and not draft.alternative_count:
            # Most drafts have no comments (yet): the counts say so, and two queries are spared.
            draft.distinct_positions = 0
            return first_per_article, counts, general_rows, alternatives
        # Which comments to show is chosen on the narrow (draft, provision, created_at) index;
        # only those rows are then read with what the partial shows.
        whole_draft = Q(provision__isnull=True) | Q(kind=Comment.Kind.ALTERNATIVE)
        shown = (
            on_draft.order_by()
            .annotate(
                row=Window(
                    RowNumber(),
                    partition_by=[F("kind"), F("provision_id")],
                    order_by=[F("created_at").asc(), F("pk").asc()],
                ),
                limit=Case(When(whole_draft, then=Value(general)), default=Value(per_article)),
            )
            .filter(row__lte=F("limit"))
            .values("pk")
        )
        for comment in self.filter(pk__in=shown).for_display().order_by("created_at", "pk"):
            if comment.kind == Comment.Kind.ALTERNATIVE:
                alternatives.append(comment)
            elif comment.provision_id is None:
                general_rows.append(comment)
            else:
                first_per_article.append(comment)
        draft.distinct_positions = on_draft.distinct_positions()
        return first_per_article, counts, general_rows, alternatives

    def distinct_positions(self) -> int:
        """How many positions the published comments take: a mass campaign counts once, as
        the report counts it (reports.services)."""
        return self.filter(kind=Comment.Kind.COMMENT, status=Comment.Status.PUBLISHED).aggregate(
            n=Count(Coalesce("campaign_lead_id", "pk"), distinct=True)
        )["n"]


def comment_file_path(comment, filename):
    # Server-made names: nothing a user typed reaches the file system.
    suffix = PurePath(filename).suffix.lower()
    return f"comments/{comment.draft.reference}/{uuid.uuid4().hex}{suffix}"


class Comment(models.Model):
    """What one participant said about a whole draft or one of its articles — or an
    alternative version of the draft, which is published, answered and moderated the same way.
    """

    class Kind(models.TextChoices):
        COMMENT = "comment", _("Comment")
        ALTERNATIVE = "alternative", _("Alternative version")

    class Position(models.TextChoices):
        PROPOSAL = "proposal", _("Proposes a change")
        SUPPORT = "support", _("Supports")
        OBJECTION = "objection", _("Objects")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        PUBLISHED = "published", _("Published")
        HIDDEN = "hidden", _("Hidden by a moderator")

    class HideReason(models.TextChoices):
        INSULT = "insult", _("Insult")
        SPAM = "spam", _("Spam or advertising")
        OFF_TOPIC = "off_topic", _("Not about this draft")
        PERSONAL_DATA = "personal_data", _("Personal data of others")
        IDENTITY_MISUSE = "identity_misuse", _("Filed in someone else's name")
        OTHER = "other", _("Other reason")

    draft = models.ForeignKey(Draft, on_delete=models.PROTECT, related_name="comments")
    version = models.ForeignKey(Version, on_delete=models.PROTECT, related_name="comments")
    # The article's identity across versions; empty for a comment on the whole draft.
    provision = models.ForeignKey(
        Provision, on_delete=models.PROTECT, null=True, blank=True, related_name="comments"
    )
    section = models.ForeignKey(
        Section, on_delete=models.PROTECT, null=True, blank=True, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="comments"
    )
    kind = models.CharField(max_length=15, choices=Kind.choices, default=Kind.COMMENT)
    position = models.CharField(_("my position"), max_length=20, choices=Position.choices)
    text = models.TextField(
        _("comment"), blank=True, validators=[MaxLengthValidator(MAX_ALTERNATIVE_LENGTH)]
    )
    # For an alternative version: why it is better.
    explanation = models.TextField(_("explanation"), blank=True)
    attachment = models.FileField(
        _("attached file"),
        upload_to=comment_file_path,
        blank=True,
        validators=[validate_attachment],
    )
    attachment_name = models.CharField(max_length=255, blank=True)
    # Who the author was when commenting (the profile may change later; reports must not).
    # `author_name` is empty unless the author agreed to show it.
    author_name = models.CharField(max_length=300, blank=True)
    author_category = models.CharField(max_length=30)
    author_region = models.CharField(max_length=20)

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PUBLISHED)
    hidden_reason = models.CharField(max_length=30, blank=True)
    hidden_note = models.TextField(blank=True)
    # A double click or a re-sent form carries the same key: never a second comment.
    submission_key = models.UUIDField(default=uuid.uuid4, editable=False)
    # The interface language the author wrote in: answers are e-mailed in it.
    language = models.CharField(max_length=5, default="ky")
    receipt = models.CharField(max_length=60, unique=True, null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    # The first comment of the mass campaign this one belongs to (comments.campaigns); empty
    # when it is the first of its own. Set when posted, so reports group in SQL.
    campaign_lead = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, editable=False, related_name="+"
    )
    # No earlier comment on the draft had this text once folded (comments.campaigns): within a
    # campaign, the comments so marked are its distinct variants. Set when posted, like the lead.
    new_wording = models.BooleanField(default=False, db_default=False, editable=False)

    history = HistoricalRecords()
    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        constraints = [
            models.UniqueConstraint(
                fields=["author", "submission_key"], name="comment_once_per_submission"
            ),
            models.CheckConstraint(
                condition=Q(status="published") | ~Q(hidden_reason=""),
                name="comment_hidden_with_reason",
            ),
        ]
        indexes = [models.Index(fields=["draft", "provision", "created_at"], name="comment_thread")]
        permissions = [("moderate_comment", _("Moderator: hides and restores comments"))]

    def __str__(self):
        return self.receipt or f"comment {self.pk}"

    # What hiding withholds from the public — the page, the API and the bulk files alike:
    # each `public_<field>` below is None on a hidden comment.

    @property
    def author_label(self) -> str:
        """How the comment is signed: the name the author agreed to show, else “Citizen, Chuy
        oblast”. (A report's snapshot signs its rows so even if a comment is hidden later.)"""
        return self.author_name or RespondentProfile.anonymous_label(
            self.author_category, self.author_region
        )

    @property
    def public_author(self) -> str | None:
        return None if self.is_hidden else self.author_label

    @property
    def public_text(self) -> str | None:
        return None if self.is_hidden else self.text

    @property
    def public_explanation(self) -> str | None:
        return None if self.is_hidden else self.explanation

    @property
    def public_attachment(self):
        return None if self.is_hidden or not self.attachment else self.attachment

    @property
    def is_hidden(self) -> bool:
        return self.status == self.Status.HIDDEN

    @property
    def hidden_reason_label(self):
        return self.HideReason(self.hidden_reason).label if self.hidden_reason else ""

    @transaction.atomic
    def hide(self, *, reason: str, note: str = "", by, now=None) -> "ModerationEvent":
        """Hide the comment from the public with a reason from the list (never delete it):
        the text stays here and in history, the page shows a placeholder with the reason, and
        the public moderation log records it. Open reports of it are handled by this."""
        if reason not in self.HideReason.values:
            raise ValidationError({"reason": gettext("Choose a reason from the list.")})
        if reason == self.HideReason.OTHER and not note.strip():
            raise ValidationError({"note": gettext("Describe the reason.")})
        self.status = self.Status.HIDDEN
        self.hidden_reason, self.hidden_note = reason, note.strip()
        return self._moderated(ModerationEvent.Action.HIDE, by=by, now=now)

    @transaction.atomic
    def restore(self, *, by, now=None) -> "ModerationEvent":
        """Show a hidden comment again; the log records that too."""
        if not self.is_hidden:
            raise ValidationError(gettext("This comment is not hidden."))
        self.status = self.Status.PUBLISHED
        self.hidden_reason, self.hidden_note = "", ""
        return self._moderated(ModerationEvent.Action.RESTORE, by=by, now=now)

    def _moderated(self, action, *, by, now=None) -> "ModerationEvent":
        now = now or timezone.now()
        self._history_user = by
        self.save()
        event = self.moderation.create(
            action=action,
            reason=self.hidden_reason,
            note=self.hidden_note,
            moderator=by,
            created_at=now,
        )
        self.reports.filter(handled_at__isnull=True).update(handled_at=now)
        Draft.objects.filter(pk=self.draft_id).touch(now=now)
        return event

    def agree(self, user, *, now=None):
        """“I agree”: once per user, not with oneself, only while the discussion is open."""
        now = now or timezone.now()
        if user.pk == self.author_id:
            raise ValidationError(gettext("You cannot agree with your own comment."))
        if self.is_hidden or not self.draft.is_open_for_comments(now):
            raise ValidationError(
                gettext("Agreeing is possible only while the discussion is open.")
            )
        with transaction.atomic():
            _agreement, created = Agreement.objects.get_or_create(
                comment=self, user=user, defaults={"created_at": now}
            )
        Draft.objects.filter(pk=self.draft_id).touch(now=now)
        return created

    @classmethod
    def post(
        cls,
        *,
        draft: Draft,
        author,
        text: str,
        position: str,
        section=None,
        version=None,
        key=None,
        now=None,
        kind=Kind.COMMENT,
        explanation="",
        attachment=None,
    ):
        """Accept a comment (or an alternative version) if the discussion is open by the
        Bishkek clock.

        Returns (comment, created). A repeated `key` returns the first comment unchanged.
        `version`: the draft's current version, if the caller read it already.
        """
        now = now or timezone.now()
        if key is not None:
            existing = cls.objects.filter(author=author, submission_key=key).first()
            if existing is not None:
                return existing, False
        if not draft.is_open_for_comments(now):
            if draft.status == Draft.Status.DISCUSSION and now < draft.discussion_starts:
                message = gettext(
                    "The discussion has not opened yet; comments are accepted from %(day)s."
                )
                day = timezone.localtime(draft.discussion_starts).strftime("%d.%m.%Y %H:%M")
                raise ValidationError(message % {"day": day}, code="not_open")
            raise ValidationError(
                gettext("The discussion is closed; comments are no longer accepted."),
                code="closed",
            )
        # What the public will read, without direction controls (see _withhold_direction_controls).
        shown, shown_explanation = map(without_direction_controls, (text, explanation))
        if kind == cls.Kind.COMMENT and not shown.strip():
            raise ValidationError(gettext("Write your comment."), code="empty")
        if kind == cls.Kind.COMMENT and len(text) > MAX_COMMENT_LENGTH:
            raise ValidationError(gettext("A comment is at most 10,000 characters."))
        if kind == cls.Kind.ALTERNATIVE and not (shown.strip() or attachment):
            raise ValidationError(gettext("Give the alternative text, a file, or both."))
        if kind == cls.Kind.ALTERNATIVE and not shown_explanation.strip():
            raise ValidationError(gettext("Explain why the alternative is better."))
        profile = getattr(author, "profile", None)
        if profile is None:
            raise ValidationError(
                gettext("Tell us who you are first (your profile)."), code="profile"
            )
        version = version or draft.current_version
        if section is not None and section.version_id != version.pk:
            raise ValidationError(gettext("Comment on the current version of the draft."))
        # Alternative versions are whole acts: they never group into campaigns.
        shape = campaigns.Shape.of(text) if kind == cls.Kind.COMMENT else None
        try:
            with transaction.atomic():
                campaign, store = CampaignKey.objects.join(draft, shape) if shape else (None, [])
                comment = cls.objects.create(
                    campaign_lead_id=campaign,
                    new_wording=bool(shape) and shape.same_key in store,
                    draft=draft,
                    version=version,
                    section=section,
                    provision_id=section.provision_id if section else None,
                    author=author,
                    text=text.strip(),
                    position=position,
                    author_name=profile.consented_name,
                    author_category=profile.category,
                    author_region=profile.region,
                    submission_key=key or uuid.uuid4(),
                    created_at=now,
                    kind=kind,
                    language=(get_language() or "ky")[:5],
                    explanation=explanation.strip(),
                    attachment=attachment,
                    attachment_name=(attachment.name[:255] if attachment else ""),
                )
                if shape:
                    CampaignKey.objects.remember(comment, shape, store)
                # In the same transaction: the comment is never public with its controls.
                comment._withhold_direction_controls()
        except IntegrityError:
            # The same submission raced in from a second request: return the first one.
            return cls.objects.get(author=author, submission_key=key), False
        # The receipt number is issued only once the comment is certainly stored.
        transaction.on_commit(comment._issue_receipt)
        draft.touch(now=now)
        return comment, True

    def _withhold_direction_controls(self):
        """The published text goes without direction controls (sep.text); its history keeps
        what was sent, so a moderator can still see what the author tried."""
        text = without_direction_controls(self.text)
        explanation = without_direction_controls(self.explanation)
        if (text, explanation) != (self.text, self.explanation):
            self.text, self.explanation = text.strip(), explanation.strip()
            self._change_reason = "direction-control characters removed"
            self.save(update_fields=["text", "explanation"])

    def _issue_receipt(self):
        receipt = f"{self.draft.reference}-C{self.pk:06d}"
        Comment.objects.filter(pk=self.pk, receipt__isnull=True).update(receipt=receipt)
        self.receipt = receipt

    def carried_state(self, current_sections: dict):
        """How the commented article stands in the current version: None (same version),
        "changed", "unchanged" or "removed"."""
        if self.provision_id is None or self.version_id in {
            s.version_id for s in current_sections.values()
        }:
            return None
        current = current_sections.get(self.provision_id)
        if current is None:
            return "removed"
        if self.section and current.comparable_text != self.section.comparable_text:
            return "changed"
        return "unchanged"


# Namespace of the advisory locks that serialise campaign grouping per draft.
CAMPAIGN_LOCK = 7_301


class CampaignKeyQuerySet(models.QuerySet):
    def lock(self, draft_ids):
        """Serialise campaign grouping on these drafts until the transaction ends: the next
        comment must see this one's keys, whichever commits first. Locks are taken in id
        order, so two callers never wait on each other in a circle."""
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(%s, (d %% 2147483648)::int) "
                "FROM unnest(%s::bigint[]) AS d ORDER BY d",
                [CAMPAIGN_LOCK, sorted(draft_ids)],
            )

    def join(self, draft, shape: campaigns.Shape) -> tuple[int | None, list[int]]:
        """Place a new comment of `shape` on `draft` (comments.campaigns.place): the campaign it
        joins (the id of its first comment) or None, and the keys it is to store. Campaigns it
        bridges are joined into the earliest of them. Takes the draft's lock."""
        self.lock([draft.pk])
        holders, campaign_of, signature_of = {}, {}, {}
        with connection.cursor() as cursor:
            # One indexed look-up: the first holders of each key and their campaigns, then each
            # holder's signature once. In a campaign the same 32 comments hold nearly every key
            # of a new one; a signature per (key, holder) row carried 700 arrays of 128
            # integers to every post, and parsing them cost it more than the rest of its SQL.
            cursor.execute(
                "WITH h AS (SELECT q.key, k.comment_id, coalesce(c.campaign_lead_id, c.id) AS lead"
                "  FROM unnest(%s::bigint[]) AS q(key) "
                "  CROSS JOIN LATERAL (SELECT comment_id FROM comments_campaignkey "
                "    WHERE draft_id = %s AND key = q.key ORDER BY comment_id LIMIT %s) k "
                "  JOIN comments_comment c ON c.id = k.comment_id "
                # A comment a person split out stands apart (CampaignDecision).
                "  WHERE NOT EXISTS (SELECT FROM comments_campaigndecision d WHERE d.draft_id = %s"
                "    AND d.comment_id = k.comment_id AND d.action = 'split')) "
                "SELECT key, comment_id, lead, NULL FROM h "
                "UNION ALL SELECT NULL, s.comment_id, NULL, s.signature "
                "  FROM comments_campaignsignature s "
                "  WHERE s.comment_id IN (SELECT comment_id FROM h) "
                "ORDER BY 1, 2",
                [shape.keys, draft.pk, campaigns.BAND_HOLDERS, draft.pk],
            )
            for key, pk, campaign, signature in cursor.fetchall():
                if signature is not None:
                    signature_of[pk] = np.array(signature, dtype=np.int32)
                else:
                    holders.setdefault(key, []).append(pk)
                    campaign_of[pk] = campaign
        joined, store = campaigns.place(
            shape, holders, campaign_of.__getitem__, signature_of.__getitem__
        )
        first, *later = sorted(joined) or [None]
        if later:
            Comment.objects.filter(draft=draft).filter(
                Q(pk__in=later) | Q(campaign_lead__in=later)
            ).update(campaign_lead=first)
        return first, store

    def remember(self, comment, shape: campaigns.Shape, store: list[int]):
        """Store the keys `place` gave `comment` (none, for a text identical to an earlier one),
        and its signature if later comments are to compare with it."""
        if not store:
            return
        self.bulk_create(
            [CampaignKey(draft_id=comment.draft_id, key=key, comment=comment) for key in store]
        )
        if shape.compared and len(store) > (shape.same_key in store):
            CampaignSignature.objects.create(comment=comment, signature=shape.signature.tolist())


class CampaignKey(models.Model):
    """A key of a comment that later comments of its draft look up (comments.campaigns): its
    folded text, or one band of its MinHash signature; held by at most the first
    `campaigns.BAND_HOLDERS` comments. Derived data: rebuilt by `manage.py regroup_campaigns`."""

    draft = models.ForeignKey(Draft, on_delete=models.PROTECT, related_name="+", db_index=False)
    key = models.BigIntegerField()
    comment = models.ForeignKey(Comment, on_delete=models.PROTECT, related_name="+", db_index=False)

    objects = CampaignKeyQuerySet.as_manager()

    class Meta:
        constraints = [
            # Also the index of the look-up: a key's first holders, in order.
            models.UniqueConstraint(fields=["draft", "key", "comment"], name="campaign_key_holder")
        ]

    def __str__(self):
        return f"{self.key} → {self.comment_id}"


class CampaignSignature(models.Model):
    """The MinHash signature of a comment that holds band keys (comments.campaigns), for the
    comments that find it through them to compare with. Derived data, like CampaignKey."""

    comment = models.OneToOneField(
        Comment, on_delete=models.PROTECT, primary_key=True, related_name="+"
    )
    signature = ArrayField(models.IntegerField(), size=campaigns.NUM_PERM)

    def __str__(self):
        return f"signature of {self.comment_id}"


class CampaignDecisionQuerySet(models.QuerySet):
    def replayed(self, draft_id) -> list[tuple[str, int, int | None]]:
        """The decisions on a draft's campaigns in the order they were taken, as
        `comments.campaigns.replay` takes them."""
        return list(
            self.filter(draft=draft_id)
            .order_by("created_at", "pk")
            .values_list("action", "comment_id", "other_id")
        )

    def kept_apart(self, draft_id):
        """Comments a person split out of a campaign: automatic grouping never joins others
        to them again (only a person's merge does)."""
        return self.filter(draft=draft_id, action=CampaignDecision.Action.SPLIT).values(
            "comment_id"
        )


class CampaignDecision(models.Model):
    """An analyst's or moderator's decision on the automatic grouping (comments.campaigns): a
    comment split out of its campaign, or two campaigns merged, with the reason. Kept, and
    applied after automatic grouping by `Comment.post` and `regroup_campaigns` alike, so a
    regrouping never undoes it; the members' campaign change is in the comments' history."""

    class Action(models.TextChoices):
        SPLIT = "split", _("Split out of its campaign")
        MERGE = "merge", _("Campaigns merged")

    draft = models.ForeignKey(Draft, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=10, choices=Action.choices)
    # SPLIT: the comment split out. MERGE: a member of each campaign merged.
    comment = models.ForeignKey(Comment, on_delete=models.PROTECT, related_name="+")
    other = models.ForeignKey(
        Comment, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reason = models.TextField(_("reason"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()
    objects = CampaignDecisionQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("campaign decision")
        verbose_name_plural = _("campaign decisions")
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="campaign_decision_reasoned"),
            models.CheckConstraint(
                condition=Q(action="split", other__isnull=True)
                | Q(action="merge", other__isnull=False),
                name="campaign_merge_names_both",
            ),
        ]

    def __str__(self):
        return f"{self.action} {self.comment_id}"


class CampaignAnswer(models.Model):
    """The developer body's one answer to a whole campaign (`answer_campaign`): given to every
    member as its own `Answer`, and to each comment that joins the campaign later."""

    draft = models.ForeignKey(Draft, on_delete=models.PROTECT, related_name="+")
    # The campaign as it was named when answered (its first comment then).
    campaign = models.ForeignKey(Comment, on_delete=models.PROTECT, related_name="+")
    decision = models.CharField(_("decision"), max_length=20)
    reasoning = models.TextField(_("reasoning"), blank=True)
    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.PROTECT, related_name="+"
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("answer to a campaign")
        verbose_name_plural = _("answers to campaigns")
        constraints = [
            models.UniqueConstraint(fields=["campaign"], name="campaign_answered_once"),
            models.CheckConstraint(
                condition=Q(decision="accepted") | ~Q(reasoning=""),
                name="campaign_answer_reasoned_unless_accepted",
            ),
        ]

    def __str__(self):
        return f"answer to campaign {self.campaign_id}"

    @classmethod
    def of_campaign(cls, draft_id, campaign: int):
        """The answer given to this campaign (or to one merged into it since), if any."""
        # Every comment joining a campaign asks this, so it is one statement written out: the
        # queryset it replaces (members as a subquery twice, an OR across a join, DISTINCT)
        # cost more to compile than PostgreSQL took to run it. Its first comment may have
        # been split out since: the members' answers still tell.
        members = (
            "SELECT m.id FROM comments_comment m WHERE m.draft_id = %(draft)s "
            "AND ((m.id = %(campaign)s AND m.campaign_lead_id IS NULL) "
            "OR m.campaign_lead_id = %(campaign)s)"
        )
        found = cls.objects.raw(
            "SELECT a.* FROM comments_campaignanswer a WHERE a.draft_id = %(draft)s "
            f"AND (a.campaign_id IN ({members}) OR EXISTS (SELECT FROM comments_answer x "
            f"WHERE x.campaign_answer_id = a.id AND x.comment_id IN ({members}))) "
            "ORDER BY a.created_at, a.id LIMIT 1",
            {"draft": draft_id, "campaign": campaign},
        )
        return next(iter(found), None)


class Answer(models.Model):
    """The developer body's official answer to one comment."""

    class Decision(models.TextChoices):
        ACCEPTED = "accepted", _("Accepted")
        PARTLY = "partly", _("Partly accepted")
        REJECTED = "rejected", pgettext_lazy("answer decision", "Rejected")
        NOTED = "noted", _("Noted")
        DUPLICATE = "duplicate", _("Duplicate of another comment")
        OUT_OF_SCOPE = "out_of_scope", _("Out of scope")

    # What reports and the dashboard count as taken up: accepted in full or in part.
    ACCEPTING = (Decision.ACCEPTED.value, Decision.PARTLY.value)

    comment = models.OneToOneField(Comment, on_delete=models.PROTECT, related_name="answer")
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices)
    reasoning = models.TextField(_("reasoning"), blank=True)
    duplicate_of = models.ForeignKey(
        Comment, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # For an accepted proposal: the article of a later version that carries the change.
    carried_in = models.ForeignKey(
        Section, on_delete=models.PROTECT, null=True, blank=True, related_name="answers"
    )
    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.PROTECT, related_name="answers"
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="answers"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    # Set when a published answer is changed: the page says "edited", history keeps the old one.
    edited_at = models.DateTimeField(null=True, blank=True)
    # Given as the answer to the whole campaign the comment is in (CampaignAnswer).
    campaign_answer = models.ForeignKey(
        CampaignAnswer, on_delete=models.PROTECT, null=True, blank=True, related_name="answers"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.CheckConstraint(
                condition=Q(decision="accepted") | ~Q(reasoning=""),
                name="answer_reasoned_unless_accepted",
            )
        ]

    def __str__(self):
        return f"{self.comment}: {self.decision}"

    @property
    def was_edited(self) -> bool:
        return self.edited_at is not None


class Vote(models.Model):
    """Support or oppose a whole draft: one per user per draft, changeable while open."""

    class Value(models.TextChoices):
        SUPPORT = "support", _("I support this draft")
        OPPOSE = "oppose", _("I oppose this draft")

    draft = models.ForeignKey(Draft, on_delete=models.PROTECT, related_name="votes")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="votes"
    )
    value = models.CharField(max_length=10, choices=Value.choices)
    updated_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [
            models.UniqueConstraint(fields=["draft", "user"], name="vote_one_per_user_per_draft")
        ]

    def __str__(self):
        return f"{self.user_id} {self.value} {self.draft_id}"

    @classmethod
    def value_of(cls, user, reference: str) -> str:
        """`user`'s vote on the draft `reference`: a `Value`, or "" for none."""
        return (
            cls.objects.filter(user=user, draft__reference=reference)
            .values_list("value", flat=True)
            .first()
            or ""
        )

    @classmethod
    def cast(cls, *, draft: Draft, user, value: str, now=None):
        now = now or timezone.now()
        if not draft.is_open_for_comments(now):
            raise ValidationError(gettext("Votes are accepted only while the discussion is open."))
        try:
            with transaction.atomic():
                vote, _created = cls.objects.update_or_create(
                    draft=draft, user=user, defaults={"value": value, "updated_at": now}
                )
        except IntegrityError:
            # A second request of the same user won the race to insert: update its row.
            vote = cls.objects.get(draft=draft, user=user)
            vote.value, vote.updated_at = value, now
            vote.save()
        draft.touch(listed=True, now=now)  # vote totals are on the lists too
        return vote


class Agreement(models.Model):
    """“I agree” with someone else's comment: join a proposal instead of writing it again."""

    comment = models.ForeignKey(Comment, on_delete=models.PROTECT, related_name="agreements")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        constraints = [
            models.UniqueConstraint(fields=["comment", "user"], name="agreement_once_per_user")
        ]

    def __str__(self):
        return f"{self.user_id} agrees with {self.comment_id}"


class ModerationEvent(models.Model):
    """The public log of every hide and restore, with its reason and date."""

    class Action(models.TextChoices):
        HIDE = "hide", _("Hidden")
        RESTORE = "restore", _("Restored")

    comment = models.ForeignKey(Comment, on_delete=models.PROTECT, related_name="moderation")
    action = models.CharField(max_length=10, choices=Action.choices)
    reason = models.CharField(max_length=30, choices=Comment.HideReason.choices, blank=True)
    note = models.TextField(blank=True)
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("moderation event")
        verbose_name_plural = _("moderation events")

    def __str__(self):
        return f"{self.action} {self.comment_id}"


class CommentReport(models.Model):
    """A signed-in reader's report of a comment, or a dispute by the person it was filed as."""

    comment = models.ForeignKey(Comment, on_delete=models.PROTECT, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=30, choices=Comment.HideReason.choices)
    note = models.TextField(_("details"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    handled_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("report of a comment")
        verbose_name_plural = _("reports of comments")
        constraints = [
            models.UniqueConstraint(fields=["comment", "reporter"], name="report_once_per_user")
        ]

    def __str__(self):
        return f"report {self.pk} on {self.comment_id}"

    @staticmethod
    def likely_reason(reports) -> str:
        """The hide reason a moderator most likely needs for these reports: a dispute (filed
        in the reporter's name) before anything else, then the reason given most often."""
        reasons = [report.reason for report in reports]
        if Comment.HideReason.IDENTITY_MISUSE in reasons:
            return Comment.HideReason.IDENTITY_MISUSE
        return Counter(reasons).most_common(1)[0][0] if reasons else ""


class SubscriptionQuerySet(models.QuerySet):
    def active(self):
        return self.filter(unsubscribed_at__isnull=True)


class Subscription(models.Model):
    """Someone follows a draft, a state body, a subject area, a saved search or a planned act."""

    class Target(models.TextChoices):
        DRAFT = "draft", _("Draft")
        BODY = "body", _("State body")
        SUBJECT = "subject", _("Subject area")
        SEARCH = "search", _("Saved search")
        PLAN_ITEM = "plan_item", _("Planned act")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="subscriptions"
    )
    target = models.CharField(max_length=10, choices=Target.choices)
    draft = models.ForeignKey(
        Draft, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    subject_area = models.ForeignKey(
        "drafts.SubjectArea", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # A planned act: its followers hear when its draft is published for discussion.
    plan_item = models.ForeignKey(
        "plans.PlanItem", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The saved search as the list page's query string (the same filters, one place).
    search = models.CharField(max_length=1000, blank=True)
    # E-mails go out in the language the person followed in.
    language = models.CharField(max_length=5, default="ky")
    created_at = models.DateTimeField(default=timezone.now)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()
    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        constraints = [
            models.CheckConstraint(
                condition=(Q(target="draft") & Q(draft__isnull=False))
                | (Q(target="body") & Q(organization__isnull=False))
                | (Q(target="subject") & Q(subject_area__isnull=False))
                | (Q(target="search") & ~Q(search=""))
                | (Q(target="plan_item") & Q(plan_item__isnull=False)),
                name="subscription_names_its_target",
            ),
            *[
                models.UniqueConstraint(
                    fields=["user", field], condition=Q(target=target), name=f"follow_{target}_once"
                )
                for target, field in [
                    ("draft", "draft"),
                    ("body", "organization"),
                    ("subject", "subject_area"),
                    ("search", "search"),
                    ("plan_item", "plan_item"),
                ]
            ],
        ]

    def __str__(self):
        return f"{self.user_id} follows {self.target}"

    @property
    def label(self) -> str:
        if self.target == self.Target.DRAFT:
            return f"{self.draft.reference} {self.draft.title}"
        if self.target == self.Target.BODY:
            return self.organization.name
        if self.target == self.Target.SUBJECT:
            return self.subject_area.name
        if self.target == self.Target.PLAN_ITEM:
            return str(self.plan_item.title)
        return self.search

    @classmethod
    def follow(cls, user, *, language="ky", **target):
        """Follow (again) a target: one active subscription per user and target."""
        name = {
            "draft": "draft",
            "organization": "body",
            "subject_area": "subject",
            "search": "search",
            "plan_item": "plan_item",
        }
        kind = next(k for k in name if target.get(k))
        subscription, _created = cls.objects.update_or_create(
            user=user,
            target=name[kind],
            **{kind: target[kind]},
            defaults={"unsubscribed_at": None, "language": language},
        )
        return subscription

    def unsubscribe(self, now=None):
        self.unsubscribed_at = now or timezone.now()
        self.save(update_fields=["unsubscribed_at"])


class Notification(models.Model):
    """Every e-mail sent, once per person and event: a re-run never mails twice."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    key = models.CharField(max_length=200)
    subject = models.CharField(max_length=300)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="notification_once")]

    def __str__(self):
        return self.key
