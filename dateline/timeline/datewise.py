"""Date-wise timelines: pick the most important days first, then sentences for each day.

After Gholipour Ghalandari & Ifrim (2020, "DATEWISE"), unsupervised. A day is important
when many articles refer to it: each kept article (syndicated copies vote once, through
their kept copy) gives one vote to every day it names with day precision in a resolved
time expression, and ``PUB_WEIGHT`` of a vote to the day it was published. Days outside
the span of the articles' publication dates are not candidates (an article of 2010 that
recalls a day of 1989 does not put 1989 on the timeline of the corpus).

Long stories (a career, a leader's summits over two decades) are told by the days their later
coverage keeps naming, not by their routine years: references published a year or more after
the day they name count by the later years that name it, each year more than one article
(``RECALL_WEIGHT``). Counting a day's publications by how far they stand above the days around
it (``BURST_DAYS``) is there, measured, and off.

One event is one day: a day next to an already chosen day is passed over when the sentences
chosen for it only repeat that day (the next morning's report of Thursday's news, whose later
paragraphs name no day and fall back to Friday; another outlet's rewording of the same lead),
unless they name the day themselves or other articles report it (``SAME_EVENT_DAYS``).

Sentences for a day are the sentences that name that day, plus the lead sentences of the
articles published on it that name no other day; a centroid ranker with MMR
(:mod:`dateline.timeline.summarise`) chooses among them. Every event here has day
precision because every vote and every candidate sentence is day-precise evidence.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np

from dateline.data import AnalysedArticle, Collection, DateInterval, Event, Evidence, Precision, Timeline
from dateline.timeline.build import CorpusIndex, SentenceRow, make_event, ordered, ref
from dateline.timeline.summarise import CentroidSummariser, SpaceFactory, TfidfSpace, dense, l2_norm

log = logging.getLogger(__name__)

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
# Long stories (a career, a leader's summits over decades) are told by the days their later
# coverage keeps naming. A reference published RECALL_DAYS or more after the day it names is
# memory, not news: such references count by the distinct later years that name the day,
# 1 + RECALL_WEIGHT votes a year, not one vote an article, so that a day named again year
# after year outweighs routine days, while one year's recounting of old days (a report or a
# trial going over the past, article after article) counts once. Timeline17's stories of
# a few months are unchanged (the same scores to the last digit). On the generated 18-year story
# (benchmarks/long_story.py, seeds 7-9; 20-24 not used to choose), Date-F1 was 0.667 counting
# every reference per article as before, 0.686 / 0.745 / 0.765 / 0.696 counting late ones per
# later year with weight 0 / 1 / 2 / 4, and 0.755 with weight 2 and a half or two years for
# "late"; 2 and one year kept, not fitted further.
RECALL_WEIGHT = 2.0
RECALL_DAYS = 365
# Bursts: with BURST_DAYS > 0 a day's publications count by how far they exceed the mean
# coverage of the BURST_DAYS either side of it, so that a busy day in a routinely busy season
# (a three-week race, a trial) does not outweigh the day a story turned. Measured with the
# recall weight on: 1 / 2 / 3 / 5 days raised the generated long story's Date-F1 from 0.765
# to 0.775 / 0.784 / 0.784 / 0.794 (seeds 7-9; 3 days: 0.782 on seeds 20-24) and
# Timeline17's in-sample from 0.605 to 0.609 / 0.607 / 0.609 / 0.607, with MJ_bbc, the sparsest,
# longest real story there, losing 0.05 Date-F1 and 0.018 AR-1 at 3 days; chosen by
# leave-one-story-out over 0-7 days, Timeline17 held 0.596 against 0.605 with plain counts.
# Counted as a bonus on top of plain counts instead: no better. A small gain on our own
# generator against a loss on the real story most like a long one: off (0: plain counts).
BURST_DAYS = 0
# The same event told on two neighbouring days: a day within SAME_EVENT_DAYS of an already
# chosen day is passed over when every sentence chosen for it repeats that day, either a
# sentence near-same as one told of that day (one of its candidates; cosine at least the
# space's ``redundant``: another outlet's rewording of the same lead) or a sentence naming no
# day of its own from an article the chosen day already quotes (the next morning's report of
# Thursday's indictment, its later paragraphs falling back to its publication day, Friday),
# and no other article supports the day (published on it or naming it). A day whose sentences
# name it themselves, or that other articles report, stays (0: off). A first version without
# the support condition, and counting an article whose lead names the chosen day as its
# report, passed over 3 Timeline17 days, 2 of them reference days; this one passes over none.
SAME_EVENT_DAYS = 1
# How many days of evidence (time expressions) are kept on an event's date.
MAX_EVIDENCE = 3


@dataclass(frozen=True, slots=True)
class DayVotes:
    """Votes per day: publications and references from kept articles."""

    pubs: Counter[date]
    refs: dict[date, float]  # references; those of later years by year (see RECALL_WEIGHT)
    evidence: dict[date, list[Evidence]]
    events: Counter[date]  # day-precise main-event dates
    local: dict[date, float] = field(default_factory=dict)  # mean publications of the days around (BURST_DAYS)

    def score(self, d: date, pub_weight: float = PUB_WEIGHT) -> float:
        burst = max(0.0, self.pubs[d] - self.local.get(d, 0.0))
        return self.refs.get(d, 0.0) + pub_weight * burst + EVENT_WEIGHT * self.events[d]


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
    refs: dict[date, float] = {}
    events: Counter[date] = Counter()
    evidence: dict[date, list[Evidence]] = {}
    late: set[tuple[date, int]] = set()  # (day, a later year naming it)
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
        for d in named:
            if p is not None and (p - d).days >= RECALL_DAYS:
                late.add((d, p.year))
            else:
                refs[d] = refs.get(d, 0.0) + 1.0
        e = day_of(art.event_date)
        if e is not None and _in_span(e, span):
            events[e] += 1
    for d, _ in late:  # one vote of memory for each later year that names the day
        refs[d] = refs.get(d, 0.0) + 1.0 + RECALL_WEIGHT
    return DayVotes(pubs, refs, evidence, events, local=_local_coverage(pubs))


def _local_coverage(pubs: Counter[date]) -> dict[date, float]:
    """Mean publications per day over the BURST_DAYS either side of each publication day."""
    out: dict[date, float] = {}
    if not BURST_DAYS:
        return out
    for d in pubs:
        around = sum(pubs[d + timedelta(days=i)] for i in range(-BURST_DAYS, BURST_DAYS + 1) if i)
        out[d] = around / (2 * BURST_DAYS)
    return out


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
    norm = l2_norm(vec)
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
    told: dict[date, tuple[list[SentenceRow], list[int]]] = {}
    named = _named_days(index)
    voters = _voters(index, named)
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
        if chosen and _repeats_neighbour(index, d, chosen, told, named, voters.get(d, set())):
            log.debug("datewise: %s passed over, its sentences repeat a neighbouring chosen day", d)
            continue
        if chosen:
            told[d] = (chosen, candidates[d])
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


def _named_days(index: CorpusIndex) -> dict[tuple[str, int], set[date]]:
    """Days named by each sentence (article id, sentence index) of the kept articles."""
    out: dict[tuple[str, int], set[date]] = {}
    for art in index.kept:
        for tx in art.times:
            if (d := day_of(tx.interval)) is not None:
                out.setdefault((art.id, tx.sentence), set()).add(d)
    return out


def _voters(index: CorpusIndex, named: dict[tuple[str, int], set[date]]) -> dict[date, set[str]]:
    """The kept articles behind each day's votes: published on it, or naming it."""
    out: dict[date, set[str]] = {}
    for art in index.kept:
        if (p := day_of(art.published)) is not None:
            out.setdefault(p, set()).add(art.id)
    for (aid, _), days in named.items():
        for d in days:
            out.setdefault(d, set()).add(aid)
    return out


