"""Full-text search over drafts in Russian and Kyrgyz.

The stored vector holds every text twice: with the Russian snowball stemmer (so "закон" finds
"закона", "законы") and with the `simple` configuration (Kyrgyz has no stemmer in PostgreSQL,
so Kyrgyz words are matched by prefix: "мыйзам" finds "мыйзамдын"). Kyrgyz letters are folded
to their nearest Russian-keyboard letters (ү→у, ө→о, ң→н) on both sides, because many people
type Kyrgyz on a Russian keyboard. Trigram similarity on titles catches typos.

Search is matched on the whole act but ranked on the title and summaries (`search_head`) and
counted up to `COUNT_CAP`: ranking and counting every match of a common word on the whole act
took half a second each over 10,000 drafts (issue 15). A typo the title trigrams do not catch
("зокон") gets a "did you mean" from the portal's own vocabulary (`suggestion`).
"""

import re
from contextlib import contextmanager

from django.contrib.postgres.search import SearchQuery
from django.core.paginator import Paginator
from django.db import connection, transaction
from django.db.models import Func, TextField
from django.utils.functional import cached_property
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

KYRGYZ_FOLD = str.maketrans("үөңҮӨҢ", "уонУОН")
WORD = re.compile(r"[^\W_]+")
# Prefix matching on very short words would match half the corpus.
MIN_PREFIX_LENGTH = 3
MAX_QUERY_WORDS = 12
# "More than 500 drafts found": nobody reads further than that, and an exact count of every
# draft that mentions "закон" costs as much as the search itself.
COUNT_CAP = 500
# Title trigrams (typos) are matched only when the words find fewer drafts than this.
TYPOS_BELOW = 20
# A search finding fewer drafts than this gets a "did you mean", if the vocabulary has one.
SUGGEST_BELOW = 3
# When the words find enough drafts, only the best this many candidates by their title and
# summary are re-ranked with the title's similarity to the query (pg_trgm): over all 501 it was
# 15 ms of a common word's 23 ms query, and beyond the fifth page nobody reads the order.
RERANKED = 100
# The headline is made from this much of the act's text around the first match: ts_headline
# parses all the text it is given (0.4 ms for each 3 KB act shown, more for a long act).
HEADLINE_BEFORE = 200
HEADLINE_LENGTH = 800

# ts_headline returns the staff-written text as it is, so it must never reach a page unescaped.
# PostgreSQL marks the matches with two control characters that typed text does not contain;
# the headline is escaped as a whole and only then are the marked matches made <mark>s.
MATCH_START = "\x02"
MATCH_END = "\x03"
_MARKED_MATCH = re.compile(f"{MATCH_START}([^{MATCH_START}{MATCH_END}]*){MATCH_END}")


