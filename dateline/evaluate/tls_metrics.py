"""The standard timeline-summarisation metrics, exactly as tilse 0.2.1 computes them.

Martschat & Markert (EACL 2017, "Improving ROUGE for Timeline Summarization"; CoNLL 2018)
define, for a predicted timeline against one or more reference timelines:

- **concat** ROUGE-1/2: every daily summary concatenated, scored as one summary;
- **agreement** ROUGE-1/2: daily summaries compared only on dates present on both sides;
- **align+ m:1** ROUGE-1/2 (AR-1, AR-2): each predicted date aligned to its cheapest reference
  date (for precision; each reference date to its cheapest predicted date for recall), cost
  ``(1 - 1/(|days|+1)) * (1 - approximate ROUGE-1 F)``, and the aligned pair's matched
  n-grams weighted by ``1/(|days|+1)``;
- **Date-F1**: F1 of the set of predicted dates against the reference dates.

ROUGE counts are ROUGE-1.5.5's (``-m -s``, see :mod:`dateline.evaluate.rouge155`).
Degenerate input tilse crashes on (an empty prediction) scores zero here.
"""

from __future__ import annotations

import functools
import string
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from dateline.data import Precision, Timeline
from dateline.evaluate import rouge155

Summaries = Mapping[date, Sequence[str]]
"""A timeline as the metrics see it: date -> the sentences of that date's summary."""

ROUGE_ORDERS = (1, 2)


@dataclass(frozen=True, slots=True)
class ReferenceTimeline:
    """A reference (gold) timeline: its name and, per date, the summary sentences."""

    name: str
    entries: tuple[tuple[date, tuple[str, ...]], ...]

    @classmethod
    def build(cls, name: str, items: Iterable[tuple[date, Iterable[str]]]) -> ReferenceTimeline:
        """Merge repeated dates (their sentences are concatenated in order) and sort by date."""
        merged: dict[date, list[str]] = {}
        for day, sentences in items:
            merged.setdefault(day, []).extend(s for s in sentences if s.strip())
        return cls(name, tuple((d, tuple(merged[d])) for d in sorted(merged)))

    @property
    def summaries(self) -> dict[date, tuple[str, ...]]:
        return dict(self.entries)

    @property
    def dates(self) -> tuple[date, ...]:
        return tuple(d for d, _ in self.entries)

    def sentences_per_date(self) -> int:
        """Mean number of sentences per date, rounded (news-tls ``get_average_summary_length``)."""
        if not self.entries:
            return 0
        return max(1, round(sum(len(s) for _, s in self.entries) / len(self.entries)))


@dataclass(frozen=True, slots=True)
class PRF:
    precision: float = 0.0
    recall: float = 0.0

    @property
    def f1(self) -> float:
        return f_score(self.precision, self.recall)


@dataclass(frozen=True, slots=True)
class RougeScores:
    rouge_1: PRF
    rouge_2: PRF


@dataclass(frozen=True, slots=True)
class TimelineScores:
    """All metrics of one predicted timeline against its reference(s)."""

    concat: RougeScores
    agreement: RougeScores
    align_m1: RougeScores  # AR-1 / AR-2 (tilse: align_date_content_costs_many_to_one)
    dates: PRF

    @property
    def ar1_f(self) -> float:
        return self.align_m1.rouge_1.f1

    @property
    def ar2_f(self) -> float:
        return self.align_m1.rouge_2.f1

    @property
    def date_f1(self) -> float:
        return self.dates.f1


def f_score(precision: float, recall: float, beta: float = 1.0) -> float:
    if precision + recall == 0:
        return 0.0
    return (1 + beta**2) * precision * recall / (beta**2 * precision + recall)


