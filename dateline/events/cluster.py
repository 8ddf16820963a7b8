"""Same-event clusters: articles from different outlets about one event, in their own words.

Two articles report the same event when their event dates are compatible (intervals that
overlap once each is widened by ``DATE_SLACK_DAYS``; an article's event date falls back to
its publication date) and they are similar enough: a mix of the TF-IDF cosine of their
opening text and the overlap (Jaccard) of the entities they name.

Clustering is greedy and deterministic: articles are visited in date order and each joins
the compatible cluster it is most similar to on average (average link), or starts a new
one. Syndicated copies (:mod:`dateline.events.dedup`) are first collapsed to their kept
copy; a cluster lists every id, copies included.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
from scipy import sparse

from dateline.analyse.terms import Tfidf, term_ids, unpack
from dateline.data import AnalysedArticle, DateInterval

log = logging.getLogger(__name__)

# Two intervals one day apart still describe one event: outlets in different time zones,
# or one dated by "Tuesday" and one by its publication the morning after.
DATE_SLACK_DAYS = 1
# Opening sentences compared: the lead says what the event is; later sentences drift into
# background that many different events share.
LEAD_SENTENCES = 6
# Weights of text similarity and entity overlap in the link score, and the score needed to
# join a cluster. Set on hand-written test corpora (tests/test_cluster.py): own-words
# reports of one event scored 0.30–0.55, different events of one story 0.05–0.20.
TEXT_WEIGHT = 0.6
ENTITY_WEIGHT = 0.4
LINK_THRESHOLD = 0.25
# Articles whose event date is unknown or vague (wider than VAGUE_DAYS) join a cluster only
# on stronger similarity: with a wide interval every event of a story is "compatible", and
# reports of different stages of one story (a trial's opening and its verdict, two rounds
# of talks) scored 0.3–0.55 on the bundled sample corpus; 0.6 keeps them apart.
UNDATED_THRESHOLD = 0.6
VAGUE_DAYS = 31


@dataclass(frozen=True, slots=True)
class EventCluster:
    """Articles about one event: ``ids`` are kept articles, most central first; ``members``
    adds their syndicated copies; ``date`` is what all members' dates support together."""

    ids: tuple[str, ...]
    members: tuple[str, ...]
    date: DateInterval


def article_date(art: AnalysedArticle) -> DateInterval:
    """The article's main-event date, falling back to its publication date."""
    return art.event_date if art.event_date.is_known else art.published


def is_vague(iv: DateInterval) -> bool:
    """Unknown, open-ended or wider than :data:`VAGUE_DAYS`."""
    width = iv.width_days
    return width is None or width > VAGUE_DAYS


def _widen(iv: DateInterval, days: int) -> DateInterval:
    pad = timedelta(days=days)
    return DateInterval(iv.start - pad if iv.start else None, iv.end + pad if iv.end else None)


def compatible(a: DateInterval, b: DateInterval, slack: int = DATE_SLACK_DAYS) -> bool:
    """Whether two event dates can be the same event (unknown dates are compatible)."""
    if not a.is_known or not b.is_known:
        return True
    return _widen(a, slack).overlaps(b)


def _lead_terms(art: AnalysedArticle) -> np.ndarray:
    """Term ids of the title and the opening sentences (the article's own, when it carries them)."""
    sents = art.sentences[:LEAD_SENTENCES]
    if not sents:
        return np.array(term_ids(art.article.text[:2000]), dtype=np.int64)
    title = np.array(term_ids(art.article.title or ""), dtype=np.int64)
    ends, ids = unpack(art.terms)
    if len(ends) == len(art.sentences):
        return np.concatenate((title, ids[: ends[len(sents) - 1]]))
    return np.concatenate((title, np.array([t for s in sents for t in term_ids(s.text)], dtype=np.int64)))


