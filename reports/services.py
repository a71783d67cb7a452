"""Building and publishing the public-opinion report of a discussion.

Everything is counted in PostgreSQL (aggregates, window functions, one INSERT … SELECT for the
summary table); Python only groups the distinct normalised texts into campaigns.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Count, DurationField, ExpressionWrapper, F, Max, Q
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _

from comments.models import Agreement, Answer, Comment, Vote
from drafts.models import Draft, Section

from . import campaigns
from .models import Report, ReportEntry
from .statistics import Median, share

ACCEPTING = (Answer.Decision.ACCEPTED, Answer.Decision.PARTLY)


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
    comments = Comment.objects.filter(draft=draft, pk__lte=last_comment_id or 0)
    answers_until = now

    campaign_groups = _find_campaigns(draft, last_comment_id or 0)
    report = Report.objects.create(
        draft=draft,
        number=last + 1,
        built_at=now,
        built_by=by,
        last_comment_id=last_comment_id,
        statistics=_statistics(draft, comments, campaign_groups, answers_until),
    )
    _copy_summary_table(report, comments, campaign_groups, answers_until)
    return report


@transaction.atomic
def publish_report(report: Report, *, by=None, now=None) -> Report:
    """Publish the snapshot and move the draft to `summarised`; followers hear of it."""
    from .tasks import notify_report_published

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
    Draft.objects.filter(pk=draft.pk).update(changed_at=now)
    transaction.on_commit(lambda: notify_report_published.enqueue(report.pk))
    return report


# --- Campaigns ------------------------------------------------------------------------------


def _find_campaigns(draft, last_comment_id) -> list[list[int]]:
    """Id lists of the campaigns among the published comments (alternatives never group)."""
    texts = (
        Comment.objects.filter(
            draft=draft,
            pk__lte=last_comment_id,
            status=Comment.Status.PUBLISHED,
            kind=Comment.Kind.COMMENT,
        )
        .order_by("pk")
        .values_list("pk", "text")
    )
    return campaigns.campaigns_among(texts.iterator(chunk_size=5000))


# --- Statistics -----------------------------------------------------------------------------


def _counted(comments):
    """The one definition of the comments that breakdowns count (page, exports, API alike):
    published comments on the draft or an article — not hidden ones, not alternatives."""
    return comments.filter(status=Comment.Status.PUBLISHED, kind=Comment.Kind.COMMENT)


def _pairs(queryset, field):
    return [
        [row[field], row["n"]]
        for row in queryset.values(field).annotate(n=Count("pk")).order_by("-n", field)
    ]


def _statistics(draft, comments, campaign_groups, answers_until) -> dict:
    counted = _counted(comments)
    published = comments.filter(status=Comment.Status.PUBLISHED)
    local = timezone.get_current_timezone()

    totals = comments.aggregate(
        received=Count("pk", filter=Q(kind=Comment.Kind.COMMENT)),
        published=Count("pk", filter=Q(kind=Comment.Kind.COMMENT, status=Comment.Status.PUBLISHED)),
        hidden=Count("pk", filter=Q(kind=Comment.Kind.COMMENT, status=Comment.Status.HIDDEN)),
        alternatives=Count(
            "pk", filter=Q(kind=Comment.Kind.ALTERNATIVE, status=Comment.Status.PUBLISHED)
        ),
    )
    hidden_by_reason = _pairs(
        comments.filter(status=Comment.Status.HIDDEN, kind=Comment.Kind.COMMENT), "hidden_reason"
    )
    participants = (
        comments.values("author_id")
        .union(Vote.objects.filter(draft=draft).values("user_id"))
        .union(Agreement.objects.filter(comment__in=comments).values("user_id"))
        .count()
    )
    votes = Vote.objects.filter(draft=draft).aggregate(
        support=Count("pk", filter=Q(value=Vote.Value.SUPPORT)),
        oppose=Count("pk", filter=Q(value=Vote.Value.OPPOSE)),
    )
    agreements = Agreement.objects.filter(comment__in=counted).count()

    answered = Q(answer__isnull=False, answer__created_at__lte=answers_until)
    waited = ExpressionWrapper(
        F("answer__created_at") - F("created_at"), output_field=DurationField()
    )
    answers = published.aggregate(
        total=Count("pk"),
        answered=Count("pk", filter=answered),
        accepted=Count("pk", filter=answered & Q(answer__decision=Answer.Decision.ACCEPTED)),
        partly=Count("pk", filter=answered & Q(answer__decision=Answer.Decision.PARTLY)),
        median_wait=Median(waited, filter=answered),
    )
    by_decision = _pairs(published.filter(answered), "answer__decision")
    median = answers.pop("median_wait")

    latest_sections = {
        s["provision_id"]: s
        for s in Section.objects.filter(provision__draft=draft)
        .order_by("provision_id", "-version__number")
        .distinct("provision_id")
        .values("provision_id", "kind", "number", "position", "version__number")
    }
    by_article = [
        {
            **row,
            "kind": latest_sections.get(row["provision_id"], {}).get("kind", ""),
            "number": latest_sections.get(row["provision_id"], {}).get("number", ""),
        }
        for row in counted.filter(provision__isnull=False)
        .values("provision_id")
        .annotate(
            comments=Count("pk"),
            answered=Count("pk", filter=answered),
            accepted=Count("pk", filter=answered & Q(answer__decision__in=ACCEPTING)),
        )
        .order_by("-comments", "provision_id")
    ]
    timeline = [
        [row["day"].isoformat(), row["n"]]
        for row in counted.annotate(day=TruncDate("created_at", tzinfo=local))
        .values("day")
        .annotate(n=Count("pk"))
        .order_by("day")
    ]
    category_region = [
        [row["author_category"], row["author_region"], row["n"]]
        for row in counted.values("author_category", "author_region")
        .annotate(n=Count("pk"))
        .order_by("author_category", "author_region")
    ]
    per_version = dict(
        counted.values("version__number")
        .annotate(n=Count("pk"))
        .values_list("version__number", "n")
    )
    versions = [
        {"number": number, "published_at": published, "comments": per_version.get(number, 0)}
        for number, published in draft.versions.filter(published_at__isnull=False)
        .order_by("number")
        .values_list("number", "published_at")
    ]
    extensions = list(
        draft.extensions.order_by("created_at").values(
            "previous_ends", "new_ends", "reason", "created_at"
        )
    )
    in_campaigns = sum(len(group) for group in campaign_groups)
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
                "comments_received": totals["received"],
                "comments_published": totals["published"],
                "comments_hidden": totals["hidden"],
                "hidden_by_reason": hidden_by_reason,
                "agreements": agreements,
                "votes_support": votes["support"],
                "votes_oppose": votes["oppose"],
                "alternatives": totals["alternatives"],
            },
            "campaigns": {
                "campaigns": len(campaign_groups),
                "comments_in_campaigns": in_campaigns,
                "threshold": campaigns.THRESHOLD,
                "min_words": campaigns.MIN_WORDS,
            },
            "by_category": _pairs(counted, "author_category"),
            "by_region": _pairs(counted, "author_region"),
            "by_position": _pairs(counted, "position"),
            "category_region": category_region,
            "by_article": by_article,
            "timeline": timeline,
            "answers": {
                **answers,
                "unanswered": answers["total"] - answers["answered"],
                "answered_share": share(answers["answered"], answers["total"]),
                "acceptance_rate": share(
                    answers["accepted"] + answers["partly"], answers["answered"]
                ),
                "median_days": round(median.total_seconds() / 86400, 1) if median else None,
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


# --- The summary table ----------------------------------------------------------------------


def _copy_summary_table(report, comments, campaign_groups, answers_until):
    """One INSERT … SELECT: each published comment or alternative becomes a row, except that
    a campaign becomes one row (its earliest comment) carrying the campaign's size."""
    members = [(member, group[0], len(group)) for group in campaign_groups for member in group]
    entry, comment = ReportEntry._meta.db_table, Comment._meta.db_table
    answer, section = Answer._meta.db_table, Section._meta.db_table
    version, agreement = "drafts_version", Agreement._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE report_campaign (comment_id bigint PRIMARY KEY, "
            "leader_id bigint NOT NULL, size integer NOT NULL) ON COMMIT DROP"
        )
        if members:
            with cursor.copy(
                "COPY report_campaign (comment_id, leader_id, size) FROM STDIN"
            ) as copy:
                for row in members:
                    copy.write_row(row)
        cursor.execute(
            f"""
            WITH agreed AS (
                SELECT coalesce(rc.leader_id, a.comment_id) AS comment_id, count(*) AS n
                FROM {agreement} a
                JOIN {comment} c ON c.id = a.comment_id
                LEFT JOIN report_campaign rc ON rc.comment_id = a.comment_id
                WHERE c.draft_id = %(draft)s AND c.id <= %(last)s
                GROUP BY 1
            )
            INSERT INTO {entry} (
                report_id, position, comment_id, receipt, kind, campaign_size, version_number,
                provision_id, section_kind, section_number, author_name, author_category,
                author_region, stance, text, agreements, created_at, decision, reasoning,
                answered_at, carried_in_version, carried_in_kind, carried_in_number
            )
            SELECT
                %(report)s, row_number() OVER (ORDER BY c.created_at, c.id), c.id,
                coalesce(c.receipt, ''), c.kind, coalesce(rc.size, 1), v.number,
                c.provision_id, coalesce(s.kind, ''), coalesce(s.number, ''), c.author_name,
                c.author_category, c.author_region, c.position,
                CASE WHEN c.kind = 'alternative' AND c.explanation <> ''
                     THEN c.explanation || E'\\n\\n' || c.text ELSE c.text END,
                coalesce(agreed.n, 0), c.created_at,
                coalesce(an.decision, ''), coalesce(an.reasoning, ''), an.created_at,
                cv.number, coalesce(cs.kind, ''), coalesce(cs.number, '')
            FROM {comment} c
            JOIN {version} v ON v.id = c.version_id
            LEFT JOIN {section} s ON s.id = c.section_id
            LEFT JOIN report_campaign rc ON rc.comment_id = c.id
            LEFT JOIN {answer} an ON an.comment_id = c.id AND an.created_at <= %(until)s
            LEFT JOIN {section} cs ON cs.id = an.carried_in_id
            LEFT JOIN {version} cv ON cv.id = cs.version_id
            LEFT JOIN agreed ON agreed.comment_id = c.id
            WHERE c.draft_id = %(draft)s AND c.id <= %(last)s AND c.status = 'published'
              AND (rc.comment_id IS NULL OR rc.leader_id = c.id)
            """,
            {
                "report": report.pk,
                "draft": report.draft_id,
                "last": report.last_comment_id or 0,
                "until": answers_until,
            },
        )
        # ON COMMIT DROP alone would collide with a second build in the same transaction.
        cursor.execute("DROP TABLE report_campaign")
