"""The SQLite store: schema versioning, idempotent writes, FTS5 search, filters, corpus-level tables."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from dateline.data import AnalysedArticle, Article, DateInterval, Mention, Sentence
from dateline.errors import StoreError
from dateline.store import SCHEMA_VERSION, SQLiteStore
from dateline.store.query import fts_query
from dateline.store.sqlite import entities_from_rows


def _article(aid: str, title: str, text: str, day: date | None, people: list[str]) -> AnalysedArticle:
    art = Article(id=aid, path=f"/in/{aid}.txt", fmt="text", text=text, title=title, outlet="Wire")
    mentions = tuple(
        Mention(text=p, label="PERSON", key="person:" + p.split()[-1].lower(), sentence=0, start=0, end=len(p))
        for p in people
    )
    when = DateInterval(day, day) if day else DateInterval.unknown()
    return AnalysedArticle(article=art, sentences=(Sentence(0, text, 0, len(text)),), mentions=mentions,
                           published=when, event_date=when)


@pytest.fixture()
def store(tmp_path: Path) -> SQLiteStore:
    s = SQLiteStore(tmp_path / "s.db")
    s.add_articles([
        _article("a1", "Gas talks resume", "Gas prices dominated the talks between the two ministers.",
                 date(2020, 3, 2), ["Anna Keller"]),
        _article("a2", "Strike ends", "The dock strike ended after nine days of talks.", date(2021, 6, 1),
                 ["Keller", "Tomas Berg"]),
        _article("a3", "Undated note", "Prices of bread rose again, the bakers said.", None, []),
    ])
    return s


def test_migrations_are_recorded_and_reopening_keeps_data(tmp_path: Path, store: SQLiteStore) -> None:
    assert store.schema_version == SCHEMA_VERSION
    store.close()
    again = SQLiteStore(tmp_path / "s.db")
    assert again.count() == 3
    rows = again.db.execute("SELECT version, description FROM migrations").fetchall()
    assert [r[0] for r in rows] == [1, 2] and all(r[1] for r in rows)


def test_an_older_store_is_migrated_in_place(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    SQLiteStore(path).close()
    with sqlite3.connect(path) as db:  # make it look like a version-1 store
        db.execute("DROP INDEX mentions_key_article")
        db.execute("DELETE FROM migrations WHERE version = 2")
    store = SQLiteStore(path)
    assert store.schema_version == SCHEMA_VERSION == 2
    names = {r[0] for r in store.db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert "mentions_key_article" in names


def test_newer_schema_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    SQLiteStore(path).close()
    with sqlite3.connect(path) as db:
        db.execute("INSERT INTO migrations VALUES (99, 'from the future', 0)")
    with pytest.raises(StoreError, match="newer than this dateline"):
        SQLiteStore(path)


def test_not_a_database_is_a_store_error(tmp_path: Path) -> None:
    path = tmp_path / "junk.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="cannot open store"):
        SQLiteStore(path)


def test_adding_twice_adds_nothing(store: SQLiteStore) -> None:
    again = _article("a1", "Gas talks resume", "other text", date(2020, 3, 2), [])
    assert store.add_articles([again]) == 0
    assert store.count() == 3
    assert store.known_ids(["a1", "zz"]) == {"a1"}


def test_full_text_search_ranks_and_snippets(store: SQLiteStore) -> None:
    result = store.search("prices", None, None, None, limit=10, offset=0)
    assert result.total == 2
    assert {h.id for h in result.hits} == {"a1", "a3"}
    assert all("[" in h.snippet and "]" in h.snippet for h in result.hits)
    # porter stemming: "talk" finds "talks"
    assert store.search("talk", None, None, None, 10, 0).total == 2


def test_search_filters_by_entity_and_date_overlap(store: SQLiteStore) -> None:
    keller = store.keys_for_entity("Keller", "person:keller")
    assert keller == {"person:keller"}
    assert {h.id for h in store.search(None, keller, None, None, 10, 0).hits} == {"a1", "a2"}
    in_2021 = store.search(None, None, date(2021, 1, 1), date(2021, 12, 31), 10, 0)
    # an undated article never appears under a date filter (nothing says it belongs there)
    assert {h.id for h in in_2021.hits} == {"a2"}
    page = store.search(None, None, None, None, limit=2, offset=2)
    assert page.total == 3 and len(page.hits) == 1


def test_select_ids_by_source_in_any_case(tmp_path: Path) -> None:
    s = SQLiteStore(tmp_path / "sources.db")
    radio = AnalysedArticle(Article(id="r1", path="/in/r1.txt", fmt="text", text="The court met.", outlet="Free Voice Radio"))
    s.add_articles([_article("w1", "Court", "The court met again.", date(2021, 6, 1), []), radio])
    assert s.select_ids(source="free voice radio") == ["r1"]
    assert s.select_ids(source="Wire") == ["w1"]
    assert s.select_ids(source="Radio") == []  # an outlet is named in full, not searched for
    assert s.select_ids(source="Free Voice Radio", start=date(2021, 1, 1)) == []  # undated: not in any range


def test_fts_query_quotes_user_operators() -> None:
    assert fts_query('gas AND "price cap" *') == '"price cap" "gas" "AND"'
    assert fts_query("***") == '""'


def test_user_syntax_never_breaks_search(store: SQLiteStore) -> None:
    for q in ['"unclosed', "NEAR(", "a:b", "-", "^prices"]:
        store.search(q, None, None, None, 10, 0)


def test_derived_dates_and_duplicate_groups(store: SQLiteStore) -> None:
    narrowed = DateInterval(date(2002, 1, 1), date(2002, 12, 31))
    store.set_derived([("a1", "a2")], {"a3": (narrowed, narrowed)})
    assert store.get("a3").published == narrowed
    assert store.duplicate_groups() == [("a1", "a2")]
    assert store.select_ids(start=date(2002, 6, 1), end=date(2002, 6, 30)) == ["a3"]
    assert store.state("derived_dirty") == "0"


def test_entities_aggregate_aliases_with_full_name_first(store: SQLiteStore) -> None:
    entities = {e.key: e for e in entities_from_rows(store.entity_rows())}
    keller = entities["person:keller"]
    assert keller.name == "Anna Keller" and set(keller.aliases) == {"Anna Keller", "Keller"}
    assert keller.count == 2


def test_the_entity_name_keeps_its_diacritics() -> None:
    rows = [("person:breza", "PERSON", "Anton Breza", None, 3), ("person:breza", "PERSON", "Anton Březa", None, 2),
            ("person:breza", "PERSON", "Breza", None, 6), ("person:breza", "PERSON", "Březa", None, 4),
            ("gpe:tesk", "GPE", "Tesk", None, 2)]
    entities = {e.key: e for e in entities_from_rows(rows)}
    # the ASCII spelling is more frequent, but it is the same name with its háček lost
    assert entities["person:breza"].name == "Anton Březa"
    assert set(entities["person:breza"].aliases) == {"Anton Breza", "Anton Březa", "Breza", "Březa"}
    assert entities["gpe:tesk"].name == "Tesk"
