"""Filters that mean what they say: dates typed by a user, a date range that keeps the events
inside it (and shows those that only overlap it apart), outlet and entity filters that choose
the articles before any date is chosen; the same in the library and the CLI."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from serve_fixtures import DATED_EVENTS, build_dated_store

import dateline
from dateline.cli import main
from dateline.data import AnalysedArticle, Article, Mention, Sentence
from dateline.errors import UsageError
from dateline.filters import date_range, name_filter, parse_date
from dateline.pipeline import Corpus
from dateline.store import SQLiteStore


def test_partial_dates_are_first_or_last_days() -> None:
    assert parse_date("2021", "start") == date(2021, 1, 1)
    assert parse_date("2021", "end", end=True) == date(2021, 12, 31)
    assert parse_date("2024-02", "end", end=True) == date(2024, 2, 29)
    assert parse_date("2021-7-4", "start") == date(2021, 7, 4)
    assert parse_date(date(2020, 5, 1)) == date(2020, 5, 1) and parse_date("  ") is None
    assert date_range("2021-03", "2021-06") == (date(2021, 3, 1), date(2021, 6, 30))
    for bad in ("yesterday", "2021-13", "2021-02-30", "21-01-01"):
        with pytest.raises(UsageError, match="start"):
            parse_date(bad, "start")
    with pytest.raises(UsageError, match="after the end date"):
        date_range("2022", "2021-06")
    with pytest.raises(UsageError, match="not a name"):
        name_filter("!!!", "source")


# -- a corpus whose dates are known exactly: each article is its own event ---------------------

@pytest.fixture()
def corpus(tmp_path: Path) -> Corpus:
    return Corpus(SQLiteStore(build_dated_store(tmp_path)))


def _ids(events: tuple) -> list[str]:
    return [ev.summary[0].article_id for ev in events]


def test_a_date_range_keeps_events_inside_and_shows_overlapping_ones_apart(corpus: Corpus) -> None:
    everything = corpus.timeline()
    assert sorted(_ids(everything.events)) == sorted(e[0] for e in DATED_EVENTS) and not everything.overlapping
    spring = corpus.timeline(start="2021-03", end="2021-06")
    assert _ids(spring.events) == ["talks", "verdict"]  # exact days inside March-June 2021
    # a year-wide and an open-ended date could lie in the range, or not: shown apart
    assert sorted(_ids(spring.overlapping)) == ["budget", "strike"]
    assert "festival" not in _ids(spring.events + spring.overlapping)  # undated: never under a date filter
    year = corpus.timeline(start="2021", end="2021")
    assert sorted(_ids(year.events)) == ["budget", "talks", "verdict"]
    assert _ids(year.overlapping) == ["strike"]
    october = corpus.timeline(start=date(2022, 10, 1), end=date(2022, 10, 31))
    assert _ids(october.events) == ["ferry"] and _ids(october.overlapping) == ["strike"]
    after = corpus.timeline(start="2022")  # open on one side: "before 2024-01-26" may lie before 2022
    assert _ids(after.events) == ["ferry"] and _ids(after.overlapping) == ["strike"]


def test_source_and_entity_choose_articles_before_dates(corpus: Corpus) -> None:
    radio = corpus.timeline(source="free voice radio")
    assert _ids(radio.events) == ["verdict"]
    # one date only: the outlet's own, not the corpus's top date filtered afterwards
    assert _ids(corpus.timeline(max_dates=1).events) == ["talks"]  # the corpus's top date (earliest of a tie)
    assert _ids(corpus.timeline(source="Metro News", max_dates=1).events) == ["ferry"]
    assert _ids(corpus.timeline(entity="Varosk", start="2021-05", end="2021-05").events) == ["verdict"]
    assert corpus.timeline(source="No Such Outlet").events == ()


def test_entities_are_filtered_in_the_library(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "e.db")
    people = (Mention("Anna Keller", "PERSON", "person:keller", 0, 0, 11), Mention("Halden", "GPE", "gpe:halden", 0, 20, 26))
    text = "Anna Keller spoke in Halden on Monday."
    store.add_articles([AnalysedArticle(Article(id="k", path="k.txt", fmt="text", text=text),
                                        (Sentence(0, text, 0, len(text)),), people)])
    corpus = Corpus(store)
    assert [e.name for e in corpus.entities(q="KELL")] == ["Anna Keller"]
    assert [e.name for e in corpus.entities(label="gpe")] == ["Halden"]
    assert corpus.entities(q="keller", label="GPE") == []


# -- the CLI: the same semantics, partial dates, --source ----------------------------------------

STORIES = [
    {"title": "Dockworkers walk out at Port of Halden", "source": "Nordic Wire", "published": "2023-02-20",
     "text": "HALDEN — About 1,200 dockworkers at the Port of Halden walked off the job on Monday, February 20, "
             "2023, halting container traffic at the harbour."},
    {"title": "Halden port strike ends", "source": "Nordic Wire", "published": "2023-03-14",
     "text": "HALDEN — Dockworkers at the Port of Halden voted on Tuesday, March 14, 2023, to accept a new "
             "contract, ending a strike that began on February 20."},
    {"title": "Council approves Halden budget", "source": "Halden Gazette", "published": "2022-11-02",
     "text": "The Halden city council approved next year's budget on Wednesday, November 2, 2022, by 21 votes "
             "to 14."},
]


def test_cli_timeline_takes_source_and_partial_dates(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(json.dumps(s) + "\n" for s in STORIES), encoding="utf-8")
    db = str(tmp_path / "cli.db")
    assert main(["--db", db, "ingest", "--no-progress", str(feed)]) == 0
    capsys.readouterr()
    assert main(["--db", db, "timeline", "--from", "2023-03", "--to", "2023", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"events", "overlapping"}
    starts = [e["date"]["start"] for e in data["events"]]
    assert starts and all("2023-03-01" <= s <= "2023-12-31" for s in starts)
    assert main(["--db", db, "timeline", "--source", "halden gazette", "--dates", "1", "--format", "json"]) == 0
    events = json.loads(capsys.readouterr().out)["events"]
    assert [s["outlet"] for e in events for s in e["sources"]] == ["Halden Gazette"]
    assert main(["--db", db, "entities", "--query", "HALD", "--label", "gpe", "--format", "json"]) == 0
    found = json.loads(capsys.readouterr().out)["entities"]
    assert [e["key"] for e in found] == ["gpe:halden"]  # the library's filter: "Port of Halden" is no GPE
    with pytest.raises(SystemExit):
        main(["--db", db, "timeline", "--from", "2023-02-30"])
    assert "not a valid date" in capsys.readouterr().err
    with dateline.open(db) as c:  # the library gives the CLI's answer
        assert [e.date.to_dict()["start"] for e in c.timeline(start="2023-03", end="2023").events] == starts
