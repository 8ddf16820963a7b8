"""What a corpus stores does not depend on how it was fed.

The bundled sample corpus (26 articles, three stories, syndicated copies among them) goes in as one
batch, one document per ingest, and shuffled in small batches; the stored articles, their dates
(own and cross-document), the duplicate groups, and the answers to searches and timelines must be
identical.
"""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

import pytest

import dateline
from dateline.data import to_json
from dateline.settings import Settings

SAMPLE = Path(__file__).resolve().parents[1] / "dateline" / "sample"


def _state(db: Path) -> dict[str, object]:
    with sqlite3.connect(db) as conn:
        articles = sorted(conn.execute(
            "SELECT id, data, dates, pub_start, pub_end, ev_start, ev_end FROM articles").fetchall())
        groups = sorted(conn.execute("SELECT article_id, group_id, rank FROM duplicates").fetchall())
        paths = sorted(conn.execute("SELECT path, article_id FROM paths").fetchall())
    with dateline.open(db) as corpus:
        timeline = to_json(corpus.timeline(max_dates=10))
        searches = {q: [(h.id, h.snippet) for h in corpus.search(q, limit=50).hits] for q in ("dam", "strike", "court")}
        entities = to_json(corpus.entities())
        stories = [(s.id, s.label, s.article_ids, s.start, s.end, s.outlets) for s in corpus.stories()]
    return {"articles": articles, "groups": groups, "paths": paths, "timeline": timeline, "search": searches,
            "entities": entities, "stories": stories}


@pytest.mark.slow
def test_one_batch_one_at_a_time_and_shuffled_store_the_same(tmp_path: Path) -> None:
    files = sorted(p for p in SAMPLE.rglob("*") if p.is_file())
    assert len(files) >= 20
    whole, single, shuffled = tmp_path / "whole.db", tmp_path / "single.db", tmp_path / "shuffled.db"
    with dateline.open(whole) as corpus:
        assert corpus.ingest(files, progress=False).added == 26
    with dateline.open(single) as corpus:
        for f in files:
            corpus.ingest([f], progress=False)
    order = files[:]
    random.Random(7).shuffle(order)
    with dateline.open(shuffled, Settings(batch_size=5)) as corpus:
        corpus.ingest(order, progress=False)
    expected = _state(whole)
    groups = expected["groups"]
    assert isinstance(groups, list) and groups, "the sample corpus has syndicated copies"
    articles = expected["articles"]
    assert isinstance(articles, list) and any(row[2] for row in articles), "and cross-document dates"
    assert len(expected["stories"]) == 3, "and three stories"  # type: ignore[arg-type]
    for other in (single, shuffled):
        got = _state(other)
        for key in expected:
            assert got[key] == expected[key], (other.name, key)
