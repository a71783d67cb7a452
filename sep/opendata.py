"""Bulk open data: every public draft, published comment (with its answer) and plan item, per
year, as CSV and JSON Lines, streamed in constant memory; and the open-data page that lists the
files with their sizes, the data dictionary and the feeds.

The rows come from the same querysets as the API (`for_open_data()` of drafts, comments and
plan items), so the privacy rules live in one place: no draft being prepared, no hidden
comment, no e-mail address, no name its owner did not agree to show."""

import datetime
import json
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F
from django.db.models.functions import Coalesce, ExtractYear
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from comments.models import Comment
from drafts.models import Draft
from plans.models import PlanItem

from .exports import csv_response

CHUNK = 1000


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    meaning: Any
    value: Any  # row → value


@dataclass(frozen=True)
class Dataset:
    slug: str
    title: Any
    description: Any
    columns: list[Column] = field(default_factory=list)

    def rows(self, year: int):
        raise NotImplementedError

    def year_counts(self) -> dict[int, int]:
        raise NotImplementedError


def _iso(value):
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


# --- Drafts -----------------------------------------------------------------------------------


class DraftsDataset(Dataset):
    def queryset(self):
        # A draft withdrawn before publication has no publication date: its year is its creation.
        return Draft.objects.for_open_data().annotate(
            year=ExtractYear(Coalesce("published_at", "created_at"))
        )

    def rows(self, year):
        return self.queryset().filter(year=year).order_by("pk").iterator(chunk_size=CHUNK)

    def year_counts(self):
        return _counts(
            Draft.objects.public().annotate(
                year=ExtractYear(Coalesce("published_at", "created_at"))
            )
        )


DRAFTS = DraftsDataset(
    slug="drafts",
    title=_("Drafts"),
    description=_("Every draft published for public discussion, one row per draft."),
    columns=[
        Column("id", "integer", _("Stable id of the draft (API: /api/v1/drafts/{id}/)."), "pk"),
        Column("reference", "text", _("Reference number, e.g. MJ-2026-0042."), "reference"),
        Column("title_ky", "text", _("Title in Kyrgyz."), "title_ky"),
        Column("title_ru", "text", _("Title in Russian."), "title_ru"),
        Column("summary_ky", "text", _("Summary in Kyrgyz."), "summary_ky"),
        Column("summary_ru", "text", _("Summary in Russian."), "summary_ru"),
        Column("act_type", "code", _("Type of act (law, presidential_decree, …)."), "act_type"),
        Column(
            "status",
            "code",
            _("discussion, closed, summarised, adopted, withdrawn or rejected."),
            "status",
        ),
        Column(
            "organization",
            "text",
            _("Short name of the developer body."),
            lambda d: d.organization.short_name,
        ),
        Column(
            "subject_areas",
            "list of codes",
            _("Subject areas, separated by “;” (CSV) or a list (JSON)."),
            lambda d: [area.slug for area in d.subject_areas.all()],
        ),
        Column(
            "discussion_starts",
            "date-time",
            _("When comments open (ISO 8601)."),
            "discussion_starts",
        ),
        Column(
            "discussion_ends",
            "date-time",
            _("When comments close (ISO 8601, exclusive)."),
            "discussion_ends",
        ),
        Column("published_at", "date-time", _("When it was published (ISO 8601)."), "published_at"),
        Column("closed_at", "date-time", _("When the discussion was closed."), "closed_at"),
        Column("support_count", "integer", _("Votes supporting the draft."), "support_count"),
        Column("oppose_count", "integer", _("Votes opposing the draft."), "oppose_count"),
        Column(
            "plan_item_id",
            "integer",
            _("Id of the approved plan item it fulfils; empty if unplanned."),
            "public_plan_item_id",
        ),
        Column(
            "version_ids",
            "list of integers",
            _("Ids of its published versions (API: /api/v1/versions/{id}/)."),
            lambda d: [v.pk for v in d.published_versions],
        ),
        Column(
            "report_ids",
            "list of integers",
            _("Ids of its published reports (API: /api/v1/reports/{id}/)."),
            lambda d: [r.pk for r in d.published_reports],
        ),
        Column("modified_at", "date-time", _("Last public change."), "changed_at"),
    ],
)


# --- Comments ---------------------------------------------------------------------------------


