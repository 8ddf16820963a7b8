"""Query-parameter checking for the HTTP API: every bad value becomes a UsageError with a message."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from dateline.errors import UsageError
from dateline.filters import name_filter
from dateline.views import file_name

# Upper bounds on what one request may ask for; each keeps one request well under a second
# of work on a 100k-article store and a response under a few MB.
MAX_DATES = 200
MAX_SENTENCES = 10
MAX_PAGE_SIZE = 100
MAX_OFFSET = 10_000
MAX_ENTITY_PAGE = 1000
MAX_QUERY_CHARS = 500
MAX_FILTER_CHARS = 200
_ID = re.compile(r"^[A-Za-z0-9_.:-]{1,128}$")


def bounded(value: int | None, name: str, low: int, high: int) -> int | None:
    if value is None:
        return None
    if not low <= value <= high:
        raise UsageError(f"{name} must be between {low} and {high}, got {value}")
    return value


def text_param(value: str | None, name: str, limit: int = MAX_FILTER_CHARS) -> str | None:
    if value is None:
        return None
    value = value.strip()
    if len(value) > limit:
        raise UsageError(f"{name} is {len(value)} characters long; the limit is {limit}")
    if any(ord(ch) < 32 for ch in value):
        raise UsageError(f"{name} contains control characters")
    return value or None


def choice_param(value: str | None, name: str, choices: Sequence[str]) -> str | None:
    """One of ``choices``, or None when not given."""
    if value is None or value == "":
        return None
    if value not in choices:
        raise UsageError(f"{name}: {value[:40]!r} is not one of {', '.join(choices)}")
    return value


def name_param(value: str | None, name: str) -> str | None:
    """An entity or outlet name: checked like any text, then as a name (see :func:`dateline.filters.name_filter`)."""
    return name_filter(text_param(value, name), name)


def article_id(value: str) -> str:
    if not _ID.match(value):
        raise UsageError("article id must be 1-128 letters, digits or '_.:-'")
    return value


@dataclass(frozen=True, slots=True)
class TimelineQuery:
    """Checked parameters of a timeline (and of its exports)."""

    query: str | None = None
    entity: str | None = None
    source: str | None = None
    start: date | None = None
    end: date | None = None
    max_dates: int | None = None
    max_sentences: int | None = None
    method: str | None = None
    ranker: str | None = None
    story: str | None = None

    def library_kwargs(self) -> dict[str, Any]:
        return {
            "query": self.query, "entity": self.entity, "source": self.source, "start": self.start, "end": self.end,
            "max_dates": self.max_dates, "max_sentences": self.max_sentences, "method": self.method,
            "ranker": self.ranker, "story": self.story,
        }


public_path = file_name  # server folders never leave the machine


def redact_paths(obj: Any) -> Any:
    """Replace every ``"path"`` value (and ``"paths"`` item) in nested JSON data by :func:`public_path`."""
    if isinstance(obj, dict):
        return {k: _redact(k, v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [redact_paths(x) for x in obj]
    return obj


def _redact(key: str, value: Any) -> Any:
    if key == "path" and isinstance(value, str):
        return public_path(value)
    if key == "paths" and isinstance(value, list):
        return [public_path(v) if isinstance(v, str) else v for v in value]
    return redact_paths(value)
