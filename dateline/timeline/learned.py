"""Learned sentence scoring for date-wise timelines.

A day's candidate sentences (:func:`dateline.timeline.datewise.day_candidates`) are described by
cheap, general features (:data:`FEATURE_NAMES`: similarity to the day's other candidates, to the
whole collection and to the query words; whether the sentence itself names the day, and how
precisely; how far its article's publication lies from the day; its position in the article; its
length; how salient its entities are in the collection; how many other articles say much the
same; whether it is a quotation or opens on a pronoun) and scored by boosted regression trees
fitted to how much of a reference timeline's summary of that day each candidate covers (ROUGE-1
and ROUGE-2 F against the summary, see :mod:`dateline.evaluate.learn`). The best-scored
candidates are then picked with the same MMR redundancy control as the centroid ranker.

The shipped trees (``sentence_model.json`` here, plain JSON, no pickles) are rebuilt by
``scripts/train_sentences.py``; every figure quoted for them was measured leave-one-story-out
(fit on the other stories, scored on a story the model never saw).

Measured on Timeline17 (``benchmarks/tls.py --loso``, 13 topics, 7 stories, same stores and same
dates as the centroid ranker; ``docs/results/tls-t17-loso.json``): AR-1 F 0.1232, AR-2 F 0.0359
against 0.1241 / 0.0338 for the centroid ranker (4 of 7 stories better), concat ROUGE-1 F 0.367
against 0.378. It wins on AR-2, not on AR-1, so the
centroid ranker stays the default and this scorer is the ``learned`` method. Choosing each day's
best candidate by its true ROUGE (an oracle) would reach AR-1 0.196 on the same dates: these
features explain little of what a reference summary picks.
"""

from __future__ import annotations

import json
import logging
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse

from dateline import trees
from dateline.data import AnalysedArticle, Precision
from dateline.timeline.build import CorpusIndex, SentenceRow
from dateline.timeline.datewise import ChooserFactory, RowChooser
from dateline.timeline.summarise import MAX_WORDS, MIN_WORDS, MMR_LAMBDA, _column, dense, l2_norm, mmr_select

log = logging.getLogger(__name__)
MODEL_PATH = Path(__file__).with_name("sentence_model.json")
MODEL_FORMAT = "dateline-sentence-model/1"

# Two candidates (of different articles) whose TF-IDF cosine is above this tell the same fact.
SAME_FACT = 0.3
# Sentences counted as an article's lead (as in datewise.LEAD_SENTENCES).
LEAD = 5
# Kinds of time expression that write a date out ("June 25", "June 25, 2009") rather than
# infer it from the publication day ("on Thursday", "yesterday").
EXPLICIT_KINDS = frozenset({"date", "month-day"})
_WORD = re.compile(r"\w+", re.UNICODE)
_DIGIT = re.compile(r"\d")
_PRONOUN_START = re.compile(r"^\W*(he|she|it|they|this|that|these|those|his|her|their|its|but|and|however)\b", re.I)
_QUOTE_MARK = re.compile("[\"\u201c\u201d]")
_FIRST_PERSON = re.compile(r"\b(I|we|my|our|me|us)\b")
_CLOCK = re.compile(r"\b\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\b|GMT|BST|UTC|[ECMP][SD]T|JST)?", re.I)
_CHROME = re.compile(r"\||\([A-Z][A-Za-z]+\)|^\W*By [A-Z]")
_UPPER = re.compile(r"\b[A-Z]{2,}\b")