class CommentsDataset(Dataset):
    def queryset(self):
        # Hidden comments are left out of the bulk files altogether.
        return Comment.objects.for_open_data().published()

    def rows(self, year):
        return (
            self.queryset().filter(created_at__year=year).order_by("pk").iterator(chunk_size=CHUNK)
        )

    def year_counts(self):
        return _counts(
            Comment.objects.public().published().annotate(year=ExtractYear("created_at")),
        )


def _answer(attribute):
    def value(comment):
        answer = getattr(comment, "answer", None)  # no answer: RelatedObjectDoesNotExist
        return getattr(answer, attribute) if answer is not None else None

    return value


COMMENTS = CommentsDataset(
    slug="comments",
    title=_("Comments with answers"),
    description=_(
        "Every published comment and alternative version, with the developer body's answer. "
        "Comments hidden by a moderator are left out."
    ),
    columns=[
        Column("id", "integer", _("Stable id of the comment."), "pk"),
        Column("receipt", "text", _("Receipt number given to the author."), "receipt"),
        Column("draft_id", "integer", _("Id of the draft."), "draft_id"),
        Column(
            "draft_reference", "text", _("Reference of the draft."), lambda c: c.draft.reference
        ),
        Column("version_id", "integer", _("Id of the version commented on."), "version_id"),
        Column(
            "provision_id",
            "integer",
            _("Stable id of the article across versions; empty: the whole draft."),
            "provision_id",
        ),
        Column("section_id", "integer", _("Id of the article in that version."), "section_id"),
        Column("kind", "code", _("comment or alternative (an alternative version)."), "kind"),
        Column("position", "code", _("proposal, support, objection or other."), "position"),
        Column(
            "author_name",
            "text",
            _("The author's name, only where they agreed to show it; otherwise empty."),
            "author_name",
        ),
        Column(
            "author_category", "code", _("Who the author is (citizen, ngo, …)."), "author_category"
        ),
        Column("author_region", "code", _("The author's region."), "author_region"),
        Column("text", "text", _("The comment, or the alternative text."), "text"),
        Column("explanation", "text", _("For an alternative: why it is better."), "explanation"),
        Column("agreement_count", "integer", _("People who agreed with it."), "agreement_count"),
        Column("created_at", "date-time", _("When it was posted."), "created_at"),
        Column("answer_id", "integer", _("Id of the answer; empty if unanswered."), _answer("pk")),
        Column(
            "answer_decision",
            "code",
            _("accepted, partly, rejected, noted, duplicate or out_of_scope."),
            _answer("decision"),
        ),
        Column("answer_reasoning", "text", _("The body's reasoning."), _answer("reasoning")),
        Column(
            "answer_organization",
            "text",
            _("Short name of the answering body."),
            lambda c: org.short_name if (org := _answer("organization")(c)) else None,
        ),
        Column(
            "answer_duplicate_of",
            "integer",
            _("For a duplicate: id of the comment it repeats."),
            _answer("duplicate_of_id"),
        ),
        Column(
            "answer_carried_in",
            "integer",
            _("For an accepted proposal: id of the article that carries it."),
            _answer("carried_in_id"),
        ),
        Column("answered_at", "date-time", _("When it was answered."), _answer("created_at")),
        Column(
            "answer_updated_at",
            "date-time",
            _("When the answer last changed."),
            _answer("updated_at"),
        ),
    ],
)


# --- Plans ------------------------------------------------------------------------------------


class PlansDataset(Dataset):
    def rows(self, year):
        return (
            PlanItem.objects.for_open_data()
            .filter(plan__year=year)
            .order_by("pk")
            .iterator(chunk_size=CHUNK)
        )

    def year_counts(self):
        return _counts(PlanItem.objects.public().annotate(year=F("plan__year")))


