"""Sentence choice: a centroid ranker with MMR redundancy control.

Candidates for one timeline entry are scored by cosine similarity to their own centroid
(what most of them talk about), plus an optional prior per candidate (e.g. a bonus for
the lead of an article), and chosen one at a time with maximal marginal relevance, so
that a second sentence that repeats the first is passed over.

The vector space is pluggable (:class:`SentenceSpace`); :func:`space_factory` picks one for a
``Settings.ranker`` value: ``"lexical"`` (:class:`TfidfSpace`, scikit-learn, the default),
``"embedding"`` (:class:`dateline.analyse.embed.EmbeddingSpace`, the sentence-embedding model
that ships with dateline), or ``"auto"`` (embeddings when their model loads, else lexical, with a
log line saying so).

Measured on Timeline17 (``benchmarks/tls.py``, all 13 topics, same stores, same run), TF-IDF
chose better sentences by the field's ROUGE-based metrics than the embedding model (AR-1 F
0.121 against 0.109), and on five topics better than the full MiniLM transformer too
(0.121 / 0.112 / 0.103, the transformer at 24-85 sentences a second); mixing the two spaces did
not beat TF-IDF either. So lexical is the default and the embedding ranker is a choice
(``--ranker``), e.g. for corpora that tell one event in different words.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol

import numpy as np
from scipy import sparse

from dateline.analyse.terms import Tfidf, term_ids
from dateline.errors import UsageError
from dateline.settings import DEFAULT_RANKER, RANKERS

log = logging.getLogger(__name__)

# MMR trade-off between relevance (centroid similarity) and novelty: 0.7, the usual choice
# in the summarisation literature (not tuned here).
MMR_LAMBDA = 0.7
# A candidate whose cosine similarity to an already chosen sentence is above this is a
# repeat (wire copies that escaped dedup, the same lead reworded by two outlets).
REDUNDANT = 0.6
# Sentences shorter than this (in words) are headlines, datelines or fragments; longer
# than MAX_WORDS are usually run-ons from a bad split. Both are used only as a last resort.
# (MAX_WORDS 40 instead of 60 measured no better on Timeline17.)
MIN_WORDS = 6
MAX_WORDS = 60

_WORD = re.compile(r"\w+", re.UNICODE)


class SentenceSpace(Protocol):
    """Vectors for a fixed list of sentences, addressed by row number."""

    def rows(self, idx: Sequence[int]) -> sparse.csr_matrix | np.ndarray: ...

    def transform(self, texts: Sequence[str]) -> sparse.csr_matrix | np.ndarray:
        """Vectors for texts outside the list (e.g. query keywords)."""
        ...

    def centroid(self) -> np.ndarray:
        """The normalised mean of the rows' vectors (dense): what the sentences are about."""
        ...

    @property
    def redundant(self) -> float:
        """Cosine similarity above which a candidate repeats an already chosen sentence."""
        ...


# A sentence space for a list of texts; the second argument, when given, holds the texts' hashed
# term ids as (lengths, flat ids) arrays (dateline.analyse.terms), computed at analysis; spaces that
# do not use them ignore it.
TermRows = tuple[np.ndarray, np.ndarray]
SpaceFactory = Callable[[Sequence[str], TermRows | None], SentenceSpace]


class TfidfSpace:
    """L2-normalised TF-IDF vectors (sublinear tf, English stop words) of a list of texts, built
    from their hashed term ids (:mod:`dateline.analyse.terms`), given or computed here."""

    redundant = REDUNDANT

    def __init__(self, texts: Sequence[str], terms: TermRows | None = None) -> None:
        if terms is not None and len(terms[0]) == len(texts):
            self._tfidf = Tfidf(terms)
        else:
            self._tfidf = Tfidf([term_ids(t) for t in texts])
        self._matrix = self._tfidf.matrix

    def rows(self, idx: Sequence[int]) -> sparse.csr_matrix:
        return self._matrix[list(idx)]

    def transform(self, texts: Sequence[str]) -> sparse.csr_matrix:
        """Vectors for texts outside the fitted list (e.g. query keywords)."""
        return self._tfidf.transform([term_ids(t) for t in texts])

    def centroid(self) -> np.ndarray:
        m = self._matrix
        if m.shape[0] == 0:
            return np.zeros(m.shape[1])
        c = np.asarray(m.mean(axis=0), dtype=float).ravel()
        norm = l2_norm(c)
        return c / norm if norm > 0 else c


def l2_norm(v: np.ndarray) -> float:
    """The Euclidean norm of a dense vector (or matrix: Frobenius), summed by numpy, not BLAS.

    ``np.linalg.norm`` calls BLAS's dot product, which splits a long vector over threads: on a busy
    two-core machine each call waited for the second thread (13 ms a call for a centroid of 20,700
    terms, 155 calls in a 344-article Timeline17 timeline: 2 s of its 3.6 s), and the sum it gives
    depends on the thread count. numpy's own sum is single-threaded and the same on every machine."""
    return float(np.sqrt(np.square(v).sum()))