def _repeats_neighbour(
    index: CorpusIndex,
    d: date,
    rows: Sequence[SentenceRow],
    told: dict[date, tuple[list[SentenceRow], list[int]]],
    named: dict[tuple[str, int], set[date]],
    voters: set[str],
) -> bool:
    """Whether every sentence chosen for ``d`` repeats a day chosen within SAME_EVENT_DAYS of it,
    and no other article supports ``d``: ``told`` holds each chosen day's sentences and the
    candidate rows it was told by, ``voters`` the articles published on ``d`` or naming it."""
    near = {n for n in told if 0 < abs((n - d).days) <= SAME_EVENT_DAYS}
    if not near:
        return False
    sources = {r.article_id for n in near for r in told[n][0]}
    theirs = sorted({row for n in near for row in told[n][1]})
    mine = [index.row_of[(r.article_id, r.sentence)] for r in rows]
    sims = dense(index.space.rows(mine) @ index.space.rows(theirs).T) if theirs else np.zeros((len(rows), 1))
    for i, r in enumerate(rows):
        own_day = d in named.get((r.article_id, r.sentence), set())
        same_report = not own_day and r.article_id in sources
        if not same_report and sims[i].max() < index.space.redundant:
            return False
    return voters <= sources | {r.article_id for r in rows}


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