def similarity_matrix(
    articles: Sequence[AnalysedArticle], dates: Sequence[DateInterval] | None = None
) -> np.ndarray:
    """Pairwise link scores: weighted TF-IDF cosine of the leads plus entity Jaccard.

    Given the articles' ``dates``, only the pairs whose dates can meet in one cluster (see
    :func:`_pair_blocks`) are scored, each to the same value as in the full matrix; the others
    are 0. Their score is never read: a cluster admits an article only when every dated member's
    date is compatible with its own."""
    n = len(articles)
    if n == 0:
        return np.zeros((0, 0))
    leads = [_lead_terms(a) for a in articles]
    lengths = np.fromiter((len(t) for t in leads), dtype=np.int64, count=n)
    x = Tfidf((lengths, np.concatenate(leads))).matrix
    col: dict[str, int] = {}
    owners: list[int] = []
    cols: list[int] = []
    for i, a in enumerate(articles):
        for k in {m.key for m in a.mentions}:
            owners.append(i)
            cols.append(col.setdefault(k, len(col)))
    e = sparse.csr_matrix((np.ones(len(cols)), (owners, cols)), shape=(n, len(col))) if col else None
    size = np.asarray(e.sum(axis=1)).ravel() if e is not None else np.zeros(n)
    blocks = _pair_blocks(dates) if dates is not None else [(np.arange(n), np.arange(n))]
    if len(blocks) == 1 and len(blocks[0][0]) == n and len(blocks[0][1]) == n:
        return _link_scores(x, e, size, *blocks[0])  # every pair: the matrix itself, no copy
    out = np.zeros((n, n))
    for rows, cols_ in blocks:
        out[np.ix_(rows, cols_)] = _link_scores(x, e, size, rows, cols_)
    return out


def _link_scores(
    x: sparse.csr_matrix, e: sparse.csr_matrix | None, size: np.ndarray, rows: np.ndarray, cols: np.ndarray
) -> np.ndarray:
    """Link scores of ``rows`` against ``cols``: each entry summed in the same order as in the
    product of the whole matrices (a row's terms in order), so the same value to the last bit."""
    full = len(rows) == x.shape[0] and len(cols) == x.shape[0]
    xr, xc = (x, x) if full else (x[rows], x[cols])
    text = np.asarray((xr @ xc.T).toarray())
    if e is None:
        return TEXT_WEIGHT * text
    er, ec = (e, e) if full else (e[rows], e[cols])
    inter = np.asarray((er @ ec.T).toarray())
    union = np.add.outer(size[rows], size[cols])
    union -= inter
    # Jaccard of the entity sets, weighted, added to the weighted text similarity (in place)
    ent = np.divide(inter, union, out=inter, where=union > 0)
    ent *= ENTITY_WEIGHT
    text *= TEXT_WEIGHT
    text += ent
    return text


# Rows scored together when only compatible pairs are scored (see _pair_blocks).
BLOCK_ROWS = 256


def _pair_blocks(dates: Sequence[DateInterval]) -> list[tuple[np.ndarray, np.ndarray]]:
    """(rows, columns) blocks covering every pair of articles whose dates are compatible (those that
    can meet in one cluster), and a few more: articles in date order, ``BLOCK_ROWS`` at a time,
    against every article whose date can meet one of theirs; vague or undated ones against all."""
    n = len(dates)
    bounds = np.array([_bounds(d) if d.is_known else (-np.inf, np.inf) for d in dates]).reshape(n, 2)
    lo, hi = bounds[:, 0], bounds[:, 1]
    wide = np.array([is_vague(d) for d in dates], dtype=bool)
    everyone = np.arange(n)
    blocks = [(np.flatnonzero(wide), everyone)] if wide.any() else []
    narrow = np.flatnonzero(~wide)
    narrow = narrow[np.argsort(lo[narrow], kind="stable")]
    for b in range(0, len(narrow), BLOCK_ROWS):
        rows = narrow[b : b + BLOCK_ROWS]
        first, last = lo[rows].min(), hi[rows].max()
        meet = wide | ((lo <= last + DATE_SLACK_DAYS) & (hi >= first - DATE_SLACK_DAYS))
        blocks.append((np.sort(rows), np.flatnonzero(meet)))
    return [(r, c) for r, c in blocks if len(r)]


def _joint_date(dates: Sequence[DateInterval]) -> DateInterval:
    """The intersection of the members' dates; when they disagree, the first member's date
    (never a narrower date than one member's own evidence supports)."""
    known = [d for d in dates if d.is_known]
    if not known:
        return DateInterval.unknown()
    joint: DateInterval | None = known[0]
    for d in known[1:]:
        joint = joint.intersect(d) if joint is not None else None
    return joint if joint is not None else known[0]


