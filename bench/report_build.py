"""Report building and export at scale: a closed discussion with COMMENTS comments (default
100,000; a third of them one mass campaign, half of them answered), timed against PostgreSQL's
own COPY of the same comment rows.

Prints, like the rest of bench/run:
    page=report_build seconds=<n> copy_seconds=<n> ratio=<build / COPY> peak_mb=<n>
    page=report_csv seconds=<n> copy_seconds=<n> ratio=<export / COPY> peak_mb=<n> rows=<n>

Run through bench/run, or alone: `DEBUG=1 .venv/bin/python bench/report_build.py` (on the
embedded database `sep_bench` that bench/run seeds, or on DATABASE_URL).
"""

import os
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sep.settings")
# The bench's own database on the embedded PostgreSQL, never the developer's demo database.
if not os.environ.get("DATABASE_URL"):
    os.environ.setdefault("EMBEDDED_DB_NAME", "sep_bench")

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import AnonymousUser  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import RequestFactory  # noqa: E402
from django.utils import translation  # noqa: E402

from comments.bulk import answer_bulk_comments, create_bulk_comments  # noqa: E402
from drafts.models import Draft  # noqa: E402
from reports.services import build_report  # noqa: E402
from reports.views import report_export  # noqa: E402

COMMENTS = int(os.environ.get("COMMENTS", "100000"))


def discussion_with_comments() -> Draft:
    """The bench's closed discussion, made once and reused by later runs."""
    draft = Draft.objects.filter(outcome_note="bench: report").first()
    if draft is None:
        draft = (
            Draft.objects.filter(status__in=[Draft.Status.DISCUSSION, Draft.Status.CLOSED])
            .order_by("pk")
            .first()
        )
        if draft is None:
            sys.exit("No draft to report on: run bench/run, or migrate and seed_bulk first.")
        draft.outcome_note = "bench: report"
        draft.save(update_fields=["outcome_note"])
    missing = COMMENTS - draft.comments.count()
    if missing > 0:
        create_bulk_comments([draft.pk], missing)
        # Half of them answered, as a body part-way through its answers would have.
        answer_bulk_comments([draft.pk], every=2)
    if draft.status == Draft.Status.DISCUSSION:
        draft.close()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE comments_comment")
    return draft


def copy_seconds(draft) -> float:
    """What PostgreSQL takes to hand over the same comment rows, best of three."""
    best = float("inf")
    with connection.cursor() as cursor:
        for _ in range(3):
            started = time.perf_counter()
            sql = (
                f"COPY (SELECT * FROM comments_comment WHERE draft_id = {int(draft.pk)}) TO STDOUT"
            )
            with cursor.copy(sql) as copy:
                for _block in copy:
                    pass
            best = min(best, time.perf_counter() - started)
    return best


def timed(function):
    started = time.perf_counter()
    result = function()
    return result, time.perf_counter() - started


def peak_mb(function) -> float:
    """Peak Python memory of a second run (tracemalloc slows Python, so it is not timed)."""
    tracemalloc.start()
    function()
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return peak


def export_csv(report):
    request = RequestFactory().get("/")
    request.user = AnonymousUser()  # a published report is everyone's
    with translation.override("ru"):
        response = report_export(request, report.draft.reference, report.number, "csv")
        return sum(chunk.count(b"\n") for chunk in response.streaming_content) - 1


def main():
    draft = discussion_with_comments()
    baseline = copy_seconds(draft)
    report, seconds = timed(lambda: build_report(draft))
    peak = peak_mb(lambda: build_report(draft))
    print(
        f"page=report_build seconds={seconds:.2f} copy_seconds={baseline:.2f} "
        f"ratio={seconds / baseline:.2f} peak_mb={peak:.1f} comments={COMMENTS}"
    )
    # An unpublished report is its body's only. Published by hand, not by publish_report: the
    # bench's draft stays closed and no follower e-mails are queued.
    report.published_at = report.built_at
    report.save(update_fields=["published_at"])
    rows, seconds = timed(lambda: export_csv(report))
    peak = peak_mb(lambda: export_csv(report))
    print(
        f"page=report_csv seconds={seconds:.2f} copy_seconds={baseline:.2f} "
        f"ratio={seconds / baseline:.2f} peak_mb={peak:.1f} rows={rows}"
    )


if __name__ == "__main__":
    main()
