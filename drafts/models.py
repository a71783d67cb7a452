import datetime
import re
import uuid
from pathlib import PurePath

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import (
    SearchHeadline,
    SearchRank,
    SearchVector,
    SearchVectorField,
    TrigramWordSimilarity,
)
from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.db.models import F, Q
from django.db.models.functions import Cast, Coalesce, Now, Substr, TruncDate
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, pgettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from simple_history.utils import bulk_update_with_history

from accounts.models import Membership, Organization
from sep.i18n import localized

from . import search
from .structure import align_texts, follow_provisions, normalise
from .validators import validate_attachment


class ActType(models.TextChoices):
    LAW = "law", _("Law")
    PRESIDENTIAL_DECREE = "presidential_decree", _("Presidential decree")
    GOVERNMENT_RESOLUTION = "government_resolution", _("Resolution of the Cabinet of Ministers")
    MINISTERIAL_ORDER = "ministerial_order", _("Ministerial order")
    OTHER = "other", _("Other act")


class SubjectArea(models.Model):
    slug = models.SlugField(unique=True)
    name_ky = models.CharField(_("name in Kyrgyz"), max_length=200)
    name_ru = models.CharField(_("name in Russian"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200)

    history = HistoricalRecords()

    class Meta:
        ordering = ["slug"]
        verbose_name = _("subject area")
        verbose_name_plural = _("subject areas")

    def __str__(self):
        return self.name

    @property
    def name(self):
        return localized(self, "name")


def bishkek_midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _earliest_after(now, *moments) -> datetime.datetime:
    """The earliest of `moments` after `now`, or the next midnight in Bishkek (a new day
    changes "days left" and "closing soon") if that comes first."""
    midnight = bishkek_midnight(timezone.localdate(now) + datetime.timedelta(days=1))
    return min([midnight, *(moment for moment in moments if moment and moment > now)])


def discussion_window(
    start: datetime.date, end: datetime.date, *, now: datetime.datetime | None = None
) -> tuple[datetime.datetime, datetime.datetime]:
    """The instants a discussion opens and closes for calendar days `start`..`end` inclusive,
    by the Asia/Bishkek clock. A discussion starting today opens now."""
    now = now or timezone.now()
    opens = now if start <= timezone.localdate(now) else bishkek_midnight(start)
    return opens, bishkek_midnight(end + datetime.timedelta(days=1))


def _related_model(name: str):
    """The model behind the reverse relation `name` of a draft (votes, reports, plan_item):
    the apps that build on drafts point at it, so drafts reaches their rows through its own
    relations instead of importing them (which would be a cycle)."""
    return Draft._meta.get_field(name).related_model


def _vote_total(value: str):
    """The number of `value` votes on the outer draft. A subquery, not a join and GROUP BY:
    the list's other joins (subject areas, search) cannot multiply it."""
    votes = (
        _related_model("votes")
        .objects.filter(draft=models.OuterRef("pk"), value=value)
        .order_by()
        .values("draft")
        .annotate(n=models.Count("pk"))
        .values("n")
    )
    return Coalesce(models.Subquery(votes, output_field=models.IntegerField()), 0)


class DraftQuerySet(models.QuerySet):
    def public(self):
        return self.exclude(status=Draft.Status.PREPARING)

    def visible_to(self, user):
        """Public drafts, and the drafts being prepared by the user's own bodies."""
        if not user.is_authenticated:
            return self.public()
        own = Membership.objects.bodies_of(user)
        return self.filter(~Q(status=Draft.Status.PREPARING) | Q(organization__in=own))

    def of_bodies_of(self, user):
        """The drafts of the bodies `user` is a member of: their staff list."""
        return self.filter(organization__in=Membership.objects.bodies_of(user))

    def touch(self, *, listed: bool = False, now=None) -> int:
        """Record that something a reader sees of these drafts changed: the key of their cached
        pages (drafts.caching), so no page is served stale. `listed` also for what the lists,
        search and home page show (title, status, period, text, votes, plan), which comments,
        answers and moderation do not touch, so a busy discussion keeps the lists cached.

        With `Draft.save`, the only writer of `changed_at` and `listed_at`."""
        now = now or timezone.now()
        return self.update(changed_at=now, **({"listed_at": now} if listed else {}))

    def open_for_comments(self, now=None):
        now = now or timezone.now()
        return self.filter(
            status=Draft.Status.DISCUSSION, discussion_starts__lte=now, discussion_ends__gt=now
        )

    def closing_soon(self, days=7, now=None):
        now = now or timezone.now()
        return self.open_for_comments(now).filter(
            discussion_ends__lte=now + datetime.timedelta(days=days)
        )

    def due_for_closing(self, now=None):
        now = now or timezone.now()
        return self.filter(status=Draft.Status.DISCUSSION, discussion_ends__lte=now)

    # The two stamps below run on every anonymous page view (drafts.caching), so they are
    # plain SQL: compiling the equivalent ORM query costs more than running it.

    def last_change(self):
        """When anything the lists, search and home page show last changed (uses the
        `draft_listed` index)."""
        with connection.cursor() as cursor:
            cursor.execute("SELECT max(listed_at) FROM drafts_draft")
            return cursor.fetchone()[0]

    def public_change_stamp(self, reference: str):
        """`changed_at` of the public draft `reference`, or None if there is no such draft."""
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT changed_at FROM drafts_draft WHERE reference = %s AND status <> %s",
                [reference, Draft.Status.PREPARING],
            )
            row = cursor.fetchone()
        return row[0] if row else None

    def next_clock_event(self, now):
        """The next moment a page may change by the clock alone: a discussion opens or ends,
        or a new day starts in Bishkek (days left, "closing soon")."""
        upcoming = self.filter(status=Draft.Status.DISCUSSION).aggregate(
            opens=models.Min("discussion_starts", filter=Q(discussion_starts__gt=now)),
            ends=models.Min("discussion_ends", filter=Q(discussion_ends__gt=now)),
        )
        return _earliest_after(now, *upcoming.values())

    def for_listing(self):
        """What a draft card shows, in a constant number of queries: the body, the subject
        areas and the vote totals (`support_count`, `oppose_count`); not the search columns,
        which hold the whole text of the act."""
        return (
            self.defer(*Draft.search_columns())
            .select_related("organization")
            .prefetch_related("subject_areas")
            .with_vote_totals()
        )

    def with_vote_totals(self):
        """`support_count` and `oppose_count` of each draft, in the same query."""
        return self.annotate(
            support_count=_vote_total("support"), oppose_count=_vote_total("oppose")
        )

    def with_latest_report(self):
        """`latest_report_number`: the number of each draft's newest published report, or None
        (`Draft.latest_report_url`), in the same query."""
        reports = (
            _related_model("reports")
            .objects.published()
            .filter(draft=models.OuterRef("pk"))
            .order_by("-number")
            .values("number")[:1]
        )
        return self.annotate(latest_report_number=models.Subquery(reports))

    def for_open_data(self):
        """Every public draft with what its API row and bulk-file row show, in a constant number
        of queries: the listing's, the approved plan item it fulfils (`public_plan_item_id`),
        its published versions and reports (`published_versions`, `published_reports`)."""
        plan_items, reports = _related_model("plan_item"), _related_model("reports")
        return (
            self.public()
            .for_listing()
            .annotate(
                public_plan_item_id=models.Subquery(
                    plan_items.objects.public().filter(draft=models.OuterRef("pk")).values("pk")[:1]
                )
            )
            .prefetch_related(
                models.Prefetch(
                    "versions",
                    queryset=Version.objects.public().only("id", "draft_id", "number"),
                    to_attr="published_versions",
                ),
                models.Prefetch(
                    "reports",
                    queryset=reports.objects.published().only("id", "draft_id").order_by("number"),
                    to_attr="published_reports",
                ),
            )
        )

    def search(self, text: str):
        """Drafts matching `text`, best first, with `rank` and a `snippet` of the text around
        the matches (plain text with markers: show it as `draft.highlighted_snippet`).

        Filter first, search last: the ranking keeps the best `search.COUNT_CAP` + 1 of the
        drafts it is given (drafts.filters applies `q` after the other filters)."""
        query = search.build_query(text)
        if query is None:
            return self.none()
        folded = " ".join(search.query_words(text))
        # Matched on the whole act's words; when they find less than a page, also on the
        # title's trigrams, for a typo ("налогавый"). Matching a common word's trigrams in
        # every title took 200 ms over 10,000 drafts, and one OR of the two made the planner
        # read every draft's whole-act vector (TOASTed): both are left out when the words
        # suffice (issue 15). Whether they do, the candidates they give say, uncounted.
        with search.planned_for_each_query():
            candidates = self._search_candidates(self.filter(search_vector=query), query)
            words_suffice = len(candidates) >= search.TYPOS_BELOW
            if not words_suffice:
                # The titles near the words by trigrams, read once: as a subquery of the
                # candidates' two queries the title scan ran three times (34 ms for a word
                # whose trigrams 641 bench titles share). Ordering them by similarity would
                # compute it a second time; the page's rank orders them.
                by_title = list(
                    self.filter(search_title__trigram_word_similar=folded)
                    .order_by("-published_at", "-pk")
                    .values_list("pk", flat=True)[: search.COUNT_CAP + 1]
                )
                candidates = self._search_candidates(
                    self.filter(pk__in=[*candidates, *by_title]), query
                )
        # The title's similarity ranks them all when the words found too few (it may have
        # found the rest: a typo), else only the first `search.RERANKED`; the others follow in
        # the candidates' order, which is their rank on the title and summary, then the newest.
        head_rank = SearchRank(F("search_head"), query)
        rank = head_rank + TrigramWordSimilarity(folded, "search_title") * 0.2
        order = ["-rank", "-published_at", "-pk"]
        if words_suffice:
            best = Q(pk__in=candidates[: search.RERANKED])
            rank = models.Case(models.When(best, then=rank), default=head_rank)
            order.insert(0, models.Case(models.When(best, then=0), default=1))
        results = (
            self.filter(pk__in=candidates)
            .annotate(
                rank=rank,
                snippet=SearchHeadline(
                    search.HeadlineWindow("body_text", search.headline_word(text)),
                    search.headline_query(text),
                    config="russian",
                    start_sel=search.MATCH_START,
                    stop_sel=search.MATCH_END,
                    max_fragments=2,
                    max_words=25,
                    min_words=10,
                    fragment_delimiter=" … ",
                ),
            )
            .order_by(*order)
        )
        # What search.CappedPaginator counts, without counting them again. A clone (another
        # filter, another order) does not carry it and is counted.
        results.found = len(candidates)
        return results

    def _search_candidates(self, matches, query) -> list[int]:
        """Ids of at most `search.COUNT_CAP` + 1 of `matches`, read once so that the page and
        its (capped) count both start from them: first the drafts whose title or summary
        matches, by their rank there (the small `search_head` index finds them), then those
        that match in the act's text alone, newest first. Ranking every match of a common
        word read every draft's whole-act vector (45 ms over 10,000 drafts); walking the
        newest drafts stops after a few hundred (issue 15). The costly title similarity and
        the headline are then computed for these few hundred rows at most."""
        matches = matches.order_by()
        in_head = matches.filter(search_head=query)
        candidates = list(
            in_head.annotate(head_rank=SearchRank(F("search_head"), query))
            .order_by("-head_rank", "-published_at", "-pk")
            .values_list("pk", flat=True)[: search.COUNT_CAP + 1]
        )
        if len(candidates) <= search.COUNT_CAP:
            candidates += (
                matches.exclude(pk__in=in_head.values("pk"))
                .order_by("-published_at", "-pk")
                .values_list("pk", flat=True)[: search.COUNT_CAP + 1 - len(candidates)]
            )
        return candidates


