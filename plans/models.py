import datetime
from dataclasses import dataclass

from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import IntegerRangeField, RangeOperators
from django.contrib.postgres.search import TrigramSimilarity
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Case, Exists, F, Func, OuterRef, Q, Value, When
from django.db.models.functions import Greatest, TruncDate
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import Organization
from drafts.models import ActType, Draft, SubjectArea
from sep.i18n import localized


def quarter_bounds(year: int, quarter: int) -> tuple[datetime.date, datetime.date]:
    """First and last calendar day of a quarter."""
    first = datetime.date(year, 3 * (quarter - 1) + 1, 1)
    following = datetime.date(year + (quarter == 4), (3 * quarter) % 12 + 1, 1)
    return first, following - datetime.timedelta(days=1)


def _quarters_covered():
    """The plan's period as a range of quarters: whole year [1, 5), halves [1, 3) and [3, 5).

    Plain arithmetic on `period` (0, 1, 2) so the exclusion constraint can index it.
    """
    return Func(
        F("period") / 2 * 2 + 1,
        5 - F("period") % 2 * 2,
        function="int4range",
        output_field=IntegerRangeField(),
    )


def last_history_change(history_model, key="pk"):
    """When the outer row last changed, from its django-simple-history rows (plans keep no
    modification time of their own; history is indexed by id and date)."""
    return models.Subquery(
        history_model.objects.filter(id=OuterRef(key))
        .order_by()
        .values("id")
        .annotate(at=models.Max("history_date"))
        .values("at")
    )


class LegislativePlanQuerySet(models.QuerySet):
    def public(self):
        """Approved plans: a plan still being drafted is its body's own."""
        return self.filter(status=LegislativePlan.Status.APPROVED)


