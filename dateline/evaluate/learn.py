"""Training data and fitting for the learned sentence scorer (:mod:`dateline.timeline.learned`).

For one benchmark topic and one of its reference timelines, the collection is built exactly as
the protocol builds it (:func:`dateline.evaluate.runner.predict_for_reference`) and every
reference date that has candidate sentences becomes one training group: each candidate's
features, and its ROUGE-1/2 counts against the reference summary of that date (ROUGE-1.5.5
``-m -s`` tokens, as the metrics count them). The label is the mean of the candidate's ROUGE-1
and ROUGE-2 F.

Validation is leave-one-story-out: topics that tell the same story from different outlets
(Timeline17 names them ``<story>_<outlet>``) are held out together, so that no figure comes
from a story the model was fitted on.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np

from dateline.evaluate import rouge155
from dateline.evaluate.tls_metrics import ReferenceTimeline
from dateline.timeline.build import CorpusIndex
from dateline.timeline.datewise import count_votes, day_candidates, query_vector, rank_days
from dateline.timeline.learned import FEATURE_NAMES, FeatureContext, SentenceModel

log = logging.getLogger(__name__)

# Boosted trees: few, shallow and with big leaves, so that what is learned holds across stories.
# Leave-one-story-out replay (scripts/train_sentences.py --cv), AR-1 F / AR-2 F: these settings
# 0.1259 / 0.0370; 200 trees of depth 3, leaves of 40: 0.1200 / 0.0316; labels as ranks within
# the day instead of centred: 0.1222 / 0.0333; ridge regression on standardised features
# 0.1233-0.1241; the centroid ranker 0.1221 / 0.0327.
GBM: dict[str, Any] = {
    "n_estimators": 100, "max_depth": 2, "learning_rate": 0.05, "subsample": 0.8,
    "min_samples_leaf": 100, "random_state": 0,
}  # fmt: skip
# Columns of DayCase.counts: ROUGE-1 hit, peer, model, then the same for ROUGE-2.
COUNT_COLUMNS = ("hit1", "peer1", "model1", "hit2", "peer2", "model2")


def story_of(topic_name: str) -> str:
    """The story a Timeline17-style topic tells: its folder name up to the outlet (``<story>_<outlet>``)."""
    return topic_name.split("_", 1)[0]


@dataclass(frozen=True, slots=True)
class DayCase:
    """The candidates of one day of one reference timeline's protocol collection."""

    topic: str
    reference: str
    day: date
    rank: int  # position of the day in the vote ranking (-1: not among the ranked days looked at)
    rows: tuple[int, ...]
    features: np.ndarray  # (candidates, len(FEATURE_NAMES))
    counts: np.ndarray | None  # (candidates, 6) ROUGE counts against the day's reference summary
    texts: tuple[str, ...]
    sims: np.ndarray  # (candidates, candidates) TF-IDF cosines, float16


def rouge_counts(texts: Sequence[str], summary: Sequence[str]) -> np.ndarray:
    """ROUGE-1/2 hit, peer and model counts of each text against one reference summary."""
    out = np.zeros((len(texts), 6))
    for j, n in enumerate((1, 2)):
        model = rouge155.ngrams(summary, n)
        model_total = sum(model.values())
        for i, t in enumerate(texts):
            peer: Counter[tuple[str, ...]] = rouge155.ngrams([t], n)
            out[i, 3 * j] = sum(min(c, peer[g]) for g, c in model.items())
            out[i, 3 * j + 1] = sum(peer.values())
            out[i, 3 * j + 2] = model_total
    return out


def label(counts: np.ndarray) -> np.ndarray:
    """Mean of ROUGE-1 F and ROUGE-2 F of each candidate."""

    def f(hit: np.ndarray, peer: np.ndarray, model: np.ndarray) -> np.ndarray:
        p = np.divide(hit, peer, out=np.zeros_like(hit), where=peer > 0)
        r = np.divide(hit, model, out=np.zeros_like(hit), where=model > 0)
        return np.divide(2 * p * r, p + r, out=np.zeros_like(hit), where=(p + r) > 0)

    return 0.5 * (f(counts[:, 0], counts[:, 1], counts[:, 2]) + f(counts[:, 3], counts[:, 4], counts[:, 5]))


def reference_cases(topic: str, collection: Any, ref: ReferenceTimeline, extra_days: int = 10) -> list[DayCase]:
    """Day cases of one reference's protocol collection: the days the vote ranking puts first
    (``len(ref.entries) + extra_days`` of them) and every reference date with candidates."""
    from dateline.timeline.summarise import dense

    index = CorpusIndex(collection)
    query = query_vector(index, collection.keywords)
    ctx = FeatureContext(index, query)
    candidates = day_candidates(index)
    ranked = rank_days(count_votes(index), candidates)[: len(ref.entries) + extra_days]
    summaries = ref.summaries
    days = list(dict.fromkeys([*ranked, *(d for d in ref.dates if d in candidates)]))
    rank_of = {d: i for i, d in enumerate(ranked)}
    out = []
    for d in days:
        rows = tuple(candidates[d])
        texts = tuple(index.rows[r].text for r in rows)
        vectors = index.space.rows(rows)
        counts = rouge_counts(texts, summaries[d]) if d in summaries else None
        sims = dense(vectors @ vectors.T).astype(np.float16)
        out.append(DayCase(topic, ref.name, d, rank_of.get(d, -1), rows, ctx.features(d, rows), counts, texts, sims))
    return out


def training_arrays(cases: Sequence[DayCase]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Features, labels (centred within each day: only the order within a day matters) and group
    numbers of the cases that have a reference summary and more than one candidate."""
    xs, ys, gs = [], [], []
    for g, c in enumerate(x for x in cases if x.counts is not None and len(x.rows) > 1):
        y = label(c.counts)  # type: ignore[arg-type]
        xs.append(c.features)
        ys.append(y - y.mean())
        gs.append(np.full(len(c.rows), g))
    if not xs:
        return np.zeros((0, len(FEATURE_NAMES))), np.zeros(0), np.zeros(0, dtype=int)
    return np.vstack(xs), np.concatenate(ys), np.concatenate(gs)


def fit(cases: Sequence[DayCase], params: dict[str, Any] | None = None,
        meta: dict[str, Any] | None = None) -> SentenceModel:  # fmt: skip
    """Boosted regression trees fitted to the labels of ``cases``; every group weighs the same."""
    from sklearn.ensemble import GradientBoostingRegressor

    x, y, groups = training_arrays(cases)
    sizes = np.bincount(groups)
    weight = 1.0 / sizes[groups]
    reg = GradientBoostingRegressor(**(params or GBM))
    reg.fit(x.astype(np.float32), y, sample_weight=weight * len(y) / weight.sum())
    info = {"groups": int(len(sizes)), "candidates": int(len(y)), "params": params or GBM, **(meta or {})}
    return SentenceModel.from_sklearn(reg, info)
