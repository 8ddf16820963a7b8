"""What the two SQL stores do alike, written once over their own connection and dialect.

:class:`SQLStore` and :class:`SQLSearch` hold the queries SQLite and PostgreSQL run the same way
(their DB-API connections both offer ``execute``); each backend adds its placeholder (``PARAM``),
its filter clause (``_where``: full-text match and the dialect's functions) and what else differs.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from dateline.store.base import Filters, story_from_json
from dateline.store.search import HitRow
from dateline.store.terms import Query

if TYPE_CHECKING:
    from dateline.events.stories import Story

# Articles listed in date order: undated first (they come first in SQLite's ascending order,
# and PostgreSQL is told so), then by id, so both backends list alike whatever order they were added in.
DATE_ORDER = "a.ev_start NULLS FIRST, a.ev_end NULLS FIRST, a.id"


class SQLStore:
    """The queries both SQL stores share; ``db`` is the connection, ``PARAM`` its placeholder."""

    PARAM = "?"
    STORY_DATA = "data"  # the stories' JSON column, read as text
    db: Any

    def _where(self, filters: Filters, query: Query | None = None) -> tuple[str, list[Any]]:
        raise NotImplementedError

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
        members: dict[str, list[str]] = {}
        for aid, sid in self.db.execute("SELECT article_id, story_id FROM story_articles ORDER BY story_id, rank"):
            members.setdefault(sid, []).append(aid)
        return [story_from_json(sid, data, members.get(sid, ()))
                for sid, data in self.db.execute(f"SELECT story_id, {self.STORY_DATA} FROM stories ORDER BY rank")]

    def story_ids(self, story_id: str) -> list[str] | None:
        p = self.PARAM
        if self._one(f"SELECT 1 FROM stories WHERE story_id = {p}", (story_id,)) is None:
            return None
        return [r[0] for r in self.db.execute(
            f"SELECT article_id FROM story_articles WHERE story_id = {p} ORDER BY rank", (story_id,))]

    def duplicate_groups(self) -> list[tuple[str, ...]]:
        groups: dict[int, list[str]] = {}
        for aid, g in self.db.execute("SELECT article_id, group_id FROM duplicates ORDER BY group_id, rank"):
            groups.setdefault(g, []).append(aid)
        return [tuple(v) for v in groups.values() if len(v) > 1]


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
