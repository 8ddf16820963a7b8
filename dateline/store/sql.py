"""What the two SQL stores do alike, written once over their own connection and dialect.

:class:`SQLStore` and :class:`SQLSearch` hold the queries SQLite and PostgreSQL run the same way
(their DB-API connections both offer ``execute``); each backend adds its placeholder (``PARAM``),
its filter clause (``_where``: full-text match and the dialect's functions) and what else differs.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from datetime import date
from typing import TYPE_CHECKING, Any

from dateline.data import DateInterval
from dateline.errors import StoreError
from dateline.store import codec
from dateline.store.base import CorpusUpdate, Filters, story_from_json, story_json
from dateline.store.search import HitRow
from dateline.store.terms import Query

if TYPE_CHECKING:
    from dateline.events.stories import Features, Story

# Articles listed in date order: undated first (they come first in SQLite's ascending order,
# and PostgreSQL is told so), then by id, so both backends list alike whatever order they were added in.
DATE_ORDER = "a.ev_start NULLS FIRST, a.ev_end NULLS FIRST, a.id"


class SQLStore:
    """The queries both SQL stores share; ``db`` is the connection, ``PARAM`` its placeholder."""

    PARAM = "?"
    DATES_PARAM = "?"  # the placeholder of the moved-dates JSON column
    STORY_PARAM = "?"  # and of a story's JSON
    INSERT_KEY: str
    STORY_DATA = "data"  # the stories' JSON column, read as text
    db: Any

    location: str

    def _where(self, filters: Filters, query: Query | None = None) -> tuple[str, list[Any]]:
        raise NotImplementedError

    def _apply_migrations(self, migrations: Sequence[tuple[int, str, Any]], schema_version: int,
                          each: Callable[[], AbstractContextManager[Any]]) -> None:
        """Run the ``migrations`` (version, description, SQL script or callable on the connection)
        this store has not recorded, each inside ``each()``, recording each one; a store newer than
        ``schema_version`` is an error, so an old dateline never writes a newer store."""
        self.db.execute("CREATE TABLE IF NOT EXISTS migrations"
                        " (version INTEGER PRIMARY KEY, description TEXT, applied_at DOUBLE PRECISION)")
        done = {row[0] for row in self.db.execute("SELECT version FROM migrations")}
        if max(done, default=0) > schema_version:
            raise StoreError(f"store {self.location} has schema version {max(done)}, newer than this dateline "
                             f"({schema_version}); upgrade dateline")
        p = self.PARAM
        for version, description, step in migrations:
            if version in done:
                continue
            with each():
                if callable(step):
                    step(self.db)
                else:
                    for statement in step.split(";"):
                        if statement.strip():
                            self.db.execute(statement)
                self.db.execute(f"INSERT INTO migrations VALUES ({p}, {p}, {p})", (version, description, time.time()))

    def _tx(self) -> AbstractContextManager[Any]:
        """A write transaction; gives something with ``execute`` and ``executemany``."""
        raise NotImplementedError

    def _set_state_in(self, cur: Any, key: str, value: str) -> None:
        raise NotImplementedError

    def _lock_version(self, cur: Any) -> str:
        """``state("corpus_version")``, read inside a write transaction so no other step writes meanwhile."""
        raise NotImplementedError

    def _in(self, column: str, values: Sequence[Any]) -> Iterator[tuple[str, list[Any]]]:
        """``column IN (values)`` as clauses with their arguments (in chunks)."""
        for i in range(0, len(values), 500):
            chunk = list(values[i : i + 500])
            yield f"{column} IN ({','.join(self.PARAM * len(chunk))})", chunk

    def _one(self, sql: str, args: Sequence[Any] = ()) -> Any:
        row = self.db.execute(sql, args).fetchone()
        return row[0] if row else None

    def count(self) -> int:
        return int(self._one("SELECT count(*) FROM articles"))

    def state(self, key: str) -> str | None:
        value = self._one(f"SELECT value FROM state WHERE key = {self.PARAM}", (key,))
        return None if value is None else str(value)

    def select_ids(self, filters: Filters) -> list[str]:
        query = Query.parse(filters.words) if filters.words else None
        if query is not None and query.empty:
            return []
        where, args = self._where(filters, query)
        return [r[0] for r in self.db.execute(f"SELECT a.id FROM articles a WHERE {where} ORDER BY {DATE_ORDER}", args)]

    def keys_for_entity(self, name: str, key: str) -> set[str]:
        """The canonical ``key`` if mentioned, and the keys of mentions spelled ``name`` (any case).
        Each key is one index seek on ``(fold, key)``, however often a common name is mentioned."""
        p = self.PARAM
        keys = {key} if self._one(f"SELECT 1 FROM mentions WHERE key = {p} LIMIT 1", (key,)) is not None else set()
        fold, last = name.casefold(), ""
        while (found := self._one(
            f"SELECT key FROM mentions WHERE fold = {p} AND key > {p} ORDER BY key LIMIT 1", (fold, last)
        )) is not None:
            keys.add(found)
            last = found
        return keys

    def stories(self) -> list[Story]:
        from dateline.events.stories import story_order

        members: dict[str, list[str]] = {}
        for aid, sid in self.db.execute("SELECT article_id, story_id FROM story_articles ORDER BY story_id, rank"):
            members.setdefault(sid, []).append(aid)
        return sorted((story_from_json(sid, data, members.get(sid, ()))
                       for sid, data in self.db.execute(f"SELECT story_id, {self.STORY_DATA} FROM stories")),
                      key=story_order)

    def set_stories(self, stories: Sequence[Story], features: Features | None = None,
                    model: str | None = None) -> None:
        with self._tx() as cur:
            for table in ("story_articles", "stories", "story_features"):
                cur.execute(f"DELETE FROM {table}")
            self._write_stories(cur, stories, features or {})
            for clause, args in self._in("article_id", sorted({a for s in stories for a in s.article_ids})):
                cur.execute(f"DELETE FROM story_pending WHERE {clause}", args)
            if model is not None:
                self._set_state_in(cur, "story_model", model)

    def put_stories(self, stories: Sequence[Story], features: Features, done: Sequence[str], version: str) -> bool:
        with self._tx() as cur:
            if self._lock_version(cur) != version:
                return False
            for table, ids in (("story_articles", {s.id for s in stories}), ("stories", {s.id for s in stories}),
                               ("story_features", set(features))):
                for clause, args in self._in("story_id", sorted(ids)):
                    cur.execute(f"DELETE FROM {table} WHERE {clause}", args)
            self._write_stories(cur, stories, features)
            for clause, args in self._in("article_id", sorted(set(done))):
                cur.execute(f"DELETE FROM story_pending WHERE {clause}", args)
            cur.execute(f"UPDATE state SET value = {self.PARAM} WHERE key = 'corpus_version'", (str(int(version) + 1),))
        return True

    def _write_stories(self, cur: Any, stories: Sequence[Story], features: Features) -> None:
        p = self.PARAM
        cur.executemany(f"INSERT INTO stories VALUES ({p}, {p}, {self.STORY_PARAM})",
                        [(s.id, s.size, story_json(s)) for s in stories])
        self._bulk(cur, "story_articles", 3, [(aid, s.id, r) for s in stories for r, aid in enumerate(s.article_ids)])
        self._bulk(cur, "story_features", 3, [(f, sid, w) for sid, fs in sorted(features.items()) for f, w in fs])

    def restart_stories(self) -> None:
        with self._tx() as cur:
            for table in ("story_articles", "stories", "story_features", "story_pending"):
                cur.execute(f"DELETE FROM {table}")
            cur.execute("INSERT INTO story_pending SELECT id FROM articles")
            cur.execute("DELETE FROM state WHERE key = 'story_model'")

    def story_pending(self, limit: int) -> list[str]:
        return [r[0] for r in self.db.execute(
            f"SELECT article_id FROM story_pending ORDER BY article_id LIMIT {self.PARAM}", (limit,))]

    def stories_of(self, ids: Iterable[str]) -> dict[str, str]:
        out: dict[str, str] = {}
        for clause, args in self._in("article_id", sorted(set(ids))):
            out.update(self.db.execute(f"SELECT article_id, story_id FROM story_articles WHERE {clause}", args))
        return out

    def story(self, story_id: str) -> Story | None:
        data = self._one(f"SELECT {self.STORY_DATA} FROM stories WHERE story_id = {self.PARAM}", (story_id,))
        return None if data is None else story_from_json(story_id, data, self.story_ids(story_id) or ())

    def story_features(self, features: Iterable[str]) -> dict[str, dict[str, float]]:
        out: dict[str, dict[str, float]] = {}
        for clause, args in self._in("feature", sorted(set(features))):
            for f, sid, w in self.db.execute(f"SELECT feature, story_id, weight FROM story_features WHERE {clause}",
                                             args):
                out.setdefault(sid, {})[f] = float(w)
        return out

    def member_dates(self, ids: Iterable[str]) -> list[tuple[str, DateInterval, str | None]]:
        out: list[tuple[str, DateInterval, str | None]] = []
        for clause, args in self._in("id", sorted(set(ids))):
            out.extend((i, DateInterval(_day(s), _day(e)), o) for i, s, e, o in self.db.execute(
                f"SELECT id, ev_start, ev_end, outlet FROM articles WHERE {clause}", args))
        return out

    def story_ids(self, story_id: str) -> list[str] | None:
        p = self.PARAM
        if self._one(f"SELECT 1 FROM stories WHERE story_id = {p}", (story_id,)) is None:
            return None
        return [r[0] for r in self.db.execute(
            f"SELECT article_id FROM story_articles WHERE story_id = {p} ORDER BY rank", (story_id,))]

    # -- incremental corpus state ---------------------------------------------------
    def pending(self, limit: int) -> list[str]:
        return [r[0] for r in self.db.execute(
            f"SELECT article_id FROM corpus_pending ORDER BY article_id LIMIT {self.PARAM}", (limit,))]

    def key_holders(self, keys: Iterable[int]) -> list[tuple[int, str]]:
        out: list[tuple[int, str]] = []
        for clause, args in self._in("key", sorted(set(keys))):
            out.extend((int(k), a) for k, a in self.db.execute(
                f"SELECT key, article_id FROM corpus_keys WHERE {clause}", args))
        return out

    def key_counts(self, keys: Iterable[int]) -> dict[int, int]:
        out: dict[int, int] = {}
        for clause, args in self._in("key", sorted(set(keys))):
            out.update((int(k), int(n)) for k, n in self.db.execute(
                f"SELECT key, count(*) FROM corpus_keys WHERE {clause} GROUP BY key", args))
        return out

    def groups_of(self, ids: Iterable[str]) -> dict[str, tuple[str, ...]]:
        p, groups = self.PARAM, dict[str, tuple[str, ...]]()
        for clause, args in self._in("article_id", sorted(set(ids))):
            for (g,) in self.db.execute(f"SELECT DISTINCT group_id FROM duplicates WHERE {clause}", args):
                members = tuple(r[0] for r in self.db.execute(
                    f"SELECT article_id FROM duplicates WHERE group_id = {p} ORDER BY rank", (g,)))
                groups.update((m, members) for m in members)
        return groups

    def apply_update(self, update: CorpusUpdate) -> bool:
        p = self.PARAM
        with self._tx() as cur:
            if self._lock_version(cur) != update.version:
                return False  # another step took in articles since this one read the store
            self._insert_keys(cur, sorted(set(update.keys)))  # one order for every writer
            for clause, args in self._in("article_id", sorted(set(update.regroup))):
                cur.execute(f"DELETE FROM duplicates WHERE {clause}", args)
            cur.executemany(f"INSERT INTO duplicates VALUES ({p},{p},{p})",
                            [(aid, group_id(g), r) for g in update.groups for r, aid in enumerate(g)])
            cur.executemany(
                f"UPDATE articles SET dates = {self.DATES_PARAM}, pub_start = {p}, pub_end = {p}, ev_start = {p},"
                f" ev_end = {p} WHERE id = {p}",
                [self._date_row(aid, *v) for aid, v in sorted(update.dates.items())],
            )
            for clause, args in self._in("article_id", sorted(set(update.done))):
                cur.execute(f"DELETE FROM corpus_pending WHERE {clause}", args)
            cur.execute(f"UPDATE state SET value = {p} WHERE key = 'corpus_version'", (str(int(update.version) + 1),))
            left = self._one("SELECT 1 FROM corpus_pending LIMIT 1")
            same = update.generation is None or (self.state("generation") or "0") == update.generation
            if update.finish and left is None and same:  # nothing added meanwhile, nothing left: the step is done
                cur.execute("UPDATE state SET value = '0' WHERE key = 'derived_dirty'")
        return True

    def _insert_keys(self, cur: Any, rows: Sequence[tuple[int, str]]) -> None:
        cur.executemany(self.INSERT_KEY, rows)

    def _bulk(self, cur: Any, table: str, width: int, rows: Sequence[tuple[Any, ...]]) -> None:
        """Insert rows that cannot conflict (their old rows were just deleted)."""
        cur.executemany(f"INSERT INTO {table} VALUES ({','.join([self.PARAM] * width)})", rows)

    @staticmethod
    def _day(d: date | None) -> Any:
        """A date as this backend's date columns take it."""
        return d.isoformat() if d else None

    def _date_row(self, aid: str, pub: DateInterval, ev: DateInterval, moved: bool) -> tuple[Any, ...]:
        main = ev if ev.is_known else pub
        dates = codec.encode_dates(pub, ev).decode("utf-8") if moved else None
        return (dates, self._day(pub.start), self._day(pub.end), self._day(main.start), self._day(main.end), aid)

    def duplicate_groups(self) -> list[tuple[str, ...]]:
        groups: dict[int, list[str]] = {}
        for aid, g in self.db.execute("SELECT article_id, group_id FROM duplicates ORDER BY group_id, rank"):
            groups.setdefault(g, []).append(aid)
        return sorted(tuple(v) for v in groups.values() if len(v) > 1)


