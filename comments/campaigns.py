"""Mass campaigns: identical and near-identical comments, grouped so a report shows them as one
proposal with its count instead of drowning everything else (and never drops one).

A comment joins its campaign when it is posted (`Comment.post`), so a report groups 100,000
comments with one SQL `GROUP BY` instead of comparing texts. Each comment stores the first
comment of its campaign (`Comment.campaign_lead`, empty for the first one itself). Posting on
one draft is serialised for that short step (an advisory lock per draft).

Rule (stated in the report's data-limitations note, tuned on comments.campaign_eval and tested
in tests/reports/test_campaigns.py and tests/comments/test_campaign_detection.py):

1. A text is *folded*: lower case, ё → е, Kyrgyz ң ө ү as typed on a Russian keyboard, and
   everything but letters and digits removed — spaces too, so two words fused by a dropped
   space still read the same.
2. Two texts are *alike* when they are identical once folded, or — both of at least
   `MIN_WORDS` words — when the sets of their `SHINGLE`-character pieces overlap with a
   Jaccard similarity of at least `THRESHOLD`, as estimated by MinHash signatures of
   `NUM_PERM` values (datasketch). Character pieces survive the edits campaigns carry: a typo,
   a synonym or a greeting changes a few pieces, not whole words; sentences in another order
   keep almost all of them.
3. A campaign is a set of texts connected by "alike": single linkage, so a comment alike to
   members of two campaigns joins them into one, and the groups do not depend on the order the
   comments came in.

Candidates are found by locality-sensitive hashing, not by comparing every pair: the signature
is cut into `BANDS` bands of `ROWS` values, and only texts sharing a whole band are compared
(`CampaignKey` holds the bands of each draft, one indexed look-up per comment). A comment
whose folded text an earlier one already has stores nothing new: it is alike to exactly what
that one is alike to. So that a comment costs the same in a discussion of 100 or 100,000, a
band is compared with at most its first `BAND_HOLDERS` holders (and only those store it). Up to
that many different texts per band the groups are exactly the connected components above,
whatever the order (tests/comments/test_campaign_detection.py shuffles it); a band fuller than
that belongs to a campaign so large that a newcomer alike to it is alike to some of those first
holders too.

Hidden comments take part in the grouping (a campaign does not split when its first comment
is hidden); a report counts only the published members. Alternative versions never group.
"""

import hashlib
import re
import zlib
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property

import numpy as np
from datasketch import MinHash

SHINGLE = 5
NUM_PERM = 128
BANDS, ROWS = 32, 4
THRESHOLD = 0.6
MIN_WORDS = 5
BAND_HOLDERS = 32
# Fixed: the signatures stored with comments are only comparable under the same permutations.
SEED = 16

_NOT_A_LETTER = re.compile(r"[\W_]+")


def fold(text: str) -> str:
    # The same folding as drafts.search (ң ө ү typed as н о у on a Russian keyboard), plus
    # ё → е; chained replace() is several times faster than str.translate here.
    text = text.lower().replace("ё", "е").replace("ң", "н").replace("ө", "о").replace("ү", "у")
    return _NOT_A_LETTER.sub("", text)