# -- conversion ----------------------------------------------------------------------
def timeline_summaries(timeline: Timeline) -> dict[date, list[str]]:
    """The date -> sentences view of a dateline :class:`Timeline` for scoring.

    An event dated to a day scores on that day; a coarser interval on its midpoint; an
    undated event is left out. Events on the same day pool their sentences.
    """
    out: dict[date, list[str]] = {}
    for event in timeline.events:
        interval = event.date
        day = interval.start if interval.precision is Precision.DAY else interval.midpoint()
        if day is None:
            continue
        out.setdefault(day, []).extend(ref.text for ref in event.summary)
    return out


def _as_summaries(pred: Timeline | Summaries) -> dict[date, tuple[str, ...]]:
    raw = timeline_summaries(pred) if isinstance(pred, Timeline) else pred
    return {d: tuple(s.strip() for s in sents) for d, sents in raw.items()}


# -- ROUGE counts --------------------------------------------------------------------
@functools.lru_cache(maxsize=100_000)
def _counts(peer: tuple[str, ...], models: tuple[tuple[str, ...], ...], n: int) -> rouge155.NgramCounts:
    return rouge155.count(peer, models, n)


@dataclass(slots=True)
class _Sums:
    """Accumulated numerators / denominators of precision and recall, per ROUGE order."""

    p_num: defaultdict[int, float]
    p_den: defaultdict[int, int]
    r_num: defaultdict[int, float]
    r_den: defaultdict[int, int]

    @classmethod
    def empty(cls) -> _Sums:
        return cls(defaultdict(float), defaultdict(int), defaultdict(float), defaultdict(int))

    def add(self, peer: tuple[str, ...], models: tuple[tuple[str, ...], ...], *, prec: bool,
            rec: bool, weight: float = 1.0) -> None:  # fmt: skip
        for n in ROUGE_ORDERS:
            c = _counts(peer, models, n)
            if prec:
                self.p_num[n] += weight * c.hit
                self.p_den[n] += c.peer
            if rec:
                self.r_num[n] += weight * c.hit
                self.r_den[n] += c.model

    def scores(self) -> RougeScores:
        def prf(n: int) -> PRF:
            p = self.p_num[n] / self.p_den[n] if self.p_den[n] else 0.0
            r = self.r_num[n] / self.r_den[n] if self.r_den[n] else 0.0
            return PRF(p, r)

        return RougeScores(prf(1), prf(2))


def _models(refs: Sequence[dict[date, tuple[str, ...]]], day: date) -> tuple[tuple[str, ...], ...]:
    """Every reference's summary for ``day`` (empty where a reference lacks it), as tilse does."""
    return tuple(ref.get(day, ()) for ref in refs)


def _ref_dicts(refs: ReferenceTimeline | Sequence[ReferenceTimeline]) -> list[dict[date, tuple[str, ...]]]:
    seq = [refs] if isinstance(refs, ReferenceTimeline) else list(refs)
    return [r.summaries for r in seq]


# -- the metrics ---------------------------------------------------------------------
def concat_rouge(
    pred: Timeline | Summaries, refs: ReferenceTimeline | Sequence[ReferenceTimeline]
) -> RougeScores:
    """ROUGE-1/2 of all predicted summaries against all reference summaries, concatenated."""
    p = _as_summaries(pred)
    peer = tuple(s for d in sorted(p) for s in p[d])
    models = tuple(tuple(s for d in sorted(r) for s in r[d]) for r in _ref_dicts(refs))
    sums = _Sums.empty()
    sums.add(peer, models, prec=True, rec=True)
    return sums.scores()


def agreement_rouge(
    pred: Timeline | Summaries, refs: ReferenceTimeline | Sequence[ReferenceTimeline]
) -> RougeScores:
    """ROUGE-1/2 counted date by date; only identical dates can match."""
    p, r = _as_summaries(pred), _ref_dicts(refs)
    ref_dates = set().union(*r) if r else set()
    sums = _Sums.empty()
    for day in set(p) | ref_dates:
        sums.add(p.get(day, ()), _models(r, day), prec=day in p, rec=day in ref_dates)
    return sums.scores()


