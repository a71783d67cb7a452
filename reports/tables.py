"""A report's statistics as labelled tables, in the reader's language.

The snapshot stores codes; this is the one place that turns them into the tables the page,
the PDF and the XLSX show, so every format says the same thing.
"""

import datetime
from dataclasses import dataclass, field

from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from accounts.models import RespondentProfile
from comments.models import Answer, Comment
from drafts.models import section_label

from .statistics import share


@dataclass
class Table:
    slug: str
    title: str
    headers: list[str]
    rows: list[list] = field(default_factory=list)
    # For a chart: which column holds the labels and which the numbers.
    chart: bool = False
    # For a chart of counts per day: the days of the rows and the span of the axis.
    days: list[datetime.date] = field(default_factory=list)
    span: tuple[datetime.date | None, datetime.date | None] = (None, None)
    # The XLSX sheet's name: Excel allows 31 characters, and titles cut there read as nonsense.
    sheet: str = ""

    @property
    def labels(self):
        return [str(row[0]) for row in self.rows]

    @property
    def values(self):
        return [row[1] for row in self.rows]

    def chart_svg(self) -> str | None:
        """The table's chart (the same SVG for the page and the PDF), or None."""
        if not (self.chart and self.rows):
            return None
        from . import charts  # matplotlib is loaded only by those who draw

        if self.days:
            first, last = self.span
            return charts.timeline_chart(
                self.days, self.values, title=self.title, first=first, last=last
            )
        return charts.bar_chart(self.labels, self.values, title=self.title)


def _label(choices, code) -> str:
    try:
        return str(choices(code).label)
    except ValueError:
        return code or "—"


def _breakdown(slug, title, header, pairs, choices, total, *, sheet) -> Table:
    return Table(
        slug,
        title,
        [header, _("Comments"), _("Share, %")],
        [[_label(choices, code), n, share(n, total)] for code, n in pairs],
        chart=True,
        sheet=sheet,
    )


def distinct_positions(report) -> int:
    """Published comments with each campaign counted once (snapshots built before the figure
    was stored have what it is computed from)."""
    stats = report.statistics
    campaigns = stats["campaigns"]
    if "distinct_positions" in campaigns:
        return campaigns["distinct_positions"]
    return (
        stats["participation"]["comments_published"]
        - campaigns["comments_in_campaigns"]
        + campaigns["campaigns"]
    )


def overview(report) -> list[tuple[str, object]]:
    stats = report.statistics
    discussion, participation = stats["discussion"], stats["participation"]
    answers, campaigns = stats["answers"], stats["campaigns"]
    return [
        (_("Discussion"), f"{_date(discussion['first_day'])} — {_date(discussion['last_day'])}"),
        (_("Length, days"), discussion["days"]),
        (_("Legal minimum, days"), discussion["minimum_days"]),
        (_("Met the legal minimum"), _("yes") if discussion["meets_minimum"] else _("no")),
        (_("Justification of the shorter period"), discussion["justification"] or "—"),
        (_("Extensions"), len(discussion["extensions"])),
        (_("Participants"), participation["participants"]),
        (_("Comments received"), participation["comments_received"]),
        (_("Comments published"), participation["comments_published"]),
        (_("Comments hidden by moderators"), participation["comments_hidden"]),
        (_("“I agree” marks"), participation["agreements"]),
        (_("Votes in support"), participation["votes_support"]),
        (_("Votes against"), participation["votes_oppose"]),
        (_("Alternative versions"), participation["alternatives"]),
        (_("Campaigns (identical or near-identical comments)"), campaigns["campaigns"]),
        (_("Comments in campaigns"), campaigns["comments_in_campaigns"]),
        (_("Distinct positions (a campaign counts once)"), distinct_positions(report)),
        (_("Answered, %"), answers["answered_share"]),
        (_("Unanswered"), answers["unanswered"]),
        (_("Median days to answer"), answers["median_days"]),
        (_("Accepted or partly accepted, share of answered, %"), answers["acceptance_rate"]),
    ]


def _day(value) -> datetime.date | None:
    return parse_date(value) if isinstance(value, str) else value


def _date(value):
    day = _day(value)
    return f"{day:%d.%m.%Y}" if day else "—"


# The PDF and the page show the largest campaigns; the XLSX holds all of them.
CAMPAIGNS_SHOWN = 50
CANONICAL_SHOWN = 600


def _counted(choices, pairs) -> str:
    return "; ".join(f"{_label(choices, code)} {n}" for code, n in pairs)


def campaign_rows(report, limit: int | None = CAMPAIGNS_SHOWN) -> list[list]:
    """The campaigns of the snapshot, the largest first: canonical text, size, variants,
    share of all comments, first and last day, regions, respondent categories."""
    found = report.statistics["campaigns"].get("list", [])
    return [
        [
            row["text"]
            if len(row["text"]) <= CANONICAL_SHOWN
            else row["text"][:CANONICAL_SHOWN] + "…",
            row["size"],
            row["variants"],
            row["share"],
            _date(row["first_day"]),
            _date(row["last_day"]),
            _counted(RespondentProfile.Region, row["regions"]),
            _counted(RespondentProfile.Category, row["categories"]),
        ]
        for row in found[:limit]
    ]