FEATURE_NAMES: tuple[str, ...] = (
    "centroid",  # cosine to the centroid of the day's candidates
    "centroid_rel",  # the same divided by the day's best
    "topic",  # cosine to the centroid of the whole collection
    "query",  # cosine to the query words (0 without)
    "support",  # log(1 + other articles' candidates of the day saying much the same)
    "support_share",  # the same as a share of the day's articles
    "top_sim",  # mean cosine to the 3 most similar candidates of other articles
    "names_day",  # the sentence names the day with day precision
    "names_day_explicit",  # ... written out as a date ("June 25")
    "names_month",  # names the day's month (month precision)
    "names_year",  # names the day's year (year precision)
    "other_times",  # time expressions in the sentence that do not contain the day
    "pub_delta",  # publication day minus the day, in days, sign kept, log-compressed
    "pub_same_day",  # published on the day
    "position",  # sentence index in the article
    "position_rel",  # index / number of sentences
    "lead",  # among the first LEAD sentences
    "words",  # length in words
    "digits",  # share of characters that are digits
    "quote",  # holds a quotation (analysis) or quote marks
    "first_person",  # "I", "we": usually a quotation's voice
    "pronoun_start",  # opens on a pronoun or connective: needs the sentence before it
    "question",  # ends with a question mark
    "entities",  # entity mentions in the sentence
    "entity_salience",  # mean share of the collection's articles that mention its entities
    "entity_max",  # the largest such share
    "article_focus",  # share of the article's day-precise time expressions that point at the day
    "article_sentences",  # log(1 + sentences in the article)
    "candidates",  # log(1 + candidates of the day)
    "day_distinct",  # cosine to what sets the day's candidates apart from the collection (their
    #                  centroid minus the collection's, negative weights dropped)
    "named_centroid",  # cosine to the centroid of the candidates that name the day themselves
    "corpus_support",  # log(1 + sentences of other articles anywhere in the collection saying much the same)
    "clock",  # holds a clock time ("4:32 pm"): a page stamp or live-blog line, not a summary
    "chrome_marks",  # "|" separators, "(Agency)" credits, "By ..." bylines
    "upper_share",  # share of words written in capitals (datelines: "MEXICO CITY")
)


@dataclass(frozen=True, slots=True)
class _SentenceInfo:
    """What the features need of one sentence, computed once per collection."""

    days: tuple[date, ...]
    explicit_days: tuple[date, ...]
    coarse: tuple[tuple[Precision, date | None, date | None], ...]
    entities: tuple[str, ...]
    quote: bool