def _approx_rouge1_f(pred: Sequence[str], refs: Sequence[Sequence[str]]) -> float:
    """tilse's cheap ROUGE-1 F used only for alignment costs (raw whitespace tokens)."""
    pred_counts = _raw_counts(tuple(pred))
    ref_counts = [_raw_counts(tuple(r)) for r in refs]
    match = sum(min(c, rc[tok]) for tok, c in pred_counts.items() for rc in ref_counts)
    prec_den = len(ref_counts) * sum(pred_counts.values())
    rec_den = sum(sum(rc.values()) for rc in ref_counts)
    return f_score(match / prec_den if prec_den else 0.0, match / rec_den if rec_den else 0.0)


@functools.lru_cache(maxsize=50_000)
def _raw_counts(sentences: tuple[str, ...]) -> Counter[str]:
    # ``k not in string.punctuation`` is a substring test in tilse; kept as is.
    return Counter(k for s in sentences for k in s.split() if k not in string.punctuation)


def _cost(pred_day: date, ref_day: date, pred: tuple[str, ...], models: tuple[tuple[str, ...], ...]) -> float:
    date_factor = 1 - 1 / (abs(pred_day.toordinal() - ref_day.toordinal()) + 1)
    return date_factor * (1 - _approx_rouge1_f(pred, models))


def _weight(a: date, b: date) -> float:
    return 1 / (abs(a.toordinal() - b.toordinal()) + 1)


def align_rouge_many_to_one(pred: Timeline | Summaries,
                            refs: ReferenceTimeline | Sequence[ReferenceTimeline]) -> RougeScores:  # fmt: skip
    """AR-1/AR-2: date- and content-cost many-to-one alignment (tilse ``align+ m:1``)."""
    p, r = _as_summaries(pred), _ref_dicts(refs)
    pred_dates = sorted(p)
    ref_dates = sorted(set().union(*r)) if r else []
    if not pred_dates or not ref_dates:
        return _Sums.empty().scores()
    models = {d: _models(r, d) for d in ref_dates}
    costs = [[_cost(pd, rd, p[pd], models[rd]) for rd in ref_dates] for pd in pred_dates]
    sums = _Sums.empty()
    for i, pd in enumerate(pred_dates):  # precision: each predicted date to its cheapest reference date
        j = min(range(len(ref_dates)), key=costs[i].__getitem__)
        rd = ref_dates[j]
        sums.add(p[pd], models[rd], prec=True, rec=False, weight=_weight(pd, rd))
    for j, rd in enumerate(ref_dates):  # recall: each reference date to its cheapest predicted date
        i = min(range(len(pred_dates)), key=lambda k, j=j: costs[k][j])  # type: ignore[misc]
        pd = pred_dates[i]
        sums.add(p[pd], models[rd], prec=False, rec=True, weight=_weight(pd, rd))
    return sums.scores()


def date_prf(pred: Timeline | Summaries, refs: ReferenceTimeline | Sequence[ReferenceTimeline]) -> PRF:
    """Precision / recall of the predicted dates against the union of reference dates."""
    pred_dates = set(_as_summaries(pred))
    r = _ref_dicts(refs)
    ref_dates = set().union(*r) if r else set()
    shared = len(pred_dates & ref_dates)
    return PRF(shared / len(pred_dates) if pred_dates else 0.0, shared / len(ref_dates) if ref_dates else 0.0)


def evaluate(
    pred: Timeline | Summaries, refs: ReferenceTimeline | Sequence[ReferenceTimeline]
) -> TimelineScores:
    """Every metric of ``pred`` against ``refs`` (one reference, or several as a tilse GroundTruth)."""
    summaries = _as_summaries(pred)
    return TimelineScores(
        concat=concat_rouge(summaries, refs),
        agreement=agreement_rouge(summaries, refs),
        align_m1=align_rouge_many_to_one(summaries, refs),
        dates=date_prf(summaries, refs),
    )
