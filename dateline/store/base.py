"""What every store returns, and the interface a store implements."""

from __future__ import annotations

from dataclasses import dataclass, field

from dateline.data import DateInterval


@dataclass(frozen=True, slots=True)
class SearchHit:
    id: str
    path: str
    title: str | None
    snippet: str
    outlet: str | None = None
    published: DateInterval = field(default_factory=DateInterval.unknown)


@dataclass(frozen=True, slots=True)
class SearchResult:
    total: int
    hits: list[SearchHit]
    offset: int = 0
    limit: int = 20
