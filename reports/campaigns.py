"""Mass campaigns: identical and near-identical comments, grouped so a report shows them as one
proposal with its count instead of drowning everything else (and never drops one).

Rule (documented in the report's data-limitations note and tested in
tests/reports/test_campaigns.py):

1. *Identical*: the same text after normalising — lower case, ё → е, Kyrgyz ң ө ү folded as
   typed on a Russian keyboard, everything but letters and digits turned into single spaces.
2. *Near-identical*: two texts of at least `MIN_WORDS` words whose sets of words overlap with a
   Jaccard similarity of at least `THRESHOLD` (0.8: one word changed in a ten-word sentence
   still groups; two different opinions on the same article do not). Candidates are found by
   blocking, not by comparing every pair: texts sharing their first or their last
   `BLOCK_WORDS` words are compared with the first text seen in that block. Campaign texts come
   from a template, so an edit rarely touches both its beginning and its end, and the work
   stays linear in the number of comments.
"""

import re
from collections.abc import Iterable

THRESHOLD = 0.8
MIN_WORDS = 5
BLOCK_WORDS = 4

_NOT_A_WORD = re.compile(r"[\W_]+")


def normalise(text: str) -> str:
    # The same folding as drafts.search (ң ө ү typed as н о у on a Russian keyboard), plus
    # ё → е; chained replace() is several times faster than str.translate here.
    text = text.lower().replace("ё", "е").replace("ң", "н").replace("ө", "о").replace("ү", "у")
    return _NOT_A_WORD.sub(" ", text).strip()


def campaigns_among(comments: Iterable[tuple[int, str]]) -> list[list[int]]:
    """Campaigns among `(id, text)` pairs given oldest first: identical texts after
    normalising, then near-identical ones (see the module's docstring)."""
    identical: dict[str, list[int]] = {}
    for pk, text in comments:
        identical.setdefault(normalise(text), []).append(pk)
    return group_near_duplicates(identical.items())


def jaccard(a: frozenset, b: frozenset) -> float:
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def group_near_duplicates(texts: Iterable[tuple[str, list[int]]]) -> list[list[int]]:
    """Campaigns among `(normalised text, ids of the comments with that text)`.

    Returns the id lists of every campaign (two or more comments), each sorted, the earliest
    comment first. Input order decides which text leads a block: pass the oldest first.
    """
    leaders: dict[tuple, int] = {}  # block key → index of the group leading that block
    words_of: list[frozenset] = []
    groups: list[list[int]] = []  # group index → member ids
    parent: list[int] = []  # group index → the group it merged into (union-find)

    def root(index: int) -> int:
        while parent[index] != index:
            parent[index] = parent[parent[index]]
            index = parent[index]
        return index

    for text, ids in texts:
        index = len(groups)
        groups.append(list(ids))
        parent.append(index)
        words = text.split()
        word_set = frozenset(words)
        words_of.append(word_set)
        if len(words) < MIN_WORDS:
            continue
        for key in (("head", *words[:BLOCK_WORDS]), ("tail", *words[-BLOCK_WORDS:])):
            leader = leaders.setdefault(key, index)
            if leader != index and jaccard(word_set, words_of[leader]) >= THRESHOLD:
                parent[root(index)] = root(leader)

    merged: dict[int, list[int]] = {}
    for index, ids in enumerate(groups):
        merged.setdefault(root(index), []).extend(ids)
    return [sorted(ids) for ids in merged.values() if len(ids) > 1]
