"""Query-parameter checking for the HTTP API: every bad value becomes a UsageError with a message."""

from __future__ import annotations

import calendar
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from dateline.errors import UsageError

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
_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


def parse_date(value: str | None, name: str, *, end: bool = False) -> date | None:
    """``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``; a partial date is its first day, or last day for ``end``."""
    if value is None or not value.strip():
        return None
    m = _DATE.match(value.strip())
    if not m:
        raise UsageError(f"{name}: {value[:40]!r} is not a date; use YYYY-MM-DD, YYYY-MM or YYYY")
    year, month, day = int(m[1]), int(m[2] or (12 if end else 1)), m[3]
    if not 1 <= year <= 9999 or not 1 <= month <= 12:
        raise UsageError(f"{name}: {value!r} is not a valid date")
    last = calendar.monthrange(year, month)[1]
    d = int(day) if day else (last if end else 1)
    if not 1 <= d <= last:
        raise UsageError(f"{name}: {value!r} is not a valid date ({calendar.month_name[month]} {year} has {last} days)")
    return date(year, month, d)


def date_range(start: str | None, end: str | None) -> tuple[date | None, date | None]:
    lo, hi = parse_date(start, "start"), parse_date(end, "end", end=True)
    if lo and hi and lo > hi:
        raise UsageError(f"start {lo.isoformat()} is after end {hi.isoformat()}")
    return lo, hi


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


def entity_param(value: str | None) -> str | None:
    """An entity name or alias: at least one letter or digit (``"!!!"`` names nobody)."""
    value = text_param(value, "entity")
    if value is not None and not any(ch.isalnum() for ch in value):
        raise UsageError(f"entity: {value[:40]!r} is not a name (it has no letter or digit)")
    return value


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

    def library_kwargs(self) -> dict[str, Any]:
        return {
            "query": self.query, "entity": self.entity, "start": self.start, "end": self.end,
            "max_dates": self.max_dates, "max_sentences": self.max_sentences, "method": self.method,
            "ranker": self.ranker,
        }


def public_path(path: str | None) -> str | None:
    """The file name only (``#L3`` line marks kept): server folders never leave the machine."""
    if not path:
        return path
    if path.startswith("upload:"):
        return path
    main, sep, member = path.partition("#")
    return os.path.basename(main.rstrip("/\\").replace("\\", "/")) + sep + member


def redact_paths(obj: Any) -> Any:
    """Replace every ``"path"`` value in nested JSON data by :func:`public_path`."""
    if isinstance(obj, dict):
        return {k: (public_path(v) if k == "path" and isinstance(v, str) else redact_paths(v)) for k, v in obj.items()}
    if isinstance(obj, list):
        return [redact_paths(x) for x in obj]
    return obj
