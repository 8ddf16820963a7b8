"""What a user types to filter a corpus, checked once for the library, the CLI and the API.

Dates are ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``: a partial date stands for its first day
as a start and its last day as an end, so ``--from 2021-03 --to 2021-06`` is March to June.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

from dateline.errors import UsageError

_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")

DateArg = date | str | None


def parse_date(value: DateArg, name: str = "date", *, end: bool = False) -> date | None:
    """``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY`` (a ``date`` passes through); a partial date is its
    first day, or its last day when ``end``; empty means no bound."""
    if value is None or isinstance(value, date):
        return value
    if not value.strip():
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


def date_range(start: DateArg, end: DateArg) -> tuple[date | None, date | None]:
    """Both ends of a date filter, checked: the start may not come after the end."""
    lo, hi = parse_date(start, "start"), parse_date(end, "end", end=True)
    if lo and hi and lo > hi:
        raise UsageError(f"the start date {lo.isoformat()} is after the end date {hi.isoformat()}")
    return lo, hi


def name_filter(value: str | None, what: str) -> str | None:
    """A name to filter by (entity, outlet): stripped; ``None`` when empty; refused when it has
    no letter or digit (``"!!!"`` names nobody)."""
    if value is None or not value.strip():
        return None
    value = value.strip()
    if not any(ch.isalnum() for ch in value):
        raise UsageError(f"{what}: {value[:40]!r} is not a name (it has no letter or digit)")
    return value
