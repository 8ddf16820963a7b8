"""Rendering timelines: the JSON contract, and text/Markdown a person can read."""

from __future__ import annotations

import json
from datetime import date

import pytest
from timeline_corpus import corpus

from dateline.data import Collection, DateInterval, Event, QuoteRef, SentenceRef, Timeline
from dateline.errors import UsageError
from dateline.events.dedup import duplicate_groups
from dateline.timeline import get_generator
from dateline.timeline.render import FORMATS, render


@pytest.fixture(scope="module")
def timeline() -> Timeline:
    arts = corpus()
    return get_generator("default").predict(Collection(tuple(arts), duplicate_groups(arts)), 20, 2)


def test_json_follows_the_contract(timeline: Timeline) -> None:
    data = json.loads(render(timeline, "json"))
    assert set(data) == {"events", "overlapping"} and data["overlapping"] == []
    assert len(data["events"]) == len(timeline.events)
    for ev in data["events"]:
        assert {"date", "summary", "sources", "quotes", "entities"} <= set(ev)
        assert {"start", "end", "precision", "evidence"} <= set(ev["date"])
        assert ev["date"]["precision"] in {"day", "month", "year", "range", "unknown"}
        assert all(isinstance(s, str) for s in ev["summary"])
        for src in ev["sources"]:
            assert set(src) == {"path", "title", "outlet", "id"}
        for q in ev["quotes"]:
            assert set(q) == {"text", "speaker", "context"}
    ferry = next(e for e in data["events"] if e["date"]["start"] == "2024-03-13")
    assert ferry["date"] == {**ferry["date"], "start": "2024-03-13", "end": "2024-03-13", "precision": "day"}
    assert sorted(s["path"] for s in ferry["sources"]) == [
        "corpus/ap.txt", "corpus/herald.txt", "corpus/reuters.txt", "corpus/tribune.txt"]
    assert {"speaker": "Fred Enanga"}.items() <= ferry["quotes"][0].items()
    history = data["events"][0]
    assert (history["date"]["start"], history["date"]["end"]) == ("2003-01-01", "2005-12-31")
    assert history["date"]["precision"] == "range"


def test_text_names_every_outlet_and_the_vague_date(timeline: Timeline) -> None:
    text = render(timeline, "text")
    assert "reported by AP, Daily Herald, Star Tribune, Reuters (4 sources)" in text
    assert text.index("2003–2005") < text.index("2024-02-01") < text.index("2024-03-13")
    assert "— Fred Enanga" in text
    assert "corpus/reuters.txt" in text


def test_markdown_has_a_section_per_event_and_escapes_markup() -> None:
    ev = Event(DateInterval.month(2021, 2), (SentenceRef("a1", 0, "Shares of *Acme* fell [sharply]."),), id="x")
    md = render(Timeline((ev,)), "md")
    assert "## February 2021" in md
    assert r"- Shares of \*Acme\* fell \[sharply\]." in md
    assert render(Timeline((ev,)), "markdown") == md


def test_empty_timeline_in_every_format() -> None:
    for fmt in FORMATS:
        assert render(Timeline(()), fmt).strip()
    assert json.loads(render(Timeline(()), "json")) == {"events": [], "overlapping": []}


def test_unknown_format_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="unknown format"):
        render(Timeline(()), "pdf")


def test_a_quote_without_a_speaker_is_shown_in_its_sentence() -> None:
    sentence = 'The ambassador, who attended the hearing, said the bloc would follow the trial "to make sure it is fair."'
    ev = Event(DateInterval.day(date(2021, 9, 6)), (SentenceRef("a1", 0, "The trial opened."),),
               quotes=(QuoteRef("to make sure it is fair.", None, "a1", sentence),
                       QuoteRef("We are ready", "Iryna Bondar", "a1")))
    later = Event(DateInterval.year(2021), (SentenceRef("a2", 0, "The court met twice."),))
    text = render(Timeline((ev,), overlapping=(later,)), "text")
    assert "said the bloc would follow the trial" in text and "(speaker not named)" in text
    assert "“We are ready” — Iryna Bondar" in text
    assert text.index("The trial opened.") < text.index("Only overlapping the date range") < text.index("court met")
    md = render(Timeline((ev,), overlapping=(later,)), "md")
    assert "## Only overlapping the date range" in md and "### 2021" in md
    data = json.loads(render(Timeline((ev,), overlapping=(later,)), "json"))
    assert data["events"][0]["quotes"][0]["context"] == sentence
    assert [e["summary"] for e in data["overlapping"]] == [["The court met twice."]]
