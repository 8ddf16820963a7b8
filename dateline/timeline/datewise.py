"""Date-wise timelines: pick the most important days first, then sentences for each day.

After Gholipour Ghalandari & Ifrim (2020, "DATEWISE"), unsupervised. A day is important
when many articles refer to it: each kept article (syndicated copies vote once, through
their kept copy) gives one vote to every day it names with day precision in a resolved
time expression, and ``PUB_WEIGHT`` of a vote to the day it was published. Days outside
the span of the articles' publication dates are not candidates (an article of 2010 that
recalls a day of 1989 does not put 1989 on the timeline of the corpus).

Sentences for a day are the sentences that name that day, plus the lead sentences of the
articles published on it that name no other day; a centroid ranker with MMR
(:mod:`dateline.timeline.summarise`) chooses among them. Every event here has day
precision because every vote and every candidate sentence is day-precise evidence.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from dateline.data import AnalysedArticle, Collection, DateInterval, Event, Evidence, Precision, Timeline
from dateline.timeline.build import CorpusIndex, SentenceRow, make_event, ordered, ref
from dateline.timeline.summarise import CentroidSummariser, SpaceFactory, TfidfSpace, dense

# Chooses a day's summary sentences: (day, candidate rows, k) -> chosen rows, best first; a
# ChooserFactory makes one per collection (given its index and query vector).
RowChooser = Callable[[date, Sequence[int], int], list[SentenceRow]]
ChooserFactory = Callable[[CorpusIndex, "np.ndarray | None"], RowChooser]

# How the settings below were chosen: on the Timeline17 benchmark (benchmarks/tls.py) through
# the real pipeline, scored with dateline.evaluate (AR-1 F, Date-F1), one global value for every
# topic, small grids only; differences under ~0.003 AR-1 were treated as noise and the simpler
# value kept. Five-fold cross-validation over topics gave held-out AR-1 0.123, Date-F1 0.623.
#
# Weight of a publication against a reference in another article's text. {0.25, 0.5, 1, 2}
# were within 0.003 AR-1 / 0.015 Date-F1 of one another; 1 (one article, one vote) kept.
PUB_WEIGHT = 1.0
# Sentences of an article that fall back to its publication day when they name no day
# themselves: news leads report the day's news; later sentences are background.
LEAD_SENTENCES = 5
# Extra vote for the day an article's main event happened (AnalysedArticle.event_date, when
# day-precise). 0 and 1 measured the same; off, so that one signal is not counted twice.
EVENT_WEIGHT = 0.0
# Weight of a candidate's similarity to the whole collection's centroid, added to its
# similarity to the day's own centroid: keeps off-topic sentences of a busy day out.
# 0 -> 0.3 -> 0.6 raised AR-1 (+0.003, +0.008); 1.0 was no better than 0.6.
TOPIC_WEIGHT = 0.6
# Bonus for sentences early in their article, POSITION_WEIGHT / (1 + index / 5). Measured
# 0.05 and 0.1: no gain on top of TOPIC_WEIGHT, so off.
POSITION_WEIGHT = 0.0
# Whether an article's reference to its own publication day ("today", the byline's date)
# counts as a reference vote (it also votes through PUB_WEIGHT). No measurable difference.
COUNT_OWN_DAY = True
# Only sentences among an article's first CANDIDATE_SENTENCES can be summary sentences
# (0: any). A hard cut at 5 or 10 lost Date-F1 (days named only deep in articles lost
# their candidates), so off.
CANDIDATE_SENTENCES = 0
# A sentence naming several different days (a live-blog stamp "Update 3:28 a.m. Thursday
# ... 8:28 p.m. ET Wednesday", a recap) says little about any one of them: only sentences
# naming exactly one day are candidates for that day (+0.004 AR-1, +0.01 Date-F1).
SINGLE_DAY_ONLY = True
# A day next to an already chosen day is passed over when that neighbour has at least
# ADJACENT_RATIO times its votes: the report of an event on day d, published on d+1,
# splits its votes over two days, and the weaker one is the same event (0: off). Measured:
# 1.5 lost 0.057 Date-F1, 3 changed nothing beyond noise, so off.
ADJACENT_RATIO = 0.0
# How many days of evidence (time expressions) are kept on an event's date.
MAX_EVIDENCE = 3


@dataclass(frozen=True, slots=True)
class DayVotes:
    """Votes per day: publications and references from kept articles."""

    pubs: Counter[date]
    refs: Counter[date]
    evidence: dict[date, list[Evidence]]
    events: Counter[date]  # day-precise main-event dates

    def score(self, d: date, pub_weight: float = PUB_WEIGHT) -> float:
        return self.refs[d] + pub_weight * self.pubs[d] + EVENT_WEIGHT * self.events[d]


def day_of(interval: DateInterval) -> date | None:
    """The day of a day-precise interval, else ``None``."""
    return interval.start if interval.precision is Precision.DAY else None


def _published_span(index: CorpusIndex) -> tuple[date | None, date | None]:
    days = [d for a in index.kept if (d := day_of(a.published)) is not None]
    return (min(days), max(days)) if days else index.span


def _in_span(d: date, span: tuple[date | None, date | None]) -> bool:
    lo, hi = span
    return (lo is None or lo <= d) and (hi is None or d <= hi)


def count_votes(index: CorpusIndex) -> DayVotes:
    """Each kept article votes once per day it names, and (weighted) for its publication day."""
    span = _published_span(index)
    pubs: Counter[date] = Counter()
    refs: Counter[date] = Counter()
    events: Counter[date] = Counter()
    evidence: dict[date, list[Evidence]] = {}
    for art in index.kept:
        p = day_of(art.published)
        if p is not None:
            pubs[p] += 1
        named: set[date] = set()
        for tx in art.times:
            d = day_of(tx.interval)
            if d is None or not _in_span(d, span) or d in named or (d == p and not COUNT_OWN_DAY):
                continue
            named.add(d)
            ev = Evidence("time-expression", tx.text, d, d, art.id, tx.sentence)
            evidence.setdefault(d, []).append(ev)
        refs.update(named)
        e = day_of(art.event_date)
        if e is not None and _in_span(e, span):
            events[e] += 1
    return DayVotes(pubs, refs, evidence, events)


def _lead_rows(index: CorpusIndex, art: AnalysedArticle, dated: set[int]) -> list[int]:
    rows = []
    for s in art.sentences[:LEAD_SENTENCES]:
        if s.index not in dated and (art.id, s.index) in index.row_of:
            rows.append(index.row_of[(art.id, s.index)])
    return rows


def day_candidates(index: CorpusIndex) -> dict[date, list[int]]:
    """Sentence rows per day: sentences naming the day, and undated leads published on it."""
    out: dict[date, dict[int, None]] = {}
    for art in index.kept:
        days_of: dict[int, set[date]] = {}
        for tx in art.times:
            if (d := day_of(tx.interval)) is not None:
                days_of.setdefault(tx.sentence, set()).add(d)
        dated = set(days_of)
        for sent, days in days_of.items():
            row = index.row_of.get((art.id, sent))
            if row is None or (CANDIDATE_SENTENCES and sent >= CANDIDATE_SENTENCES):
                continue
            if SINGLE_DAY_ONLY and len(days) > 1:
                continue
            for d in days:
                out.setdefault(d, {})[row] = None
        if (p := day_of(art.published)) is not None:
            for row in _lead_rows(index, art, dated):
                out.setdefault(p, {})[row] = None
    return {d: list(rows) for d, rows in out.items()}


def rank_days(votes: DayVotes, candidates: dict[date, list[int]], pub_weight: float = PUB_WEIGHT) -> list[date]:
    """Days with candidate sentences, most votes first (earlier day first on ties)."""
    days = [d for d in candidates if votes.score(d, pub_weight) > 0]
    return sorted(days, key=lambda d: (-votes.score(d, pub_weight), d))


def query_vector(index: CorpusIndex, keywords: Sequence[str]) -> np.ndarray | None:
    """A dense, normalised vector of the topic keywords in the sentence space, if any."""
    if not keywords or not index.rows:
        return None
    vec = dense(index.space.transform([" ".join(keywords)]))[0]
    norm = np.linalg.norm(vec)
    return vec / norm if norm > 0 else None


def summarise_rows(
    index: CorpusIndex, rows: Sequence[int], k: int, query: np.ndarray | None = None
) -> list[SentenceRow]:
    """The ``k`` best rows by centroid + MMR, best first."""
    texts = [index.rows[r].text for r in rows]
    prior = np.zeros(len(rows))
    if TOPIC_WEIGHT:
        prior += TOPIC_WEIGHT * index.topic_similarity(rows)
    if POSITION_WEIGHT:
        prior += POSITION_WEIGHT / (1 + np.array([index.rows[r].sentence for r in rows]) / 5)
    picked = CentroidSummariser(index.space).select(list(rows), texts, k, prior=list(prior), query=query)
    return [index.rows[rows[i]] for i in picked]


def day_interval(d: date, votes: DayVotes) -> DateInterval:
    ev = tuple(votes.evidence.get(d, [])[:MAX_EVIDENCE])
    if votes.pubs[d]:
        ev += (Evidence("publication", f"{votes.pubs[d]} article(s) published on this day", d, d),)
    return DateInterval.day(d, ev)


def centroid_chooser(index: CorpusIndex, query: np.ndarray | None) -> RowChooser:
    """The unsupervised sentence choice: :func:`summarise_rows` (centroid + MMR), whatever the day."""
    return lambda day, rows, k: summarise_rows(index, rows, k, query)


def select_days(
    index: CorpusIndex, max_dates: int, k: int, pub_weight: float = PUB_WEIGHT,
    chooser: ChooserFactory = centroid_chooser,
) -> list[tuple[DateInterval, list[SentenceRow]]]:  # fmt: skip
    """The top ``max_dates`` days (inside the collection's date range, if any) with their chosen
    sentences, in rank order; ``chooser`` picks each day's sentences among its candidates
    (default: centroid + MMR; :func:`dateline.timeline.learned.learned_chooser`: learned scores).

    A sentence chosen for a higher-ranked day is not offered again for a later one (a
    sentence naming two days would otherwise summarise both)."""
    votes = count_votes(index)
    candidates = day_candidates(index)
    query = query_vector(index, index.collection.keywords)
    choose = chooser(index, query)
    used: set[int] = set()
    out: list[tuple[DateInterval, list[SentenceRow]]] = []
    chosen_days: dict[date, float] = {}
    window = index.collection.window
    for d in rank_days(votes, candidates, pub_weight):
        if len(out) >= max_dates:
            break
        if window is not None and not window.contains(d):  # a date range chooses days inside it
            continue
        if _shadowed(d, votes.score(d, pub_weight), chosen_days):
            continue
        rows = [r for r in candidates[d] if r not in used]
        chosen = choose(d, rows, k)
        if chosen:
            used.update(index.row_of[(r.article_id, r.sentence)] for r in chosen)
            chosen_days[d] = votes.score(d, pub_weight)
            out.append((day_interval(d, votes), chosen))
    return out


def _shadowed(d: date, score: float, chosen: dict[date, float]) -> bool:
    """Whether an already chosen neighbouring day outweighs ``d`` by ADJACENT_RATIO."""
    if not ADJACENT_RATIO:
        return False
    one = timedelta(days=1)
    return any(chosen.get(n, 0.0) >= ADJACENT_RATIO * score for n in (d - one, d + one))


class DatewiseGenerator:
    """Rank days by references and publications, then choose sentences per day."""

    name = "datewise"

    def __init__(self, pub_weight: float = PUB_WEIGHT, space: SpaceFactory = TfidfSpace) -> None:
        self.pub_weight = pub_weight
        self.space = space

    def predict(self, collection: Collection, max_dates: int, max_sentences: int) -> Timeline:
        index = CorpusIndex(collection, self.space)
        events: list[Event] = [
            make_event(index, day, [ref(r) for r in rows], [r.article_id for r in rows])
            for day, rows in select_days(index, max_dates, max_sentences, self.pub_weight)
        ]
        return ordered(index, events)
