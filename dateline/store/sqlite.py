"""The embedded default store: one SQLite file, FTS5 for search.

Per-document analysis is kept as versioned JSON (:mod:`dateline.store.codec`) beside indexed
columns for the filters (dates, outlet), a mentions table for entity look-ups and an FTS5 table
of the indexed terms (:mod:`dateline.store.terms`). Corpus-level results (near-duplicate groups,
cross-document dates) live in their own tables. The schema is versioned: each migration is
recorded in the ``migrations`` table.
"""

from __future__ import annotations

import sqlite3
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from dateline.data import AnalysedArticle, DateInterval
from dateline.errors import StoreError
from dateline.store import codec, search
from dateline.store.base import EntityRow, Filters, SearchResult
from dateline.store.search import HitRow
from dateline.store.sql import SQLSearch, SQLStore
from dateline.store.terms import Candidate, Query, indexed, indexed_length, lead


def _fts_query(query: Query) -> str:
    """Every group as a quoted FTS5 phrase (terms are letters and digits only): an implicit AND."""
    return " ".join('"' + " ".join(g) + '"' for g in query.groups)


def _index_all(db: sqlite3.Connection) -> None:
    """Migration 3: index every stored article's terms; mentions get their case-folded text."""
    db.create_function("casefold", 1, lambda s: s.casefold() if s is not None else None, deterministic=True)
    db.execute("UPDATE mentions SET fold = casefold(text)")
    total = 0.0
    for rowid, data, fmt in db.execute("SELECT rowid, data, format FROM articles").fetchall():
        art = codec.decode(data, fmt).article
        title, body = indexed(art.title or ""), indexed(art.text)
        length = indexed_length(title, body)
        db.execute("INSERT INTO article_terms (rowid, title, body, length) VALUES (?, ?, ?, ?)",
                   (rowid, title, body, length))
        total += length
    db.execute("INSERT OR REPLACE INTO state VALUES ('indexed_length', ?)", (repr(total),))


def _search_tables(db: sqlite3.Connection) -> None:
    """Migration 6: document frequencies kept per term (read at every search; FTS5's vocabulary
    table counts a common term's documents by reading its whole posting list), and each stored
    article's lead (what a hit's snippet reads), filled for the articles already stored."""
    db.execute("CREATE TABLE terms (term TEXT PRIMARY KEY, df INTEGER NOT NULL) WITHOUT ROWID")
    db.execute("INSERT INTO terms SELECT term, doc FROM article_vocab")
    db.execute("CREATE TABLE article_leads (rowid INTEGER PRIMARY KEY, lead TEXT NOT NULL)")
    stored = db.execute("SELECT rowid, data FROM articles")  # streamed: memory stays flat
    db.cursor().executemany("INSERT INTO article_leads VALUES (?, ?)",
                            ((r, lead(codec.article_text(d))) for r, d in stored))


Migration = tuple[int, str, str | Callable[[sqlite3.Connection], None]]

