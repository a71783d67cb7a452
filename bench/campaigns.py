"""Campaign grouping on the normal posting path: see bench/campaigns (the entry point)."""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sep.settings")
# The bench's own database, never the developer's demo database nor bench/run's.
if not os.environ.get("DATABASE_URL"):
    os.environ.setdefault("EMBEDDED_DB_NAME", "sep_bench_campaigns")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from comments.bulk import create_bulk_comments, regroup  # noqa: E402
from comments.campaign_eval import evaluation_set, score  # noqa: E402
from comments.models import Comment  # noqa: E402

# factory_boy (a test dependency) builds the bench's body, drafts and senders, as tests do.
from tests.factories import OrganizationFactory, make_draft, participant, publish  # noqa: E402

COMMENTS = int(os.environ.get("COMMENTS", "100000"))
SEED = int(os.environ.get("SEED", "16"))


def open_draft(note: str):
    body = OrganizationFactory()
    draft = publish(make_draft(body), days=60, started_days_ago=1)
    draft.outcome_note = note
    draft.save(update_fields=["outcome_note"])
    return draft


def post_all(draft, samples) -> tuple[list[Comment], list[float]]:
    authors = [participant() for _ in range(20)]
    posted, took = [], []
    for n, sample in enumerate(samples):
        started = time.perf_counter()
        comment, _created = Comment.post(
            draft=draft, author=authors[n % len(authors)], text=sample.text, position="other"
        )
        took.append(time.perf_counter() - started)
        posted.append(comment)
    return posted, took


def p95_ms(took: list[float]) -> float:
    return sorted(took)[int(0.95 * (len(took) - 1))] * 1000


def main():
    call_command("migrate", verbosity=0)
    samples = evaluation_set(SEED)

    empty = open_draft("bench: campaigns, empty")
    posted, took = post_all(empty, samples)
    leads = dict(Comment.objects.filter(draft=empty).values_list("pk", "campaign_lead"))
    result = score(samples, [leads[c.pk] or c.pk for c in posted])
    empty_p95 = p95_ms(took)
    print(f"campaigns {result} post_p95_ms={empty_p95:.1f}", flush=True)

    busy = open_draft("bench: campaigns, busy")
    create_bulk_comments([busy.pk], COMMENTS)  # grouped by regroup, in bulk
    started = time.perf_counter()
    regroup([busy.pk])  # timed again alone: what regroup_campaigns takes for this draft
    regroup_seconds = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE comments_campaignkey")
        cursor.execute("ANALYZE comments_campaignsignature")
    _posted, took = post_all(busy, samples)
    busy_p95 = p95_ms(took)
    ratio = busy_p95 / empty_p95
    print(
        f"campaigns_busy comments={COMMENTS} post_p95_ms={busy_p95:.1f} ratio={ratio:.2f} "
        f"regroup_seconds={regroup_seconds:.1f}"
    )
    if ratio > 1.5:
        sys.exit(f"posting on a draft with {COMMENTS} comments is {ratio:.2f}x an empty one's")


if __name__ == "__main__":
    main()