def group_id(group: Sequence[str]) -> int:
    """A duplicate group's id: from its kept (first) article alone, so it is the same whatever order
    the group's articles arrived in (signed 64-bit)."""
    digest = hashlib.blake2b(group[0].encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


class SQLSearch:
    """The parts of :class:`dateline.store.search.SearchBackend` both SQL stores share. ``ROW``
    selects a hit's columns (rowid, id, path, title, outlet, text, publication start and end)."""

    ROW: str

    def __init__(self, store: SQLStore) -> None:
        self.store = store
        self.db = store.db

    def count_matches(self, query: Query, filters: Filters) -> int:
        where, args = self.store._where(filters, query)
        return int(self.store._one(f"SELECT count(*) FROM articles a WHERE {where}", args))

    def term_stats(self) -> tuple[int, float]:
        n = self.store.count()
        return n, float(self.store.state("indexed_length") or 0) / max(n, 1)

    def dated_rows(self, filters: Filters, limit: int, offset: int) -> tuple[list[HitRow], int]:
        where, args = self.store._where(filters)
        p = self.store.PARAM
        rows = self.db.execute(
            f"{self.ROW} WHERE {where} ORDER BY a.ev_start NULLS FIRST, a.id LIMIT {p} OFFSET {p}",
            [*args, limit, offset],
        ).fetchall()
        total = self.store._one(f"SELECT count(*) FROM articles a WHERE {where}", args)
        return [self.hit_row(r) for r in rows], int(total)

    def hit_row(self, r: Sequence[Any]) -> HitRow:
        return HitRow(int(r[0]), r[1], r[2], r[3], r[4], r[5] or "", _day(r[6]), _day(r[7]))


def _day(value: Any) -> date | None:
    """A date column's value: a ``date`` (PostgreSQL) or an ISO string (SQLite)."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(value)
