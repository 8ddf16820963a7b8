"""Term ids and the TF-IDF space built from them (dateline.analyse.terms)."""

from __future__ import annotations

import numpy as np
import pytest

from dateline.analyse import terms as T

SENTENCES = [
    "The harbour reopened on Monday after a week of storms closed the ferry route.",
    "Dock workers voted to end their strike after the port authority offered a raise.",
    "The council approved the river bridge after a two-year debate about its cost.",
    "Ferry operators said the first crossing would leave at dawn on Tuesday.",
]


def test_the_vocabulary_table_gives_what_a_sort_gives(monkeypatch: pytest.MonkeyPatch) -> None:
    """Big rows of ids go through a table of every possible id instead of np.unique: same answer."""
    rows = [T.term_ids(s) for s in SENTENCES] * 5_000  # a big collection's worth of ids
    flat = np.array([t for r in rows for t in r], dtype=np.int64)
    assert len(flat) >= T.TABLE_MIN_IDS
    vocabulary, cols = T._vocabulary(flat)
    sorted_vocabulary, sorted_cols = np.unique(flat, return_inverse=True)
    assert np.array_equal(vocabulary, sorted_vocabulary) and np.array_equal(cols, sorted_cols)
    assert vocabulary.dtype == flat.dtype
    table = T.Tfidf(rows)
    monkeypatch.setattr(T, "TABLE_MIN_IDS", 10**9)  # always sort
    sort = T.Tfidf(rows)
    assert np.array_equal(table.vocabulary, sort.vocabulary) and np.array_equal(table.idf, sort.idf)
    assert (table.matrix != sort.matrix).nnz == 0
    assert table.matrix.shape == (len(rows), len({t for r in rows for t in r}))
