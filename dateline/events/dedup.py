"""Near-duplicate articles: syndicated and republished copies of one story.

A wire story reprinted by several outlets keeps its body text but gets different chrome,
headlines, bylines and sometimes a trimmed tail. We compare bodies as sets of word
shingles: MinHash-LSH (datasketch) proposes candidate pairs cheaply, and each candidate
is then confirmed with the exact *containment* of the smaller shingle set in the larger,
so that a shortened copy still counts as a copy.

:func:`duplicate_groups` returns groups of article ids; the first id of each group is
the copy that is kept (the one sharing most text with the others and adding least of its
own; ties broken by the earliest publication and then by id, so the result is
deterministic).
"""

from __future__ import annotations

import hashlib
import logging
import re
import zlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from datasketch import MinHash, MinHashLSH

from dateline.data import AnalysedArticle

log = logging.getLogger(__name__)

# Word shingle length. Five words rarely repeat by chance between two independently
# written articles on the same event, while a wire copy shares almost all of them.
SHINGLE_WORDS = 5
# MinHash permutations: 128 gives a Jaccard estimate with a standard error of ~0.04.
NUM_PERM = 128
# LSH candidate threshold on the *Jaccard* estimate. Deliberately low, so that a copy with
# its tail cut (Jaccard 0.4 when 40% of the text is kept) is still proposed; every
# candidate is confirmed exactly with CONTAINMENT below.
LSH_THRESHOLD = 0.3
# Exact containment |A ∩ B| / min(|A|, |B|) needed to call two bodies copies. A copy with
# extra chrome or a trimmed tail still scores 1.0 (the smaller set is inside the larger);
# light edits by the republisher lower it a little. Two outlets writing up one event in
# their own words share < 0.1, and templated short reports (results, notices) 0.3–0.6,
# so 0.75 leaves room on both sides.
CONTAINMENT = 0.75
# Bodies with fewer shingles than this are too short to tell a copy from a shared
# boilerplate sentence; they are grouped only when their shingle sets are identical.
MIN_SHINGLES = 8
SEED = 1
# Only the first MAX_WORDS words of a body are shingled: copies of a story share its
# beginning (reprints trim the tail), and a 10,000-word live blog costs no more than a story.
MAX_WORDS = 1500

_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True, slots=True)
class Body:
    """What near-duplicate detection holds of an article (also the incremental corpus step)."""

    id: str
    shingles: frozenset[str]
    published: date | None


def shingles(text: str, k: int = SHINGLE_WORDS) -> frozenset[str]:
    """The set of ``k``-word shingles of ``text`` (lower-cased words, punctuation dropped)."""
    words = _WORD.findall(text[: MAX_WORDS * 20].lower())[:MAX_WORDS]
    if len(words) < k:
        return frozenset([" ".join(words)]) if words else frozenset()
    return frozenset(map(" ".join, zip(*(words[i:] for i in range(k)), strict=False)))


def _body(art: AnalysedArticle) -> Body:
    text = art.article.text
    return Body(art.id, shingles(text), art.published.start)


def _minhash(sh: frozenset[str]) -> MinHash:
    # CRC-32: a fast, stable 32-bit hash (MinHash's default, SHA-1, is several times slower).
    m = MinHash(num_perm=NUM_PERM, seed=SEED, hashfunc=zlib.crc32)
    m.update_batch([s.encode("utf-8") for s in sh])
    return m


def containment(a: frozenset[str], b: frozenset[str]) -> float:
    """Share of the smaller set that is in the larger (1.0 when one contains the other)."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def _is_copy(a: Body, b: Body) -> bool:
    if min(len(a.shingles), len(b.shingles)) < MIN_SHINGLES:
        return bool(a.shingles) and a.shingles == b.shingles
    return containment(a.shingles, b.shingles) >= CONTAINMENT


@lru_cache(maxsize=1)
def _bands() -> tuple[tuple[int, int], ...]:
    """The (start, end) slices of a MinHash's values that :class:`MinHashLSH` hashes as bands."""
    return tuple(MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM).hashranges)


