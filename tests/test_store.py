"""The stores, SQLite and PostgreSQL alike: schema versioning, idempotent writes, search, filters,
corpus-level tables. Every test taking ``store`` runs against both backends (PostgreSQL: a real
server started by the tests, see tests/pg_server.py); the migration tests are SQLite's own."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from dateline.data import AnalysedArticle, Article, DateInterval, Mention, Sentence
from dateline.errors import StoreError, UsageError
from dateline.store import SCHEMA_VERSION, Filters, SQLiteStore, Store, entities_from_rows, open_store
from dateline.store.postgres import SCHEMA_VERSION as SCHEMA_VERSION_PG
from dateline.store.sqlite import MIGRATIONS


def _article(aid: str, title: str, text: str, day: date | None, people: list[str]) -> AnalysedArticle:
    art = Article(id=aid, path=f"/in/{aid}.txt", fmt="text", text=text, title=title, outlet="Wire")
    mentions = tuple(
        Mention(text=p, label="PERSON", key="person:" + p.split()[-1].lower(), sentence=0, start=0, end=len(p))
        for p in people
    )
    when = DateInterval(day, day) if day else DateInterval.unknown()
    return AnalysedArticle(article=art, sentences=(Sentence(0, text, 0, len(text)),), mentions=mentions,
                           published=when, event_date=when)


ARTICLES = [
        _article("a1", "Gas talks resume", "Gas prices dominated the talks between the two ministers.",
                 date(2020, 3, 2), ["Anna Keller"]),
        _article("a2", "Strike ends", "The dock strike ended after nine days of talks.", date(2021, 6, 1),
                 ["Keller", "Tomas Berg"]),
    _article("a3", "Undated note", "Prices of bread rose again, the bakers said.", None, []),
]


@pytest.fixture()
def store(store_location: str) -> Iterator[Store]:
    s = open_store(store_location)
    s.add_articles(ARTICLES)
    yield s
    s.close()


def test_migrations_are_recorded_in_every_backend(store_location: str) -> None:
    s = open_store(store_location)
    s.add_articles(ARTICLES)
    version = s.schema_version
    s.close()
    again = open_store(store_location)
    assert again.count() == 3 and again.schema_version == version >= 1
    again.close()


def test_only_paths_and_postgresql_urls_are_stores(tmp_path: Path) -> None:
    for url in ["mysql://u@h/db", "http://example.org/x.db", "sqlite:///x.db"]:
        with pytest.raises(UsageError, match="postgresql://"):
            open_store(url)
    assert not list(tmp_path.iterdir())


def test_sqlite_migrations_are_recorded_and_reopening_keeps_data(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "s.db")
    store.add_articles(ARTICLES)
    assert store.schema_version == SCHEMA_VERSION
    store.close()
    again = SQLiteStore(tmp_path / "s.db")
    assert again.count() == 3
    rows = again.db.execute("SELECT version, description FROM migrations").fetchall()
    assert [r[0] for r in rows] == list(range(1, SCHEMA_VERSION + 1)) and all(r[1] for r in rows)


def test_a_version_2_store_is_migrated_in_place_and_its_articles_found(tmp_path: Path) -> None:
    """A store written by the previous release (schema 2: porter FTS5 over raw text, JSON of
    format 1) is upgraded on open: its articles are indexed for the new search and still read."""
    from dateline.data import to_json

    path = tmp_path / "old.db"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE migrations (version INTEGER PRIMARY KEY, description TEXT, applied_at REAL)")
        for version, description, sql in MIGRATIONS[:2]:
            assert isinstance(sql, str)
            db.executescript(sql)
            db.execute("INSERT INTO migrations VALUES (?, ?, 0)", (version, description))
        for rowid, a in enumerate(ARTICLES, start=1):
            db.execute(
                "INSERT INTO articles (rowid, id, path, fmt, title, added_at, data) VALUES (?,?,?,?,?,0,?)",
                (rowid, a.id, a.article.path, "text", a.article.title, json.dumps(to_json(a))),
            )
            db.executemany("INSERT INTO mentions VALUES (?,?,?,?,?,?)",
                           [(a.id, m.key, m.label, m.text, m.role, m.sentence) for m in a.mentions])
    store = SQLiteStore(path)
    assert store.schema_version == SCHEMA_VERSION
    assert store.get("a1") == ARTICLES[0]
    assert [h.id for h in store.search(Filters("gas"), 10, 0).hits] == ["a1"]
    assert store.keys_for_entity("anna keller", "x") == {"person:keller"}


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


def test_adding_twice_adds_nothing(store: Store) -> None:
    again = _article("a1", "Gas talks resume", "other text", date(2020, 3, 2), [])
    assert store.add_articles([again]) == 0
    assert store.count() == 3
    assert store.known_ids(["a1", "zz"]) == {"a1"}


def test_full_text_search_ranks_and_snippets(store: Store) -> None:
    result = store.search(Filters("prices"), limit=10, offset=0)
    assert result.total == 2 and result.total_exact
    assert {h.id for h in result.hits} == {"a1", "a3"}
    assert all("[" in h.snippet and "]" in h.snippet for h in result.hits)
    # stemming: "talk" finds "talks"; accents and case do not matter
    assert store.search(Filters("talk"), 10, 0).total == 2
    assert store.search(Filters("PRÍCES"), 10, 0).total == 2
    # a phrase is a phrase
    assert [h.id for h in store.search(Filters('"dock strike"'), 10, 0).hits] == ["a2"]
    assert store.search(Filters('"strike dock"'), 10, 0).total == 0


def test_search_filters_by_entity_and_date_overlap(store: Store) -> None:
    keller = store.keys_for_entity("Keller", "person:keller")
    assert keller == {"person:keller"}
    assert {h.id for h in store.search(Filters(keys=frozenset(keller)), 10, 0).hits} == {"a1", "a2"}
    in_2021 = store.search(Filters(start=date(2021, 1, 1), end=date(2021, 12, 31)), 10, 0)
    # an undated article never appears under a date filter (nothing says it belongs there)
    assert {h.id for h in in_2021.hits} == {"a2"}
    page = store.search(Filters(), limit=2, offset=2)
    assert page.total == 3 and len(page.hits) == 1


def test_select_ids_by_source_in_any_case(store_location: str) -> None:
    s = open_store(store_location)
    radio = AnalysedArticle(Article(id="r1", path="/in/r1.txt", fmt="text", text="The court met.", outlet="Free Voice Radio"))
    s.add_articles([_article("w1", "Court", "The court met again.", date(2021, 6, 1), []), radio])
    assert s.select_ids(Filters(source="free voice radio")) == ["r1"]
    assert s.select_ids(Filters(source="Wire")) == ["w1"]
    assert s.select_ids(Filters(source="Radio")) == []  # an outlet is named in full, not searched for
    assert s.select_ids(Filters(source="Free Voice Radio", start=date(2021, 1, 1))) == []  # undated: in no range
    s.close()


def test_user_syntax_never_breaks_search(store: Store) -> None:
    for q in ['"unclosed', "NEAR(", "a:b", "-", "^prices", "***", "it's & | ! <->", "'"]:
        store.search(Filters(q), 10, 0)
    assert store.search(Filters("***"), 10, 0).total == 0
    assert [h.id for h in store.search(Filters("^prices AND"), 10, 0).hits] == []


def test_derived_dates_and_duplicate_groups(store: Store) -> None:
    narrowed = DateInterval(date(2002, 1, 1), date(2002, 12, 31))
    store.set_derived([("a1", "a2")], {"a3": (narrowed, narrowed)})
    assert store.get("a3").published == narrowed
    assert store.duplicate_groups() == [("a1", "a2")]
    assert store.select_ids(Filters(start=date(2002, 6, 1), end=date(2002, 6, 30))) == ["a3"]
    assert store.state("derived_dirty") == "0"


def test_entities_aggregate_aliases_with_full_name_first(store: Store) -> None:
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


def test_stories_are_replaced_whole_and_filter_articles(store: Store) -> None:
    from dateline.events.stories import Story

    assert store.stories() == [] and store.story_ids("s-none") is None
    talks = Story(id="s-talks", label="Keller · talks", article_ids=("a1", "a2"), start=date(2020, 3, 2),
                  end=date(2021, 6, 1), outlets=("Wire",), entities=("Anna Keller",), terms=("talks",))
    bread = Story(id="s-bread", label="bread · bakers", article_ids=("a3",))
    store.set_stories([talks, bread])
    assert store.stories() == [talks, bread]  # in the order given, every field kept
    assert store.story_ids("s-talks") == ["a1", "a2"] and store.story_ids("s-bread") == ["a3"]
    # the story filter composes with the others, in select_ids and in search
    assert store.select_ids(Filters(story="s-talks")) == ["a1", "a2"]
    assert store.select_ids(Filters(story="s-talks", start=date(2021, 1, 1))) == ["a2"]
    assert store.select_ids(Filters(story="s-bread", keys=frozenset({"person:keller"}))) == []
    assert [h.id for h in store.search(Filters("prices", story="s-bread"), 10, 0).hits] == ["a3"]
    assert [h.id for h in store.search(Filters("prices", story="s-talks"), 10, 0).hits] == ["a1"]
    # a new grouping replaces the old one entirely
    store.set_stories([Story(id="s-all", label="all", article_ids=("a3", "a1", "a2"))])
    assert [s.id for s in store.stories()] == ["s-all"] and store.story_ids("s-talks") is None
    assert store.select_ids(Filters(story="s-talks")) == []
    assert store.story_ids("s-all") == ["a3", "a1", "a2"]


def test_a_corpus_step_computed_before_an_ingest_leaves_the_step_due(store: Store) -> None:
    """The corpus-level results of a step that read the store before articles were added describe
    an older store: the step stays due (a server's background step raced an upload this way)."""
    seen = store.state("generation") or "0"
    store.add_articles([_article("a4", "Late report", "The bakers went on strike.", date(2021, 7, 1), [])])
    store.set_derived([], {}, seen)
    assert store.state("derived_dirty") == "1"
    store.set_derived([], {}, store.state("generation"))
    assert store.state("derived_dirty") == "0"


def _long_article(aid: str, words: list[str]) -> AnalysedArticle:
    text = " ".join(words) + "."
    return _article(aid, "Harbour diary", text, date(2022, 5, 1), [])


def test_snippets_of_long_articles_read_only_the_scanned_start(store: Store) -> None:
    """A hit's snippet is read from the article's stored lead, not its whole text: the words in
    and just past the scanned start (SNIPPET_SCAN_WORDS) still give the snippet they give in the
    full text, and a word beyond it is found by search but not shown."""
    from dateline.store.terms import SNIPPET_SCAN_WORDS, Query, snippet

    n = SNIPPET_SCAN_WORDS
    filler = [f"w{i}" for i in range(n + 200)]
    near_end = filler.copy()
    near_end[n - 3] = "lighthouse"  # inside the scanned words, near their end
    past = filler.copy()
    past[n + 50] = "lighthouse"  # beyond them
    at_edge = filler[: n + 1]  # one word more than scanned
    at_edge[n - 1] = "ferry"
    store.add_articles([_long_article("long1", near_end), _long_article("long2", past), _long_article("long3", at_edge)])
    hits = {h.id: h.snippet for h in store.search(Filters("lighthouse"), 10, 0).hits}
    assert set(hits) == {"long1", "long2"}
    assert "[lighthouse]" in hits["long1"] and hits["long1"].startswith(f"…w{n - 10}")
    assert "lighthouse" not in hits["long2"] and hits["long2"].startswith("w0 w1")
    assert hits["long1"] == snippet(" ".join(near_end) + ".", Query.parse("lighthouse"))
    edge = store.search(Filters("ferry"), 10, 0).hits[0].snippet
    assert edge.endswith("[ferry]") and edge == snippet(" ".join(at_edge) + ".", Query.parse("ferry"))


def test_a_version_5_sqlite_store_gets_term_frequencies_and_leads(tmp_path: Path) -> None:
    """Migration 6 counts every stored term's documents from the index and stores each article's
    lead: a store written before it searches and ranks as a fresh one does."""
    path = tmp_path / "v5.db"
    fresh = SQLiteStore(path)
    fresh.add_articles(ARTICLES)
    before = [(h.id, h.snippet) for h in fresh.search(Filters("talks prices"), 10, 0).hits]
    before += [(h.id, h.snippet) for h in fresh.search(Filters("prices"), 10, 0).hits]
    fresh.db.execute("DROP TABLE terms")
    fresh.db.execute("DROP TABLE article_leads")
    fresh.db.execute("DELETE FROM migrations WHERE version = 6")
    fresh.close()
    store = SQLiteStore(path)
    assert store.schema_version == SCHEMA_VERSION
    df = dict(store.db.execute("SELECT term, df FROM terms WHERE term IN ('talk', 'price', 'bread', 'gas')"))
    assert df == {"talk": 2, "price": 2, "bread": 1, "gas": 1}
    after = [(h.id, h.snippet) for h in store.search(Filters("talks prices"), 10, 0).hits]
    after += [(h.id, h.snippet) for h in store.search(Filters("prices"), 10, 0).hits]
    assert after == before and [i for i, _ in after] == ["a1", "a3", "a1"]  # "prices": the shorter a3 first
    store.add_articles([_article("a4", "Bread", "Bread and gas again.", date(2022, 1, 1), [])])
    assert dict(store.db.execute("SELECT term, df FROM terms WHERE term IN ('bread', 'gas')")) == {"bread": 2, "gas": 2}


def test_a_phrase_is_found_wherever_it_stands_and_never_across_title_and_body(store: Store) -> None:
    """A phrase is its words in a row in the title or in the body, however long the article and
    however often its words occur (a PostgreSQL tsvector keeps 256 positions of a word: the phrase
    after the 300th "the" was lost there), and never the title's last word with the body's first."""
    long_text = " ".join(["The tide came in and the boats left the harbour."] * 100) + " Then the lighthouse fell."
    store.add_articles([
        _article("p1", "Harbour log", long_text, date(2022, 5, 1), []),
        _article("p2", "Storm lighthouse", "Fell silent at dawn, the keepers said.", date(2022, 5, 2), []),
    ])
    assert [h.id for h in store.search(Filters('"the lighthouse"'), 10, 0).hits] == ["p1"]
    assert store.select_ids(Filters('"lighthouse fell"')) == ["p1"]  # not p2: "lighthouse" ends its title
    assert store.search(Filters('"lighthouse fell"'), 10, 0).total == 1


def test_a_phrase_needs_its_words_in_a_row_not_only_each_pair(store: Store) -> None:
    """A phrase of three words is not found where each adjacent pair stands apart ("tide came",
    "came in"), nor a pair split by a word; it is found in the title as in the body."""
    store.add_articles([
        _article("t1", "Harbour note", "The tide came early. Then the boats came in slowly.", date(2022, 5, 1), []),
        _article("t2", "Tide came in", "Nothing else happened.", date(2022, 5, 2), []),
        _article("t3", "Harbour log", "At dawn the tide came in and the ferry waited.", date(2022, 5, 3), []),
    ])
    assert store.select_ids(Filters('"tide came in"')) == ["t2", "t3"]
    assert store.select_ids(Filters('"came in"')) == ["t1", "t2", "t3"]
    assert store.select_ids(Filters('"boats in"')) == []
    assert store.select_ids(Filters('"tide came in" ferry')) == ["t3"]
    assert store.search(Filters('"tide came in" "came early"'), 10, 0).total == 0


def test_postgresql_keeps_each_articles_term_pairs_apart_for_title_and_body(pg_url: str) -> None:
    store = open_store(pg_url)
    store.add_articles([_article("p1", "Dock strike", "Strike ends. Dock strike!", None, [])])
    pairs = store.db.execute("SELECT pairs FROM articles WHERE id = 'p1'").fetchone()[0]
    # stemmed as indexed; "strike dock" is title into body, never a pair; "dock strike" once
    assert sorted(pairs) == ["dock strike", "end dock", "strike end"]
    store.close()


def test_postgresql_counts_what_the_ranking_would_count_in_the_texts(pg_url: str) -> None:
    """PostgreSQL sends the ranking each group's counts, not the texts: the same counts as
    ``occurrences`` in the title and the body (non-overlapping, left to right; any alphabet)."""
    from dateline.store.postgres import _PostgresSearch
    from dateline.store.terms import Query

    store = open_store(pg_url)
    store.add_articles([
        _article("c1", "The the", "The the the the, said the choir.", date(2022, 1, 1), []),
        _article("c2", "Москва", "Москва и Москва; Kyiv.", date(2022, 1, 2), []),
    ])
    search = _PostgresSearch(store)
    found, more = search.match(Query.parse('"the the" the'), Filters(), 10)
    # (title, body) for "the the", then "the". The body " the the the the said the choir " holds
    # " the the " once and " the " three times: a match takes the space the next one would start with
    assert not more and [(c.id, c.counts) for c in found] == [("c1", ((1, 1), (1, 3)))]
    found, _ = search.match(Query.parse("Москва kyiv"), Filters(), 10)
    assert [(c.id, c.counts) for c in found] == [("c2", ((1, 2), (0, 1)))]
    assert store.db.execute("SHOW enable_seqscan").fetchone()[0] == "on"  # set for the search's transaction only
    store.close()


def test_a_postgresql_store_keeps_its_article_count(pg_url: str) -> None:
    """The count a search's ranking reads is kept by each insert and set by migration 7 on a store
    written before it."""
    store = open_store(pg_url)
    store.add_articles(ARTICLES)
    store.add_articles([*ARTICLES, _article("a4", "Bread", "Bread again.", None, [])])  # three known already
    assert store.count() == 4
    store.db.execute("DELETE FROM state WHERE key = 'articles'")
    store.db.execute("DELETE FROM migrations WHERE version = 7")
    store.close()
    store = open_store(pg_url)
    assert store.count() == 4 and store.schema_version == SCHEMA_VERSION_PG
    store.close()


def test_a_postgresql_store_of_schema_5_gets_the_term_pairs_of_its_articles(pg_url: str) -> None:
    """Migration 6 fills every stored article's pairs (phrases find what a fresh store finds) and
    stores the searched columns again with LZ4 (Debian's PostgreSQL has it); 7 follows."""
    fresh = open_store(pg_url)
    long_text = " ".join(f"The ferry {i} left the harbour at dawn." for i in range(400))  # compressed when stored
    fresh.add_articles([*ARTICLES, _article("a4", "Ferry log", long_text, None, [])])
    fresh.db.execute("ALTER TABLE articles ALTER COLUMN body_terms SET COMPRESSION pglz")  # as before migration 6
    fresh.db.execute("UPDATE articles SET body_terms = body_terms || ''")
    assert fresh.db.execute("SELECT pg_column_compression(body_terms) FROM articles WHERE id = 'a4'").fetchone()[0] == "pglz"
    queries = ['"dock strike"', '"the talks"', '"talks the"', 'talks "gas prices"']
    before = [[h.id for h in fresh.search(Filters(q), 10, 0).hits] for q in queries]
    fresh.db.execute("DROP INDEX articles_pairs")
    fresh.db.execute("ALTER TABLE articles DROP COLUMN pairs")
    fresh.db.execute("DROP FUNCTION dateline_pairs")
    fresh.db.execute("DELETE FROM migrations WHERE version > 5")
    fresh.db.execute("DELETE FROM state WHERE key = 'articles'")  # migration 7's
    fresh.db.execute("DROP INDEX duplicates_group")  # migration 8's
    fresh.close()
    store = open_store(pg_url)
    assert store.schema_version == SCHEMA_VERSION_PG
    assert store.db.execute("SELECT count(*) FROM articles WHERE cardinality(pairs) > 0").fetchone()[0] == 4
    assert store.db.execute("SELECT pg_column_compression(body_terms) FROM articles WHERE id = 'a4'").fetchone()[0] == "lz4"
    assert [h.id for h in store.search(Filters('"ferry 399 left"'), 10, 0).hits] == ["a4"]
    assert {h.id for h in store.search(Filters("talks", keys=frozenset({"person:keller"})), 10, 0).hits} == {"a1", "a2"}
    assert [[h.id for h in store.search(Filters(q), 10, 0).hits] for q in queries] == before
    assert before == [["a2"], ["a1"], [], ["a1"]]
    store.close()


def test_a_postgresql_store_of_schema_2_gets_its_leads_and_date_index(pg_url: str) -> None:
    """PostgreSQL migrations 3 to 6 on a store written before them: every stored article gets its
    lead (snippets are the same as a fresh store's), and the date order index replaces the old one."""
    fresh = open_store(pg_url)
    fresh.add_articles(ARTICLES)
    before = [(h.id, h.snippet) for h in fresh.search(Filters("talks"), 10, 0).hits]
    fresh.db.execute("ALTER TABLE articles DROP COLUMN lead")
    fresh.db.execute("DROP INDEX articles_date_order")
    fresh.db.execute("CREATE INDEX articles_ev ON articles (ev_start, ev_end)")
    for table in ("corpus_pending", "corpus_keys", "story_pending", "story_features"):  # migration 5's
        fresh.db.execute(f"DROP TABLE {table}")
    fresh.db.execute("ALTER TABLE articles DROP COLUMN pairs")  # migration 6's
    fresh.db.execute("DROP FUNCTION dateline_pairs")
    fresh.db.execute("DROP INDEX duplicates_group")  # migration 8's
    fresh.db.execute("DELETE FROM migrations WHERE version > 2")
    fresh.close()
    store = open_store(pg_url)
    assert store.schema_version == SCHEMA_VERSION_PG
    assert store.db.execute("SELECT count(*) FROM articles WHERE lead IS NULL").fetchone()[0] == 0
    assert [(h.id, h.snippet) for h in store.search(Filters("talks"), 10, 0).hits] == before
    assert [i for i, _ in before] == ["a1", "a2"] and all("[talks]" in s for _, s in before)  # a1: in its title too
    assert store.select_ids(Filters()) == ["a3", "a1", "a2"]  # undated first, then by date
    store.close()