class FeatureContext:
    """Per-collection tables for :meth:`features` (built once per ``predict``)."""

    def __init__(self, index: CorpusIndex, query: np.ndarray | None = None) -> None:
        self.index = index
        self.query = query
        self.articles: dict[str, AnalysedArticle] = {a.id: a for a in index.kept}
        df: Counter[str] = Counter()
        for art in index.kept:
            df.update({m.key for m in art.mentions})
        n = max(1, len(index.kept))
        self.salience = {k: v / n for k, v in df.items()}
        self.focus: dict[str, Counter[date]] = {}
        self.info: dict[tuple[str, int], _SentenceInfo] = {}
        self._all: Any = None  # every row's vector, built on first use
        self._art = np.zeros(0, dtype=int)
        for art in index.kept:
            self._read(art)

    def _read(self, art: AnalysedArticle) -> None:
        days: dict[int, list[date]] = {}
        explicit: dict[int, list[date]] = {}
        coarse: dict[int, list[tuple[Precision, date | None, date | None]]] = {}
        focus: Counter[date] = Counter()
        for tx in art.times:
            iv = tx.interval
            if iv.precision is Precision.DAY and iv.start is not None:
                days.setdefault(tx.sentence, []).append(iv.start)
                focus[iv.start] += 1
                if tx.kind in EXPLICIT_KINDS:
                    explicit.setdefault(tx.sentence, []).append(iv.start)
            else:
                coarse.setdefault(tx.sentence, []).append((iv.precision, iv.start, iv.end))
        self.focus[art.id] = focus
        ents: dict[int, list[str]] = {}
        for m in art.mentions:
            ents.setdefault(m.sentence, []).append(m.key)
        quoted = {q.sentence for q in art.quotes}
        for s in art.sentences:
            i = s.index
            self.info[(art.id, i)] = _SentenceInfo(
                tuple(days.get(i, ())), tuple(explicit.get(i, ())), tuple(coarse.get(i, ())),
                tuple(ents.get(i, ())), i in quoted,
            )  # fmt: skip

    def features(self, day: date, rows: Sequence[int]) -> np.ndarray:
        """One row of :data:`FEATURE_NAMES` per candidate row, for the day ``day``."""
        n = len(rows)
        out = np.zeros((n, len(FEATURE_NAMES)))
        if n == 0:
            return out
        index = self.index
        vectors: Any = index.space.rows(rows)
        full = vectors
        used_cols: np.ndarray | None = None
        if sparse.issparse(vectors):  # the columns the candidates use (the space may have millions)
            used_cols = np.unique(vectors.indices)
            vectors = vectors[:, used_cols]
        cent = _cosines(vectors, np.asarray(vectors.mean(axis=0), dtype=float).ravel())
        out[:, 0] = cent
        best = float(cent.max()) if n else 0.0
        out[:, 1] = cent / best if best > 0 else 0.0
        out[:, 2] = index.topic_similarity(rows)
        if self.query is not None and self.query.shape[0] == full.shape[1]:
            out[:, 3] = _column(full, self.query.reshape(1, -1))
        sims = dense(vectors @ vectors.T) if n <= 2000 else np.zeros((n, n))
        art_ids = [index.rows[r].article_id for r in rows]
        codes = {a: i for i, a in enumerate(dict.fromkeys(art_ids))}
        art_code = np.array([codes[a] for a in art_ids])
        other = art_code[:, None] != art_code[None, :]
        masked = np.where(other, sims, 0.0)
        out[:, 4] = np.log1p((masked > SAME_FACT).sum(axis=1))
        out[:, 5] = (masked > SAME_FACT).sum(axis=1) / max(1, len(codes) - 1)
        top = np.sort(masked, axis=1)[:, -3:] if n > 1 else np.zeros((n, 1))
        out[:, 6] = top.mean(axis=1)
        out[:, 28] = math.log1p(n)
        for i, r in enumerate(rows):
            out[i, 7:28] = self._own(day, index.rows[r])
        mean = np.asarray(vectors.mean(axis=0), dtype=float).ravel()
        norm = l2_norm(mean)
        if norm > 0:
            topic = index.topic_centroid if used_cols is None else index.topic_centroid[used_cols]
            distinct = np.clip(mean / norm - topic, 0.0, None)
            out[:, 29] = _cosines(vectors, distinct)
        out[:, 31] = np.log1p(self._corpus_support(rows, full))
        for i, r in enumerate(rows):
            text = index.rows[r].text
            words = max(1, len(_WORD.findall(text)))
            out[i, 32] = float(bool(_CLOCK.search(text)))
            out[i, 33] = len(_CHROME.findall(text))
            out[i, 34] = len(_UPPER.findall(text)) / words
        named = np.flatnonzero(out[:, 7] > 0)
        if len(named):
            out[:, 30] = _cosines(vectors, np.asarray(vectors[named].mean(axis=0), dtype=float).ravel())
        return out

    def _corpus_support(self, rows: Sequence[int], vectors: Any) -> np.ndarray:
        """Per candidate, how many sentences of other articles in the collection are near repeats."""
        if self._all is None:
            self._all = self.index.space.rows(range(len(self.index.rows)))
            codes = {a: i for i, a in enumerate(dict.fromkeys(r.article_id for r in self.index.rows))}
            self._art = np.array([codes[r.article_id] for r in self.index.rows])
        sims = vectors @ self._all.T
        sims = sims.toarray() if hasattr(sims, "toarray") else np.asarray(sims)
        other = self._art[None, :] != self._art[np.asarray(rows)][:, None]
        return ((sims > SAME_FACT) & other).sum(axis=1).astype(float)

    def _own(self, day: date, row: SentenceRow) -> list[float]:
        """The features of one sentence that do not depend on the other candidates."""
        art = self.articles[row.article_id]
        info = self.info.get((row.article_id, row.sentence)) or _SentenceInfo((), (), (), (), False)
        text = row.text
        names_day = day in info.days
        month = year = 0.0
        for prec, lo, hi in info.coarse:
            inside = (lo is None or lo <= day) and (hi is None or day <= hi)
            if inside and prec is Precision.MONTH:
                month = 1.0
            elif inside and prec is Precision.YEAR:
                year = 1.0
        others = sum(1 for d in info.days if d != day) + sum(
            1 for _, lo, hi in info.coarse if not ((lo is None or lo <= day) and (hi is None or day <= hi))
        )
        pub = art.published.start if art.published.precision is Precision.DAY else None
        delta = (pub - day).days if pub is not None else 0
        n_sent = max(1, len(art.sentences))
        words = len(_WORD.findall(text))
        sal = [self.salience.get(k, 0.0) for k in info.entities]
        focus = self.focus.get(row.article_id, Counter())
        total = sum(focus.values())
        return [
            float(names_day),
            float(day in info.explicit_days),
            month,
            year,
            float(others),
            math.copysign(math.log1p(abs(delta)), delta),
            float(pub == day),
            float(row.sentence),
            row.sentence / n_sent,
            float(row.sentence < LEAD),
            float(words),
            len(_DIGIT.findall(text)) / max(1, len(text)),
            float(info.quote or bool(_QUOTE_MARK.search(text))),
            float(bool(_FIRST_PERSON.search(text))),
            float(bool(_PRONOUN_START.match(text))),
            float(text.rstrip().endswith("?")),
            float(len(info.entities)),
            float(np.mean(sal)) if sal else 0.0,
            max(sal, default=0.0),
            focus[day] / total if total else 0.0,
            math.log1p(len(art.sentences)),
        ]


