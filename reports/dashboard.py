"""The Ministry of Justice compliance dashboard's pages: the filter form, the tables (columns,
sorting, CSV/XLSX export), the charts and the two views — all state bodies, one body's drafts.
What is counted, and by which rules, is reports.metrics.
"""

from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.db.models import F, Value
from django.db.models.functions import Coalesce, NullIf
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import Organization
from drafts.models import ActType
from sep.exports import csv_response, xlsx_response
from sep.i18n import content_languages
from sep.querystrings import query_string_without

from .charts import bar_chart, svg_data_uri
from .metrics import Scope, body_statistics, draft_statistics, total_statistics

DRAFTS_PER_PAGE = 50
# The query string's keys that are not filters: links that keep the filters drop them.
NOT_FILTERS = ("page", "format", "sort")


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


def _scope(request) -> tuple[Scope, DashboardFilterForm]:
    """The scope asked for in the query string, and its form (with any errors to show)."""
    form = DashboardFilterForm(request.GET)
    form.is_valid()  # cleaned_data then holds the valid fields only: the rest take defaults
    return Scope.from_filters(form.cleaned_data), form


# --- Tables: columns, sorting, export ---------------------------------------------------------


@dataclass(frozen=True)
class Column:
    key: str  # the annotation shown, the `?sort=` value and the export column
    label: str  # read under its group's heading, so it need not repeat it
    numeric: bool = True
    group: str = ""


# Group headings keep the column headings short enough for eleven columns to fit a desktop. A
# heading read under its group has its own context: in Russian and Kyrgyz it agrees with the
# group's noun ("Проекты: опубликовано").
DRAFTS = _("Drafts")
COMMENTS = _("Comments")
PLAN = _("Plan items")

# The comment figures, the same in both tables.
COMMENT_COLUMNS = [
    Column("comments_received", pgettext_lazy("compliance column", "received"), group=COMMENTS),
    Column("answered_share", pgettext_lazy("compliance column", "answered, %"), group=COMMENTS),
    Column(
        "median_days", pgettext_lazy("compliance column", "median days to answer"), group=COMMENTS
    ),
    Column(
        "accepted_share",
        pgettext_lazy("compliance column", "answers accepting fully or partly, %"),
        group=COMMENTS,
    ),
]

BODY_COLUMNS = [
    Column("body", _("State body"), numeric=False),
    Column("drafts_published", pgettext_lazy("compliance column", "published"), group=DRAFTS),
    Column(
        "minimum_share",
        pgettext_lazy("compliance column", "discussed at least the legal minimum, %"),
        group=DRAFTS,
    ),
    Column("unplanned", pgettext_lazy("compliance column", "of them unplanned"), group=DRAFTS),
    *COMMENT_COLUMNS,
    Column("on_time", pgettext_lazy("compliance column", "published on time"), group=PLAN),
    Column("late", pgettext_lazy("compliance column", "published late"), group=PLAN),
    Column("overdue", pgettext_lazy("compliance column", "overdue"), group=PLAN),
]

DRAFT_COLUMNS = [
    Column("draft", _("Draft"), numeric=False),
    Column("published_on", _("Published")),
    Column("discussion_length", _("Discussion, days")),
    *COMMENT_COLUMNS,
    Column("plan_status", _("Plan"), numeric=False),
]


def header_rows(headers: list[dict]) -> tuple[list[dict], list[dict]]:
    """The two heading rows of a table with column groups: the top row holds the group headings
    (spanning their columns) and the ungrouped headings (spanning both rows); the second row
    holds the grouped columns' headings."""
    top, grouped = [], []
    for header in headers:
        group = header["column"].group
        if not group:
            top.append({"header": header})
            continue
        if top and top[-1].get("group") == group:
            top[-1]["span"] += 1
        else:
            top.append({"group": group, "span": 1})
        grouped.append(header)
    return top, grouped


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
        filters = query_string_without(request, *NOT_FILTERS)
        headers = []
        for column in columns:
            active = column.key == self.key
            descending = (not self.descending) if active else column.numeric
            sort = f"sort=-{column.key}" if descending else f"sort={column.key}"
            headers.append(
                {
                    "column": column,
                    "url": f"?{filters}&{sort}" if filters else f"?{sort}",
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
    # Counts stay whole numbers (their axis then ticks in whole drafts); shares become floats.
    labels = [label for label, _ in rows]
    values = [value if isinstance(value, int) else float(value) for _, value in rows]
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
    scope, form = _scope(request)
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
    return render(
        request,
        "reports/dashboard.html",
        {
            "form": form,
            "scope": scope,
            "bodies": bodies,
            "totals": totals,
            "header_rows": header_rows(sort.headers(request, BODY_COLUMNS)),
            "charts": charts,
            "min_days": settings.SEP_MIN_DISCUSSION_DAYS,
            "query_string": query_string_without(request, "format"),
            "filter_string": query_string_without(request, *NOT_FILTERS),
        },
    )


@analyst_only
def dashboard_body(request, short_name):
    body = get_object_or_404(Organization, short_name=short_name)
    scope, form = _scope(request)
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
    return render(
        request,
        "reports/dashboard_body.html",
        {
            "body": body,
            "form": form,
            "scope": scope,
            "summary": summary,
            "page": page,
            "header_rows": header_rows(sort.headers(request, DRAFT_COLUMNS)),
            "query_string": query_string_without(request, "page", "format"),
            "filter_string": query_string_without(request, *NOT_FILTERS),
            "plan_years": range(scope.date_from.year, scope.date_to.year + 1),
        },
    )
