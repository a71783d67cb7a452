"""The Ministry of Justice compliance dashboard: how each state body keeps the rules of public
discussion — periods, answers, plans — across bodies and a date range.

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

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.db import models
from django.db.models import (
    Count,
    DateTimeField,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    FilteredRelation,
    FloatField,
    Func,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Cast, Coalesce, Extract, NullIf, Round, TruncDate
from django.db.models.lookups import GreaterThanOrEqual
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization
from comments.models import Answer, Comment
from drafts.models import ActType, Draft, bishkek_midnight
from plans.models import LegislativePlan, PlanItem
from sep.exports import csv_response, xlsx_response
from sep.i18n import content_languages

from .charts import bar_chart, svg_data_uri
from .statistics import Median

DRAFTS_PER_PAGE = 50
COUNTED_PLAN_STATUSES = (
    PlanItem.Status.ON_TIME.value,
    PlanItem.Status.LATE.value,
    PlanItem.Status.OVERDUE.value,
)


# --- Filters ----------------------------------------------------------------------------------


class DashboardFilterForm(forms.Form):
    date_from = forms.DateField(
        label=_("Published from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("Published until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    act_type = forms.ChoiceField(
        label=_("Type of act"),
        required=False,
        choices=[("", _("Any type")), *ActType.choices],
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end of the period must not be before its start."))
        return cleaned


@dataclass(frozen=True)
class Scope:
    """What the dashboard counts: drafts published between two Bishkek calendar days."""

    date_from: datetime.date
    date_to: datetime.date
    act_type: str = ""

    @classmethod
    def from_request(cls, request) -> tuple["Scope", DashboardFilterForm]:
        """The scope asked for in the query string; the current Bishkek year by default (and
        for any part of the form that is not valid)."""
        form = DashboardFilterForm(request.GET)
        year = timezone.localdate().year
        form.is_valid()  # cleaned_data then holds the valid fields only
        data = form.cleaned_data
        scope = cls(
            date_from=data.get("date_from") or datetime.date(year, 1, 1),
            date_to=data.get("date_to") or datetime.date(year, 12, 31),
            act_type=data.get("act_type") or "",
        )
        return scope, form

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


# --- Statistics -------------------------------------------------------------------------------


# Round() of a float is not defined in PostgreSQL: values are rounded as numeric.
_NUMERIC = DecimalField(max_digits=20, decimal_places=6)


def _percent(part, whole):
    """part / whole as a percentage with one decimal; NULL (not 0) when there is no whole."""
    return ExpressionWrapper(
        Round(Cast(part, _NUMERIC) * 100 / NullIf(whole, 0), 1),
        output_field=DecimalField(),
    )


def _discussion_days(prefix: str = ""):
    """Calendar days of the discussion by the Bishkek clock, both ends included — as
    `Draft.discussion_days`, in SQL."""
    tz = timezone.get_current_timezone()
    last_day = TruncDate(
        ExpressionWrapper(
            F(f"{prefix}discussion_ends") - datetime.timedelta(microseconds=1),
            output_field=DateTimeField(),
        ),
        tzinfo=tz,
    )
    first_day = TruncDate(f"{prefix}discussion_starts", tzinfo=tz)
    # date - date is a whole number of days in PostgreSQL.
    return Func(
        last_day,
        first_day,
        template="(%(expressions)s + 1)",
        arg_joiner=" - ",
        output_field=IntegerField(),
    )


def _meets_minimum(prefix: str = ""):
    # The Law on normative legal acts sets the minimum public discussion period (see
    # settings.SEP_MIN_DISCUSSION_DAYS); a shorter one needs a justification, and is counted
    # here as *not* meeting the minimum even when justified.
    return GreaterThanOrEqual(_discussion_days(prefix), settings.SEP_MIN_DISCUSSION_DAYS)


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
            Cast(Median(days_to_answer, filter=answered, output_field=FloatField()), _NUMERIC),
            1,
            output_field=DecimalField(),
        ),
    }


def _derived_metrics(metrics: dict) -> dict:
    """Shares and differences of the counts in `metrics` (expressions or references to them)."""
    return {
        "minimum_share": _percent(metrics["meeting_minimum"], metrics["drafts_published"]),
        "answered_share": _percent(metrics["answered"], metrics["to_answer"]),
        "accepted_share": _percent(metrics["accepted"], metrics["answered"]),
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
            discussion_length=_discussion_days(),
            published_on=TruncDate("published_at", tzinfo=timezone.get_current_timezone()),
            plan_status=Coalesce(plan_status, Value("unplanned")),
        )
    )


# --- Tables: columns, sorting, export ---------------------------------------------------------


@dataclass(frozen=True)
class Column:
    key: str  # the annotation shown, the `?sort=` value and the export column
    label: str
    numeric: bool = True


BODY_COLUMNS = [
    Column("body", _("State body"), numeric=False),
    Column("drafts_published", _("Drafts published")),
    Column("minimum_share", _("Discussion at least the legal minimum, %")),
    Column("comments_received", _("Comments received")),
    Column("answered_share", _("Comments answered, %")),
    Column("median_days", _("Median days to answer")),
    Column("accepted_share", _("Answers accepting fully or partly, %")),
    Column("on_time", _("Plan items published on time")),
    Column("late", _("Plan items published late")),
    Column("overdue", _("Plan items overdue")),
    Column("unplanned", _("Unplanned drafts")),
]

DRAFT_COLUMNS = [
    Column("draft", _("Draft"), numeric=False),
    Column("published_on", _("Published")),
    Column("discussion_length", _("Discussion, days")),
    Column("comments_received", _("Comments received")),
    Column("answered_share", _("Comments answered, %")),
    Column("median_days", _("Median days to answer")),
    Column("accepted_share", _("Answers accepting fully or partly, %")),
    Column("plan_status", _("Plan"), numeric=False),
]

BODY_EXPORT = [
    "body",
    "name",
    "drafts_published",
    "meeting_minimum",
    "minimum_share",
    "comments_received",
    "to_answer",
    "answered",
    "answered_share",
    "median_days",
    "accepted",
    "accepted_share",
    "on_time",
    "late",
    "overdue",
    "unplanned",
]

DRAFT_EXPORT = [
    "reference",
    "title",
    "act_type",
    "published_on",
    "discussion_length",
    "meets_minimum",
    "comments_received",
    "to_answer",
    "answered",
    "answered_share",
    "median_days",
    "accepted",
    "accepted_share",
    "plan_status",
]


def _localized_name():
    """The body's name in the reader's language, for sorting (as `Organization.name` shows)."""
    names = [NullIf(F(f"name_{lang}"), Value("")) for lang in content_languages()]
    return Coalesce(*names, Value(""))


@dataclass(frozen=True)
class Sort:
    """The `?sort=key` / `?sort=-key` of a table, checked against its columns."""

    key: str
    descending: bool

    @classmethod
    def from_request(cls, request, columns: list[Column], default: str) -> "Sort":
        value = request.GET.get("sort", default)
        key = value.removeprefix("-")
        if key not in {column.key for column in columns}:
            value, key = default, default.removeprefix("-")
        return cls(key=key, descending=value.startswith("-"))

    def order_by(self, expression, *tie_breakers):
        ordered = (
            expression.desc(nulls_last=True) if self.descending else expression.asc(nulls_last=True)
        )
        return [ordered, *tie_breakers]

    def headers(self, request, columns: list[Column]) -> list[dict]:
        """Each column's label, the link that sorts by it and, for the active one, aria-sort.
        A first click sorts numbers biggest first and names A to Z; a second click reverses."""
        query = request.GET.copy()
        query.pop("page", None)
        query.pop("format", None)
        headers = []
        for column in columns:
            active = column.key == self.key
            descending = (not self.descending) if active else column.numeric
            query["sort"] = f"-{column.key}" if descending else column.key
            headers.append(
                {
                    "column": column,
                    "url": f"?{query.urlencode()}",
                    "aria_sort": (
                        ("descending" if self.descending else "ascending") if active else ""
                    ),
                }
            )
        return headers


def _export(header: list[str], rows, fmt: str, filename: str):
    """A table as a streamed CSV or XLSX (sep.exports): typed cells, formulas neutralised."""

    def with_header():
        yield header
        yield from rows

    if fmt == "csv":
        return csv_response(with_header(), filename)
    return xlsx_response([(str(_("Compliance")), with_header())], filename)


def _body_export_rows(bodies, totals: dict):
    for body in bodies:
        values = {"body": body.short_name, "name": body.name}
        yield [values[key] if key in values else getattr(body, key) for key in BODY_EXPORT]
    totals = {**totals, "body": "", "name": str(_("All bodies"))}
    yield [totals[key] for key in BODY_EXPORT]


def _draft_export_rows(drafts):
    for draft in drafts:
        values = {
            "title": draft.title,
            "meets_minimum": draft.meeting_minimum > 0,
        }
        yield [values[key] if key in values else getattr(draft, key) for key in DRAFT_EXPORT]


# --- Charts -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Chart:
    title: str
    alt: str
    uri: str
    rows: list  # (label, value): the same numbers as an HTML table
    value_suffix: str = ""


def _body_chart(bodies, key: str, *, title: str, alt: str, value_suffix: str = "") -> Chart:
    """A bar per body with a value, biggest first: the numbers of one column of the table."""
    rows = sorted(
        ((body.name, getattr(body, key)) for body in bodies if getattr(body, key) is not None),
        key=lambda row: row[1],
        reverse=True,
    )
    labels, values = [label for label, _ in rows], [float(value) for _, value in rows]
    svg = bar_chart(labels, values, title=str(title), value_suffix=value_suffix)
    return Chart(title=title, alt=alt, uri=svg_data_uri(svg), rows=rows, value_suffix=value_suffix)


# --- Views ------------------------------------------------------------------------------------


def analyst_only(view):
    """Sign-in first (anonymous: the login page), then the MoJ analyst permission (else 403);
    superusers have every permission."""
    return login_required(permission_required("accounts.moj_analyst", raise_exception=True)(view))


def _export_format(request) -> str | None:
    fmt = request.GET.get("format")
    return fmt if fmt in ("csv", "xlsx") else None


@analyst_only
def dashboard(request):
    scope, form = Scope.from_request(request)
    sort = Sort.from_request(request, BODY_COLUMNS, default="body")
    sort_expression = _localized_name() if sort.key == "body" else F(sort.key)
    bodies = body_statistics(scope).order_by(*sort.order_by(sort_expression, "short_name"))
    totals = total_statistics(scope)
    if fmt := _export_format(request):
        return _export(
            BODY_EXPORT,
            _body_export_rows(bodies, totals),
            fmt,
            f"moj-dashboard-{scope.date_from}-{scope.date_to}",
        )
    bodies = list(bodies)
    charts = [
        _body_chart(
            bodies,
            "answered_share",
            title=_("Comments answered, % per body"),
            alt=_("Bar chart of the share of comments answered by each body, highest first."),
            value_suffix=" %",
        ),
        _body_chart(
            bodies,
            "drafts_published",
            title=_("Drafts published per body"),
            alt=_("Bar chart of the number of drafts each body published, most first."),
        ),
    ]
    query = request.GET.copy()
    query.pop("format", None)
    return render(
        request,
        "reports/dashboard.html",
        {
            "form": form,
            "scope": scope,
            "bodies": bodies,
            "totals": totals,
            "headers": sort.headers(request, BODY_COLUMNS),
            "charts": charts,
            "min_days": settings.SEP_MIN_DISCUSSION_DAYS,
            "query_string": query.urlencode(),
            "filter_string": _filter_string(request),
        },
    )


@analyst_only
def dashboard_body(request, short_name):
    body = get_object_or_404(Organization, short_name=short_name)
    scope, form = Scope.from_request(request)
    sort = Sort.from_request(request, DRAFT_COLUMNS, default="-published_on")
    sort_expression = F("reference") if sort.key == "draft" else F(sort.key)
    drafts = draft_statistics(scope, body).order_by(*sort.order_by(sort_expression, "-pk"))
    if fmt := _export_format(request):
        return _export(
            DRAFT_EXPORT,
            _draft_export_rows(drafts.iterator(chunk_size=2000)),
            fmt,
            f"moj-dashboard-{body.short_name}-{scope.date_from}-{scope.date_to}",
        )
    summary = body_statistics(scope).filter(pk=body.pk).first()
    page = Paginator(drafts, DRAFTS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("format", None)
    return render(
        request,
        "reports/dashboard_body.html",
        {
            "body": body,
            "form": form,
            "scope": scope,
            "summary": summary,
            "page": page,
            "headers": sort.headers(request, DRAFT_COLUMNS),
            "query_string": query.urlencode(),
            "filter_string": _filter_string(request),
            "plan_years": range(scope.date_from.year, scope.date_to.year + 1),
        },
    )


def _filter_string(request) -> str:
    """The filters of the query string alone, for links that keep them (drill-down, back)."""
    query = request.GET.copy()
    for key in ("page", "format", "sort"):
        query.pop(key, None)
    return query.urlencode()