def _cosines(vectors: Any, direction: np.ndarray) -> np.ndarray:
    """Cosine of each (unit) row with ``direction`` (0 when it is all zeros)."""
    norm = l2_norm(direction)
    if norm == 0:
        return np.zeros(vectors.shape[0])
    return _column(vectors, (direction / norm).reshape(1, -1))


@dataclass(frozen=True, slots=True)
class SentenceModel(trees.Ensemble):
    """Boosted regression trees over :data:`FEATURE_NAMES`, with notes on how they were trained."""

    meta: dict[str, Any]

    def predict(self, x: np.ndarray) -> np.ndarray:
        """Predicted scores of the rows of ``x`` (columns as :data:`FEATURE_NAMES`)."""
        return self.raw(x)

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": MODEL_FORMAT,
            "features": list(FEATURE_NAMES),
            **self.header(),
            "meta": self.meta,
            "trees": trees.to_json(self),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SentenceModel:
        if data.get("format") != MODEL_FORMAT or list(data.get("features", ())) != list(FEATURE_NAMES):
            raise ValueError("sentence model was trained on other features; rebuild it with scripts/train_sentences.py")
        return cls(
            **cls.read_header(data),
            meta=dict(data.get("meta", {})),
        )

    @classmethod
    def from_sklearn(cls, reg: Any, meta: dict[str, Any] | None = None) -> SentenceModel:
        """Pad a fitted ``GradientBoostingRegressor``'s trees (squared error) into arrays."""
        feature, threshold, left, right, value, depth = trees.padded(reg.estimators_)
        init = float(np.ravel(reg.init_.constant_)[0])
        return cls(feature, threshold, left, right, value, init, float(reg.learning_rate), depth, dict(meta or {}))


@lru_cache(maxsize=1)
def default_model() -> SentenceModel:
    """The shipped model, loaded once on first use."""
    log.debug("loading sentence model from %s", MODEL_PATH)
    return SentenceModel.from_dict(json.loads(MODEL_PATH.read_text(encoding="utf-8")))


def choose(scores: np.ndarray, vectors: Any, texts: Sequence[str], k: int, redundant: float) -> list[int]:
    """Positions of up to ``k`` candidates, best first: MMR over the scores (rescaled to [0, 1]
    within the day), well-formed sentences first as in the centroid ranker."""
    n = len(texts)
    if n == 0 or k <= 0:
        return []
    lo, hi = float(scores.min()), float(scores.max())
    relevance = (scores - lo) / (hi - lo) if hi > lo else np.ones(n)
    good = [i for i, t in enumerate(texts) if MIN_WORDS <= len(_WORD.findall(t)) <= MAX_WORDS]
    pool = good if len(good) >= min(k, n) else list(range(n))
    picked = mmr_select(vectors[pool], relevance[pool], k, MMR_LAMBDA, redundant)
    return [pool[i] for i in picked]


def learned_chooser(model: SentenceModel | None = None) -> ChooserFactory:
    """A chooser factory for :func:`dateline.timeline.datewise.select_days`: per collection, a
    function from (day, candidate rows, k) to the chosen rows, scored by ``model`` (default: the
    shipped one)."""

    def make(index: CorpusIndex, query: np.ndarray | None) -> RowChooser:
        ctx = FeatureContext(index, query)
        m = model or default_model()

        def pick(day: date, rows: Sequence[int], k: int) -> list[SentenceRow]:
            rows = list(rows)
            if not rows or k <= 0:
                return []
            scores = m.predict(ctx.features(day, rows))
            texts = [index.rows[r].text for r in rows]
            picked = choose(scores, index.space.rows(rows), texts, k, index.space.redundant)
            return [index.rows[rows[i]] for i in picked]

        return pick

    return make