PLANS = PlansDataset(
    slug="plans",
    title=_("Legislative plans"),
    description=_("Every item of the approved legislative plans, with its status."),
    columns=[
        Column("id", "integer", _("Stable id of the plan item."), "pk"),
        Column("plan_id", "integer", _("Id of the plan."), "plan_id"),
        Column(
            "organization",
            "text",
            _("Body whose plan it is."),
            lambda i: i.plan.organization.short_name,
        ),
        Column("year", "integer", _("Year of the plan."), lambda i: i.plan.year),
        Column(
            "period",
            "integer",
            _("0: whole year, 1: first half, 2: second half."),
            lambda i: i.plan.period,
        ),
        Column(
            "approval_reference",
            "text",
            _("Document that approved the plan."),
            lambda i: i.plan.approval_reference,
        ),
        Column(
            "approved_on", "date", _("Day the plan was approved."), lambda i: i.plan.approved_on
        ),
        Column("title_ky", "text", _("Title of the planned act in Kyrgyz."), "title_ky"),
        Column("title_ru", "text", _("Title of the planned act in Russian."), "title_ru"),
        Column("act_type", "code", _("Type of act."), "act_type"),
        Column(
            "responsible",
            "text",
            _("Short name of the responsible body."),
            lambda i: i.responsible.short_name,
        ),
        Column(
            "co_executors",
            "list of texts",
            _("Short names of co-executing bodies."),
            lambda i: [body.short_name for body in i.co_executors.all()],
        ),
        Column(
            "subject_area",
            "code",
            _("Subject area."),
            lambda i: i.subject_area.slug if i.subject_area_id else None,
        ),
        Column("quarter", "integer", _("Quarter of public discussion (1–4)."), "quarter"),
        Column("due_from", "date", _("First day of that quarter."), "due_from"),
        Column("due_until", "date", _("Last day of that quarter."), "due_until"),
        Column("planned_adoption", "date", _("Planned adoption."), "planned_adoption"),
        Column(
            "status",
            "code",
            _("planned, due, overdue, on_time, late or dropped."),
            "status",
        ),
        Column(
            "draft_id",
            "integer",
            _("Id of the published draft that fulfils it."),
            "public_draft_id",
        ),
        Column("dropped_at", "date-time", _("When it was dropped."), "dropped_at"),
        Column("dropped_reason", "text", _("Why it was dropped."), "dropped_reason"),
        Column(
            "modified_at", "date-time", _("Last change of the item or its plan."), "modified_at"
        ),
    ],
)

DATASETS = {dataset.slug: dataset for dataset in (DRAFTS, COMMENTS, PLANS)}
FORMATS = ("csv", "jsonl")


def _counts(queryset) -> dict[int, int]:
    """Rows per year in one aggregate query: the page's sizes, cheap at any volume."""
    return dict(queryset.order_by().values("year").annotate(n=Count("pk")).values_list("year", "n"))


def _cell(row, column: Column):
    value = column.value(row) if callable(column.value) else getattr(row, column.value)
    return _iso(value)


def _record(row, dataset: Dataset) -> dict:
    return {column.name: _cell(row, column) for column in dataset.columns}


# --- Views ------------------------------------------------------------------------------------


def download(request, dataset, year, fmt):
    chosen = DATASETS.get(dataset)
    # A year Python's dates cannot hold (the address takes any number) has no file either.
    if chosen is None or fmt not in FORMATS or not datetime.MINYEAR < year < datetime.MAXYEAR:
        raise Http404
    filename = f"sep-{chosen.slug}-{year}"
    rows = chosen.rows(year)
    if fmt == "csv":

        def table():
            yield [column.name for column in chosen.columns]
            for row in rows:
                record = _record(row, chosen)
                yield [
                    ";".join(map(str, value)) if isinstance(value, list) else value
                    for value in record.values()
                ]

        return csv_response(table(), filename)

    def lines():
        for row in rows:
            yield json.dumps(_record(row, chosen), ensure_ascii=False) + "\n"

    response = StreamingHttpResponse(lines(), content_type="application/x-ndjson; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.jsonl"'
    return response


def open_data(request):
    files = []
    for chosen in DATASETS.values():
        counts = chosen.year_counts()
        files.append(
            {
                "dataset": chosen,
                "years": [
                    {"year": year, "rows": counts[year]}
                    for year in sorted((y for y in counts if y is not None), reverse=True)
                ],
            }
        )
    return render(
        request,
        "opendata.html",
        {"files": files, "datasets": list(DATASETS.values()), "formats": FORMATS},
    )


urlpatterns = [
    path("open-data/", open_data, name="open-data"),
    path(
        "open-data/<slug:dataset>-<int:year>.<str:fmt>",
        download,
        name="open-data-download",
    ),
]
