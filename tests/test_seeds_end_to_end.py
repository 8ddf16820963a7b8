"""Issue acceptance on the seeds: ingest ../shared/seeds, then check the timeline against
../shared/seeds-expected.json (a human reading of the five articles)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

import dateline
from dateline.cli import main


@pytest.fixture(scope="module")
def seeds_db(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> Path:
    db = tmp_path_factory.mktemp("seeds") / "seeds.db"
    with dateline.open(db) as corpus:
        report = corpus.ingest([seeds_dir], progress=False)
    assert report.added == 5 and not report.skipped
    return db


@pytest.fixture(scope="module")
def timeline_json(seeds_db: Path) -> dict:
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["--db", str(seeds_db), "timeline", "--format", "json"]) == 0
    return json.loads(out.getvalue())


def _file(source: dict) -> str:
    return Path(source["path"]).name


def test_five_events_in_the_expected_order(timeline_json: dict, seeds_expected: dict) -> None:
    events = timeline_json["events"]
    order = [_file(e["sources"][0]) for e in events]
    assert order == seeds_expected["timeline_in_order"]


def test_every_interval_contains_the_actual_date(timeline_json: dict, seeds_expected: dict) -> None:
    for event in timeline_json["events"]:
        name = _file(event["sources"][0])
        actual = seeds_expected["articles"][name]["actual"]
        d = event["date"]
        lo = date.fromisoformat(d["start"]) if d["start"] else date.min
        hi = date.fromisoformat(d["end"]) if d["end"] else date.max
        if len(actual) == 4:  # a year only: the interval must overlap it
            assert lo.year <= int(actual) <= hi.year, (name, d)
        else:
            assert lo <= date.fromisoformat(actual) <= hi, (name, d)
        assert set(d) >= {"start", "end", "precision", "evidence"}


def test_003_is_exactly_its_day(timeline_json: dict) -> None:
    event = next(e for e in timeline_json["events"] if _file(e["sources"][0]).startswith("003"))
    assert (event["date"]["start"], event["date"]["end"], event["date"]["precision"]) == (
        "2021-02-22", "2021-02-22", "day")


def test_no_date_comes_from_a_page_stamp(timeline_json: dict, seeds_expected: dict) -> None:
    stamps = {s for a in seeds_expected["articles"].values() for s in a.get("not_publication_dates", [])}
    stamp_days = {"2016-07-27", "2024-12-23"}
    for event in timeline_json["events"]:
        d = event["date"]
        assert d["start"] not in stamp_days and not (d["end"] in stamp_days and d["start"] == d["end"])
        for ev in d["evidence"]:
            if ev["kind"] not in ("stamp-upper-bound",):
                assert not any(s in ev["text"] for s in stamps), ev


def test_no_boilerplate_in_summaries_or_search_hits(timeline_json: dict, seeds_expected: dict,
                                                   seeds_db: Path) -> None:
    boiler = [b for a in seeds_expected["articles"].values() for b in a["boilerplate_lines"] if len(b) > 8]
    summaries = " ".join(s for e in timeline_json["events"] for s in e["summary"])
    for line in boiler:
        assert line not in summaries
    with dateline.open(seeds_db) as corpus:
        for word in ["newsletter", "Updated", "support"]:
            for hit in corpus.search(word, limit=50).hits:
                assert not any(b in hit.snippet.replace("[", "").replace("]", "") for b in boiler), hit


def test_each_event_has_sources_summary_quotes_entities(timeline_json: dict) -> None:
    for event in timeline_json["events"]:
        assert 1 <= len(event["summary"]) <= 3
        src = event["sources"][0]
        assert set(src) >= {"path", "title", "outlet", "id"}
        assert event["entities"]
    assert sum(len(e["quotes"]) for e in timeline_json["events"]) >= 8


def test_quote_speakers(seeds_db: Path, seeds_expected: dict) -> None:
    with dateline.open(seeds_db) as corpus:
        by_file = {Path(a.article.path).name: a for a in corpus.store.iter_articles()}
        entities = corpus.entities()
    names = {e.key: e for e in entities}
    right = 0
    for q in seeds_expected["quotes"]:
        art = by_file[q["article"]]
        found = [x for x in art.quotes if q["starts"][:30] in x.text]
        if not found:
            continue
        speaker = found[0]
        surname = q["speaker"].split()[-1]
        display = names[speaker.speaker].aliases if speaker.speaker in names else (speaker.speaker_name or "",)
        if any(surname in a for a in display) or surname in (speaker.speaker_name or ""):
            right += 1
    assert right >= 8


def test_lukashenko_and_lukashenka_are_one_entity(seeds_db: Path) -> None:
    with dateline.open(seeds_db) as corpus:
        keys_ko = corpus.entity_keys("Lukashenko")
        keys_ka = corpus.entity_keys("Lukashenka")
        assert keys_ko == keys_ka
        assert len(corpus.collection(entity="Alyaksandr Lukashenka").articles) == 5


def test_the_embedding_ranker_keeps_the_events_and_dates(seeds_db: Path, timeline_json: dict) -> None:
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["--db", str(seeds_db), "timeline", "--ranker", "embedding", "--format", "json"]) == 0
    embedded = json.loads(out.getvalue())["events"]
    lexical = timeline_json["events"]
    assert [(_file(e["sources"][0]), e["date"]["start"], e["date"]["end"]) for e in embedded] == [
        (_file(e["sources"][0]), e["date"]["start"], e["date"]["end"]) for e in lexical
    ]
    for e in embedded:  # every summary sentence is a sentence of one of the event's sources
        ids = {s["id"] for s in e["sources"]}
        assert e["summary"] and all(s["article_id"] in ids for s in e["summary_refs"])