class LegislativePlan(models.Model):
    """A state body's plan of the acts it will draft in a year or a half-year."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft plan")
        APPROVED = "approved", _("Approved")

    class Period(models.IntegerChoices):
        YEAR = 0, _("Whole year")
        FIRST_HALF = 1, _("First half-year")
        SECOND_HALF = 2, _("Second half-year")

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="plans", verbose_name=_("state body")
    )
    year = models.PositiveIntegerField(_("year"))
    period = models.PositiveSmallIntegerField(
        _("period"), choices=Period.choices, default=Period.YEAR
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    approval_reference = models.CharField(_("approved by (document)"), max_length=200, blank=True)
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = LegislativePlanQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "period", "organization__short_name"]
        verbose_name = _("legislative plan")
        verbose_name_plural = _("legislative plans")
        constraints = [
            # A body has one plan for any quarter: a whole-year plan and a half-year plan of
            # the same year would give one act two schedules.
            ExclusionConstraint(
                name="plan_periods_do_not_overlap",
                expressions=[
                    ("organization", RangeOperators.EQUAL),
                    ("year", RangeOperators.EQUAL),
                    (_quarters_covered(), RangeOperators.OVERLAPS),
                ],
                violation_error_message=_(
                    "This body already has a plan for this year that covers this period."
                ),
            ),
            models.CheckConstraint(
                condition=Q(status="draft")
                | (Q(approved_on__isnull=False) & ~Q(approval_reference="")),
                name="plan_approval_recorded",
            ),
        ]

    def __str__(self):
        return f"{self.organization.short_name} {self.year} {self.get_period_display()}"

    def get_absolute_url(self):
        return reverse("plans:body-year", args=[self.organization.short_name, self.year])

    @property
    def is_public(self) -> bool:
        return self.status == self.Status.APPROVED

    @property
    def quarters(self) -> tuple[int, ...]:
        return {0: (1, 2, 3, 4), 1: (1, 2), 2: (3, 4)}[self.period]

    def clean(self):
        if self.pk is None:
            return
        stored = LegislativePlan.objects.filter(pk=self.pk).values("status", "year", "period")[0]
        if stored["status"] == self.Status.APPROVED and (
            (stored["year"], stored["period"]) != (self.year, self.period)
        ):
            # The approving document fixes the period; a changed period needs a new plan.
            raise ValidationError(
                gettext("The period of an approved plan cannot be changed."), code="approved"
            )
        outside = sorted(
            set(self.items.exclude(quarter__in=self.quarters).values_list("quarter", flat=True))
        )
        if outside:
            raise ValidationError(
                {
                    "period": gettext(
                        "The plan has items in %(quarters)s, outside this period. "
                        "Move or drop them first."
                    )
                    % {"quarters": ", ".join(f"Q{q}" for q in outside)}
                }
            )

    @transaction.atomic
    def save_changes(self, *, by=None):
        """Save a staff edit (history names the editor); items follow a change of year."""
        self._history_user = by
        self.save()
        for quarter in self.quarters:
            first, last = quarter_bounds(self.year, quarter)
            self.items.filter(quarter=quarter).exclude(due_from=first).update(
                due_from=first, due_until=last
            )
        _drafts_changed(Draft.objects.filter(plan_item__plan=self))

    def approve(self, *, reference: str, on: datetime.date, by=None):
        if self.status == self.Status.APPROVED:
            raise ValidationError(gettext("This plan is already approved."))
        if not reference.strip():
            raise ValidationError({"reference": gettext("Name the document that approved it.")})
        if not self.items.exists():
            raise ValidationError(gettext("An empty plan cannot be approved."))
        self.status = self.Status.APPROVED
        self.approval_reference = reference.strip()
        self.approved_on = on
        self._history_user = by
        self.save()
        # Its drafts are "planned" from now on, on their pages and in the lists' filter.
        _drafts_changed(Draft.objects.filter(plan_item__plan=self))


def _drafts_changed(drafts):
    """Drafts whose pages and list rows show something of a plan that just changed: their
    cached copies are keyed by these stamps (drafts.caching)."""
    drafts.touch(listed=True)


class PlanItemQuerySet(models.QuerySet):
    def public(self):
        """Items of approved plans (`LegislativePlanQuerySet.public`)."""
        return self.filter(plan__in=LegislativePlan.objects.public())

    def for_open_data(self):
        """Public items with their status, the draft's status (`public_draft_id`) and when they
        last changed (`modified_at`), in a constant number of queries."""
        return (
            self.public()
            .with_status()
            .select_related("responsible", "subject_area", "plan__organization")
            .prefetch_related("co_executors")
            .annotate(
                draft_status=F("draft__status"),
                modified_at=Greatest(
                    "created_at",
                    last_history_change(PlanItem.history.model),
                    last_history_change(LegislativePlan.history.model, "plan_id"),
                ),
            )
        )

    def with_status(self, today: datetime.date | None = None):
        """Annotate `status` (one of PlanItem.Status) — the one place the rules live.

        Dates are Bishkek calendar days: a draft published at 23:30 on 31 March in Bishkek
        (17:30 UTC) is on time for the first quarter.
        """
        today = today or timezone.localdate()
        published_on = TruncDate("draft__published_at", tzinfo=timezone.get_current_timezone())
        return self.annotate(
            published_on=published_on,
            status=Case(
                When(dropped_at__isnull=False, then=Value(PlanItem.Status.DROPPED)),
                When(
                    draft__published_at__isnull=False,
                    published_on__lte=F("due_until"),
                    then=Value(PlanItem.Status.ON_TIME),
                ),
                When(draft__published_at__isnull=False, then=Value(PlanItem.Status.LATE)),
                When(due_until__lt=today, then=Value(PlanItem.Status.OVERDUE)),
                When(due_from__lte=today, then=Value(PlanItem.Status.DUE)),
                default=Value(PlanItem.Status.PLANNED),
                output_field=models.CharField(),
            ),
        )

    def counting_as_planned(self):
        """Items that make their linked draft count as planned: those of an approved plan.

        The one definition behind the drafts list's `planned` filter and the draft page
        (see `draft_is_planned`); a link to an item of a plan still being drafted does not count.
        """
        return self.public()

    def open(self):
        """Items a new draft may still fulfil: not dropped and not linked to a draft."""
        return self.filter(dropped_at__isnull=True, draft__isnull=True)

    def with_similarity(self, *, title_ru: str, title_ky: str):
        """Annotate `similarity` (0–1, trigram) of each item's titles to the given titles."""
        return self.annotate(
            similarity=Greatest(
                TrigramSimilarity("title_ru", title_ru or title_ky),
                TrigramSimilarity("title_ky", title_ky or title_ru),
            )
        )

    def similar_to(self, draft: Draft, *, limit=5, threshold=0.15):
        """The body's open items whose titles look like the draft's (trigram similarity)."""
        return (
            self.open()
            .filter(plan__organization=draft.organization_id)
            .with_similarity(title_ru=draft.title_ru, title_ky=draft.title_ky)
            .filter(similarity__gte=threshold)
            .order_by("-similarity")[:limit]
        )

    def for_listing(self):
        return self.select_related(
            "plan__organization", "responsible", "subject_area", "draft"
        ).prefetch_related("co_executors")


def draft_is_planned():
    """Expression for a Draft queryset: the draft fulfils an item that counts as planned."""
    return Exists(PlanItem.objects.counting_as_planned().filter(draft=OuterRef("pk")))


@dataclass(frozen=True)
class QuarterChange:
    old: int
    new: int
    changed_at: datetime.datetime