class InvalidTransition(ValidationError):
    pass


class Draft(models.Model):
    """A draft regulatory legal act and its public discussion."""

    class Status(models.TextChoices):
        PREPARING = "preparing", _("Being prepared")
        DISCUSSION = "discussion", _("Public discussion")
        CLOSED = "closed", _("Discussion closed")
        SUMMARISED = "summarised", _("Report published")
        ADOPTED = "adopted", _("Adopted")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        REJECTED = "rejected", pgettext_lazy("draft status", "Rejected")

    # The lifecycle (DESIGN.md). Every status change goes through `_move_to`, which checks this.
    TRANSITIONS = {
        Status.PREPARING: {Status.DISCUSSION, Status.WITHDRAWN},
        Status.DISCUSSION: {Status.CLOSED, Status.WITHDRAWN},
        Status.CLOSED: {Status.SUMMARISED, Status.WITHDRAWN},
        Status.SUMMARISED: {Status.ADOPTED, Status.WITHDRAWN, Status.REJECTED},
        Status.ADOPTED: set(),
        Status.WITHDRAWN: set(),
        Status.REJECTED: set(),
    }
    OUTCOMES = (Status.SUMMARISED, Status.ADOPTED, Status.WITHDRAWN, Status.REJECTED)

    reference = models.CharField(_("reference number"), max_length=40, unique=True, editable=False)
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="drafts",
        verbose_name=_("developer body"),
    )
    act_type = models.CharField(_("type of act"), max_length=30, choices=ActType.choices)
    subject_areas = models.ManyToManyField(
        SubjectArea, blank=True, related_name="drafts", verbose_name=_("subject areas")
    )
    title_ky = models.CharField(_("title in Kyrgyz"), max_length=500, blank=True)
    title_ru = models.CharField(_("title in Russian"), max_length=500, blank=True)
    summary_ky = models.TextField(_("summary in Kyrgyz"), blank=True)
    summary_ru = models.TextField(_("summary in Russian"), blank=True)
    # For foreign readers (investors, donors, international organisations): optional, shown on
    # the English pages; the act itself is in the state and official languages only.
    # (db_default: bulk loads by COPY, drafts.bulk, leave them out.)
    title_en = models.CharField(
        _("title in English"), max_length=500, blank=True, default="", db_default=""
    )
    summary_en = models.TextField(_("summary in English"), blank=True, default="", db_default="")

    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PREPARING
    )
    discussion_starts = models.DateTimeField(_("discussion opens"), null=True, blank=True)
    discussion_ends = models.DateTimeField(_("discussion closes"), null=True, blank=True)
    short_period_justification = models.TextField(
        _("justification of a shorter discussion period"), blank=True
    )
    outcome_note = models.TextField(_("note on the outcome"), blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Bumped by every change a reader can see (draft, versions, attachments, comments): the key
    # of the cached public page, so that page is never stale.
    changed_at = models.DateTimeField(default=timezone.now)
    # Bumped only by what the lists, search and home page show (the draft's own fields, its
    # text, votes, its plan item) — not by comments, answers or moderation, which only the
    # draft page shows — so citizens commenting do not empty the cache of every list.
    listed_at = models.DateTimeField(db_default=Now(), editable=False)

    # Search: `search_title` is folded in Python (see drafts.search); `body_text` holds the
    # current version's text for headlines; the vector is computed by PostgreSQL.
    search_title = models.TextField(default="", editable=False)
    body_text = models.TextField(default="", editable=False)
    search_vector = models.GeneratedField(
        expression=(
            SearchVector("search_title", config="russian", weight="A")
            + SearchVector("search_title", config="simple", weight="A")
            + SearchVector(search.KyrgyzFold("summary_ru"), config="russian", weight="B")
            + SearchVector(search.KyrgyzFold("summary_ky"), config="simple", weight="B")
            + SearchVector(search.KyrgyzFold("body_text"), config="russian", weight="C")
            + SearchVector(search.KyrgyzFold("body_text"), config="simple", weight="C")
        ),
        output_field=SearchVectorField(),
        db_persist=True,
    )
    # The title and summaries alone, for ranking: a few hundred bytes stored in the row, where
    # `search_vector` holds the whole act (TOASTed, kilobytes). Ranking every match of a common
    # word on the whole act read and decompressed thousands of vectors per query (issue 15).
    search_head = models.GeneratedField(
        expression=(
            SearchVector("search_title", config="russian", weight="A")
            + SearchVector("search_title", config="simple", weight="A")
            + SearchVector(search.KyrgyzFold("summary_ru"), config="russian", weight="B")
            + SearchVector(search.KyrgyzFold("summary_ky"), config="simple", weight="B")
        ),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    history = HistoricalRecords(
        excluded_fields=[
            "search_vector",
            "search_head",
            "body_text",
            "search_title",
            "listed_at",
        ]
    )
    objects = DraftQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("draft")
        verbose_name_plural = _("drafts")
        indexes = [
            GinIndex(fields=["search_vector"], name="draft_search_vector"),
            GinIndex(fields=["search_head"], name="draft_search_head"),
            GinIndex(fields=["search_title"], name="draft_title_trgm", opclasses=["gin_trgm_ops"]),
            models.Index(fields=["status", "discussion_ends"], name="draft_status_ends"),
            models.Index(fields=["-published_at"], name="draft_published"),
            models.Index(fields=["changed_at"], name="draft_changed"),
            models.Index(fields=["listed_at"], name="draft_listed"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(discussion_ends__gt=F("discussion_starts"))
                | Q(discussion_starts__isnull=True)
                | Q(discussion_ends__isnull=True),
                name="draft_discussion_ends_after_start",
            ),
            models.CheckConstraint(
                condition=~Q(title_ky="", title_ru=""), name="draft_has_a_title"
            ),
            models.CheckConstraint(
                # A draft withdrawn before publication never had a discussion.
                condition=Q(status__in=["preparing", "withdrawn"])
                | Q(discussion_starts__isnull=False, discussion_ends__isnull=False),
                name="draft_published_has_period",
            ),
        ]

    def __str__(self):
        return f"{self.reference} {self.title}"

    def save(self, *args, **kwargs):
        self.search_title = search.fold(f"{self.reference} {self.title_ru} {self.title_ky}")
        # Any save of the draft itself is a visible change, on its page and in the lists (title,
        # status, period, text): both cache stamps move (`DraftQuerySet.touch` for the rest).
        self.changed_at = self.listed_at = timezone.now()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "changed_at", "listed_at"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("drafts:detail", args=[self.reference])

    @property
    def latest_report_url(self) -> str | None:
        """Where the newest published public-opinion report is read (needs
        `DraftQuerySet.with_latest_report`)."""
        number = self.latest_report_number
        return reverse("reports:report", args=[self.reference, number]) if number else None

    @property
    def is_public(self) -> bool:
        """Anyone may read it: everything but a draft still being prepared (`public()`)."""
        return self.status != self.Status.PREPARING

    def touch(self, *, listed: bool = False, now=None):
        """`DraftQuerySet.touch` for this draft alone."""
        Draft.objects.filter(pk=self.pk).touch(listed=listed, now=now)

    @staticmethod
    def search_columns(prefix: str = "") -> list[str]:
        """The columns only search reads (`body_text` is the whole act): what a list or a row
        that merely names its draft should `defer(*Draft.search_columns("draft__"))`."""
        names = ("search_title", "body_text", "search_vector", "search_head")
        return [f"{prefix}{name}" for name in names]

    # --- Creation ---------------------------------------------------------------------------

    @classmethod
    def next_reference(cls, organization: Organization, year: int) -> str:
        """`MJ-2026-0042`: the body's short name, the year and a running number.

        Call inside a transaction: the body's row is locked so two clerks never get one number.
        """
        Organization.objects.select_for_update().filter(pk=organization.pk).get()
        prefix = f"{organization.short_name.upper()}-{year}-"
        # The running number compared as a number, not as text: 10000 follows 9999. References
        # made otherwise (the benchmark's "…-B1000001") are not part of the sequence.
        last = cls.objects.filter(
            reference__startswith=prefix, reference__regex=rf"^{re.escape(prefix)}[0-9]+$"
        ).aggregate(
            number=models.Max(Cast(Substr("reference", len(prefix) + 1), models.BigIntegerField()))
        )["number"]
        return f"{prefix}{(last or 0) + 1:04d}"

    @classmethod
    @transaction.atomic
    def create(cls, *, organization, by, subject_areas=(), **fields) -> "Draft":
        draft = cls(organization=organization, created_by=by, **fields)
        draft.reference = cls.next_reference(organization, timezone.localdate().year)
        draft.save()
        draft.subject_areas.set(subject_areas)
        return draft

    @transaction.atomic
    def edit(self, *, by, subject_areas=None, **fields):
        """Change the draft's own fields (titles, summaries, type), recorded as `by`'s."""
        for name, value in fields.items():
            setattr(self, name, value)
        self._history_user = by
        self.save()
        if subject_areas is not None:
            self.subject_areas.set(subject_areas)
            # The areas are on the lists and the page too; `save` ran before they changed.
            self.touch(listed=True)

    # --- Texts in the interface language ----------------------------------------------------

    def missing_in_kyrgyz(self, version=None) -> list[str]:
        """What of the draft is not (yet) in Kyrgyz, the state language, though it is in
        Russian: the editor is warned before publishing (or refused, SEP_REQUIRE_KYRGYZ) and
        the Kyrgyz page says that it shows the Russian text."""
        version = version or self.current_version
        missing = []
        if not self.title_ky.strip():
            missing.append(pgettext("missing in Kyrgyz", "title"))
        if self.summary_ru.strip() and not self.summary_ky.strip():
            missing.append(pgettext("missing in Kyrgyz", "summary"))
        if version is not None and version.text_ru.strip() and not version.text_ky.strip():
            missing.append(pgettext("missing in Kyrgyz", "text of the act"))
        return missing

    @property
    def title(self):
        return localized(self, "title")

    @property
    def summary(self):
        return localized(self, "summary")

    @property
    def highlighted_snippet(self):
        """The search snippet (see `DraftQuerySet.search`) as safe HTML with <mark>ed matches."""
        return search.highlighted(getattr(self, "snippet", "") or "")

    # --- Discussion period ------------------------------------------------------------------

    @staticmethod
    def minimum_days() -> int:
        return settings.SEP_MIN_DISCUSSION_DAYS

    # The length of a discussion is computed both here and in SQL (the dashboard counts it
    # over thousands of drafts): the two must agree — change them together
    # (tests/drafts/test_discussion_days.py compares them).

    @property
    def discussion_days(self) -> int | None:
        """Calendar days of the discussion by the Bishkek clock, both ends included."""
        if not (self.discussion_starts and self.discussion_ends):
            return None
        first = timezone.localdate(self.discussion_starts)
        last = timezone.localdate(self.discussion_ends - datetime.timedelta(microseconds=1))
        return (last - first).days + 1

    @staticmethod
    def discussion_days_expression(prefix: str = ""):
        """`discussion_days` in SQL, of the draft reached by `prefix` (e.g. "drafts__")."""
        tz = timezone.get_current_timezone()
        last_day = TruncDate(
            models.ExpressionWrapper(
                F(f"{prefix}discussion_ends") - datetime.timedelta(microseconds=1),
                output_field=models.DateTimeField(),
            ),
            tzinfo=tz,
        )
        first_day = TruncDate(f"{prefix}discussion_starts", tzinfo=tz)
        # date - date is a whole number of days in PostgreSQL.
        return models.Func(
            last_day,
            first_day,
            template="(%(expressions)s + 1)",
            arg_joiner=" - ",
            output_field=models.IntegerField(),
        )

    @property
    def discussion_last_day(self) -> datetime.date | None:
        if not self.discussion_ends:
            return None
        return timezone.localdate(self.discussion_ends - datetime.timedelta(microseconds=1))

    @property
    def meets_minimum_period(self) -> bool:
        days = self.discussion_days
        return days is not None and days >= self.minimum_days()

    def is_open_for_comments(self, now=None) -> bool:
        now = now or timezone.now()
        return (
            self.status == self.Status.DISCUSSION
            and self.discussion_starts <= now < self.discussion_ends
        )

    def days_left(self, now=None) -> int | None:
        if not self.is_open_for_comments(now):
            return None
        today = timezone.localdate(now or timezone.now())
        return (self.discussion_last_day - today).days + 1

    def next_clock_event(self, now) -> datetime.datetime:
        """The next moment this draft's page may change by the clock alone: its discussion
        opens or ends, or a new day starts (`DraftQuerySet.next_clock_event` of one draft)."""
        if self.status != self.Status.DISCUSSION:
            return _earliest_after(now)
        return _earliest_after(now, self.discussion_starts, self.discussion_ends)

    @property
    def discussion_phase(self) -> str:
        """What a reader sees at a glance: upcoming, open, closing, ended, closed or outcome."""
        now = timezone.now()
        if self.status == self.Status.PREPARING:
            return "preparing"
        if self.status == self.Status.DISCUSSION:
            if now < self.discussion_starts:
                return "upcoming"
            if now >= self.discussion_ends:
                return "ended"
            return "closing" if self.days_left(now) <= 7 else "open"
        return self.status

    @property
    def answers_due(self) -> datetime.datetime | None:
        """When every comment must have its answer: `SEP_ANSWER_DUE_DAYS` after the discussion
        closes (None before it has a period)."""
        if self.discussion_ends is None:
            return None
        return self.discussion_ends + datetime.timedelta(days=settings.SEP_ANSWER_DUE_DAYS)

    @classmethod
    def check_period(
        cls, start: datetime.date, end: datetime.date, justification: str, *, today=None
    ) -> dict:
        """Errors (field → message) of a proposed discussion period; empty when it is lawful."""
        today = today or timezone.localdate()
        errors = {}
        if start < today:
            errors["starts"] = gettext("The discussion cannot start in the past.")
        if end < start:
            errors["ends"] = gettext("The discussion must end on or after the day it starts.")
        elif (end - start).days + 1 < cls.minimum_days() and not justification.strip():
            errors["justification"] = gettext(
                "The period is %(days)s days, shorter than the legal minimum of %(minimum)s "
                "days. Explain publicly why a shorter period is needed."
            ) % {"days": (end - start).days + 1, "minimum": cls.minimum_days()}
        return errors

    # --- Lifecycle --------------------------------------------------------------------------

    def can_move_to(self, status) -> bool:
        return status in self.TRANSITIONS[self.Status(self.status)]

    def _move_to(self, status):
        if not self.can_move_to(status):
            raise InvalidTransition(
                gettext("A draft in status “%(current)s” cannot become “%(new)s”.")
                % {"current": self.get_status_display(), "new": self.Status(status).label},
                code="invalid_transition",
            )
        self.status = status

    @transaction.atomic
    def publish(
        self, *, start: datetime.date, end: datetime.date, justification="", by=None, now=None
    ):
        now = now or timezone.now()
        errors = self.check_period(start, end, justification, today=timezone.localdate(now))
        if errors:
            raise ValidationError(errors)
        current = self.versions.order_by("-number").first()
        if current is None:
            raise ValidationError(gettext("Add the text of the draft before publishing it."))
        if settings.SEP_REQUIRE_KYRGYZ and (missing := self.missing_in_kyrgyz(current)):
            raise ValidationError(
                gettext("Kyrgyz, the state language, is required. Not yet in Kyrgyz: %(missing)s.")
                % {"missing": ", ".join(missing)}
            )
        self._move_to(self.Status.DISCUSSION)
        self.discussion_starts, self.discussion_ends = discussion_window(start, end, now=now)
        self.short_period_justification = justification.strip()
        self.published_at = now
        self.body_text = current.full_text()
        self._history_user = by
        self.save()
        # Versions prepared before publication become public with it; saved with their history.
        unpublished = list(self.versions.filter(published_at__isnull=True))
        for version in unpublished:
            version.published_at = now
        bulk_update_with_history(unpublished, Version, ["published_at"], default_user=by)

    @transaction.atomic
    def extend(self, *, until: datetime.date, reason: str, by=None):
        if self.status != self.Status.DISCUSSION:
            raise InvalidTransition(gettext("Only a discussion in progress can be extended."))
        if not reason.strip():
            raise ValidationError({"reason": gettext("Say why the discussion is extended.")})
        if until <= self.discussion_last_day:
            raise ValidationError(
                {"until": gettext("The new last day must be after the current last day.")}
            )
        previous = self.discussion_ends
        self.discussion_ends = bishkek_midnight(until + datetime.timedelta(days=1))
        self._history_user = by
        self.save()
        return self.extensions.create(
            previous_ends=previous, new_ends=self.discussion_ends, reason=reason.strip(), by=by
        )

    @transaction.atomic
    def close(self, *, by=None, now=None):
        self._move_to(self.Status.CLOSED)
        now = now or timezone.now()
        self.closed_at = now
        if self.discussion_ends > now:
            # Closed early by the body: the record shows when comments really stopped.
            self.discussion_ends = max(now, self.discussion_starts + datetime.timedelta(seconds=1))
        self._history_user = by
        self.save()

    @transaction.atomic
    def record_outcome(self, status, *, note="", by=None):
        if status not in self.OUTCOMES:
            raise InvalidTransition(gettext("This is not an outcome of a draft."))
        self._move_to(status)
        self.outcome_note = note.strip()
        self._history_user = by
        self.save()

    # --- Versions ---------------------------------------------------------------------------

    @property
    def current_version(self):
        versions = getattr(self, "_prefetched_objects_cache", {}).get("versions")
        if versions is not None:
            return max(versions, key=lambda v: v.number, default=None)
        return self.versions.order_by("-number").first()

    @transaction.atomic
    def add_version(
        self, *, text_ru="", text_ky="", change_note="", source_file=None, by=None, now=None
    ):
        """A new version with its text split into sections that keep their article identity."""
        if self.status not in (self.Status.PREPARING, self.Status.DISCUSSION):
            raise InvalidTransition(
                gettext("New versions can only be added before the discussion closes.")
            )
        aligned = align_texts(text_ru, text_ky)
        previous = self.versions.order_by("-number").first()
        if previous is not None:
            follow_provisions(list(previous.sections.all()), aligned)
        now = now or timezone.now()
        version = self.versions.create(
            number=(previous.number + 1) if previous else 1,
            text_ru=text_ru.strip(),
            text_ky=text_ky.strip(),
            change_note=change_note.strip(),
            source_file=source_file,
            created_by=by,
            published_at=None if self.status == self.Status.PREPARING else now,
        )
        new_provisions = Provision.objects.bulk_create(
            [Provision(draft=self) for s in aligned if s.provision_id is None]
        )
        for section in aligned:
            if section.provision_id is None:
                section.provision_id = new_provisions.pop(0).pk
        Section.objects.bulk_create(
            Section(
                version=version,
                provision_id=s.provision_id,
                position=s.position,
                kind=s.kind,
                number=s.number,
                heading_ru=s.heading_ru,
                heading_ky=s.heading_ky,
                text_ru=s.text_ru,
                text_ky=s.text_ky,
                change=s.change if previous else Section.Change.NEW,
                previous_number=s.extra.get("previous_number", ""),
            )
            for s in aligned
        )
        if self.status != self.Status.PREPARING:
            self.body_text = version.full_text()
        self.save()
        return version

    def timeline(self):
        """Public lifecycle events, oldest first, from the history of the draft itself."""
        events = []
        previous_status = None
        records = self.history.order_by("history_date").values(
            "status", "history_date", "discussion_ends"
        )
        for record in records:
            if record["status"] != previous_status and record["status"] != "preparing":
                events.append(
                    {"when": record["history_date"], "label": self.Status(record["status"]).label}
                )
            previous_status = record["status"]
        for version in self.versions.all():
            if version.published_at and version.number > 1:
                events.append(
                    {
                        "when": version.published_at,
                        "label": gettext("Version %(number)s published")
                        % {"number": version.number},
                    }
                )
        for extension in self.extensions.all():
            events.append(
                {
                    "when": extension.created_at,
                    "label": gettext("Discussion extended"),
                    "detail": extension.reason,
                }
            )
        return sorted(events, key=lambda event: event["when"])


class DiscussionExtension(models.Model):
    draft = models.ForeignKey(Draft, on_delete=models.PROTECT, related_name="extensions")
    previous_ends = models.DateTimeField()
    new_ends = models.DateTimeField()
    reason = models.TextField(_("reason"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("extension of a discussion")
        verbose_name_plural = _("extensions of discussions")
        constraints = [
            models.CheckConstraint(
                condition=Q(new_ends__gt=F("previous_ends")), name="extension_moves_end_later"
            )
        ]

    def __str__(self):
        return f"{self.draft.reference}: {self.previous_ends:%Y-%m-%d} → {self.new_ends:%Y-%m-%d}"

    @property
    def new_last_day(self):
        return timezone.localdate(self.new_ends - datetime.timedelta(microseconds=1))


def version_source_path(version, filename):
    return f"drafts/{version.draft.reference}/source-{uuid.uuid4().hex}.docx"


class VersionQuerySet(models.QuerySet):
    def public(self):
        """Published versions of public drafts: what anyone may read (a body's own staff see
        its unpublished ones through `drafts.permissions`)."""
        return self.filter(published_at__isnull=False).exclude(draft__status=Draft.Status.PREPARING)


class Version(models.Model):
    draft = models.ForeignKey(Draft, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    change_note = models.TextField(_("what changed"), blank=True)
    text_ru = models.TextField(_("text in Russian"), blank=True)
    text_ky = models.TextField(_("text in Kyrgyz"), blank=True)
    source_file = models.FileField(upload_to=version_source_path, blank=True, null=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = VersionQuerySet.as_manager()

    class Meta:
        ordering = ["draft", "number"]
        verbose_name = _("version")
        verbose_name_plural = _("versions")
        constraints = [
            models.UniqueConstraint(fields=["draft", "number"], name="version_number_per_draft")
        ]

    def __str__(self):
        return f"{self.draft.reference} v{self.number}"

    def get_absolute_url(self):
        return reverse("drafts:version", args=[self.draft.reference, self.number])

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def is_bilingual(self) -> bool:
        return bool(self.text_ru and self.text_ky)

    def full_text(self) -> str:
        return f"{self.text_ru}\n\n{self.text_ky}".strip()

    def attach(self, *, file, kind: str, title: str = "", by=None) -> "Attachment":
        """Add a document (justification note, comparative table …) to this version; the
        draft's page shows it at once."""
        attachment = self.attachments.create(
            kind=kind,
            title=title,
            file=file,
            original_name=file.name[:255],
            size=file.size,
            uploaded_by=by,
        )
        self.draft.touch()
        return attachment


class Provision(models.Model):
    """The stable identity of a chapter or article across the versions of a draft.

    Each version's `Section` is one wording of a provision; comments hang on the provision, so
    they follow an article when it is edited or renumbered.
    """

    draft = models.ForeignKey(Draft, on_delete=models.PROTECT, related_name="provisions")

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("provision")
        verbose_name_plural = _("provisions")

    def __str__(self):
        return f"{self.draft_id}/{self.pk}"


def section_label(kind: str, number: str) -> str:
    """“Article 5”, “Chapter 2”, “Preamble” in the interface language (also for the copies of a
    section's number kept in reports); no kind means a comment on the whole draft."""
    if not kind:
        return gettext("The whole draft")
    if kind == "preamble":
        return gettext("Preamble")
    if kind == "chapter":
        return gettext("Chapter %(number)s") % {"number": number}
    return gettext("Article %(number)s") % {"number": number}


class Section(models.Model):
    class Kind(models.TextChoices):
        PREAMBLE = "preamble", _("Preamble")
        CHAPTER = "chapter", _("Chapter")
        ARTICLE = "article", _("Article")

    class Change(models.TextChoices):
        UNCHANGED = "unchanged", _("unchanged")
        CHANGED = "changed", _("changed")
        NEW = "new", _("new")

    version = models.ForeignKey(Version, on_delete=models.PROTECT, related_name="sections")
    provision = models.ForeignKey(Provision, on_delete=models.PROTECT, related_name="sections")
    position = models.PositiveIntegerField()
    kind = models.CharField(max_length=10, choices=Kind.choices)
    number = models.CharField(max_length=20, blank=True)
    heading_ru = models.CharField(max_length=1000, blank=True)
    heading_ky = models.CharField(max_length=1000, blank=True)
    text_ru = models.TextField(blank=True)
    text_ky = models.TextField(blank=True)
    change = models.CharField(max_length=10, choices=Change.choices, default=Change.NEW)
    previous_number = models.CharField(max_length=20, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["version", "position"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        constraints = [
            models.UniqueConstraint(fields=["version", "position"], name="section_position"),
            models.UniqueConstraint(
                fields=["version", "provision"], name="section_one_per_provision"
            ),
        ]

    def __str__(self):
        return self.label

    @property
    def key(self):
        return (self.kind, self.number)

    @property
    def comparable_text(self) -> str:
        return normalise(f"{self.heading_ru} {self.text_ru} {self.heading_ky} {self.text_ky}")

    @property
    def anchor(self) -> str:
        return self.kind if self.kind == self.Kind.PREAMBLE else f"{self.kind}-{self.number}"

    @property
    def label(self) -> str:
        return section_label(self.kind, self.number)

    @property
    def heading(self):
        return localized(self, "heading")

    @property
    def text(self):
        return localized(self, "text")

    @property
    def was_renumbered(self) -> bool:
        return bool(self.previous_number) and self.previous_number != self.number


def attachment_path(attachment, filename):
    # Server-made names: nothing a user typed reaches the file system.
    suffix = PurePath(filename).suffix.lower()
    return f"drafts/{attachment.version.draft.reference}/{uuid.uuid4().hex}{suffix}"


class AttachmentQuerySet(models.QuerySet):
    def visible(self):
        """Attachments not hidden by their body (a hidden one keeps its file and reason)."""
        return self.filter(hidden_reason="")


class Attachment(models.Model):
    class Kind(models.TextChoices):
        DRAFT_TEXT = "draft_text", _("Text of the draft")
        JUSTIFICATION = "justification", _("Justification note")
        COMPARATIVE_TABLE = "comparative_table", _("Comparative table")
        IMPACT_ANALYSIS = "impact_analysis", _("Regulatory impact analysis")
        OTHER = "other", _("Other document")

    version = models.ForeignKey(Version, on_delete=models.PROTECT, related_name="attachments")
    kind = models.CharField(_("document"), max_length=30, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300, blank=True)
    file = models.FileField(_("file"), upload_to=attachment_path, validators=[validate_attachment])
    original_name = models.CharField(max_length=255)
    size = models.PositiveBigIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    hidden_reason = models.TextField(blank=True)

    history = HistoricalRecords()
    objects = AttachmentQuerySet.as_manager()

    class Meta:
        ordering = ["version", "kind", "pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.title or self.get_kind_display()

    @property
    def is_visible(self) -> bool:
        return not self.hidden_reason

    @property
    def extension(self) -> str:
        return PurePath(self.original_name).suffix.lstrip(".").upper()