def campaign_headers() -> list[str]:
    return [
        _("Canonical text"),
        _("Comments"),
        _("Variants"),
        _("Share of all comments, %"),
        _("First day"),
        _("Last day"),
        _("Regions"),
        _("Respondent categories"),
    ]


def report_tables(report, *, campaigns_limit: int | None = CAMPAIGNS_SHOWN) -> list[Table]:
    stats = report.statistics
    counted = stats["participation"]["comments_published"]
    category, region = RespondentProfile.Category, RespondentProfile.Region
    tables = [
        Table(
            "overview",
            _("Overview"),
            [_("Indicator"), _("Value")],
            overview(report),
            sheet=pgettext("sheet name", "Overview"),
        ),
        _breakdown(
            "categories",
            _("Comments by respondent category"),
            _("Respondent category"),
            stats["by_category"],
            category,
            counted,
            sheet=pgettext("sheet name", "By category"),
        ),
        _breakdown(
            "regions",
            _("Comments by region"),
            _("Region"),
            stats["by_region"],
            region,
            counted,
            sheet=pgettext("sheet name", "By region"),
        ),
        _breakdown(
            "positions",
            _("Comments by position"),
            _("Position"),
            stats["by_position"],
            Comment.Position,
            counted,
            sheet=pgettext("sheet name", "By position"),
        ),
        Table(
            "category-region",
            _("Respondent category by region"),
            [_("Respondent category"), _("Region"), _("Comments")],
            [[_label(category, c), _label(region, r), n] for c, r, n in stats["category_region"]],
            sheet=pgettext("sheet name", "Category by region"),
        ),
        Table(
            "articles",
            _("Comments by article"),
            [_("Article"), _("Comments"), _("Answered"), _("Accepted or partly"), _("Share, %")],
            [
                [
                    section_label(row["kind"], row["number"]),
                    row["comments"],
                    row["answered"],
                    row["accepted"],
                    share(row["accepted"], row["answered"]),
                ]
                for row in stats["by_article"]
            ],
            chart=True,
            sheet=pgettext("sheet name", "By article"),
        ),
        Table(
            "timeline",
            _("Comments per day"),
            [_("Day"), _("Comments")],
            [[_date(day), n] for day, n in stats["timeline"]],
            chart=True,
            days=[_day(day) for day, _n in stats["timeline"]],
            span=(_day(stats["discussion"]["first_day"]), _day(stats["discussion"]["last_day"])),
            sheet=pgettext("sheet name", "By day"),
        ),
        Table(
            "decisions",
            _("Answers by decision"),
            [_("Decision"), _("Comments")],
            [[_label(Answer.Decision, code), n] for code, n in stats["answers"]["by_decision"]],
            sheet=pgettext("sheet name", "Decisions"),
        ),
        Table(
            "hidden",
            _("Hidden comments by reason"),
            [_("Reason"), _("Comments")],
            [
                [_label(Comment.HideReason, code), n]
                for code, n in stats["participation"]["hidden_by_reason"]
            ],
            sheet=pgettext("sheet name", "Hidden"),
        ),
        Table(
            "versions",
            _("Versions discussed"),
            [_("Version"), _("Published"), _("Comments")],
            [
                [v["number"], _date(v["published_at"][:10]), v["comments"]]
                for v in stats["versions"]
            ],
            sheet=pgettext("sheet name", "Versions"),
        ),
        Table(
            "campaigns",
            _("Campaigns of identical or near-identical comments"),
            campaign_headers(),
            campaign_rows(report, campaigns_limit),
            sheet=pgettext("sheet name", "Campaigns"),
        ),
    ]
    return tables


def summary_headers() -> list[str]:
    return [
        _("No."),
        _("Receipt"),
        _("Kind"),
        _("Comments in the row"),
        _("Version"),
        _("Article"),
        _("Author"),
        _("Respondent category"),
        _("Region"),
        _("Position"),
        _("Text"),
        _("“I agree”"),
        _("Submitted"),
        _("Decision"),
        _("Reasoning"),
        _("Answered"),
        _("Carried in"),
    ]


def summary_row(entry) -> list:
    return [
        entry.position,
        entry.receipt,
        _label(Comment.Kind, entry.kind),
        entry.campaign_size,
        entry.version_number,
        entry.article,
        entry.public_author,
        _label(RespondentProfile.Category, entry.author_category),
        _label(RespondentProfile.Region, entry.author_region),
        _label(Comment.Position, entry.stance),
        entry.text,
        entry.agreements,
        entry.created_at,
        entry.decision_label,
        entry.reasoning,
        entry.answered_at,
        entry.carried_in,
    ]
