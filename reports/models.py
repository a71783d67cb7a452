"""The final public-opinion report of one discussion: an immutable snapshot.

A `Report` holds the statistics of the discussion as they stood when it was built (JSON, raw
codes — labels are translated when shown, so one snapshot serves three languages) and its
summary table of proposals as `ReportEntry` rows, which fix the comments, campaigns and order
and read answers as they stood at build time. Rebuilding makes a new snapshot; a published one
never changes.
"""

import datetime

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Func, OuterRef, Q, Subquery, Sum
from django.db.models.functions import JSONObject
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import Membership
from comments.models import Answer
from drafts.models import Draft, section_label


class ReportQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published_at__isnull=False)

    def visible_to(self, user):
        """Published reports, and every snapshot of the user's own bodies' drafts."""
        if not user.is_authenticated:
            return self.published()
        own = Membership.objects.bodies_of(user)
        return self.filter(Q(published_at__isnull=False) | Q(draft__organization__in=own))

    def latest_published_per_draft(self):
        return self.published().order_by("draft_id", "-number").distinct("draft_id")


class Report(models.Model):
    draft = models.ForeignKey(Draft, on_delete=models.PROTECT, related_name="reports")
    # 1, 2, … per draft: "report 2" is the second snapshot.
    number = models.PositiveIntegerField()
    built_at = models.DateTimeField()
    # None: built automatically when the discussion closed.
    built_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The data it was built from: every comment up to this id and every answer given before
    # `built_at` (answers keep their history, so the snapshot can be reproduced).
    last_comment_id = models.BigIntegerField(null=True, blank=True)
    statistics = models.JSONField()
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords(excluded_fields=["statistics"])
    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["draft", "-number"]
        verbose_name = _("public-opinion report")
        verbose_name_plural = _("public-opinion reports")
        constraints = [
            models.UniqueConstraint(fields=["draft", "number"], name="report_number_per_draft"),
        ]

    def __str__(self):
        return f"{self.draft.reference} report {self.number}"

    def save(self, *args, **kwargs):
        # A published report is a public record: it never changes (DESIGN.md, "Data rules").
        if self.pk is not None:
            stored = Report.objects.filter(pk=self.pk).values_list("published_at", flat=True)
            if stored and stored[0] is not None:
                raise ValidationError(gettext("A published report cannot be changed."))
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("reports:report", args=[self.draft.reference, self.number])

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def row_count(self) -> int:
        """Rows of the summary table, counted from its blocks without unnesting them."""
        return (
            SummaryBlock.objects.filter(report=self).aggregate(
                n=Sum(Func(F("comments"), function="cardinality"))
            )["n"]
            or 0
        )


class ReportEntryQuerySet(models.QuerySet):
    def for_display(self):
        """(Every query of the rows does this: see `ReportEntryManager`.)

        The rows in order, with what they show: the comment (a comment never changes) and
        its answer as it stood when the report was built (`answer_then`, from the answers'
        history, so a later edit of an answer never changes a built report)."""
        answer_then = (
            Answer.history.model.objects.filter(
                comment_id=OuterRef("comment_id"), history_date__lte=OuterRef("report__built_at")
            )
            .order_by("-history_date", "-history_id")
            .values(
                json=JSONObject(
                    decision="decision",
                    reasoning="reasoning",
                    answered_at="created_at",
                    carried_in_version="carried_in__version__number",
                    carried_in_kind="carried_in__kind",
                    carried_in_number="carried_in__number",
                )
            )[:1]
        )
        return (
            self.select_related("comment__version", "comment__section")
            .annotate(answer_then=Subquery(answer_then))
            .order_by("position")
        )

    def unanswered(self):
        """Rows whose comment had no answer when the report was built (after `for_display`)."""
        return self.filter(answer_then__isnull=True)

    def between(self, first: int, last: int):
        """Positions `first` to `last`, reading only the blocks that hold them."""
        start = (first - 1) // SUMMARY_BLOCK * SUMMARY_BLOCK + 1
        return self.filter(
            block__in=range(start, max(first, last) + 1, SUMMARY_BLOCK),
            position__range=(first, last),
        )


# Rows of a summary table per `SummaryBlock`.
SUMMARY_BLOCK = 1000


class SummaryBlock(models.Model):
    """Up to `SUMMARY_BLOCK` consecutive rows of a report's summary table, as arrays.

    A discussion of 100,000 comments makes 100 of these instead of 100,000 rows: the build
    writes its summary table in about the time PostgreSQL reads the comments. Nothing reads
    them directly: `ReportEntry` is the row-by-row view of them."""

    # The unique (report, first_position) index serves every read.
    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="+", db_index=False)
    first_position = models.PositiveIntegerField()
    # Position first_position + i is the comment comments[i] (a campaign's first published
    # comment), standing for campaign_sizes[i] comments with agreements[i] "I agree".
    comments = ArrayField(models.BigIntegerField())
    campaign_sizes = ArrayField(models.IntegerField())
    agreements = ArrayField(models.IntegerField())

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["report", "first_position"], name="summary_block_position"
            ),
        ]

    def __str__(self):
        return f"{self.report} #{self.first_position}…"


