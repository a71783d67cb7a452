"""The final public-opinion report of one discussion: an immutable snapshot.

A `Report` holds the statistics of the discussion as they stood when it was built (JSON, raw
codes — labels are translated when shown, so one snapshot serves three languages) and its
summary table of proposals as `ReportEntry` rows copied out of the comments. Rebuilding makes
a new snapshot; a published one never changes.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import Membership, RespondentProfile
from drafts.models import Draft, section_label


class ReportQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published_at__isnull=False)

    def visible_to(self, user):
        """Published reports, and every snapshot of the user's own bodies' drafts."""
        if not user.is_authenticated:
            return self.published()
        if user.is_superuser:
            return self
        own = Membership.objects.filter(user=user).values("organization")
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


class ReportEntry(models.Model):
    """One row of the summary table of proposals: a comment, or a campaign of identical or
    near-identical comments standing as one row with its size. Copied, not linked, so later
    edits of answers or profiles do not change a built report."""

    # A report's rows are written once, 100,000 at a time, and read by (report, position): the
    # unique index below serves every read, so the foreign keys get no indexes of their own.
    report = models.ForeignKey(
        Report, on_delete=models.PROTECT, related_name="entries", db_index=False
    )
    position = models.PositiveIntegerField()
    comment = models.ForeignKey(
        "comments.Comment", on_delete=models.PROTECT, related_name="report_entries", db_index=False
    )
    receipt = models.CharField(max_length=60, blank=True)
    kind = models.CharField(max_length=15)
    # How many comments this row stands for (1 unless a campaign).
    campaign_size = models.PositiveIntegerField(default=1)
    version_number = models.PositiveIntegerField()
    # The article commented on (empty: the whole draft), as it was numbered in that version.
    provision_id = models.BigIntegerField(null=True, blank=True)
    section_kind = models.CharField(max_length=10, blank=True)
    section_number = models.CharField(max_length=20, blank=True)
    # The name only where its author agreed to show it.
    author_name = models.CharField(max_length=300, blank=True)
    author_category = models.CharField(max_length=30)
    author_region = models.CharField(max_length=20)
    stance = models.CharField(max_length=20)
    text = models.TextField()
    agreements = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField()
    decision = models.CharField(max_length=20, blank=True)
    reasoning = models.TextField(blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    # For an accepted proposal: the article of the later version that carries it.
    carried_in_version = models.PositiveIntegerField(null=True, blank=True)
    carried_in_kind = models.CharField(max_length=10, blank=True)
    carried_in_number = models.CharField(max_length=20, blank=True)

    class Meta:
        ordering = ["report", "position"]
        verbose_name = _("row of a report")
        verbose_name_plural = _("rows of a report")
        constraints = [
            models.UniqueConstraint(fields=["report", "position"], name="report_entry_position"),
        ]

    def __str__(self):
        return f"{self.report} #{self.position}"

    @property
    def public_author(self) -> str:
        return self.author_name or RespondentProfile.anonymous_label(
            self.author_category, self.author_region
        )

    @property
    def article(self) -> str:
        return section_label(self.section_kind, self.section_number)

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
        from comments.models import Answer

        return (
            str(Answer.Decision(self.decision).label) if self.decision else gettext("Not answered")
        )

    @property
    def stance_label(self) -> str:
        from comments.models import Comment

        return str(Comment.Position(self.stance).label)
