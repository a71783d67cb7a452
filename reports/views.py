import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from drafts.models import Draft
from drafts.permissions import get_draft_for_user
from sep.exports import xlsx_response

from . import charts, services
from .csv_export import summary_csv_response
from .models import Report
from .tables import (
    distinct_positions,
    report_tables,
    summary_headers,
    summary_row,
)

ENTRIES_PER_PAGE = 50
EXPORT_CHUNK = 2000


def get_report_for_user(request, reference: str, number: int) -> Report:
    """A published report, or any snapshot of the user's own body's draft; else 404 — an
    unpublished report's existence is the body's business."""
    report = (
        Report.objects.visible_to(request.user)
        .select_related("draft__organization")
        .filter(draft__reference=reference, number=number)
        .first()
    )
    if report is None:
        raise Http404
    return report


# --- Public pages -----------------------------------------------------------------------------


def latest_report(request, reference):
    report = (
        Report.objects.published().filter(draft__reference=reference).order_by("-number").first()
    )
    if report is None:
        raise Http404
    return redirect(report)


def report_detail(request, reference, number):
    report = get_report_for_user(request, reference, number)
    entries = report.entries.all()
    article = request.GET.get("article", "")
    unanswered = bool(request.GET.get("unanswered"))
    if article == "draft":
        entries = entries.filter(comment__provision__isnull=True)
    elif article.isdigit():
        entries = entries.filter(comment__provision_id=int(article))
    if unanswered:
        entries = entries.unanswered()
    filtered = unanswered or article == "draft" or article.isdigit()
    page = Paginator(
        entries if filtered else _ByPosition(report, entries), ENTRIES_PER_PAGE
    ).get_page(request.GET.get("page"))
    tables = report_tables(report)
    campaigns = report.statistics["campaigns"]
    listed = campaigns.get("list", [])
    campaign_table = next(table for table in tables if table.slug == "campaigns")
    return render(
        request,
        "reports/report.html",
        {
            "report": report,
            "draft": report.draft,
            "tables": tables,
            "charts": _charts(tables),
            "page": page,
            "article": article,
            "distinct_positions": distinct_positions(report),
            "campaigns": list(zip(listed, campaign_table.rows, strict=False)),
            "campaigns_hidden": len(listed) - len(campaign_table.rows),
            "campaign_headers": campaign_table.headers,
            # The snapshot stores the rule's threshold as a fraction (0.6).
            "threshold_percent": round(100 * campaigns["threshold"]),
            "other_snapshots": Report.objects.visible_to(request.user)
            .filter(draft=report.draft_id)
            .exclude(pk=report.pk)
            .order_by("-number"),
        },
    )


class _ByPosition:
    """The whole summary table for Paginator: a page names its positions, so PostgreSQL reads
    only the block that holds them instead of the report's 100,000 rows."""

    def __init__(self, report, entries):
        self.report, self.entries = report, entries

    def count(self) -> int:
        return self.report.row_count

    def __getitem__(self, index: slice):
        return list(self.entries.between(index.start + 1, index.stop))


def _charts(tables) -> list[dict]:
    """Each table's chart, once, as an image beside its table."""
    found = []
    for table in tables:
        svg = table.chart_svg()
        if svg:
            found.append(
                {"slug": table.slug, "title": table.title, "uri": charts.svg_data_uri(svg)}
            )
    return found


def report_export(request, reference, number, fmt):
    report = get_report_for_user(request, reference, number)
    filename = f"{report.draft.reference}-report-{report.number}"
    entries = report.entries.all().iterator(chunk_size=EXPORT_CHUNK)
    if fmt == "csv":
        return summary_csv_response(report, filename)
    if fmt == "xlsx":
        sheets = [
            (table.sheet, [table.headers, *table.rows])
            for table in report_tables(report, campaigns_limit=None)
        ]
        sheets.append((pgettext("sheet name", "Proposals"), _summary_rows(entries)))
        return xlsx_response(sheets, filename)
    if fmt == "json":
        response = StreamingHttpResponse(
            _json_chunks(report, entries), content_type="application/json"
        )
        response["Content-Disposition"] = f'attachment; filename="{filename}.json"'
        return response
    if fmt == "pdf":
        from .pdf import report_pdf  # fpdf2 is loaded by the few who ask for a PDF

        return report_pdf(report, filename)
    raise Http404


def _summary_rows(entries):
    yield summary_headers()
    for entry in entries:
        yield summary_row(entry)


def _json_chunks(report, entries):
    """The whole report as one JSON document, streamed row by row."""
    head = {
        "draft": report.draft.reference,
        "report": report.number,
        "built_at": report.built_at.isoformat(),
        "published_at": report.published_at.isoformat() if report.published_at else None,
        "statistics": report.statistics,
    }
    yield json.dumps(head, ensure_ascii=False)[:-1] + ', "proposals": ['
    for index, entry in enumerate(entries):
        row = {
            "position": entry.position,
            "receipt": entry.receipt,
            "kind": entry.kind,
            "comments_in_row": entry.campaign_size,
            "version": entry.version_number,
            "provision_id": entry.provision_id,
            "article": entry.article,
            "author": entry.public_author,
            "author_category": entry.author_category,
            "author_region": entry.author_region,
            "position_taken": entry.stance,
            "text": entry.text,
            "agreements": entry.agreements,
            "submitted_at": entry.created_at.isoformat(),
            "decision": entry.decision or None,
            "reasoning": entry.reasoning,
            "answered_at": entry.answered_at.isoformat() if entry.answered_at else None,
            "carried_in": entry.carried_in or None,
        }
        yield ("," if index else "") + json.dumps(row, ensure_ascii=False)
    yield "]}"


# --- Staff of the developer body ------------------------------------------------------------


@login_required
def staff_reports(request, reference):
    draft = get_draft_for_user(request, reference, write=True)
    return render(
        request,
        "reports/staff_reports.html",
        {
            "draft": draft,
            "reports": draft.reports.order_by("-number"),
            "can_build": draft.status in (Draft.Status.CLOSED, Draft.Status.SUMMARISED),
        },
    )


@login_required
@require_POST
def staff_build(request, reference):
    draft = get_draft_for_user(request, reference, write=True)
    try:
        report = services.build_report(draft, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("reports:staff-reports", reference)
    messages.success(
        request,
        _("Report %(number)s is built. Check it, then publish it.") % {"number": report.number},
    )
    return redirect(report)


@login_required
@require_POST
def staff_publish(request, reference, number):
    draft = get_draft_for_user(request, reference, write=True)
    report = draft.reports.filter(number=number).first()
    if report is None:
        raise Http404
    try:
        services.publish_report(report, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The report is published."))
    return redirect(report)