def _bounds(iv: DateInterval) -> tuple[float, float]:
    """Day ordinals of an interval, open or unknown ends as -inf / +inf."""
    lo = iv.start.toordinal() if iv.start else -np.inf
    hi = iv.end.toordinal() if iv.end else np.inf
    return float(lo), float(hi)


@dataclass(slots=True)
class _Open:
    """A cluster being built: members, joint date, and the bounds every newcomer must meet
    to be :func:`compatible` with *each* member (latest start, earliest end)."""

    members: list[int]
    date: DateInterval
    max_start: float
    min_end: float

    def admits(self, lo: float, hi: float) -> bool:
        return lo - DATE_SLACK_DAYS <= self.min_end and self.max_start <= hi + DATE_SLACK_DAYS

    def add(self, i: int, iv: DateInterval, lo: float, hi: float) -> None:
        self.members.append(i)
        self.date = _joint_date([self.date, iv])
        if iv.is_known:
            self.max_start, self.min_end = max(self.max_start, lo), min(self.min_end, hi)


def _greedy(dates: Sequence[DateInterval], sim: np.ndarray) -> list[list[int]]:
    clusters: list[_Open] = []
    label = np.full(len(dates), -1)
    for i in sorted(range(len(dates)), key=lambda j: (dates[j].midpoint() or date.max, j)):
        di = dates[i]
        lo, hi = _bounds(di) if di.is_known else (-np.inf, np.inf)
        best = -1
        if clusters:
            placed = label >= 0
            sums = np.bincount(label[placed], weights=sim[i, placed], minlength=len(clusters))
            sizes = np.bincount(label[placed], minlength=len(clusters))
            score = sums / np.maximum(sizes, 1)
            # only clusters scoring at least the lower threshold can be joined: best first (ties:
            # the older cluster), without sorting the many that cannot
            able = np.flatnonzero(score >= min(LINK_THRESHOLD, UNDATED_THRESHOLD))
            for c in able[np.argsort(-score[able], kind="stable")]:
                cl = clusters[c]
                need = UNDATED_THRESHOLD if is_vague(di) or is_vague(cl.date) else LINK_THRESHOLD
                if score[c] >= need and cl.admits(lo, hi):
                    best = int(c)
                    break
        if best < 0:
            label[i] = len(clusters)
            clusters.append(_Open([i], di, lo, hi))
        else:
            label[i] = best
            clusters[best].add(i, di, lo, hi)
    return [c.members for c in clusters]


def _central_first(members: list[int], sim: np.ndarray) -> list[int]:
    if len(members) == 1:
        return members
    sub = sim[np.ix_(members, members)]
    return [members[k] for k in sorted(range(len(members)), key=lambda k: (-sub[k].sum(), k))]


def cluster_events(
    articles: Sequence[AnalysedArticle], duplicates: Sequence[Sequence[str]] = ()
) -> tuple[EventCluster, ...]:
    """Same-event clusters over ``articles`` (copies collapsed through ``duplicates``),
    in the order of their dates."""
    dropped = {i for g in duplicates for i in g[1:]}
    copies = {g[0]: tuple(g[1:]) for g in duplicates if g}
    present = {a.id for a in articles}
    seen: set[str] = set()
    kept: list[AnalysedArticle] = []
    for a in articles:
        if a.id not in dropped and a.id not in seen:
            seen.add(a.id)
            kept.append(a)
    by_id = {a.id: a for a in articles}
    # a syndicated copy is the same text: every copy's date is evidence for the kept one
    dates = [
        _joint_date([article_date(by_id[x]) for x in (a.id, *copies.get(a.id, ())) if x in by_id]) for a in kept
    ]
    sim = similarity_matrix(kept, dates)
    out = []
    for members in _greedy(dates, sim):
        order = _central_first(members, sim)
        ids = tuple(kept[i].id for i in order)
        all_ids = tuple(x for i in ids for x in (i, *copies.get(i, ())) if x in present)
        out.append(EventCluster(ids, all_ids, _joint_date([dates[i] for i in order])))
    log.debug("clusters: %d articles -> %d events", len(kept), len(out))
    return tuple(sorted(out, key=lambda c: (c.date.midpoint() or date.max, c.ids)))
