"""Closing a discussion, and building and publishing its public-opinion report.

Everything is counted in PostgreSQL: one INSERT … SELECT writes the summary table (campaigns
were grouped when their comments were posted, see comments.campaigns) and one pass with
GROUPING SETS counts every breakdown. A 100,000-comment discussion builds in about the time
PostgreSQL takes to COPY its comments out (bench/report_build.py).
"""

import datetime

import numpy as np
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Count, DurationField, ExpressionWrapper, F, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from comments import campaigns
from comments.models import Agreement, Answer, CampaignSignature, Comment, Vote
from drafts.models import Draft, Section

from .models import SUMMARY_BLOCK, Report, SummaryBlock
from .notifications import notify_report_published
from .statistics import Median, share


@transaction.atomic
def close_discussion(draft: Draft, *, by=None, now=None):
    """Stop taking comments and have the first report built by the background worker."""
    draft.close(by=by, now=now)
    transaction.on_commit(lambda: build_report_when_closed.enqueue(draft.pk))


@task()
def build_report_when_closed(draft_id: int) -> int | None:
    """The first snapshot of a discussion that just closed (a later rebuild is the body's)."""
    draft = Draft.objects.select_related("organization").get(pk=draft_id)
    if draft.status != Draft.Status.CLOSED or draft.reports.exists():
        return None
    return build_report(draft).pk


@transaction.atomic
def build_report(draft: Draft, *, by=None, now=None) -> Report:
    """A new snapshot of the discussion of `draft`, unpublished.

    Only a discussion that has closed can be reported on: the counts must not move under it.
    """
    if draft.status not in (Draft.Status.CLOSED, Draft.Status.SUMMARISED):
        raise ValidationError(_("A report is built once the discussion has closed."))
    now = now or timezone.now()
    # Two clerks pressing "build" at once must not get the same number.
    Draft.objects.select_for_update().filter(pk=draft.pk).get()
    last = draft.reports.aggregate(n=Max("number"))["n"] or 0
    last_comment_id = Comment.objects.filter(draft=draft).aggregate(m=Max("pk"))["m"]
    with connection.cursor() as cursor:
        # Two sorts and a few hash tables of 100,000 rows: in memory, not on disk.
        cursor.execute("SET LOCAL work_mem = '64MB'")
    report = Report.objects.create(
        draft=draft,
        number=last + 1,
        built_at=now,
        built_by=by,
        last_comment_id=last_comment_id,
        statistics={},
    )
    in_campaigns = _write_summary_table(report)
    report.statistics = _statistics(draft, report, in_campaigns)
    # Not save(): the statistics are no part of the report's history, and it was just made.
    Report.objects.filter(pk=report.pk).update(statistics=report.statistics)
    return report


@transaction.atomic
def publish_report(report: Report, *, by=None, now=None) -> Report:
    """Publish the snapshot and move the draft to `summarised`; followers hear of it."""
    now = now or timezone.now()
    draft = Draft.objects.select_for_update().get(pk=report.draft_id)
    if report.is_published:
        raise ValidationError(_("This report is already published."))
    if draft.status == Draft.Status.CLOSED:
        draft.record_outcome(Draft.Status.SUMMARISED, by=by)
    elif draft.status != Draft.Status.SUMMARISED:
        raise ValidationError(_("Only the report of a closed discussion can be published."))
    report.published_at = now
    report.published_by = by
    report._history_user = by
    report.save()
    draft.touch(now=now)
    transaction.on_commit(lambda: notify_report_published.enqueue(report.pk))
    return report


# --- The summary table ----------------------------------------------------------------------