MIGRATIONS: list[Migration] = [
    (
        1,
        "articles, paths, mentions, FTS5 index, corpus-level tables",
        """
        CREATE TABLE articles (
            rowid INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            path TEXT NOT NULL,
            fmt TEXT NOT NULL,
            title TEXT,
            outlet TEXT,
            url TEXT,
            pub_start TEXT, pub_end TEXT,
            ev_start TEXT, ev_end TEXT,
            added_at REAL NOT NULL,
            data TEXT NOT NULL,
            dates TEXT
        );
        CREATE INDEX articles_ev ON articles(ev_start, ev_end);
        CREATE TABLE paths (path TEXT PRIMARY KEY, article_id TEXT NOT NULL);
        CREATE INDEX paths_article ON paths(article_id);
        CREATE TABLE mentions (
            article_id TEXT NOT NULL, key TEXT NOT NULL, label TEXT NOT NULL,
            text TEXT NOT NULL, role TEXT, sentence INTEGER NOT NULL
        );
        CREATE INDEX mentions_key ON mentions(key);
        CREATE INDEX mentions_article ON mentions(article_id);
        CREATE INDEX mentions_text ON mentions(text COLLATE NOCASE);
        CREATE VIRTUAL TABLE article_fts USING fts5(title, body, tokenize='porter unicode61');
        CREATE TABLE duplicates (article_id TEXT PRIMARY KEY, group_id INTEGER NOT NULL, rank INTEGER NOT NULL);
        CREATE TABLE state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        """,
    ),
    (
        2,
        "covering index for entity filters (mentions by key -> article ids without table look-ups)",
        """
        CREATE INDEX mentions_key_article ON mentions(key, article_id);
        """,
    ),
    (
        3,
        "stored JSON format version; search over the indexed terms shared with PostgreSQL; case-folded mentions",
        """
        ALTER TABLE articles ADD COLUMN format INTEGER NOT NULL DEFAULT 1;
        ALTER TABLE mentions ADD COLUMN fold TEXT;
        CREATE INDEX mentions_fold ON mentions(fold, key);
        DROP INDEX mentions_text;
        DROP TABLE article_fts;
        CREATE VIRTUAL TABLE article_terms USING fts5(title, body, length UNINDEXED, tokenize='unicode61 remove_diacritics 0');
        CREATE VIRTUAL TABLE article_vocab USING fts5vocab(article_terms, 'row');
        """,
    ),
    (4, "index the terms of the articles already stored", _index_all),
    (
        5,
        "stories: each story's description (JSON) and its articles",
        """
        CREATE TABLE stories (story_id TEXT PRIMARY KEY, rank INTEGER NOT NULL, data TEXT NOT NULL);
        CREATE TABLE story_articles (article_id TEXT PRIMARY KEY, story_id TEXT NOT NULL, rank INTEGER NOT NULL);
        CREATE INDEX story_articles_story ON story_articles(story_id, rank);
        INSERT OR REPLACE INTO state VALUES ('derived_dirty', '1');
        """,
    ),
    (6, "search: document frequencies per term; each article's lead for snippets", _search_tables),
    (
        7,
        "articles in date order from an index alone (timelines list every selected id in that order)",
        """
        CREATE INDEX articles_date_order ON articles(ev_start, ev_end, id);
        DROP INDEX articles_ev;
        """,
    ),
    (
        8,
        "incremental corpus step: articles waiting for it, and the keys new articles find their partners by"
        " (near-duplicate LSH bands, dating evidence); group ids from the kept article",
        """
        CREATE TABLE corpus_pending (article_id TEXT PRIMARY KEY);
        INSERT OR IGNORE INTO corpus_pending SELECT id FROM articles;
        CREATE TABLE corpus_keys (key INTEGER NOT NULL, article_id TEXT NOT NULL, PRIMARY KEY (key, article_id))
            WITHOUT ROWID;
        DELETE FROM duplicates;
        UPDATE articles SET dates = NULL;
        CREATE TABLE story_pending (article_id TEXT PRIMARY KEY);
        INSERT OR IGNORE INTO story_pending SELECT id FROM articles;
        CREATE TABLE story_features (feature TEXT NOT NULL, story_id TEXT NOT NULL, weight REAL NOT NULL,
            PRIMARY KEY (feature, story_id)) WITHOUT ROWID;
        CREATE INDEX story_features_story ON story_features(story_id);
        INSERT OR REPLACE INTO state VALUES ('corpus_version', '0');
        INSERT OR REPLACE INTO state VALUES ('derived_dirty', '1');
        """,
    ),
    (
        9,
        "duplicate groups by group id (the corpus step reads the groups its articles join; was a scan of every row)",
        "CREATE INDEX duplicates_group ON duplicates(group_id, rank)",
    ),
]
SCHEMA_VERSION = len(MIGRATIONS)


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None



