"""Term features of sentences: what the timeline's TF-IDF spaces are built from.

Each sentence's words (lower-cased, letters only, two or more of them, English stop words out:
the settings of the timeline's TF-IDF) are hashed to integer ids once, when the article is
analysed, and kept with it (``AnalysedArticle.terms``). A timeline over thousands of articles
then assembles its TF-IDF matrix from those ids instead of tokenising every sentence again.
:func:`tfidf` gives what scikit-learn's ``TfidfVectorizer(sublinear_tf=True)`` gives for the same
words (smooth idf, L2-normalised rows), up to hash collisions among 2**20 ids.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS
from sklearn.utils import murmurhash3_32

N_FEATURES = 2**20
_TOKEN = re.compile(r"(?u)\b[^\W\d_]{2,}\b")


@lru_cache(maxsize=500_000)
def _term_id(word: str) -> int:
    return int(murmurhash3_32(word, positive=True)) % N_FEATURES


def term_ids(text: str) -> tuple[int, ...]:
    """Hashed ids of the content words of ``text``, in order."""
    return tuple(_term_id(w) for w in _TOKEN.findall(text.lower()) if w not in ENGLISH_STOP_WORDS)


def pack(rows: Sequence[Sequence[int]]) -> bytes:
    """Term ids of several sentences as one compact value: the row count, each row's end, the ids
    (little-endian uint32), so that thousands of articles load without a Python int per word."""
    ends = np.cumsum([len(r) for r in rows], dtype=np.uint32)
    ids = np.fromiter((t for r in rows for t in r), dtype=np.uint32, count=int(ends[-1]) if len(ends) else 0)
    return np.uint32(len(rows)).tobytes() + ends.astype("<u4").tobytes() + ids.astype("<u4").tobytes()


def unpack(blob: bytes) -> tuple[np.ndarray, np.ndarray]:
    """``(ends, ids)`` of :func:`pack`'s value: row ``i`` is ``ids[ends[i-1]:ends[i]]``."""
    if len(blob) < 4:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    n = int(np.frombuffer(blob, dtype="<u4", count=1)[0])
    ends = np.frombuffer(blob, dtype="<u4", count=n, offset=4).astype(np.int64)
    ids = np.frombuffer(blob, dtype="<u4", offset=4 + 4 * n).astype(np.int64)
    return ends, ids


# From this many ids a table of every possible id is quicker than sorting them (5 ms against 10 ms at 100,000).
TABLE_MIN_IDS = 50_000


def _vocabulary(flat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``np.unique(flat, return_inverse=True)`` for term ids: the sorted distinct ids and each id's
    position among them, from a table of the 2**20 possible ids instead of a sort (a timeline's
    sentences hold over a million ids: 9 times faster)."""
    if len(flat) < TABLE_MIN_IDS or flat.min() < 0 or flat.max() >= N_FEATURES:  # a sort is quicker
        return np.unique(flat, return_inverse=True)
    seen = np.zeros(N_FEATURES, dtype=bool)
    seen[flat] = True
    position = np.cumsum(seen) - 1
    return np.flatnonzero(seen).astype(flat.dtype, copy=False), position[flat]


class Tfidf:
    """A TF-IDF space fitted on rows of term ids: idf from those rows, columns only for ids seen.

    ``rows`` is a list of id sequences, or ``(lengths, flat_ids)`` arrays for speed."""

    def __init__(self, rows: Sequence[Sequence[int]] | tuple[np.ndarray, np.ndarray]) -> None:
        if isinstance(rows, tuple) and len(rows) == 2 and isinstance(rows[0], np.ndarray):
            lengths, flat = rows
        else:
            lengths = np.fromiter((len(r) for r in rows), dtype=np.int64, count=len(rows))
            flat = np.fromiter((t for r in rows for t in r), dtype=np.int64, count=int(lengths.sum()))
        n = len(lengths)
        self.vocabulary, cols = _vocabulary(flat)
        owner = np.repeat(np.arange(n), lengths)
        counts = sparse.csr_matrix((np.ones(len(flat)), (owner, cols)), shape=(n, max(len(self.vocabulary), 1)))
        counts.sum_duplicates()
        df = np.bincount(counts.indices, minlength=counts.shape[1])
        self.idf = np.log((1 + n) / (1 + df)) + 1.0
        self.matrix = self._weigh(counts)

    def _weigh(self, counts: sparse.csr_matrix) -> sparse.csr_matrix:
        out = counts.astype(np.float64)
        out.data = 1.0 + np.log(out.data)
        out = out.multiply(self.idf.reshape(1, -1)).tocsr()
        norms = np.sqrt(np.asarray(out.multiply(out).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        return sparse.csr_matrix(sparse.diags(1.0 / norms) @ out)

    def transform(self, rows: Sequence[Sequence[int]]) -> sparse.csr_matrix:
        """Vectors for rows outside the fitted ones (ids never seen are left out)."""
        shape = (len(rows), max(len(self.vocabulary), 1))
        if not len(self.vocabulary):
            return sparse.csr_matrix(shape)
        data, owners, cols = [], [], []
        for i, r in enumerate(rows):
            ids = np.asarray(r, dtype=np.int64)
            pos = np.searchsorted(self.vocabulary, ids)
            known = (pos < len(self.vocabulary)) & (self.vocabulary[np.minimum(pos, len(self.vocabulary) - 1)] == ids)
            cols.append(pos[known])
            owners.append(np.full(int(known.sum()), i))
            data.append(np.ones(int(known.sum())))
        if not rows or not sum(len(c) for c in cols):
            return sparse.csr_matrix(shape)
        counts = sparse.csr_matrix((np.concatenate(data), (np.concatenate(owners), np.concatenate(cols))), shape=shape)
        counts.sum_duplicates()
        return self._weigh(counts)