class ReportEntryManager(models.Manager.from_queryset(ReportEntryQuerySet)):
    def get_queryset(self):
        # A row without its answer as of the build would read "not answered": never hand one out.
        return super().get_queryset().for_display()


class ReportEntry(models.Model):
    """One row of the summary table of proposals: a published comment, or a campaign of
    identical or near-identical comments standing as one row (its first published comment)
    with its size.

    A row holds only what the report fixes at build time — which comments stood, grouped how,
    in what order, with how many "I agree" — and points at the rest: the comment, which never
    changes, and the answer's history as of `Report.built_at`. Read-only: a database view
    unnesting `SummaryBlock` (reports 0004)."""

    pk = models.CompositePrimaryKey("report", "position")
    report = models.ForeignKey(
        Report, on_delete=models.DO_NOTHING, related_name="entries", db_constraint=False
    )
    position = models.PositiveIntegerField()
    # The first position of the row's block: naming it lets PostgreSQL unnest one block only.
    block = models.PositiveIntegerField()
    comment = models.ForeignKey(
        "comments.Comment",
        on_delete=models.DO_NOTHING,
        related_name="report_entries",
        db_constraint=False,
    )
    # How many comments this row stands for (1 unless a campaign).
    campaign_size = models.PositiveIntegerField()
    # "I agree" with any comment of the row, given before the report was built.
    agreements = models.PositiveIntegerField()

    objects = ReportEntryManager()

    class Meta:
        managed = False
        db_table = "reports_reportentry"
        ordering = ["report", "position"]
        verbose_name = _("row of a report")
        verbose_name_plural = _("rows of a report")

    def __str__(self):
        return f"{self.report} #{self.position}"

    # What the row shows, read through the comment. ---------------------------------------

    @property
    def receipt(self) -> str:
        return self.comment.receipt or ""

    @property
    def kind(self) -> str:
        return self.comment.kind

    @property
    def version_number(self) -> int:
        return self.comment.version.number

    @property
    def provision_id(self) -> int | None:
        return self.comment.provision_id

    @property
    def section_kind(self) -> str:
        return self.comment.section.kind if self.comment.section else ""

    @property
    def section_number(self) -> str:
        return self.comment.section.number if self.comment.section else ""

    @property
    def author_name(self) -> str:
        return self.comment.author_name

    @property
    def author_category(self) -> str:
        return self.comment.author_category

    @property
    def author_region(self) -> str:
        return self.comment.author_region

    @property
    def stance(self) -> str:
        return self.comment.position

    @property
    def text(self) -> str:
        comment = self.comment
        if comment.kind == comment.Kind.ALTERNATIVE and comment.explanation:
            return f"{comment.explanation}\n\n{comment.text}"
        return comment.text

    @property
    def created_at(self) -> datetime.datetime:
        return self.comment.created_at

    @property
    def public_author(self) -> str:
        return self.comment.author_label

    @property
    def article(self) -> str:
        return section_label(self.section_kind, self.section_number)

    @property
    def stance_label(self) -> str:
        return self.comment.get_position_display()

    # … and through the answer as it stood (`ReportEntryQuerySet.for_display`). --------------

    def _answer(self, field):
        answer = getattr(self, "answer_then", None)
        return answer.get(field) if answer else None

    @property
    def decision(self) -> str:
        return self._answer("decision") or ""

    @property
    def reasoning(self) -> str:
        return self._answer("reasoning") or ""

    @property
    def answered_at(self) -> datetime.datetime | None:
        moment = self._answer("answered_at")
        return datetime.datetime.fromisoformat(moment) if moment else None

    @property
    def carried_in_version(self) -> int | None:
        return self._answer("carried_in_version")

    @property
    def carried_in_kind(self) -> str:
        return self._answer("carried_in_kind") or ""

    @property
    def carried_in_number(self) -> str:
        return self._answer("carried_in_number") or ""

    @property
    def carried_in(self) -> str:
        if not self.carried_in_kind:
            return ""
        return gettext("%(article)s of version %(number)s") % {
            "article": section_label(self.carried_in_kind, self.carried_in_number),
            "number": self.carried_in_version,
        }

    @property
    def decision_label(self) -> str:
        return (
            str(Answer.Decision(self.decision).label) if self.decision else gettext("Not answered")
        )
