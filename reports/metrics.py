"""What the Ministry of Justice compliance dashboard counts (reports.dashboard shows it): how
each state body keeps the rules of public discussion — periods, answers, plans — across bodies
and a date range.

Every number is computed by PostgreSQL (aggregates, `percentile_cont` for medians); a page runs
the same few queries whatever the number of drafts and comments. Rules, stated once here:

* A draft counts when it is public (not being prepared) and was published in the date range
  (Bishkek calendar days, both ends included), optionally of one type of act.
* Comments received: every comment (kind "comment", not alternatives) on those drafts,
  published or hidden. Answers are due for the published ones only (the answer queue's rule,
  `Comment.objects.unanswered()`), so "answered" and its share count published comments.
* Days to answer: elapsed time from the comment to its answer, in days (a median of those).
* Accepted: answers "accepted" or "partly accepted", as a share of the answered comments.
* Plan execution: items of approved plans whose due quarter overlaps the date range (the
  default range — a calendar year — thus takes that year's plans), by the status rules of
  `PlanItem.objects.with_status()`: on time, late, overdue. Dropped and not yet due items are
  not counted. A body's items are those of its own plans.
* Unplanned: counted drafts not linked to an item of an approved plan (as the draft page says).
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.db.models import (
    Count,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    FilteredRelation,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Cast, Coalesce, Extract, Round, TruncDate
from django.db.models.lookups import GreaterThanOrEqual
from django.utils import timezone

from accounts.models import Organization
from comments.models import Answer, Comment
from drafts.models import Draft, bishkek_midnight
from plans.models import LegislativePlan, PlanItem

from .statistics import NUMERIC, Median, share_expression

COUNTED_PLAN_STATUSES = (
    PlanItem.Status.ON_TIME.value,
    PlanItem.Status.LATE.value,
    PlanItem.Status.OVERDUE.value,
)


@dataclass(frozen=True)
class Scope:
    """What the dashboard counts: drafts published between two Bishkek calendar days."""

    date_from: datetime.date
    date_to: datetime.date
    act_type: str = ""

    @classmethod
    def from_filters(cls, data: dict) -> "Scope":
        """The scope of the filters in `data` (a form's cleaned_data); the current Bishkek
        year by default (and for any filter missing from `data`)."""
        year = timezone.localdate().year
        return cls(
            date_from=data.get("date_from") or datetime.date(year, 1, 1),
            date_to=data.get("date_to") or datetime.date(year, 12, 31),
            act_type=data.get("act_type") or "",
        )

    def draft_condition(self, prefix: str = "") -> Q:
        condition = Q(
            **{
                f"{prefix}published_at__gte": bishkek_midnight(self.date_from),
                f"{prefix}published_at__lt": bishkek_midnight(
                    self.date_to + datetime.timedelta(days=1)
                ),
            }
        ) & ~Q(**{f"{prefix}status": Draft.Status.PREPARING})
        if self.act_type:
            condition &= Q(**{f"{prefix}act_type": self.act_type})
        return condition

    def drafts(self):
        return Draft.objects.filter(self.draft_condition())

    def plan_items(self):
        """Approved plans' items due in a quarter that overlaps the range, with `status`."""
        items = (
            PlanItem.objects.public()
            .filter(due_from__lte=self.date_to, due_until__gte=self.date_from)
            .with_status(timezone.localdate())
        )
        if self.act_type:
            items = items.filter(act_type=self.act_type)
        return items


def _meets_minimum(prefix: str = ""):
    # The Law on normative legal acts sets the minimum public discussion period (see
    # settings.SEP_MIN_DISCUSSION_DAYS); a shorter one needs a justification, and is counted
    # here as *not* meeting the minimum even when justified.
    return GreaterThanOrEqual(
        Draft.discussion_days_expression(prefix), settings.SEP_MIN_DISCUSSION_DAYS
    )


def _draft_metrics(prefix: str) -> dict:
    """Aggregates over the drafts reached by `prefix` and their comments. Drafts are counted
    distinct because each appears once per comment in the join."""
    comment = Q(**{f"{prefix}comments__kind": Comment.Kind.COMMENT})
    to_answer = comment & Q(**{f"{prefix}comments__status": Comment.Status.PUBLISHED})
    answered = to_answer & Q(**{f"{prefix}comments__answer__isnull": False})
    accepted = answered & Q(**{f"{prefix}comments__answer__decision__in": Answer.ACCEPTING})
    days_to_answer = ExpressionWrapper(
        Extract(
            ExpressionWrapper(
                F(f"{prefix}comments__answer__created_at") - F(f"{prefix}comments__created_at"),
                output_field=models.DurationField(),
            ),
            "epoch",
        )
        / 86400.0,
        output_field=FloatField(),
    )
    draft = f"{prefix}pk"
    comment_id = f"{prefix}comments__pk"
    return {
        "drafts_published": Count(draft, distinct=True),
        "meeting_minimum": Count(draft, distinct=True, filter=_meets_minimum(prefix)),
        "planned": Count(
            draft,
            distinct=True,
            filter=Q(**{f"{prefix}plan_item__plan__status": LegislativePlan.Status.APPROVED}),
        ),
        "comments_received": Count(comment_id, filter=comment),
        "to_answer": Count(comment_id, filter=to_answer),
        "answered": Count(comment_id, filter=answered),
        "accepted": Count(comment_id, filter=accepted),
        "median_days": Round(
            Cast(Median(days_to_answer, filter=answered, output_field=FloatField()), NUMERIC),
            1,
            output_field=DecimalField(),
        ),
    }


def _derived_metrics(metrics: dict) -> dict:
    """Shares and differences of the counts in `metrics` (expressions or references to them)."""
    return {
        "minimum_share": share_expression(metrics["meeting_minimum"], metrics["drafts_published"]),
        "answered_share": share_expression(metrics["answered"], metrics["to_answer"]),
        "accepted_share": share_expression(metrics["accepted"], metrics["answered"]),
        "unplanned": ExpressionWrapper(
            metrics["drafts_published"] - metrics["planned"], output_field=IntegerField()
        ),
    }


def _plan_metrics() -> dict:
    return {status: Count("pk", filter=Q(status=status)) for status in COUNTED_PLAN_STATUSES}


def _plan_count(scope: Scope, status: str):
    """Items of the body's plans in scope with `status`: a correlated subquery, because
    joining plan items next to comments would multiply the rows of both."""
    items = (
        scope.plan_items()
        .filter(plan__organization=OuterRef("pk"), status=status)
        .values("plan__organization")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(items, output_field=IntegerField()), 0)


def _with_scoped_drafts(queryset, scope: Scope):
    return queryset.annotate(
        scoped=FilteredRelation("drafts", condition=scope.draft_condition("drafts__"))
    )


def body_statistics(scope: Scope):
    """One row per state body with a draft or a plan item in scope, with every metric of the
    dashboard as an annotation (see the module docstring for the rules)."""
    has_drafts = Exists(scope.drafts().filter(organization=OuterRef("pk")))
    has_items = Exists(scope.plan_items().filter(plan__organization=OuterRef("pk")))
    metrics = _draft_metrics("scoped__")
    return (
        _with_scoped_drafts(Organization.objects.filter(has_drafts | has_items), scope)
        .annotate(**metrics)
        .annotate(
            **_derived_metrics({name: F(name) for name in metrics}),
            **{status: _plan_count(scope, status) for status in COUNTED_PLAN_STATUSES},
        )
    )


def total_statistics(scope: Scope) -> dict:
    """The totals row: the same metrics over all bodies, in two queries (drafts with their
    comments; plan items). The median is over all comments, not a median of the medians."""
    metrics = _draft_metrics("scoped__")
    totals = _with_scoped_drafts(Organization.objects.all(), scope).aggregate(
        **metrics, **_derived_metrics(metrics)
    )
    totals.update(scope.plan_items().aggregate(**_plan_metrics()))
    return totals


def draft_statistics(scope: Scope, body: Organization):
    """One row per draft of `body` in scope, with the per-draft metrics of the dashboard."""
    plan_status = Subquery(
        PlanItem.objects.public()
        .with_status(timezone.localdate())
        .filter(draft=OuterRef("pk"))
        .values("status")[:1]
    )
    metrics = _draft_metrics("")
    return (
        scope.drafts()
        .filter(organization=body)
        .annotate(**metrics)
        .annotate(
            **_derived_metrics({name: F(name) for name in metrics}),
            discussion_length=Draft.discussion_days_expression(),
            published_on=TruncDate("published_at", tzinfo=timezone.get_current_timezone()),
            plan_status=Coalesce(plan_status, Value("unplanned")),
        )
    )
