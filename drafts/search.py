"""Full-text search over drafts in Russian and Kyrgyz.

The stored vector holds every text twice: with the Russian snowball stemmer (so "закон" finds
"закона", "законы") and with the `simple` configuration (Kyrgyz has no stemmer in PostgreSQL,
so Kyrgyz words are matched by prefix: "мыйзам" finds "мыйзамдын"). Kyrgyz letters are folded
to their nearest Russian-keyboard letters (ү→у, ө→о, ң→н) on both sides, because many people
type Kyrgyz on a Russian keyboard. Trigram similarity on titles catches typos.
"""

import re

from django.contrib.postgres.search import SearchQuery
from django.db.models import Func
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

KYRGYZ_FOLD = str.maketrans("үөңҮӨҢ", "уонУОН")
WORD = re.compile(r"[^\W_]+")
# Prefix matching on very short words would match half the corpus.
MIN_PREFIX_LENGTH = 3
MAX_QUERY_WORDS = 12

# ts_headline returns the staff-written text as it is, so it must never reach a page unescaped.
# PostgreSQL marks the matches with two control characters that typed text does not contain;
# the headline is escaped as a whole and only then are the marked matches made <mark>s.
MATCH_START = "\x02"
MATCH_END = "\x03"
_MARKED_MATCH = re.compile(f"{MATCH_START}([^{MATCH_START}{MATCH_END}]*){MATCH_END}")


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