def _key(kind: str, data: bytes) -> int:
    """A signed 64-bit key (PostgreSQL bigint) naming a folded text or one band."""
    digest = hashlib.blake2b(kind.encode() + b":" + data, digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


@cache
def _permutations():
    return MinHash(num_perm=NUM_PERM, seed=SEED, scheme="affine32").permutations


def signature(folded: str) -> np.ndarray:
    """The MinHash signature (int32, as PostgreSQL stores it) of a folded text's pieces."""
    pieces = {folded[i : i + SHINGLE] for i in range(max(1, len(folded) - SHINGLE + 1))}
    # crc32: deterministic across processes (unlike hash()) and several times faster than the
    # default SHA-1; the affine32 scheme mixes it before permuting.
    minhash = MinHash(
        num_perm=NUM_PERM,
        seed=SEED,
        scheme="affine32",
        permutations=_permutations(),
        hashfunc=zlib.crc32,
    )
    minhash.update_batch([piece.encode() for piece in sorted(pieces)])
    return minhash.hashvalues.astype(np.uint32).view(np.int32)


@dataclass(frozen=True)
class Shape:
    """What the campaign rule looks at in one text."""

    folded: str
    words: int

    @classmethod
    def of(cls, text: str) -> "Shape":
        return cls(fold(text), len(_NOT_A_LETTER.sub(" ", text).split()))

    @property
    def compared(self) -> bool:
        """Long enough to be compared by similarity; shorter texts group only when identical."""
        return self.words >= MIN_WORDS

    @cached_property
    def signature(self) -> np.ndarray | None:
        return signature(self.folded) if self.compared else None

    @cached_property
    def same_key(self) -> int:
        return _key("same", self.folded.encode())

    @cached_property
    def band_keys(self) -> list[int]:
        if not self.compared:
            return []
        values = self.signature
        return [_key(f"band{n}", values[n * ROWS : (n + 1) * ROWS].tobytes()) for n in range(BANDS)]

    @property
    def keys(self) -> list[int]:
        return [self.same_key, *self.band_keys]


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of the texts two signatures stand for."""
    return float(np.count_nonzero(a == b)) / len(a)


def place(
    shape: Shape,
    holders: Mapping[int, Sequence[int]],
    campaign_of: Callable[[int], int],
    signature_of: Callable[[int], np.ndarray],
) -> tuple[set[int], list[int]]:
    """Where a new comment of `shape` goes, given the earlier comments holding its keys (at most
    `BAND_HOLDERS` per key, the first ones), the campaign of each (the id of its first comment)
    and their signatures: the campaigns it is alike to (none, one, or several that it joins
    into one), and the keys it must store for later comments to find it."""
    if same := holders.get(shape.same_key):
        # The first identical text already is alike to everything this one would be.
        return {campaign_of(same[0])}, []
    joined, compared = set(), set()
    for key in shape.band_keys:
        for holder in holders.get(key, ()):
            if holder in compared:
                continue
            compared.add(holder)
            campaign = campaign_of(holder)
            if campaign in joined:
                continue
            if similarity(shape.signature, signature_of(holder)) >= THRESHOLD:
                joined.add(campaign)
    store = [key for key in shape.keys if len(holders.get(key, ())) < BAND_HOLDERS]
    return joined, store


@dataclass
class Grouped:
    """A whole discussion grouped at once (`group`)."""

    leads: dict[int, int]  # comment → first comment of its campaign, unless first itself
    keys: list[tuple[int, int]]  # (key, comment) rows of `CampaignKey`
    signatures: dict[int, np.ndarray]  # of the comments that store band keys
    new_wordings: set[int] = field(default_factory=set)  # no earlier comment had their text


def group(comments: Iterable[tuple[int, str]], *, apart: Collection[int] = ()) -> Grouped:
    """The rule applied to a whole discussion at once (for bulk loads and `rerestcampaigns`),
    given `(id, text)` pairs in the order they were posted: `place` with the holders kept in
    memory, as `Comment.post` does with the holders kept in `CampaignKey`. Comments in `apart`
    (split out by a person) are left alone and found by none (see `replay`)."""
    parent: dict[int, int] = {}  # comment → an earlier comment of its campaign (union-find)
    holders_of: dict[int, list[int]] = {}
    grouped = Grouped({}, [], {})

    def campaign(pk: int) -> int:
        while pk in parent:
            pk = parent[pk]
        return pk

    for pk, text in comments:
        if pk in apart:
            continue
        shape = Shape.of(text)
        holders = {key: found for key in shape.keys if (found := holders_of.get(key))}
        joined, store = place(shape, holders, campaign, grouped.signatures.__getitem__)
        if joined:
            first, *later = sorted(joined)
            parent[pk] = first
            for other in later:
                parent[other] = first
        for key in store:
            holders_of.setdefault(key, []).append(pk)
            grouped.keys.append((key, pk))
        if shape.same_key in store:
            grouped.new_wordings.add(pk)
        if shape.compared and len(store) > (shape.same_key in store):
            grouped.signatures[pk] = shape.signature
    grouped.leads = {pk: campaign(pk) for pk in parent}
    return grouped


def replay(
    leads: dict[int, int], decisions: Iterable[tuple[str, int, int | None]]
) -> dict[int, int]:
    """People's decisions applied, in the order taken, on top of automatic grouping: `leads`
    ({comment: first comment of its campaign}, as `group` gives) with each ("split", comment,
    None) taking the comment out of its campaign and each ("merge", a, b) joining the campaigns
    of a and b into the earlier one. Manual decisions are stored and replayed, never
    overwritten: a later regrouping gives the same campaigns a person decided."""
    leads = dict(leads)
    members: dict[int, set[int]] = {}
    for pk, lead in leads.items():
        members.setdefault(lead, {lead}).add(pk)

    def campaign(pk: int) -> int:
        return leads.get(pk, pk)

    for action, pk, other in decisions:
        if action == "split":
            lead = campaign(pk)
            rest = members.pop(lead, {lead})
            rest.discard(pk)
            leads.pop(pk, None)
            if len(rest) > 1:
                first = min(rest)
                members[first] = rest
                leads.pop(first, None)
                leads.update({member: first for member in rest if member != first})
            else:
                for member in rest:
                    leads.pop(member, None)
        elif action == "merge":
            a, b = campaign(pk), campaign(other)
            if a == b:
                continue
            first, second = min(a, b), max(a, b)
            joined = members.pop(first, {first}) | members.pop(second, {second})
            members[first] = joined
            leads.update({member: first for member in joined if member != first})
    return leads