def _write_summary_table(report) -> dict:
    """One INSERT … SELECT: each published comment or alternative becomes a row, except that
    the published comments of a campaign become one row (its first) carrying their number and
    their "I agree" together; rows are stored in blocks (`SummaryBlock`). Returns the
    campaigns' totals for the statistics and, from the same scan of the comments, their list
    (`_campaign_list`)."""
    block, comment = SummaryBlock._meta.db_table, Comment._meta.db_table
    agreement = Agreement._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH stood AS MATERIALIZED (
                SELECT id, created_at, campaign_lead_id, kind, author_region, author_category,
                       new_wording
                FROM {comment}
                WHERE draft_id = %(draft)s AND id <= %(last)s AND status = 'published'
            ), followers AS (
                -- Comments that joined an earlier one's campaign, per campaign.
                SELECT campaign_lead_id AS campaign, count(*) AS n, min(id) AS first_id
                FROM stood WHERE campaign_lead_id IS NOT NULL GROUP BY campaign_lead_id
            ), agreed AS (
                SELECT coalesce(c.campaign_lead_id, c.id) AS campaign, count(*) AS n
                FROM {agreement} a JOIN {comment} c ON c.id = a.comment_id
                WHERE c.draft_id = %(draft)s AND c.id <= %(last)s AND c.status = 'published'
                  AND a.created_at <= %(until)s
                GROUP BY 1
            ), grouped AS (
                -- A campaign stands as its first comment, or as its first published one if
                -- the first was hidden.
                SELECT s.id, s.created_at, s.id AS campaign, 1 + coalesce(f.n, 0) AS size
                FROM stood s LEFT JOIN followers f ON f.campaign = s.id
                WHERE s.campaign_lead_id IS NULL
                UNION ALL
                SELECT s.id, s.created_at, f.campaign, f.n
                FROM followers f JOIN stood s ON s.id = f.first_id
                WHERE NOT EXISTS (SELECT FROM stood lead WHERE lead.id = f.campaign)
            ), numbered AS (
                SELECT g.id, g.size, coalesce(agreed.n, 0) AS agreements,
                       row_number() OVER (ORDER BY g.created_at, g.id) AS position
                FROM grouped g LEFT JOIN agreed ON agreed.campaign = g.campaign
            ), written AS (
                INSERT INTO {block} (report_id, first_position, comments, campaign_sizes,
                                     agreements)
                SELECT %(report)s, min(position), array_agg(id ORDER BY position),
                       array_agg(size ORDER BY position), array_agg(agreements ORDER BY position)
                FROM numbered
                GROUP BY (position - 1) / %(block_size)s
                RETURNING campaign_sizes, agreements
            ), totals AS (
                SELECT count(*) FILTER (WHERE size > 1) AS campaigns,
                       coalesce(sum(size) FILTER (WHERE size > 1), 0) AS comments,
                       coalesce(sum(agreed), 0) AS agreements
                FROM written, unnest(campaign_sizes, agreements) AS row(size, agreed)
            ), members AS (
                -- The campaigns' members by (campaign, region, category), for _campaign_list.
                SELECT coalesce(campaign_lead_id, id), author_region, author_category,
                       count(*), count(*) FILTER (WHERE new_wording), min(id),
                       min(created_at), max(created_at),
                       (array_agg(id ORDER BY id) FILTER (WHERE new_wording))[:%(among)s]
                FROM stood
                WHERE kind = 'comment' AND (campaign_lead_id IS NOT NULL
                      OR id IN (SELECT campaign FROM followers))
                GROUP BY 1, 2, 3
            )
            SELECT t.campaigns, t.comments, t.agreements, m.*
            FROM totals t LEFT JOIN members m ON true
            """,
            {
                "report": report.pk,
                "draft": report.draft_id,
                "last": report.last_comment_id or 0,
                "until": report.built_at,
                "block_size": SUMMARY_BLOCK,
                "among": CANONICAL_AMONG,
            },
        )
        rows = cursor.fetchall()
    campaigns_found, in_campaigns, agreements = rows[0][:3]
    members = [row[3:] for row in rows if row[3] is not None]
    return {
        "campaigns": campaigns_found,
        "comments": in_campaigns,
        "agreements": agreements,
        "list": _campaign_list(members),
    }


# --- Campaigns ------------------------------------------------------------------------------

# How many members of a campaign the canonical text is chosen among (see `_canonical`).
CANONICAL_AMONG = 64


def _campaign_list(members) -> list[dict]:
    """Each campaign of the snapshot (two or more published comments), the largest first: its
    size, distinct variants, first and last day, regions and respondent categories (from the
    members' aggregate by campaign, region and category that `_write_summary_table` returns),
    and its canonical text (`_canonical`, on signatures read by primary key).

    A variant is a text no earlier comment had once folded (comments.campaigns.fold): the
    members marked `new_wording` when posted. Counted so, not by folding 100,000 texts again in
    SQL (three times the report's COPY budget alone), nor by reading the campaign keys (two
    million rows for 100,000 comments). (A variant whose first comment was hidden is not
    counted.)"""
    found: dict[int, dict] = {}
    for campaign, region, category, n, keyed, first, since, until, wordings in members:
        row = found.setdefault(
            campaign,
            {"id": campaign, "size": 0, "variants": 0, "first_id": first, "wordings": [],
             "since": since, "until": until, "regions": {}, "categories": {}},
        )  # fmt: skip
        row["size"] += n
        row["variants"] += keyed
        row["wordings"] += wordings or []
        row["first_id"] = min(row["first_id"], first)
        row["since"], row["until"] = min(row["since"], since), max(row["until"], until)
        row["regions"][region] = row["regions"].get(region, 0) + n
        row["categories"][category] = row["categories"].get(category, 0) + n
    found = {pk: row for pk, row in found.items() if row["size"] > 1}
    # The canonical text is chosen among each campaign's first distinct wordings.
    among = {
        campaign: sorted(row.pop("wordings"))[:CANONICAL_AMONG] for campaign, row in found.items()
    }
    signature_of = dict(
        CampaignSignature.objects.filter(
            comment__in=[pk for ids in among.values() for pk in ids]
        ).values_list("comment_id", "signature")
    )
    signed = {
        campaign: [(pk, signature_of[pk]) for pk in ids if pk in signature_of]
        for campaign, ids in among.items()
    }
    for row in found.values():
        row["first_day"] = timezone.localdate(row.pop("since"))
        row["last_day"] = timezone.localdate(row.pop("until"))
        for key in ("regions", "categories"):
            row[key] = sorted(
                ([code, n] for code, n in row[key].items()),
                key=lambda pair: (-pair[1], pair[0] or ""),
            )
    canonical = {
        campaign: _canonical(signed.get(campaign)) or row["first_id"]
        for campaign, row in found.items()
    }
    shown = {
        pk: (receipt, text)
        for pk, receipt, text in Comment.objects.filter(pk__in=canonical.values()).values_list(
            "pk", "receipt", "text"
        )
    }
    rows = []
    for campaign, row in found.items():
        pk = canonical[campaign]
        del row["first_id"]
        receipt, text = shown[pk]
        rows.append({**row, "canonical_id": pk, "receipt": receipt, "text": text})
    return sorted(rows, key=lambda row: (-row["size"], row["id"]))


def _canonical(signed: list | None) -> int | None:
    """The most central member: the one whose text is most alike to the others'.

    The total estimated similarity of a member to all others is, position by position of the
    MinHash signature, how many others share its value there — so one count per position
    finds it without comparing every pair. Only the members that store a signature take part
    (comments.campaigns: the first holders of each band, i.e. the campaign's distinct
    variants as they first came, at most `CANONICAL_AMONG`); a member sent again word for
    word adds no new position of view."""
    if not signed:
        return None
    ids = [pk for pk, _values in signed]
    values = np.array([values for _pk, values in signed], dtype=np.int64)
    totals = (values[:, None, :] == values[None, :, :]).sum(axis=(1, 2))
    # Ties go to the earliest member (argmax returns the first).
    return ids[int(np.argmax(totals))]


# --- Statistics -----------------------------------------------------------------------------

# The sets of one pass over the comments (GROUPING SETS), by the columns each groups on.
# `profile` combines the columns of few values (a few hundred groups at most); the breakdowns
# by each of them are summed from it in Python, which is cheaper for PostgreSQL than a hash
# table per column.
_SETS = {
    "profile": (
        "kind", "status", "hidden_reason", "author_category", "author_region", "position",
        "decision",
    ),
    "article": ("provision_id",),
    "day": ("day",),
    "version": ("version_id",),
}  # fmt: skip
_COLUMNS = [*_SETS["profile"], "provision_id", "day", "version_id"]
_COUNTS = ["all", "published", "counted", "answered", "counted_answered", "counted_accepted"]


def _grouping_mask(columns) -> int:
    """What PostgreSQL's GROUPING(<_COLUMNS>) returns for a set grouped on `columns`."""
    width = len(_COLUMNS)
    return sum(1 << (width - 1 - i) for i, name in enumerate(_COLUMNS) if name not in columns)


def _breakdowns(report) -> dict[str, list[dict]]:
    """Every count of the statistics in one scan of the discussion's comments.

    "Counted" is the one definition the breakdowns use (page, exports, API alike): published
    comments on the draft or an article — not hidden ones, not alternative versions. Answer
    figures cover every published comment and alternative; an answer counts if it was given
    before the report was built."""
    comment, answer = Comment._meta.db_table, Answer._meta.db_table
    sets = ", ".join(f"({', '.join(columns)})" for columns in _SETS.values())
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH facts AS (
                SELECT c.kind, c.status, c.hidden_reason, c.author_category, c.author_region,
                       c.position, an.decision, c.provision_id,
                       (c.created_at AT TIME ZONE %(tz)s)::date AS day, c.version_id,
                       c.status = 'published' AND c.kind = 'comment' AS counted,
                       c.status = 'published' AND an.id IS NOT NULL AS answered
                FROM {comment} c
                LEFT JOIN {answer} an ON an.comment_id = c.id AND an.created_at <= %(until)s
                WHERE c.draft_id = %(draft)s AND c.id <= %(last)s
            )
            SELECT GROUPING({", ".join(_COLUMNS)}), {", ".join(_COLUMNS)},
                   count(*),
                   count(*) FILTER (WHERE status = 'published'),
                   count(*) FILTER (WHERE counted),
                   count(*) FILTER (WHERE answered),
                   count(*) FILTER (WHERE counted AND answered),
                   count(*) FILTER (WHERE counted AND decision = ANY(%(accepting)s))
            FROM facts
            GROUP BY GROUPING SETS ({sets})
            """,
            {
                "tz": timezone.get_current_timezone_name(),
                "accepting": list(Answer.ACCEPTING),
                "until": report.built_at,
                "draft": report.draft_id,
                "last": report.last_comment_id or 0,
            },
        )
        rows = cursor.fetchall()
    names = ["mask", *_COLUMNS, *_COUNTS]
    by_mask = {_grouping_mask(columns): name for name, columns in _SETS.items()}
    found = {name: [] for name in _SETS}
    for row in rows:
        values = dict(zip(names, row, strict=True))
        found[by_mask[values["mask"]]].append(values)
    return found


def _totals(rows, *fields, count="counted", **only) -> list[list]:
    """[[value of `fields`…, sum of `count`], …] over `rows` matching `only`, the non-empty
    groups only, the largest first."""
    sums = {}
    for row in rows:
        if all(row[field] == value for field, value in only.items()):
            key = tuple(row[field] for field in fields)
            sums[key] = sums.get(key, 0) + row[count]
    return sorted(
        ([*key, n] for key, n in sums.items() if n),
        key=lambda pair: (-pair[-1], *((value is None, value) for value in pair[:-1])),
    )


def _median_days_to_answer(report):
    waited = ExpressionWrapper(
        F("answer__created_at") - F("created_at"), output_field=DurationField()
    )
    median = Comment.objects.filter(
        draft=report.draft_id,
        pk__lte=report.last_comment_id or 0,
        status=Comment.Status.PUBLISHED,
        answer__created_at__lte=report.built_at,
    ).aggregate(median=Median(waited))["median"]
    return round(median.total_seconds() / 86400, 1) if median else None


def _statistics(draft, report, campaign_totals) -> dict:
    found = _breakdowns(report)
    comments = Comment.objects.filter(draft=draft, pk__lte=report.last_comment_id or 0)

    profile = found["profile"]

    def total(kind, status=None):
        return sum(
            row["all"] for row in profile if row["kind"] == kind and status in (None, row["status"])
        )

    participants = (
        comments.order_by()
        .values("author_id")
        .union(Vote.objects.filter(draft=draft).order_by().values("user_id"))
        .union(Agreement.objects.filter(comment__in=comments).order_by().values("user_id"))
        .count()
    )
    published = total(Comment.Kind.COMMENT, Comment.Status.PUBLISHED)
    votes = Vote.objects.filter(draft=draft).aggregate(
        support=Count("pk", filter=Q(value=Vote.Value.SUPPORT)),
        oppose=Count("pk", filter=Q(value=Vote.Value.OPPOSE)),
    )
    by_decision = _totals(profile, "decision", count="answered")
    decisions = dict(by_decision)
    answers = {
        "total": sum(row["published"] for row in profile),
        "answered": sum(decisions.values()),
        "accepted": decisions.get(Answer.Decision.ACCEPTED, 0),
        "partly": decisions.get(Answer.Decision.PARTLY, 0),
    }
    latest_sections = {
        s["provision_id"]: s
        for s in Section.objects.filter(provision__draft=draft)
        .order_by("provision_id", "-version__number")
        .distinct("provision_id")
        .values("provision_id", "kind", "number")
    }
    by_article = sorted(
        (
            {
                "provision_id": row["provision_id"],
                "comments": row["counted"],
                "answered": row["counted_answered"],
                "accepted": row["counted_accepted"],
                "kind": latest_sections.get(row["provision_id"], {}).get("kind", ""),
                "number": latest_sections.get(row["provision_id"], {}).get("number", ""),
            }
            for row in found["article"]
            if row["provision_id"] is not None and row["counted"]
        ),
        key=lambda row: (-row["comments"], row["provision_id"]),
    )
    per_version = {row["version_id"]: row["counted"] for row in found["version"]}
    versions = [
        {"number": number, "published_at": published, "comments": per_version.get(pk, 0)}
        for pk, number, published in draft.versions.filter(published_at__isnull=False)
        .order_by("number")
        .values_list("pk", "number", "published_at")
    ]
    extensions = list(
        draft.extensions.order_by("created_at").values(
            "previous_ends", "new_ends", "reason", "created_at"
        )
    )
    return _jsonable(
        {
            "draft": {
                "reference": draft.reference,
                "title_ky": draft.title_ky,
                "title_ru": draft.title_ru,
                "act_type": draft.act_type,
                "organization": draft.organization.short_name,
                "organization_ky": draft.organization.name_ky,
                "organization_ru": draft.organization.name_ru,
                "organization_en": draft.organization.name_en,
            },
            "discussion": {
                "starts": draft.discussion_starts,
                "ends": draft.discussion_ends,
                "first_day": timezone.localdate(draft.discussion_starts),
                "last_day": draft.discussion_last_day,
                "days": draft.discussion_days,
                "minimum_days": Draft.minimum_days(),
                "meets_minimum": draft.meets_minimum_period,
                "justification": draft.short_period_justification,
                "extensions": extensions,
            },
            "versions": versions,
            "participation": {
                "participants": participants,
                "comments_received": total(Comment.Kind.COMMENT),
                "comments_published": total(Comment.Kind.COMMENT, Comment.Status.PUBLISHED),
                "comments_hidden": total(Comment.Kind.COMMENT, Comment.Status.HIDDEN),
                "hidden_by_reason": _totals(
                    profile,
                    "hidden_reason",
                    count="all",
                    kind=Comment.Kind.COMMENT,
                    status=Comment.Status.HIDDEN,
                ),
                "agreements": campaign_totals["agreements"],
                "votes_support": votes["support"],
                "votes_oppose": votes["oppose"],
                "alternatives": total(Comment.Kind.ALTERNATIVE, Comment.Status.PUBLISHED),
            },
            "campaigns": {
                "campaigns": campaign_totals["campaigns"],
                "comments_in_campaigns": campaign_totals["comments"],
                # "N comments, M distinct positions": a campaign counts once.
                "distinct_positions": published
                - campaign_totals["comments"]
                + campaign_totals["campaigns"],
                "threshold": campaigns.THRESHOLD,
                "shingle": campaigns.SHINGLE,
                "min_words": campaigns.MIN_WORDS,
                "list": [
                    {**row, "share": share(row["size"], published)}
                    for row in campaign_totals["list"]
                ],
            },
            "by_category": _totals(profile, "author_category"),
            "by_region": _totals(profile, "author_region"),
            "by_position": _totals(profile, "position"),
            "category_region": sorted(_totals(profile, "author_category", "author_region")),
            "by_article": by_article,
            "timeline": sorted(
                [row["day"].isoformat(), row["counted"]] for row in found["day"] if row["counted"]
            ),
            "answers": {
                **answers,
                "unanswered": answers["total"] - answers["answered"],
                "answered_share": share(answers["answered"], answers["total"]),
                "acceptance_rate": share(
                    answers["accepted"] + answers["partly"], answers["answered"]
                ),
                "median_days": _median_days_to_answer(report),
                "by_decision": by_decision,
            },
        }
    )


def _jsonable(value):
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(item) for item in value]
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return value
