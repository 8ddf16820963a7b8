"""Store stage: the SQLite default (one file, FTS5)."""

from dateline.store.base import SearchHit, SearchResult
from dateline.store.sqlite import SCHEMA_VERSION, SQLiteStore

__all__ = ["SCHEMA_VERSION", "SQLiteStore", "SearchHit", "SearchResult"]