@contextmanager
def planned_for_each_query():
    """Queries run inside are planned for the words they are given, even when prepared.

    Statements are prepared (sep/settings.py), and after five runs PostgreSQL may keep one
    generic plan for every tsquery: a plan for no word in particular, wrong for a rare word
    or for a common one (the candidates' query took 6.6 ms rather than 4.3, issue 15)."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL plan_cache_mode = force_custom_plan")
        yield


def fold(text: str) -> str:
    return text.translate(KYRGYZ_FOLD).lower()


class KyrgyzFold(Func):
    """SQL twin of `fold` without lower(): to_tsvector lower-cases by itself."""

    function = "translate"
    template = "%(function)s(%(expressions)s, 'үөңҮӨҢ', 'уонУОН')"


def query_words(text: str) -> list[str]:
    return WORD.findall(fold(text))[:MAX_QUERY_WORDS]


def build_query(text: str) -> SearchQuery | None:
    """Every word must match, either by Russian stem or as a (Kyrgyz) word prefix."""
    query = None
    for word in query_words(text):
        # Only letters and digits reach the raw query, so no tsquery syntax can be injected.
        simple = f"{word}:*" if len(word) >= MIN_PREFIX_LENGTH else word
        word_query = SearchQuery(word, config="russian", search_type="plain") | SearchQuery(
            simple, config="simple", search_type="raw"
        )
        query = word_query if query is None else query & word_query
    return query


class HeadlineWindow(Func):
    """Where a headline of `text` is made: HEADLINE_LENGTH characters of it starting
    HEADLINE_BEFORE before the first place `word` (folded) or its Russian stem occurs, or its
    beginning if neither does (a match by another word or by a Kyrgyz letter the stem misses:
    the headline then shows the act's first words, as ts_headline does without a match)."""

    template = (
        "substr(%(text)s, greatest(1, strpos(translate(lower(%(text)s), 'үөң', 'уон'),"
        " coalesce((ts_lexize('russian_stem', %(word)s))[1], %(word)s))"
        f" - {HEADLINE_BEFORE}), {HEADLINE_LENGTH})"
    )

    def __init__(self, expression, word: str):
        super().__init__(expression, output_field=TextField())
        self.word = word

    def as_sql(self, compiler, connection, **extra_context):
        text_sql, text_params = compiler.compile(self.source_expressions[0])
        sql = self.template % {"text": text_sql, "word": "%s"}
        return sql, [*text_params, *text_params, self.word, self.word]


def headline_word(text: str) -> str:
    """The query word the headline is centred on: the first long enough to be specific."""
    words = query_words(text)
    return next((word for word in words if len(word) >= MIN_PREFIX_LENGTH), words[0])


def headline_query(text: str) -> SearchQuery | None:
    """The words as typed (not folded), to highlight them in the original text."""
    words = WORD.findall(text.lower())[:MAX_QUERY_WORDS]
    if not words:
        return None
    return SearchQuery(" ".join(words), config="russian", search_type="plain") | SearchQuery(
        " | ".join(f"{w}:*" if len(w) >= MIN_PREFIX_LENGTH else w for w in words),
        config="simple",
        search_type="raw",
    )


def highlighted(headline: str) -> SafeString:
    """A headline made with the MATCH_START/MATCH_END markers, as escaped HTML with <mark>s."""
    marked = _MARKED_MATCH.sub(r"<mark>\1</mark>", escape(headline))
    # A stray marker (unpaired, or pasted into the text) is dropped, never turned into markup.
    return mark_safe(marked.replace(MATCH_START, "").replace(MATCH_END, ""))


class CappedPaginator(Paginator):
    """Pages of search results that count at most `COUNT_CAP` + 1 of them (`capped` then)."""

    cap = COUNT_CAP

    @cached_property
    def count(self) -> int:
        # The search has counted its candidates (`DraftQuerySet.search`): they are the results.
        found = getattr(self.object_list, "found", None)
        if found is not None:
            return min(found, COUNT_CAP + 1)
        # Unordered and without the annotations: the count neither ranks nor makes headlines.
        return self.object_list.order_by().values("pk")[: COUNT_CAP + 1].count()

    @property
    def capped(self) -> bool:
        return self.count > COUNT_CAP


def _refresh_vocabulary_if_stale(cursor) -> None:
    # The vocabulary (migration drafts 0007) is built at a listing stamp; a draft published or
    # retitled since moves the stamp. Drafts change a few times a day, searches all the time,
    # so the first search after a change rebuilds it (well under a second for 10,000 drafts).
    cursor.execute(
        "SELECT (SELECT built_at FROM drafts_search_word LIMIT 1)"
        " IS NOT DISTINCT FROM (SELECT max(listed_at) FROM drafts_draft)"
    )
    if not cursor.fetchone()[0]:
        cursor.execute("REFRESH MATERIALIZED VIEW drafts_search_word")


def suggestion(text: str, *, found: int) -> str | None:
    """A query of the portal's own words closest to `text` ("зокон" → "закон"), for a search
    that found fewer than SUGGEST_BELOW drafts; None if there is none or it is `text` again."""
    if found >= SUGGEST_BELOW:
        return None
    typed = WORD.findall(text.lower())[:MAX_QUERY_WORDS]
    if not typed:
        return None
    with connection.cursor() as cursor:
        _refresh_vocabulary_if_stale(cursor)
        # A word that begins one of the vocabulary's, as typed or by its Russian stem, is kept:
        # the search finds its other forms ("мыйзам", "лицензирования"). Any other is replaced
        # by the nearest word by trigrams (the GiST index answers `<->` in order) among those
        # similar enough (pg_trgm.similarity_threshold, 0.3), the commoner of equally near ones.
        cursor.execute(
            "SELECT CASE WHEN EXISTS (SELECT FROM drafts_search_word w WHERE w.folded LIKE"
            "   coalesce((ts_lexize('russian_stem', typed.word))[1], typed.word) || '%%')"
            " THEN NULL ELSE (SELECT w.word FROM drafts_search_word w"
            "   WHERE w.folded %% typed.word"
            "   ORDER BY w.folded <-> typed.word, w.ndoc DESC, w.word LIMIT 1) END"
            " FROM unnest(%s::text[]) WITH ORDINALITY AS typed(word, n) ORDER BY typed.n",
            [[fold(word) for word in typed]],
        )
        nearest = [row[0] for row in cursor.fetchall()]
    # Short words and words without a near one are kept as typed.
    words = [
        near if near and len(word) >= MIN_PREFIX_LENGTH else word
        for word, near in zip(typed, nearest, strict=True)
    ]
    if fold(" ".join(words)) == fold(" ".join(typed)):
        return None
    return " ".join(words)
