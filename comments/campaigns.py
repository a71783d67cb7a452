"""Mass campaigns: identical and near-identical comments, grouped so a report shows them as one
proposal with its count instead of drowning everything else (and never drops one).

A comment joins its campaign when it is posted (`Comment.post`), so a report groups 100,000
comments with one SQL `GROUP BY` instead of comparing texts. Each comment stores the first
comment of its campaign (`Comment.campaign_lead`, empty for the first one itself), and
`CampaignKey` remembers, per draft, the first comment of each normalised text and of each block
(below). Posting on one draft is serialised for that short step, so the outcome does not depend
on which of two simultaneous comments committed first.

Rule (stated in the report's data-limitations note and tested in
tests/reports/test_campaigns.py):

1. *Identical*: the same text after normalising — lower case, ё → е, Kyrgyz ң ө ү folded as
   typed on a Russian keyboard, everything but letters and digits turned into single spaces.
2. *Near-identical*: two texts of at least `MIN_WORDS` words whose sets of words overlap with a
   Jaccard similarity of at least `THRESHOLD` (0.8: one word changed in a ten-word sentence
   still groups; two different opinions on the same article do not). Candidates are found by
   blocking, not by comparing every pair: a text is compared with the first text of the
   discussion that shares its first `BLOCK_WORDS` words and with the first that shares its last
   `BLOCK_WORDS` words. Campaign texts come from a template, so an edit rarely touches both its
   beginning and its end, and the work per comment stays constant.
3. A comment resembling the first texts of two campaigns joins them into one.

Hidden comments take part in the grouping (a campaign does not split when its first comment
is hidden); a report counts only the published members. Alternative versions never group.
"""

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

THRESHOLD = 0.8
MIN_WORDS = 5
BLOCK_WORDS = 4

_NOT_A_WORD = re.compile(r"[\W_]+")


def normalise(text: str) -> str:
    # The same folding as drafts.search (ң ө ү typed as н о у on a Russian keyboard), plus
    # ё → е; chained replace() is several times faster than str.translate here.
    text = text.lower().replace("ё", "е").replace("ң", "н").replace("ө", "о").replace("ү", "у")
    return _NOT_A_WORD.sub(" ", text).strip()


def jaccard(a: frozenset, b: frozenset) -> float:
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def _key(kind: str, words: Iterable[str]) -> int:
    """A signed 64-bit key (PostgreSQL bigint) naming a text or a block of words."""
    digest = hashlib.blake2b(" ".join((kind, *words)).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


@dataclass(frozen=True)
class Shape:
    """What the campaign rule looks at in one text."""

    words: tuple[str, ...]

    @classmethod
    def of(cls, text: str) -> "Shape":
        return cls(tuple(normalise(text).split()))

    @cached_property
    def keys(self) -> dict[str, int]:
        """`same` names the normalised text; `head` and `tail` its blocks (long texts only)."""
        keys = {"same": _key("same", self.words)}
        if len(self.words) >= MIN_WORDS:
            keys["head"] = _key("head", self.words[:BLOCK_WORDS])
            keys["tail"] = _key("tail", self.words[-BLOCK_WORDS:])
        return keys

    def resembles(self, other: "Shape") -> bool:
        return jaccard(frozenset(self.words), frozenset(other.words)) >= THRESHOLD


@dataclass(frozen=True)
class Earlier:
    """The first comment of the discussion holding one of a new comment's keys."""

    text: str
    campaign: int  # the id of the first comment of its campaign


def campaigns_joined(shape: Shape, first_with: dict[str, Earlier]) -> set[int]:
    """The campaigns (ids of their first comments) a new comment of `shape` belongs to, given
    the first comments holding its keys: none, one, or several that it joins into one."""
    if "same" in first_with:
        # The first identical text already made every comparison this one would make.
        return {first_with["same"].campaign}
    return {
        earlier.campaign
        for block in ("head", "tail")
        if (earlier := first_with.get(block)) is not None
        and shape.resembles(Shape.of(earlier.text))
    }


def group(comments: Iterable[tuple[int, str]]) -> tuple[dict[int, int], dict[int, int]]:
    """The rule applied to a whole discussion at once (for bulk loads and the migration that
    introduced campaigns), given `(id, text)` pairs in the order they were posted.

    Returns {id: id of the first comment of its campaign} for every comment that is not the
    first of its own, and {key: id of the first comment holding it} (`CampaignKey`)."""
    lead: dict[int, int] = {}  # comment → an earlier comment of its campaign (union-find)
    first_with: dict[int, tuple[int, str]] = {}  # key → (first comment holding it, its text)

    def campaign(pk: int) -> int:
        while pk in lead:
            pk = lead[pk]
        return pk

    for pk, text in comments:
        shape = Shape.of(text)
        keys = shape.keys
        earlier = {
            kind: Earlier(text=first[1], campaign=campaign(first[0]))
            for kind, key in keys.items()
            if (first := first_with.get(key)) is not None
        }
        joined = sorted(campaigns_joined(shape, earlier))
        if joined:
            lead[pk] = joined[0]
            for other in joined[1:]:
                lead[other] = joined[0]
        for key in keys.values():
            first_with.setdefault(key, (pk, text))
    return {pk: campaign(pk) for pk in lead}, {key: pk for key, (pk, _) in first_with.items()}
