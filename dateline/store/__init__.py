"""Store stage: one :class:`Store` interface; SQLite (the embedded default) and PostgreSQL."""

from dateline.store.base import Filters, SearchHit, SearchResult, Store, entities_from_rows, open_store
from dateline.store.sqlite import SCHEMA_VERSION, SQLiteStore

__all__ = [
    "SCHEMA_VERSION",
    "Filters",
    "SQLiteStore",
    "SearchHit",
    "SearchResult",
    "Store",
    "entities_from_rows",
    "open_store",
]