class SQLiteStore(SQLStore):
    """A corpus in one SQLite file (``":memory:"`` works too)."""

    INSERT_KEY = "INSERT OR IGNORE INTO corpus_keys VALUES (?, ?)"

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        self.location = self.path
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        try:
            self.db = sqlite3.connect(self.path, timeout=30, check_same_thread=False, isolation_level=None)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.execute("PRAGMA foreign_keys=ON")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot open store {self.path}: {exc}") from exc

    # -- schema -------------------------------------------------------------------
    def _migrate(self) -> None:
        self._apply_migrations(MIGRATIONS, SCHEMA_VERSION, self.transaction)

    @property
    def schema_version(self) -> int:
        return int(self.db.execute("SELECT max(version) FROM migrations").fetchone()[0])

    def transaction(self) -> _Transaction:
        return _Transaction(self.db)

    def _tx(self) -> _Transaction:
        return _Transaction(self.db)

    def _set_state_in(self, cur: Any, key: str, value: str) -> None:
        self._set_state(key, value)

    def _lock_version(self, cur: Any) -> str:
        return self.state("corpus_version") or "0"  # BEGIN IMMEDIATE: no other writer until COMMIT

    def close(self) -> None:
        self.db.close()

    def files(self) -> tuple[str, ...]:
        if self.path == ":memory:":
            return ()
        return tuple(self.path + end for end in ("", "-wal", "-shm", "-journal"))

    # -- writing ------------------------------------------------------------------
    def known_ids(self, ids: Iterable[str]) -> set[str]:
        ids = list(ids)
        found: set[str] = set()
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            marks = ",".join("?" * len(chunk))
            found.update(r[0] for r in self.db.execute(f"SELECT id FROM articles WHERE id IN ({marks})", chunk))
        return found

    def add_paths(self, pairs: Iterable[tuple[str, str]]) -> None:
        with self.transaction():
            self.db.executemany("INSERT OR IGNORE INTO paths VALUES (?, ?)", list(pairs))

    def add_articles(self, items: Sequence[AnalysedArticle]) -> int:
        added, length, df = 0, 0.0, Counter[str]()
        with self.transaction():
            for a in items:
                if self.db.execute("SELECT 1 FROM articles WHERE id=?", (a.id,)).fetchone():
                    continue
                length += self._insert(a, df)
                self.db.execute("INSERT OR IGNORE INTO corpus_pending VALUES (?)", (a.id,))
                self.db.execute("INSERT OR IGNORE INTO story_pending VALUES (?)", (a.id,))
                added += 1
            if added:
                self.db.executemany(
                    "INSERT INTO terms VALUES (?, ?) ON CONFLICT (term) DO UPDATE SET df = df + excluded.df",
                    sorted(df.items()),
                )
                total = float(self.state("indexed_length") or 0) + length
                self._set_state("indexed_length", repr(total))
                self._set_state("derived_dirty", "1")
                self._set_state("generation", str(int(self.state("generation") or 0) + 1))
        return added

    def _insert(self, a: AnalysedArticle, df: Counter[str]) -> float:
        art = a.article
        ev = a.event_date if a.event_date.is_known else a.published
        cur = self.db.execute(
            "INSERT INTO articles (id, path, fmt, title, outlet, url, pub_start, pub_end, ev_start, ev_end,"
            " added_at, data, format) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (art.id, art.path, art.fmt, art.title, art.outlet, art.url, _iso(a.published.start),
             _iso(a.published.end), _iso(ev.start), _iso(ev.end), time.time(), codec.encode(a).decode("utf-8"),
             codec.FORMAT_VERSION),
        )
        title, body = indexed(art.title or ""), indexed(art.text)
        length = indexed_length(title, body)
        self.db.execute("INSERT INTO article_terms (rowid, title, body, length) VALUES (?, ?, ?, ?)",
                        (cur.lastrowid, title, body, length))
        self.db.execute("INSERT INTO article_leads VALUES (?, ?)", (cur.lastrowid, lead(art.text)))
        df.update(set(title.split()) | set(body.split()))
        self.db.execute("INSERT OR IGNORE INTO paths VALUES (?, ?)", (art.path, art.id))
        self.db.executemany(
            "INSERT INTO mentions (article_id, key, label, text, role, sentence, fold) VALUES (?,?,?,?,?,?,?)",
            [(art.id, m.key, m.label, m.text, m.role, m.sentence, m.text.casefold()) for m in a.mentions],
        )
        return length

    def _set_state(self, key: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO state VALUES (?, ?)", (key, value))

    def set_derived(
        self, groups: Sequence[Sequence[str]], dates: dict[str, tuple[DateInterval, DateInterval]],
        generation: str | None = None,
    ) -> None:
        with self.transaction():
            self.db.execute("DELETE FROM duplicates")
            self.db.executemany(
                "INSERT OR REPLACE INTO duplicates VALUES (?,?,?)",
                [(aid, g, r) for g, group in enumerate(groups) for r, aid in enumerate(group)],
            )
            self.db.execute("UPDATE articles SET dates=NULL")
            for aid, (pub, ev) in dates.items():
                main = ev if ev.is_known else pub
                self.db.execute(
                    "UPDATE articles SET dates=?, pub_start=?, pub_end=?, ev_start=?, ev_end=? WHERE id=?",
                    (codec.encode_dates(pub, ev).decode("utf-8"), _iso(pub.start), _iso(pub.end),
                     _iso(main.start), _iso(main.end), aid),
                )
            if generation is None or (self.state("generation") or "0") == generation:  # nothing added meanwhile
                self._set_state("derived_dirty", "0")

    # -- reading ------------------------------------------------------------------
    def get(self, article_id: str) -> AnalysedArticle | None:
        row = self.db.execute("SELECT data, format, dates FROM articles WHERE id=?", (article_id,)).fetchone()
        return codec.decode(*row) if row else None

    def iter_articles(self, ids: Sequence[str] | None = None, own: bool = False) -> Iterator[AnalysedArticle]:
        # the JSON as bytes: msgspec reads them as they are, without a Python str of each first
        columns = "CAST(data AS BLOB), format, NULL" if own else "CAST(data AS BLOB), format, dates"
        if ids is None:
            for row in self.db.execute(f"SELECT {columns} FROM articles ORDER BY rowid"):
                yield codec.decode(*row)
            return
        for i in range(0, len(ids), 500):
            chunk = list(ids[i : i + 500])
            marks = ",".join("?" * len(chunk))
            rows = self.db.execute(
                f"SELECT {columns} FROM articles WHERE id IN ({marks}) ORDER BY rowid", chunk
            )
            for row in rows:
                yield codec.decode(*row)

    def paths_for(self, article_id: str) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT path FROM paths WHERE article_id=? ORDER BY path", (article_id,))]

    def _where(self, filters: Filters, query: Query | None = None) -> tuple[str, list[Any]]:
        where, args = ["1=1"], []
        if query is not None:
            where.append("a.rowid IN (SELECT rowid FROM article_terms WHERE article_terms MATCH ?)")
            args.append(_fts_query(query))
        if filters.source is not None:  # the outlet, in any case
            where.append("a.outlet = ? COLLATE NOCASE")
            args.append(filters.source)
        if filters.keys is not None:
            marks = ",".join("?" * len(filters.keys)) or "NULL"
            # correlated, so that a common entity costs a look-up per article considered, not a list of all
            where.append(f"EXISTS (SELECT 1 FROM mentions m WHERE m.article_id = a.id AND m.key IN ({marks}))")
            args.extend(sorted(filters.keys))
        if filters.story is not None:
            where.append("a.id IN (SELECT article_id FROM story_articles WHERE story_id = ?)")
            args.append(filters.story)
        if filters.start or filters.end:  # the article's (known) date interval must overlap [start, end]
            where.append("(a.ev_start IS NOT NULL OR a.ev_end IS NOT NULL)")
        if filters.start:
            where.append("(a.ev_end IS NULL OR a.ev_end >= ?)")
            args.append(filters.start.isoformat())
        if filters.end:
            where.append("(a.ev_start IS NULL OR a.ev_start <= ?)")
            args.append(filters.end.isoformat())
        return " AND ".join(where), args

    def search(self, filters: Filters, limit: int, offset: int, exact_total: bool = True) -> SearchResult:
        return search.search(_SQLiteSearch(self), filters, limit, offset, exact_total)

    def entity_rows(self) -> list[EntityRow]:
        return list(
            self.db.execute(
                "SELECT key, label, text, role, count(*) FROM mentions GROUP BY key, label, text, role ORDER BY key"
            )
        )

    def sources(self) -> list[tuple[str | None, int]]:
        return list(self.db.execute(
            "SELECT outlet, count(*) FROM articles GROUP BY outlet ORDER BY count(*) DESC, outlet NULLS FIRST"
        ))


class _SQLiteSearch(SQLSearch):
    """The :class:`dateline.store.search.SearchBackend` of a SQLite store."""

    # the article's lead (all a snippet or a listing reads), not its whole stored JSON
    ROW = ("SELECT a.rowid, a.id, a.path, a.title, a.outlet, l.lead, a.pub_start, a.pub_end"
           " FROM articles a JOIN article_leads l ON l.rowid = a.rowid")

    def match(self, query: Query, filters: Filters, cap: int) -> tuple[list[Candidate], bool]:
        where, args = self.store._where(filters)
        # The indexed columns are read from FTS5's content table (``article_terms_content``: id,
        # c0 title, c1 body, c2 length) in the same join: several times faster than through the
        # virtual table, which looks each matching row up again.
        rows = self.db.execute(
            "SELECT f.rowid, a.id, c.c0, c.c1, c.c2 FROM article_terms f JOIN articles a ON a.rowid = f.rowid"
            " JOIN article_terms_content c ON c.id = f.rowid"
            f" WHERE article_terms MATCH ? AND {where} ORDER BY f.rowid DESC LIMIT ?",
            [_fts_query(query), *args, cap + 1],
        ).fetchall()
        return [Candidate(*r) for r in rows[:cap]], len(rows) > cap

    def document_frequencies(self, words: Sequence[str]) -> dict[str, int]:
        marks = ",".join("?" * len(words))
        return dict(self.db.execute(f"SELECT term, df FROM terms WHERE term IN ({marks})", list(words)))

    def hit_rows(self, rowids: Sequence[int]) -> list[HitRow]:
        if not rowids:
            return []
        marks = ",".join("?" * len(rowids))
        return [self.hit_row(r) for r in self.db.execute(f"{self.ROW} WHERE a.rowid IN ({marks})", list(rowids))]


class _Transaction:
    """``BEGIN IMMEDIATE`` ... ``COMMIT`` (or ``ROLLBACK`` on error); nests as a no-op."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        self.outer = False

    def __enter__(self) -> sqlite3.Connection:
        if not self.db.in_transaction:
            self.db.execute("BEGIN IMMEDIATE")
            self.outer = True
        return self.db

    def __exit__(self, exc_type: object, *_: object) -> None:
        if not self.outer:
            return
        self.db.execute("ROLLBACK" if exc_type else "COMMIT")
