"""benchmarks/_bulk_step.py: a grown store brought in one pass to the state the corpus step leaves."""

from __future__ import annotations

import shutil
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


from timeline_corpus import WIRE, corpus, make_article  # noqa: E402

import dateline  # noqa: E402
from benchmarks import _bulk_step  # noqa: E402
from dateline.data import AnalysedArticle  # noqa: E402
from dateline.store import open_store  # noqa: E402


def _grown() -> list[AnalysedArticle]:
    """The test corpus, a chain of reprints and several outlets' copies of the wire story."""
    arts = corpus()
    base = arts[1]
    for i in range(4):
        arts.append(make_article(f"chain{i}", (WIRE + ["Ferries will be inspected before Easter."])[i : i + 6],
                                 published=date(2024, 3, 15 + i), outlet=f"Outlet {i}", title=f"Reprint {i}"))
    for i in range(5):
        text = f"By staff reporter {i}\n\n" + base.article.text
        arts.append(replace(base, article=replace(base.article, id=f"copy{i}", text=text, path=f"/c/{i}")))
    return arts


@pytest.mark.slow
def test_settled_store_equals_one_through_the_corpus_step(tmp_path: Path) -> None:
    arts = _grown()
    grown = tmp_path / "grown.db"
    store = open_store(grown)
    store.add_articles(arts[:9])  # grown and settled in two steps, as benchmarks/scale.py grows its stores
    _bulk_step.settle(store)
    store.add_articles(arts[9:])
    stats = _bulk_step.settle(store)
    store.close()
    real = tmp_path / "real.db"
    store = open_store(real)
    store.add_articles(arts)
    store.close()
    with dateline.open(real) as c:
        c.update_corpus()
        groups = c.store.duplicate_groups()
    assert stats["groups"] == len(groups) and any(len(g) >= 8 for g in groups)
    diff = _bulk_step.compare(str(grown), str(real))
    for table, rows in diff.items():
        assert rows["only_bulk"] == rows["only_real"] == 0, (table, rows)
    assert diff["corpus_keys"]["rows"] > 0 and diff["corpus_pending"]["rows"] == 0
    with dateline.open(grown) as c:
        assert not c.corpus_step_due()
    shutil.rmtree(tmp_path, ignore_errors=True)
