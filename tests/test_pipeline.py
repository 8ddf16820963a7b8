"""The Corpus API over a real store: ingest report, filters, thinning of huge timelines, usage errors."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

import dateline
from dateline.data import Collection, DateInterval
from dateline.errors import NotFound, UsageError
from dateline.pipeline import _thin

STORIES = {
    "harbour.txt": "Harbour strike ends\n\nROTTERDAM — Dock workers ended their strike on Monday, March 4, 2024, "
                   "after the port authority offered a 6 percent raise, union leader Pieter de Vries said.\n",
    "bridge.txt": "Bridge vote passes\n\nLYON — The council approved the river bridge on 12 June 2023, the mayor "
                  "Claire Dubois said, after a two-year debate about its cost.\n",
}


@pytest.fixture()
def corpus(tmp_path: Path) -> dateline.Corpus:
    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in STORIES.items():
        (folder / name).write_text(text)
    c = dateline.open(tmp_path / "c.db")
    report = c.ingest([folder], progress=False)
    assert report.added == 2 and report.ids and not report.skipped
    return c


def test_thin_keeps_an_even_spread() -> None:
    ids = [str(i) for i in range(10)]
    assert _thin(ids, 20) == ids
    assert _thin(ids, 5) == ["0", "2", "4", "6", "8"]


def test_search_and_collection_filters(corpus: dateline.Corpus) -> None:
    assert corpus.search("bridge").total == 1
    assert [a.article.title for a in corpus.collection(query="strike").articles] == ["Harbour strike ends"]
    in_2023 = corpus.collection(start=date(2023, 1, 1), end=date(2023, 12, 31))
    assert in_2023.window == DateInterval(date(2023, 1, 1), date(2023, 12, 31))  # dates are chosen in it
    assert corpus.collection(start="2023-06", end="2023").window == DateInterval(date(2023, 6, 1), date(2023, 12, 31))
    protocol = corpus.collection(start="2023", end="2023", articles_in_range=True)  # the TLS benchmarks' selection
    assert [a.article.title for a in protocol.articles] == ["Bridge vote passes"] and protocol.window is None
    timeline = corpus.timeline(start="2023", end="2023")
    assert [(e.date.start, e.date.end) for e in timeline.events] == [(date(2023, 6, 12), date(2023, 6, 12))]
    assert "bridge" in timeline.events[0].summary[0].text and not timeline.overlapping


def test_bad_requests_raise_usage_errors(corpus: dateline.Corpus) -> None:
    with pytest.raises(UsageError):
        corpus.search("x", limit=0)
    with pytest.raises(UsageError):
        corpus.search("x", offset=-1)
    with pytest.raises(UsageError):
        corpus.timeline(max_dates=0)
    with pytest.raises(UsageError):
        corpus.search("x", entity="!!!")
    with pytest.raises(NotFound):
        corpus.article("0000000000000000")


def test_timeline_is_thinned_beyond_the_cap(tmp_path: Path, corpus: dateline.Corpus) -> None:
    small = dateline.Corpus(corpus.store, dateline.Settings(max_timeline_articles=1))
    assert len(small.collection().articles) == 1
    assert len(corpus.collection().articles) == 2


def test_copies_read_in_one_batch_keep_their_paths(tmp_path: Path) -> None:
    """A copy read in the same batch as its original is recorded under its own path too (not only on a re-run)."""
    folder = tmp_path / "mirror"
    folder.mkdir()
    for name in ("a-original.txt", "b-mirror.txt"):
        (folder / name).write_text(STORIES["bridge.txt"])
    (folder / "c-other.txt").write_text(STORIES["harbour.txt"])
    with dateline.open(tmp_path / "m.db") as c:
        report = c.ingest([folder], progress=False)
        assert (report.added, report.duplicates) == (2, 1)
        assert c.paths(report.ids[0]) == [str(folder / "a-original.txt"), str(folder / "b-mirror.txt")]


def test_timeline_leaves_the_cycle_collector_as_it_found_it(
    corpus: dateline.Corpus, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The collector is paused while a timeline loads and builds (see pipeline._cycle_collection_paused),
    and only then: on again after, also after an empty selection or an error; off stays off."""
    import gc

    assert gc.isenabled()
    seen: list[bool] = []
    real = dateline.Corpus.collection

    def spy(self: dateline.Corpus, *args: Any, **kwargs: Any) -> Collection:
        seen.append(gc.isenabled())
        return real(self, *args, **kwargs)

    monkeypatch.setattr(dateline.Corpus, "collection", spy)
    assert corpus.timeline().events
    assert gc.isenabled()
    assert corpus.timeline(query="volcano").events == ()  # nothing selected
    assert gc.isenabled()
    with pytest.raises(UsageError):
        corpus.timeline(start="2024-13")
    assert gc.isenabled()
    gc.disable()
    try:
        corpus.timeline()
        assert not gc.isenabled()
    finally:
        gc.enable()
    assert seen[:2] == [False, False]