def band_keys(sh: frozenset[str]) -> list[int]:
    """The LSH band keys of a shingle set as signed 64-bit integers (none for an empty set): two
    bodies are candidate copies when they share one, exactly when :class:`MinHashLSH` over the same
    bodies would propose them (up to 64-bit hash collisions, which only add candidates)."""
    if not sh:
        return []
    values = _minhash(sh).hashvalues
    out = []
    for band, (start, end) in enumerate(_bands()):
        raw = band.to_bytes(2, "big") + bytes(values[start:end].byteswap().data)
        out.append(int.from_bytes(hashlib.blake2b(raw, digest_size=8, person=b"dl-lsh").digest(), "big", signed=True))
    return out


def body(art: AnalysedArticle) -> Body:
    """What the copy test compares: the article's shingles and its own publication start."""
    return _body(art)


def is_copy(a: Body, b: Body) -> bool:
    """Whether two bodies are copies (containment, see the module doc)."""
    return _is_copy(a, b)


def keep_order(group: Sequence[Body]) -> tuple[str, ...]:
    """A group's ids, the copy to keep first (see :func:`duplicate_groups`)."""
    return tuple(b.id for b in _keep_order(group))


def _candidate_pairs(bodies: Sequence[Body]) -> set[tuple[int, int]]:
    lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
    hashes = [_minhash(b.shingles) for b in bodies]
    for i, m in enumerate(hashes):
        if bodies[i].shingles:
            lsh.insert(str(i), m)
    pairs: set[tuple[int, int]] = set()
    for i, m in enumerate(hashes):
        if not bodies[i].shingles:
            continue
        for key in lsh.query(m):
            j = int(key)
            if j != i:
                pairs.add((min(i, j), max(i, j)))
    return pairs


def _find(parent: list[int], i: int) -> int:
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i


def _keep_order(group: Sequence[Body]) -> list[Body]:
    """The group with the copy to keep first: the one that shares most text with the other
    copies and adds least of its own (the wire original rather than a republication with
    leftover chrome or a trimmed reprint); then the earliest publication; then the id."""
    # per shingle, how many members hold it: a member shares a shingle with (holders - 1) others,
    # and holds it alone when it is its only holder (the sums over the other members, in one pass)
    holders = Counter(sh for b in group for sh in b.shingles)

    def key(b: Body) -> tuple[int, date, str]:
        shared = sum(holders[sh] for sh in b.shingles) - len(b.shingles)
        own = sum(1 for sh in b.shingles if holders[sh] == 1)
        return (-(shared - own), b.published or date.max, b.id)

    return sorted(group, key=key)


def duplicate_groups(articles: Sequence[AnalysedArticle]) -> tuple[tuple[str, ...], ...]:
    """Groups (two or more ids) of articles whose bodies are copies of one another.

    The first id of each group is the copy to keep; the groups are sorted by that id.
    Articles with no copy appear in no group. Exact repeats of an id are ignored.
    """
    seen: set[str] = set()
    bodies: list[Body] = []
    for art in articles:
        if art.id not in seen:
            seen.add(art.id)
            bodies.append(_body(art))
    parent = list(range(len(bodies)))
    for i, j in sorted(_candidate_pairs(bodies)):
        if _is_copy(bodies[i], bodies[j]):
            parent[_find(parent, i)] = _find(parent, j)
    members: dict[int, list[Body]] = {}
    for i, b in enumerate(bodies):
        members.setdefault(_find(parent, i), []).append(b)
    groups = [tuple(b.id for b in _keep_order(g)) for g in members.values() if len(g) > 1]
    log.debug("dedup: %d articles, %d duplicate groups", len(bodies), len(groups))
    return tuple(sorted(groups))


def kept_ids(articles: Sequence[AnalysedArticle], groups: Sequence[Sequence[str]]) -> list[str]:
    """Ids of the articles that vote: every article except the non-first copies of a group."""
    dropped = {i for g in groups for i in g[1:]}
    out: dict[str, None] = {}
    for art in articles:
        if art.id not in dropped:
            out[art.id] = None
    return list(out)


def copies_of(groups: Sequence[Sequence[str]]) -> dict[str, tuple[str, ...]]:
    """Map from each kept id to the ids of its other copies (kept ids with no copy are absent)."""
    return {g[0]: tuple(g[1:]) for g in groups if g}