class PlanItem(models.Model):
    """One act a body plans to put up for public discussion in a given quarter."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        DUE = "due", _("Due this quarter")
        OVERDUE = "overdue", _("Overdue")
        ON_TIME = "on_time", _("Published on time")
        LATE = "late", _("Published late")
        DROPPED = "dropped", _("Dropped")

    plan = models.ForeignKey(LegislativePlan, on_delete=models.PROTECT, related_name="items")
    title_ky = models.CharField(_("title in Kyrgyz"), max_length=500, blank=True)
    title_ru = models.CharField(_("title in Russian"), max_length=500, blank=True)
    act_type = models.CharField(_("type of act"), max_length=30, choices=ActType.choices)
    responsible = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="responsible_plan_items",
        verbose_name=_("responsible body"),
    )
    co_executors = models.ManyToManyField(
        Organization,
        blank=True,
        related_name="co_executed_plan_items",
        verbose_name=_("co-executors"),
    )
    subject_area = models.ForeignKey(
        SubjectArea,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plan_items",
        verbose_name=_("subject area"),
    )
    quarter = models.PositiveSmallIntegerField(
        _("quarter of public discussion"), choices=[(q, f"Q{q}") for q in (1, 2, 3, 4)]
    )
    planned_adoption = models.DateField(_("planned adoption"), null=True, blank=True)
    rationale = models.TextField(_("rationale"), blank=True)
    draft = models.OneToOneField(
        Draft,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plan_item",
        verbose_name=_("published draft"),
    )
    dropped_at = models.DateTimeField(null=True, blank=True)
    dropped_reason = models.TextField(_("why it was dropped"), blank=True)
    # The quarter's first and last Bishkek calendar day, kept so status rules are plain SQL.
    due_from = models.DateField(editable=False)
    due_until = models.DateField(editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = PlanItemQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "quarter", "pk"]
        verbose_name = _("plan item")
        verbose_name_plural = _("plan items")
        constraints = [
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4), name="item_quarter"
            ),
            models.CheckConstraint(condition=~Q(title_ky="", title_ru=""), name="item_has_title"),
            models.CheckConstraint(
                condition=Q(dropped_at__isnull=True) | ~Q(dropped_reason=""),
                name="item_dropped_with_reason",
            ),
        ]
        indexes = [models.Index(fields=["due_until"], name="item_due_until")]

    def __str__(self):
        return str(self.title)

    def save(self, *args, **kwargs):
        self.due_from, self.due_until = quarter_bounds(self.plan.year, self.quarter)
        super().save(*args, **kwargs)
        if self.draft_id:
            # The draft's page shows the item's year and quarter; lists filter by "planned".
            _drafts_changed(Draft.objects.filter(pk=self.draft_id))

    def get_absolute_url(self):
        return reverse("plans:item", args=[self.pk])

    @property
    def public_draft_id(self) -> int | None:
        """The id of the item's draft, unless that draft is still being prepared (not public).
        Reads the `draft_status` annotation of `for_open_data`."""
        if self.draft_id is None or self.draft_status == Draft.Status.PREPARING:
            return None
        return self.draft_id

    @property
    def title(self):
        return localized(self, "title")

    @property
    def status_label(self):
        """The label of the `status` annotation (PlanItemQuerySet.with_status)."""
        return self.Status(self.status).label

    def clean(self):
        if self.plan_id and self.quarter and self.quarter not in self.plan.quarters:
            raise ValidationError(
                {"quarter": gettext("This quarter is outside the plan's period.")}
            )

    def quarter_changes(self) -> list[QuarterChange]:
        """Moves of the planned quarter made once the plan was approved, oldest first.

        Read from the item's history: the public sees every reschedule of a published
        commitment. Changes while the plan was a draft are the body's own business.
        """
        if not self.plan.is_public:
            return []
        # Plans approved outside `approve` (old data) have no such record: all changes count.
        approved_at = (
            self.plan.history.filter(status=LegislativePlan.Status.APPROVED)
            .order_by("history_date")
            .values_list("history_date", flat=True)
            .first()
        )
        changes, previous = [], None
        for quarter, moment in self.history.order_by("history_date", "history_id").values_list(
            "quarter", "history_date"
        ):
            moved = previous is not None and quarter != previous
            if moved and (approved_at is None or moment >= approved_at):
                changes.append(QuarterChange(previous, quarter, moment))
            previous = quarter
        return changes

    def drop(self, *, reason: str, by=None):
        if not reason.strip():
            raise ValidationError({"reason": gettext("Say why the item is dropped.")})
        if self.draft_id:
            raise ValidationError(gettext("An item whose draft is published cannot be dropped."))
        self.dropped_at = timezone.now()
        self.dropped_reason = reason.strip()
        self._history_user = by
        self.save()

    def link(self, draft: Draft, *, by=None):
        if draft.organization_id != self.plan.organization_id:
            raise ValidationError(gettext("Only the body's own drafts can fulfil its plan."))
        if self.dropped_at:
            raise ValidationError(gettext("This item was dropped."))
        if self.draft_id and self.draft_id != draft.pk:
            raise ValidationError(gettext("This item is already linked to another draft."))
        if PlanItem.objects.filter(draft=draft).exclude(pk=self.pk).exists():
            raise ValidationError(gettext("This draft already fulfils another plan item."))
        self.draft = draft
        self._history_user = by
        self.save()  # which tells the draft's cached page and list rows (see save)


class PlanImport(models.Model):
    """An uploaded plan spreadsheet, kept with its errors so the clerk can correct it."""

    plan = models.ForeignKey(LegislativePlan, on_delete=models.PROTECT, related_name="imports")
    file = models.FileField(upload_to="plans/imports/")
    original_name = models.CharField(max_length=255)
    errors = models.JSONField(default=list)
    imported_rows = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = _("plan import")
        verbose_name_plural = _("plan imports")

    def __str__(self):
        return f"{self.plan} ← {self.original_name}"

    @property
    def succeeded(self) -> bool:
        return not self.errors
