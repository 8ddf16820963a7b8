"""The embedded default store: one SQLite file with FTS5 full-text search.

Per-document analysis is kept as JSON (the :mod:`dateline.data` codec) beside indexed
columns for the filters (dates, outlet) and a mentions table for entity look-ups.
Corpus-level results (near-duplicate groups, cross-document dates) live in their own
tables and are recomputed after each ingest. The schema is versioned: each migration is
recorded in the ``migrations`` table.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from dateline.data import AnalysedArticle, DateInterval, Entity, from_json, to_json
from dateline.errors import StoreError
from dateline.store.base import SearchHit, SearchResult
from dateline.store.query import fts_query

SCHEMA_VERSION = 2

MIGRATIONS: list[tuple[int, str, str]] = [
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
]


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


class SQLiteStore:
    """A corpus in one SQLite file (``":memory:"`` works too)."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
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
        self.db.execute(
            "CREATE TABLE IF NOT EXISTS migrations (version INTEGER PRIMARY KEY, description TEXT, applied_at REAL)"
        )
        done = {row[0] for row in self.db.execute("SELECT version FROM migrations")}
        newest = max(done, default=0)
        if newest > SCHEMA_VERSION:
            raise StoreError(
                f"store {self.path} has schema version {newest}, newer than this dateline ({SCHEMA_VERSION}); upgrade dateline"
            )
        for version, description, sql in MIGRATIONS:
            if version in done:
                continue
            with self.transaction():
                for statement in sql.split(";"):
                    if statement.strip():
                        self.db.execute(statement)
                self.db.execute(
                    "INSERT INTO migrations VALUES (?, ?, ?)", (version, description, time.time())
                )

    @property
    def schema_version(self) -> int:
        return int(self.db.execute("SELECT max(version) FROM migrations").fetchone()[0])

    def transaction(self) -> _Transaction:
        return _Transaction(self.db)

    def close(self) -> None:
        self.db.close()

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
        """Store a batch in one transaction; articles already present are left alone."""
        added = 0
        with self.transaction():
            for a in items:
                if self.db.execute("SELECT 1 FROM articles WHERE id=?", (a.id,)).fetchone():
                    continue
                self._insert(a)
                added += 1
            self._set_state("derived_dirty", "1")
        return added

    def _insert(self, a: AnalysedArticle) -> None:
        art = a.article
        ev = a.event_date if a.event_date.is_known else a.published
        cur = self.db.execute(
            "INSERT INTO articles (id, path, fmt, title, outlet, url, pub_start, pub_end, ev_start, ev_end, added_at, data)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            (art.id, art.path, art.fmt, art.title, art.outlet, art.url, _iso(a.published.start),
             _iso(a.published.end), _iso(ev.start), _iso(ev.end), time.time(), json.dumps(to_json(a))),
        )
        self.db.execute(
            "INSERT INTO article_fts (rowid, title, body) VALUES (?, ?, ?)",
            (cur.lastrowid, art.title or "", art.text),
        )
        self.db.execute("INSERT OR IGNORE INTO paths VALUES (?, ?)", (art.path, art.id))
        self.db.executemany(
            "INSERT INTO mentions VALUES (?,?,?,?,?,?)",
            [(art.id, m.key, m.label, m.text, m.role, m.sentence) for m in a.mentions],
        )

    def _set_state(self, key: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO state VALUES (?, ?)", (key, value))

    def state(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM state WHERE key=?", (key,)).fetchone()
        return row[0] if row else None

    def set_derived(
        self, groups: Sequence[Sequence[str]], dates: dict[str, tuple[DateInterval, DateInterval]]
    ) -> None:
        """Replace the corpus-level results: duplicate groups and cross-document dates."""
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
                    (json.dumps({"published": to_json(pub), "event_date": to_json(ev)}), _iso(pub.start),
                     _iso(pub.end), _iso(main.start), _iso(main.end), aid),
                )
            self._set_state("derived_dirty", "0")

    # -- reading ------------------------------------------------------------------
    def count(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM articles").fetchone()[0])

    def _load(self, data: str, dates: str | None) -> AnalysedArticle:
        obj: dict[str, Any] = json.loads(data)
        if dates:
            obj.update(json.loads(dates))
        return from_json(AnalysedArticle, obj)

    def get(self, article_id: str) -> AnalysedArticle | None:
        row = self.db.execute("SELECT data, dates FROM articles WHERE id=?", (article_id,)).fetchone()
        return self._load(*row) if row else None

    def iter_articles(self, ids: Sequence[str] | None = None) -> Iterator[AnalysedArticle]:
        if ids is None:
            for data, dates in self.db.execute("SELECT data, dates FROM articles ORDER BY rowid"):
                yield self._load(data, dates)
            return
        for i in range(0, len(ids), 500):
            chunk = list(ids[i : i + 500])
            marks = ",".join("?" * len(chunk))
            rows = self.db.execute(f"SELECT data, dates FROM articles WHERE id IN ({marks}) ORDER BY rowid", chunk)
            for data, dates in rows:
                yield self._load(data, dates)

    def paths_for(self, article_id: str) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT path FROM paths WHERE article_id=? ORDER BY path", (article_id,))]

    def duplicate_groups(self) -> list[tuple[str, ...]]:
        groups: dict[int, list[str]] = {}
        for aid, g in self.db.execute("SELECT article_id, group_id FROM duplicates ORDER BY group_id, rank"):
            groups.setdefault(g, []).append(aid)
        return [tuple(v) for v in groups.values() if len(v) > 1]

    def keys_for_entity(self, name: str, key: str) -> set[str]:
        """Entity keys matching a user's name: its canonical key, or any mention with that text."""
        keys = {r[0] for r in self.db.execute("SELECT DISTINCT key FROM mentions WHERE key=?", (key,))}
        keys |= {r[0] for r in self.db.execute("SELECT DISTINCT key FROM mentions WHERE text=? COLLATE NOCASE", (name,))}
        return keys

    def _filter_sql(
        self, query: str | None, keys: set[str] | None, start: date | None, end: date | None,
        source: str | None = None,
    ) -> tuple[str, list[Any]]:
        where, args = ["1=1"], []
        if source is not None:  # the outlet, in any case
            where.append("a.outlet = ? COLLATE NOCASE")
            args.append(source)
        if query:
            where.append("a.rowid IN (SELECT rowid FROM article_fts WHERE article_fts MATCH ?)")
            args.append(fts_query(query))
        if keys is not None:
            marks = ",".join("?" * len(keys)) or "NULL"
            where.append(f"a.id IN (SELECT article_id FROM mentions WHERE key IN ({marks}))")
            args.extend(sorted(keys))
        if start or end:  # the article's (known) date interval must overlap [start, end]
            where.append("(a.ev_start IS NOT NULL OR a.ev_end IS NOT NULL)")
        if start:
            where.append("(a.ev_end IS NULL OR a.ev_end >= ?)")
            args.append(start.isoformat())
        if end:
            where.append("(a.ev_start IS NULL OR a.ev_start <= ?)")
            args.append(end.isoformat())
        return " AND ".join(where), args

    def select_ids(
        self, query: str | None = None, keys: set[str] | None = None, start: date | None = None,
        end: date | None = None, source: str | None = None,
    ) -> list[str]:
        """Ids of the articles matching every filter given, in date order. ``source`` is an
        outlet name (any case); ``start``/``end`` keep articles whose known date overlaps them."""
        where, args = self._filter_sql(query, keys, start, end, source)
        sql = f"SELECT a.id FROM articles a WHERE {where} ORDER BY a.ev_start, a.ev_end, a.rowid"
        return [r[0] for r in self.db.execute(sql, args)]

    def search(
        self, query: str | None, keys: set[str] | None, start: date | None, end: date | None, limit: int, offset: int
    ) -> SearchResult:
        where, args = self._filter_sql(None, keys, start, end)
        if query:
            sql_from = "article_fts f JOIN articles a ON a.rowid = f.rowid"
            where = f"article_fts MATCH ? AND {where}"
            args = [fts_query(query), *args]
            snippet = "snippet(article_fts, 1, '[', ']', '…', 14)"
            order = "bm25(article_fts), a.rowid"
        else:
            sql_from, snippet, order = "articles a", "substr(json_extract(a.data, '$.article.text'), 1, 160)", "a.ev_start, a.rowid"
        total = self.db.execute(f"SELECT count(*) FROM {sql_from} WHERE {where}", args).fetchone()[0]
        rows = self.db.execute(
            f"SELECT a.id, a.path, a.title, a.outlet, {snippet}, a.pub_start, a.pub_end FROM {sql_from}"
            f" WHERE {where} ORDER BY {order} LIMIT ? OFFSET ?",
            [*args, limit, offset],
        ).fetchall()
        hits = [
            SearchHit(id=r[0], path=r[1], title=r[2], outlet=r[3], snippet=r[4] or "",
                      published=DateInterval(_date(r[5]), _date(r[6])))
            for r in rows
        ]
        return SearchResult(total=int(total), hits=hits, offset=offset, limit=limit)

    def entity_rows(self) -> list[tuple[str, str, str, str | None, int]]:
        """(key, label, text, role, count) for every distinct surface form."""
        return list(
            self.db.execute(
                "SELECT key, label, text, role, count(*) FROM mentions GROUP BY key, label, text, role ORDER BY key"
            )
        )

    def sources(self) -> list[tuple[str | None, int]]:
        return list(
            self.db.execute("SELECT outlet, count(*) FROM articles GROUP BY outlet ORDER BY count(*) DESC, outlet")
        )


def _date(s: str | None) -> date | None:
    return date.fromisoformat(s) if s else None


def entities_from_rows(rows: Iterable[tuple[str, str, str, str | None, int]]) -> list[Entity]:
    """Aggregate mention rows into entities; the display name is the most frequent multi-word
    spelling, with its diacritics (:func:`dateline.analyse.aliases.display_name`)."""
    from dateline.analyse.aliases import display_name

    by_key: dict[str, dict[str, Any]] = {}
    for key, label, text, role, n in rows:
        e = by_key.setdefault(key, {"labels": {}, "forms": {}, "roles": set(), "count": 0})
        e["labels"][label] = e["labels"].get(label, 0) + n
        e["forms"][text] = e["forms"].get(text, 0) + n
        if role:
            e["roles"].add(role)
        e["count"] += n
    out = []
    for key, e in by_key.items():
        label = max(e["labels"], key=lambda lab: e["labels"][lab])
        out.append(Entity(key=key, name=display_name(e["forms"]), label=label, aliases=tuple(sorted(e["forms"])),
                          roles=tuple(sorted(e["roles"])), count=e["count"]))
    out.sort(key=lambda e: (-e.count, e.name))
    return out


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
