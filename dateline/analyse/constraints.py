"""Publication-date inference from a text's own evidence: constraints and their intersection.

Each constraint is an :class:`~dateline.data.Evidence` whose ``start``/``end`` bound the
publication day, read from how a date is told: a past date is on or before publication
("in 2002" → published later), a future target after it ("set January 2006 as the
target" → published before), "last year's election" next to "the August 2020 election"
fixes the year, "seven months since" an anchored event fixes the month, a weekday next
to a month and day picks the years where they match. :func:`intersect` adds them in
order of strength and reports each one that contradicts the others as a ``conflict``
instead of hiding it.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from dateline.analyse import timex
from dateline.data import DateInterval, Evidence

# A year told as past ("in 2002", "the 2002 plan"): published from the next year on. News
# style writes "this year" for the current one; measured on T17 (benchmarks/dates.py).
YEAR_PAST_SHIFT = 1
# Days after the latest date told as past within which the article is assumed to be
# published ("news is recent"); a statistical bound, kind "recency", chosen by 5-fold
# cross-validation on T17 in benchmarks/dates.py (the smallest window keeping >= 95% inside).
RECENCY_DAYS = 30
_FUTURE_CUES = re.compile(
    r"(?i)\b(will|won't|shall|would|'ll|due|scheduled|expected|planned|plans?|upcoming|next|until|till|"
    r"deadline|target|by|before|starting|begins?|runs?|ahead|from|to be|aims?|hopes?|intends?|could|may|might)\b"
)
_TARGET = re.compile(r"(?i)\b(target|deadline|goal|aim|due|scheduled|set for)\b")
_WORD = re.compile(r"[A-Za-z][A-Za-z-]{3,}")
_STOP = frozenset("that this with from have been were when which their there after before since about".split())
# Strength order used when constraints conflict: the first kinds win.
STRENGTH = (
    "metadata", "header-date", "stamp-upper-bound", "last-year-anchor", "since-anchor", "cross-document",
    "year-future", "year-past", "date-past", "weekday-year", "copyright-upper-bound", "recency",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Told:
    """A time expression with its sentence and how it is told."""

    hit: timex.Hit
    sentence: int
    sentence_text: str
    offset: int  # start of the hit inside the sentence
    future: bool


def _after_words(text: str, end: int, n: int = 4) -> list[str]:
    return [w.lower() for w in _WORD.findall(text[end : end + 60])][:n]


def _ev(kind: str, t: Told, start: date | None, end: date | None, note: str = "") -> Evidence:
    return Evidence(kind, t.sentence_text.strip()[:300], start, end, None, t.sentence, note)


def _future(t: Told) -> bool:
    window = t.sentence_text[max(0, t.offset - 60) : t.offset]
    return t.future or bool(_FUTURE_CUES.search(window))


def absolute_constraints(told: Sequence[Told]) -> list[Evidence]:
    """Past dates and years bound publication from below, future ones from above."""
    out = []
    for t in told:
        h = t.hit
        if not h.absolute or h.ambiguous:
            continue
        iv = timex.resolve(h, DateInterval.unknown())
        if iv.start is None or iv.end is None:
            continue
        if _future(t):
            window = t.sentence_text[max(0, t.offset - 60) : t.offset + len(h.text) + 40]
            if _TARGET.search(window):  # a target still ahead: published before it begins
                out.append(_ev("year-future", t, None, iv.start - timedelta(days=1), "a target still ahead"))
            else:
                out.append(_ev("year-future", t, None, iv.end, "told as future"))
        elif h.kind == "year" or h.kind == "decade":
            out.append(_ev("year-past", t, date(iv.end.year + YEAR_PAST_SHIFT, 1, 1) if h.kind == "year" else iv.end, None, "told as past"))
        else:
            out.append(_ev("date-past", t, iv.start, None, "told as past"))
    return out


def _anchors(told: Sequence[Told], text: str) -> dict[str, DateInterval]:
    """Event nouns dated in the text: "the August 2020 election" -> {"election": Aug 2020}."""
    out: dict[str, DateInterval] = {}
    for t in told:
        if t.hit.absolute and not t.hit.ambiguous and t.hit.kind in ("month", "year", "date", "season"):
            iv = timex.resolve(t.hit, DateInterval.unknown())
            for w in _after_words(text, t.hit.end, 3):
                if w not in _STOP:
                    out.setdefault(w.rstrip("s"), iv)
    return out


def anchored_constraints(told: Sequence[Told], text: str) -> list[Evidence]:
    """"last year's election" / "seven months since the election" against a dated election."""
    anchors = _anchors(told, text)
    out = []
    for t in told:
        h = t.hit
        words = [w.rstrip("s") for w in _after_words(text, h.end, 6 if h.kind == "since" else 3)]
        noun = next((w for w in words if w in anchors), None)
        if noun is None:
            continue
        a = anchors[noun]
        assert a.start is not None and a.end is not None
        if h.kind == "relative" and h.rel.startswith("last year"):
            y = a.start.year + 1
            if a.end.year == a.start.year:
                out.append(_ev("last-year-anchor", t, date(y, 1, 1), date(y, 12, 31), f"{noun} dated {a.label()}"))
        elif h.kind == "relative" and h.rel.startswith("this year"):
            y = a.start.year
            if a.end.year == y:
                out.append(_ev("last-year-anchor", t, date(y, 1, 1), date(y, 12, 31), f"{noun} dated {a.label()}"))
        elif h.kind == "since" and h.rel == "since":
            lo, hi = _add(a.start, h.n, h.unit, 0), _add(a.end, h.n, h.unit, 1)
            out.append(_ev("since-anchor", t, lo, hi, f"{h.n} {h.unit}s after {noun} dated {a.label()}"))
    return out


def _add(d: date, n: int, unit: str, slack: int) -> date:
    """``d`` plus ``n`` units, plus ``slack`` more units (the count is rounded down)."""
    if unit == "day":
        return d + timedelta(days=n + slack)
    if unit == "week":
        return d + timedelta(days=7 * (n + slack))
    months = n * (12 if unit == "year" else 1) + slack * (12 if unit == "year" else 1)
    idx = d.year * 12 + d.month - 1 + months
    y, m = idx // 12, idx % 12 + 1
    return date(y, m, min(d.day, calendar.monthrange(y, m)[1]))


def weekday_years(told: Sequence[Told]) -> list[Evidence]:
    """"Friday, March 5" (no year) is only Friday in some years; "Friday, March 5, 2010" must match."""
    out = []
    for t in told:
        h = t.hit
        if h.weekday is None or h.month is None or h.day is None:
            continue
        if h.year is not None:
            if date(h.year, h.month, h.day).weekday() != h.weekday:
                out.append(_ev("conflict", t, None, None, f"{h.text!r}: the weekday does not match the date"))
            continue
        years = [y for y in range(timex.MIN_YEAR, timex.MAX_YEAR + 1)
                 if h.day <= calendar.monthrange(y, h.month)[1] and date(y, h.month, h.day).weekday() == h.weekday]
        out.append(_ev("weekday-year", t, None, None, "years " + ",".join(map(str, years))))
    return out


def _apply_weekday(iv: DateInterval, ev: Evidence) -> DateInterval | None:
    """Narrow ``iv`` to the span of the years where a weekday matches; None if none fits."""
    years = [int(y) for y in ev.note.removeprefix("years ").split(",") if y]
    lo = iv.start.year - 1 if iv.start else timex.MIN_YEAR
    hi = iv.end.year if iv.end else timex.MAX_YEAR
    inside = [y for y in years if lo <= y <= hi]
    if not inside:
        return None
    if len(inside) > 1 and (iv.start is None or iv.end is None):
        return iv
    # the day itself is in the publication's year or, around New Year, the one before
    first, last = date(inside[0], 1, 1), date(inside[-1] + 1, 1, 31)
    narrowed = DateInterval(max(iv.start or first, first), min(iv.end or last, last))
    return DateInterval(narrowed.start, narrowed.end, iv.evidence + (Evidence(ev.kind, ev.text, narrowed.start, narrowed.end, ev.article_id, ev.sentence, ev.note),))


def intersect(constraints: Sequence[Evidence], base: DateInterval | None = None) -> DateInterval:
    """Intersect constraints strongest first; one that contradicts the rest becomes a ``conflict``."""
    order = {k: i for i, k in enumerate(STRENGTH)}
    iv = base or DateInterval.unknown()
    conflicts = [c for c in constraints if c.kind == "conflict"]
    for c in sorted((c for c in constraints if c.kind != "conflict"), key=lambda c: order.get(c.kind, len(order))):
        if c.kind == "weekday-year":
            nxt = _apply_weekday(iv, c)
        else:
            nxt = iv.intersect(DateInterval(c.start, c.end, (c,)))
        if nxt is None:
            conflicts.append(Evidence("conflict", c.text, c.start, c.end, c.article_id, c.sentence,
                                      f"{c.kind} contradicts {iv.label()}; left out"))
            continue
        iv = nxt
    return iv.with_evidence(*conflicts)


def recency_bound(iv: DateInterval, constraints: Sequence[Evidence]) -> Evidence | None:
    """A statistical upper bound: the article is published within RECENCY_DAYS of its latest past date."""
    past = [c for c in iv.evidence if c.kind in ("date-past",) and c.start]
    if not past or iv.start is None:
        return None
    latest = max(c.start for c in past if c.start)
    if latest < iv.start:
        return None
    end = latest + timedelta(days=RECENCY_DAYS)
    if iv.end is not None and iv.end <= end:
        return None
    return Evidence("recency", "", latest, end, note=f"assumed published within {RECENCY_DAYS} days of the latest past date")