def dense(m: sparse.csr_matrix | np.ndarray) -> np.ndarray:
    """``m`` as a dense float array."""
    if isinstance(m, np.ndarray):
        return m.astype(float, copy=False)
    return np.asarray(m.toarray(), dtype=float)


def word_count(text: str) -> int:
    return len(_WORD.findall(text))


def _normalise_rows(m: sparse.csr_matrix | np.ndarray) -> sparse.csr_matrix | np.ndarray:
    if isinstance(m, sparse.spmatrix | sparse.sparray):
        norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        return sparse.diags(1.0 / norms) @ m
    norms = np.linalg.norm(m, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return m / norms


def _column(m: sparse.csr_matrix | np.ndarray, v: sparse.csr_matrix | np.ndarray) -> np.ndarray:
    """``m @ v`` as a flat dense array, for a sparse or dense matrix and vector."""
    out = m @ v.T
    return np.asarray(out.toarray() if sparse.issparse(out) else out, dtype=float).ravel()


def centroid_scores(vectors: sparse.csr_matrix | np.ndarray) -> np.ndarray:
    """Cosine similarity of each (L2-normalised) row to the normalised mean of all rows."""
    if vectors.shape[0] == 0:
        return np.zeros(0)
    centroid = np.asarray(vectors.mean(axis=0), dtype=float).reshape(1, -1)
    norm = l2_norm(centroid)
    if norm == 0:
        return np.zeros(vectors.shape[0])
    return _column(vectors, centroid / norm)


def mmr_select(
    vectors: sparse.csr_matrix | np.ndarray,
    relevance: np.ndarray,
    k: int,
    lam: float = MMR_LAMBDA,
    redundant: float = REDUNDANT,
) -> list[int]:
    """Pick up to ``k`` rows by maximal marginal relevance; near-repeats are never picked."""
    unit = _normalise_rows(vectors)
    return mmr_order(relevance, lambda best: _column(unit, unit[best]), k, lam, redundant)


def mmr_order(
    relevance: np.ndarray, similar_to: Callable[[int], np.ndarray], k: int, lam: float = MMR_LAMBDA,
    redundant: float = REDUNDANT,
) -> list[int]:  # fmt: skip
    """:func:`mmr_select` given each row's similarity to every row (``similar_to(row)``)."""
    n = len(relevance)
    overlap = np.zeros(n)
    open_ = np.ones(n, dtype=bool)
    chosen: list[int] = []
    while len(chosen) < min(k, n):
        score = lam * relevance - (1 - lam) * overlap
        score[~open_] = -np.inf
        if chosen:
            score[overlap > redundant] = -np.inf
        best = int(np.argmax(score))
        if not np.isfinite(score[best]):
            break
        chosen.append(best)
        open_[best] = False
        overlap = np.maximum(overlap, similar_to(best))
    return chosen


class CentroidSummariser:
    """Choose ``k`` sentences among candidate rows of a :class:`SentenceSpace`."""

    def __init__(self, space: SentenceSpace, lam: float = MMR_LAMBDA) -> None:
        self.space = space
        self.lam = lam

    def select(
        self,
        rows: Sequence[int],
        texts: Sequence[str],
        k: int,
        prior: Sequence[float] | None = None,
        query: np.ndarray | None = None,
    ) -> list[int]:
        """Positions (into ``rows``) of the chosen sentences, best first.

        ``prior`` adds a per-candidate bonus to the centroid score; ``query`` (a dense,
        normalised vector) adds its similarity, so the topic's keywords pull sentences in.
        Sentences of a sensible length are preferred; others are used only when too few
        well-formed candidates exist.
        """
        if not rows or k <= 0:
            return []
        vectors = self.space.rows(rows)
        relevance = centroid_scores(vectors)
        if prior is not None:
            relevance = relevance + np.asarray(prior, dtype=float)
        if query is not None and query.shape[0] == vectors.shape[1]:
            relevance = relevance + _column(vectors, query.reshape(1, -1))
        good = [i for i, t in enumerate(texts) if MIN_WORDS <= word_count(t) <= MAX_WORDS]
        pool = good if len(good) >= min(k, len(rows)) else list(range(len(rows)))
        picked = mmr_select(vectors[pool], relevance[pool], k, self.lam, self.space.redundant)
        return [pool[i] for i in picked]


def space_factory(ranker: str = DEFAULT_RANKER, model_dir: Path | None = None) -> SpaceFactory:
    """The sentence-space constructor for a ``Settings.ranker`` value (``model_dir``: another
    embedding model folder than the shipped one)."""
    if ranker not in RANKERS:
        raise UsageError(f"unknown ranker {ranker!r}; choose one of {', '.join(RANKERS)}")
    if ranker == "lexical":
        return TfidfSpace
    from dateline.analyse.embed import MODEL_DIR, EmbeddingSpace, ModelUnavailable, load_static_model
    try:
        model = load_static_model(model_dir or MODEL_DIR)
    except ModelUnavailable as exc:
        if ranker == "embedding":
            raise
        log.warning("%s; sentences are ranked by TF-IDF instead", exc)
        return TfidfSpace
    def embedding_space(texts: Sequence[str], terms: TermRows | None = None) -> SentenceSpace:
        return EmbeddingSpace(texts, model)

    return embedding_space
