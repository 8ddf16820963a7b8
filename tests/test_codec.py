"""The stored JSON: versioned, upgraded when older, refused when newer, never silently lossy."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import msgspec
import pytest

from dateline.data import AnalysedArticle, Article, DateInterval, Evidence, Mention, Quote, Sentence, to_json
from dateline.errors import StoreError
from dateline.store import codec

RECORDED = json.loads((Path(__file__).parent / "store_format.json").read_text())

TEXT = 'Engineers inspected the Velna dam on Tuesday. "It is sound," Ilse Marnik said.'
ARTICLE = AnalysedArticle(
    article=Article(id="a1", path="dam.txt", fmt="text", text=TEXT, title="Dam inspected", outlet="Wire"),
    sentences=(Sentence(0, TEXT[:46], 0, 46), Sentence(1, TEXT[47:], 47, len(TEXT))),
    mentions=(Mention("Ilse Marnik", "PERSON", "person:marnik", 1, 62, 73),),
    quotes=(Quote("It is sound,", "person:marnik", 1, 48, 60, "Ilse Marnik"),),
    published=DateInterval(date(2024, 3, 5), date(2024, 3, 5), (Evidence("metadata", "2024-03-05"),)),
    event_date=DateInterval(date(2024, 3, 5), date(2024, 3, 5)),
    problems=("quotes failed (IndexError: x); left out",),
)


def test_the_stored_fields_are_those_recorded_for_this_format_version() -> None:
    """Renaming or removing a stored field, or changing its type, must bump FORMAT_VERSION and add
    an upgrade to codec.UPGRADES; then record the new fields here (tests/store_format.json)."""
    assert str(codec.FORMAT_VERSION) in RECORDED, "record the fields of the new format version"
    assert codec.fingerprint() == RECORDED[str(codec.FORMAT_VERSION)]


def test_round_trip_keeps_everything() -> None:
    assert codec.decode(codec.encode(ARTICLE), codec.FORMAT_VERSION) == ARTICLE


def test_format_1_from_the_previous_release_still_reads() -> None:
    old = json.dumps(to_json(ARTICLE))  # the hand-written codec of dateline.data, with derived keys
    assert '"label"' in old and '"precision"' in old
    assert codec.decode(old, 1) == ARTICLE


def test_moved_dates_replace_the_articles_own() -> None:
    moved = DateInterval(date(2024, 1, 1), date(2024, 12, 31))
    got = codec.decode(codec.encode(ARTICLE), codec.FORMAT_VERSION, codec.encode_dates(moved, moved))
    assert got.published == moved and got.event_date == moved and got.article == ARTICLE.article


def test_a_renamed_field_is_upgraded_not_dropped(monkeypatch: pytest.MonkeyPatch) -> None:
    """As if format N had called ``problems`` ``issues``: the upgrade to N+1 renames it."""
    current = codec.FORMAT_VERSION
    obj = msgspec.json.decode(codec.encode(ARTICLE))
    obj["issues"] = obj.pop("problems")
    monkeypatch.setattr(codec, "FORMAT_VERSION", current + 1)
    monkeypatch.setitem(codec.UPGRADES, current, lambda o: {**{k: v for k, v in o.items() if k != "issues"},
                                                            "problems": o["issues"]})
    got = codec.decode(json.dumps(obj), current)
    assert got.problems == ARTICLE.problems


def test_a_newer_format_is_refused_and_broken_json_is_a_store_error() -> None:
    with pytest.raises(StoreError, match="newer than this dateline"):
        codec.decode(codec.encode(ARTICLE), codec.FORMAT_VERSION + 1)
    with pytest.raises(StoreError, match="cannot be read"):
        codec.decode(b'{"article": 3}', codec.FORMAT_VERSION)
    bad = msgspec.json.decode(codec.encode(ARTICLE))
    bad["published"] = {"start": "2024-03-06", "end": "2024-03-05", "evidence": []}
    with pytest.raises(StoreError, match="after its end"):
        codec.decode(json.dumps(bad), codec.FORMAT_VERSION)
