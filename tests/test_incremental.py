"""The incremental corpus step gives what a full recompute gives, whatever order articles arrive in.

Articles are written straight into a store (both backends) in several orders and batchings, with the
corpus step run after each batch; the stored duplicate groups must equal those of
:func:`dateline.events.dedup.duplicate_groups` over every article at once.
"""

from __future__ import annotations

import random
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from timeline_corpus import WIRE, corpus, make_article  # noqa: E402

import dateline  # noqa: E402
from dateline.data import AnalysedArticle, Article  # noqa: E402
from dateline.events import incremental  # noqa: E402
from dateline.events.dedup import duplicate_groups  # noqa: E402
from dateline.store import open_store  # noqa: E402

# A chain of reprints: each keeps most of the one before, so the first and the last share too
# little to be copies of each other, yet all four are one story reprinted (one group).
CHAIN = WIRE + ["The lake's ferries will be inspected before the Easter holiday, the ministry said."]


def _articles() -> list[AnalysedArticle]:
    arts = corpus()
    base = arts[1]  # "ap": the wire original
    for i in range(4):
        sentences = CHAIN[i : i + 6]
        arts.append(make_article(f"chain{i}", sentences, published=date(2024, 3, 15 + i), outlet=f"Outlet {i}",
                                 title=f"Reprint {i}"))
    # a copy whose body is the wire's with a different headline and byline
    text = "By a staff reporter\n\n" + base.article.text
    arts.append(replace(base, article=replace(base.article, id="byline", text=text, path="/in/byline.txt")))
    return arts


def _batches(arts: list[AnalysedArticle], order: int, size: int) -> list[list[AnalysedArticle]]:
    arts = arts[:]
    random.Random(order).shuffle(arts)
    return [arts[i : i + size] for i in range(0, len(arts), size)]


@pytest.mark.parametrize(("order", "size"), [(0, 100), (1, 1), (2, 3)])
def test_groups_equal_a_full_recompute(store_location: str, order: int, size: int) -> None:
    arts = _articles()
    expected = sorted(duplicate_groups(arts))
    assert any(len(g) >= 4 for g in expected), "the wire copies and the byline copy are one group"
    store = open_store(store_location)
    for batch in _batches(arts, order, size):
        store.add_articles(batch)
        incremental.update(store, store.state("generation"))
        assert store.pending(10) == []
    assert store.duplicate_groups() == expected
    assert store.state("derived_dirty") == "0"
    store.close()


def test_small_chunks_give_the_same_groups(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(incremental, "CHUNK", 2)
    store = open_store(tmp_path / "c.db")
    arts = _articles()
    store.add_articles(arts)
    assert len(store.pending(100)) == len(arts)
    incremental.update(store, store.state("generation"))
    assert store.duplicate_groups() == sorted(duplicate_groups(arts))
    assert store.pending(100) == []
    store.close()


def test_a_step_that_read_an_older_store_writes_nothing(tmp_path: Path) -> None:
    """Two steps at once: the one that read the store before the other wrote leaves it alone."""
    store = open_store(tmp_path / "race.db")
    arts = _articles()
    store.add_articles(arts)
    version = store.state("corpus_version") or "0"
    first = incremental.take_in(store, store.pending(100), version, store.state("generation"))
    second = incremental.take_in(store, store.pending(100), version, store.state("generation"))
    assert store.apply_update(first)
    assert not store.apply_update(second)
    assert store.duplicate_groups() == sorted(duplicate_groups(arts))
    store.close()


def test_an_ingest_into_a_store_groups_copies_read_later(tmp_path: Path) -> None:
    """Through the product path: copies that arrive in separate ingests end in one group."""
    wire = "\n\n".join(WIRE)
    (tmp_path / "a.txt").write_text("Ferry capsizes\n\n" + wire)
    (tmp_path / "b.txt").write_text("Uganda ferry disaster\n\nBy a staff reporter\n\n" + wire + "\n\nMore news soon.")
    with dateline.open(tmp_path / "s.db") as c:
        c.ingest([tmp_path / "a.txt"], progress=False)
        assert c.store.duplicate_groups() == []
        c.ingest([tmp_path / "b.txt"], progress=False)
        (group,) = c.store.duplicate_groups()
        assert len(group) == 2 and not c.corpus_step_due()


def test_a_copy_of_a_big_stored_group_is_compared_with_one_member(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """A store holding many copies of one story: a new copy joins their group after one comparison
    (the others are in that group already), and the groups are a full recompute's."""
    from dateline.events import dedup

    base = make_article("wire", WIRE, published=date(2024, 3, 13), outlet="AP", title="Ferry capsizes")
    copies = [replace(base, article=replace(base.article, id=f"reprint{i:02d}", path=f"/r/{i}", outlet=f"O{i}"))
              for i in range(12)]
    store = open_store(tmp_path / "big.db")
    store.add_articles([base, *copies[:-1]])
    incremental.update(store, None)
    (group,) = store.duplicate_groups()
    assert len(group) == 12
    compared: list[tuple[str, str]] = []
    real = dedup.is_copy

    def counting(a: dedup.Body, b: dedup.Body) -> bool:
        compared.append((a.id, b.id))
        return real(a, b)

    monkeypatch.setattr(dedup, "is_copy", counting)
    monkeypatch.setattr(incremental, "READ_BATCH", 3)  # several read batches
    store.add_articles([copies[-1]])
    incremental.update(store, None)
    assert len(compared) == 1 and compared[0][0] == "reprint11"
    assert store.duplicate_groups() == sorted(duplicate_groups([base, *copies]))
    store.close()


def test_article_is_never_its_own_copy(tmp_path: Path) -> None:
    store = open_store(tmp_path / "one.db")
    store.add_articles([AnalysedArticle(Article(id="x", path="/x", fmt="text", text=" ".join(WIRE)))])
    incremental.update(store, None)
    assert store.duplicate_groups() == []
    store.close()


# -- cross-document dates ------------------------------------------------------------------------


def _dating_corpus() -> list[AnalysedArticle]:
    from test_dating_corpus import DATED, OTHER, UNDATED, WIRE_BODY, analysed

    from dateline.data import DateInterval

    counted_a = analysed("count-a", "The regional assembly condemned the March 2015 vote that extended Governor "
                         "Halvorsen's 12-year rule. Observers said the count was flawed.")
    counted_b = analysed("count-b", "Governor Halvorsen met the chancellor on Thursday. The opposition has "
                         "protested against his 14-year rule since a disputed March 2015 vote.")
    wire = replace(analysed("wire", WIRE_BODY), published=DateInterval.day(date(2018, 4, 11)))
    copy = analysed("copy", "Crane collapse shuts Norland channel. " + WIRE_BODY, stamps=("Updated 3 March 2024",))
    return [UNDATED, DATED, OTHER, counted_a, counted_b, wire, copy]


def _dates(arts: list[AnalysedArticle]) -> dict[str, tuple[object, object]]:
    return {a.id: (a.published, a.event_date) for a in arts}


@pytest.mark.parametrize(("order", "size"), [(0, 100), (3, 1), (4, 2)])
def test_dates_equal_a_full_recompute(store_location: str, order: int, size: int) -> None:
    from dateline.events.dating import refine_corpus

    arts = _dating_corpus()
    full = _dates(refine_corpus(sorted(arts, key=lambda a: a.id)))
    moved = {k for k, v in full.items() if v != _dates(arts)[k]}
    assert moved == {"undated", "count-b", "copy"}, "each rule dates one article"
    store = open_store(store_location)
    for batch in _batches(arts, order, size):
        store.add_articles(batch)
        incremental.update(store, None)
    assert _dates(list(store.iter_articles())) == full
    assert _dates(list(store.iter_articles(own=True))) == _dates(arts)
    store.close()


def test_a_sentence_that_becomes_boilerplate_stops_dating_a_copy(tmp_path: Path) -> None:
    """A copy is dated by the sentences it shares with a dated story; once those sentences are in
    more than COPY_MAX_POSTINGS stored articles they are boilerplate, and the copy is re-dated
    without them (as a full recompute would), though it was not among the articles added."""
    from dateline.events import dating

    arts = _dating_corpus()
    wire, copy = arts[5], arts[6]
    store = open_store(tmp_path / "b.db")
    store.add_articles([wire, copy])
    incremental.update(store, None)
    assert store.get("copy").published.start == date(2018, 4, 11)
    reprints = [replace(wire, article=replace(wire.article, id=f"reprint{i:02d}", path=f"/r{i}", outlet=f"O{i}"))
                for i in range(dating.COPY_MAX_POSTINGS)]
    store.add_articles(reprints)
    incremental.update(store, None)
    assert store.get("copy").published == copy.published  # its own again
    full = dating.refine_corpus(sorted([wire, copy, *reprints], key=lambda a: a.id))
    assert store.get("copy").published == next(a for a in full if a.id == "copy").published
    store.close()


@pytest.mark.parametrize(("order", "size"), [(0, 100), (5, 1), (6, 2)])
def test_an_entity_pair_that_becomes_common_stops_dating(store_location: str, order: int, size: int,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """Once an entity pair is in more than SAME_MAX_POSTINGS articles' clauses it pairs no clauses:
    the undated article loses the date its pairs gave it, in whatever order the articles came (as a
    full recompute), though the articles that made the pairs common did not date it themselves."""
    from test_dating_corpus import DATED, UNDATED, analysed

    from dateline.events import dating

    monkeypatch.setattr(dating, "SAME_MAX_POSTINGS", 4)
    reports = [analysed(f"report{i}", f"Dockers gathered at the quay on day {i} of the strike. In 2019 Brandt "
                        f"and Norland argued over the Vessel port fees, report {i} said. Talks resume soon.")
               for i in range(4)]
    arts = [UNDATED, DATED, *reports]
    first = _dates(dating.refine_corpus(sorted([UNDATED, DATED], key=lambda a: a.id)))
    assert first["undated"] != _dates([UNDATED])["undated"], "DATED dates it while its pairs are rare"
    full = _dates(dating.refine_corpus(sorted(arts, key=lambda a: a.id)))
    assert full["undated"] == _dates([UNDATED])["undated"], "its pairs are common: no evidence"
    store = open_store(store_location)
    for batch in [[UNDATED, DATED], *_batches(reports, order, size)]:
        store.add_articles(batch)
        incremental.update(store, None)
    assert _dates(list(store.iter_articles())) == full
    store.close()


# -- stories -------------------------------------------------------------------------------------


def test_beyond_the_detection_size_new_articles_join_their_stories(tmp_path: Path, store_location: str,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """A store bigger than STORY_DETECT_MAX: stories are detected over its first articles (by id) and
    the others are placed with the story they are most alike; the sample corpus keeps its three."""
    from test_stories import SAMPLE, SAMPLE_STORIES

    with dateline.open(tmp_path / "whole.db") as whole:
        whole.ingest([SAMPLE], progress=False)
        arts = list(whole.store.iter_articles(own=True))
    monkeypatch.setattr(incremental, "STORY_DETECT_MAX", 14)
    with dateline.open(store_location) as corpus:
        corpus.store.add_articles(arts)
        corpus.update_corpus()
        assert not corpus.corpus_step_due() and corpus.store.story_pending(100) == []
        found = corpus.stories()
        members = [i for s in found for i in s.article_ids]
        assert sorted(members) == sorted(a.id for a in arts)  # every article in exactly one story
        name = {a.id: Path(a.article.path).name for a in arts}
        assert sorted(sorted(name[i] for i in s.article_ids) for s in found) == sorted(
            sorted(v) for v in SAMPLE_STORIES.values())
        # a later report (not a copy) joins its story without a new detection
        (tmp_path / "late.txt").write_text(
            "Transit union sets new strike deadline\n\nUnited Transit Workers Local 704 told Castlebridge Regional "
            "Transit on Friday that its bus drivers and tram operators would walk out again if the contract is "
            "not signed by the end of the month.\n\nThe union said members were angry about split shifts and "
            "wages, and that talks with the transit agency had stalled.\n")
        corpus.ingest([tmp_path / "late.txt"], progress=False)
        (late,) = [s for s in corpus.stories() if any(name.get(i) is None for i in s.article_ids)]
        assert "ledger_strike_vote.txt" in {name.get(i) for i in late.article_ids}
        assert len(corpus.stories()) == 3 and corpus.store.story_pending(10) == []


def test_rebuilt_stories_do_not_depend_on_arrival_order(tmp_path: Path, store_location: str,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """Beyond STORY_DETECT_MAX, arriving articles are placed in the stories already there, so two
    arrival orders may end with different stories; ``rebuild_stories`` detects them anew from what
    is stored, and both stores then hold the same stories."""
    from test_stories import SAMPLE

    with dateline.open(tmp_path / "whole.db") as whole:
        whole.ingest([SAMPLE], progress=False)
        arts = sorted(whole.store.iter_articles(own=True), key=lambda a: a.id)
    monkeypatch.setattr(incremental, "STORY_DETECT_MAX", 10)
    found = []
    for order, location in ((0, tmp_path / "a.db"), (1, store_location)):
        with dateline.open(location) as corpus:
            for batch in _batches(arts, order, 4):
                corpus.store.add_articles(batch)
                corpus.update_corpus()
            corpus.rebuild_stories()
            assert corpus.store.story_pending(100) == []
            found.append(sorted((s.id, tuple(sorted(s.article_ids)), s.label) for s in corpus.stories()))
    assert found[0] == found[1]
    assert sorted(i for _, ids, _ in found[0] for i in ids) == [a.id for a in arts]  # each in one story
