"""Timeline exports: JSON, Markdown, CSV and the JSON that TimelineJS reads as it is.

Every format is built from the :class:`~dateline.data.Timeline` domain object; JSON and
Markdown are the CLI's own renderings (:mod:`dateline.timeline.render`). Scraped text is
data: it is escaped for the format that carries it (HTML entities in TimelineJS, whose
``text`` fields are HTML; Markdown metacharacters in Markdown; a leading formula character
in CSV, which spreadsheets would otherwise run).
"""

from __future__ import annotations

import csv
import html
import io
import json
from collections.abc import Callable
from datetime import date
from typing import Any

from dateline.data import DateInterval, Event, Precision, Timeline
from dateline.timeline.render import quote_line, to_dict

FORMATS = ("json", "md", "csv", "timelinejs")
MEDIA_TYPES = {
    "json": "application/json",
    "md": "text/markdown; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "timelinejs": "application/json",
}
FILE_SUFFIX = {"json": "json", "md": "md", "csv": "csv", "timelinejs": "timelinejs.json"}
_CSV_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def timeline_dict(timeline: Timeline) -> dict[str, Any]:
    """The timeline as JSON data, exactly as ``dateline timeline --format json`` writes it."""
    return to_dict(timeline)


# -- JSON ------------------------------------------------------------------------------


def to_json_text(timeline: Timeline) -> str:
    return json.dumps(timeline_dict(timeline), ensure_ascii=False, indent=2)


# -- Markdown --------------------------------------------------------------------------


def to_markdown(timeline: Timeline) -> str:
    """The CLI's Markdown (one implementation); its text is escaped so no markup can open."""
    from dateline.timeline.render import render_markdown

    return render_markdown(timeline)


# -- CSV -------------------------------------------------------------------------------

# "in_range": "overlaps" for an event whose date only overlaps the date range asked for.
CSV_COLUMNS = ("start", "end", "precision", "label", "summary", "quotes", "entities", "sources", "article_ids",
               "in_range")


def csv_cell(value: str) -> str:
    """Defuse spreadsheet formulas: a cell starting with ``=``, ``+``, ``-``, ``@`` gets a quote."""
    return "'" + value if value.startswith(_CSV_FORMULA_START) else value


def _csv_row(ev: Event, in_range: str = "") -> list[str]:
    d = ev.date
    values = [
        d.start.isoformat() if d.start else "",
        d.end.isoformat() if d.end else "",
        d.precision.value,
        d.label(),
        " ".join(s.text for s in ev.summary),
        " | ".join(quote_line(q) for q in ev.quotes),
        "; ".join(ev.entities),
        "; ".join(s.title or s.id for s in ev.sources),
        " ".join(s.id for s in ev.sources),
        in_range,
    ]
    return [csv_cell(v) for v in values]


def to_csv(timeline: Timeline) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for ev in timeline.events:
        writer.writerow(_csv_row(ev))
    for ev in timeline.overlapping:
        writer.writerow(_csv_row(ev, "overlaps"))
    return buf.getvalue()


# -- TimelineJS ------------------------------------------------------------------------


def _tljs_date(d: date, precision: Precision) -> dict[str, int]:
    """TimelineJS date object; month/year precision leave the finer fields out."""
    if precision is Precision.YEAR:
        return {"year": d.year}
    if precision is Precision.MONTH:
        return {"year": d.year, "month": d.month}
    return {"year": d.year, "month": d.month, "day": d.day}


# A TimelineJS headline is the entry's first sentence cut to about this many characters.
HEADLINE_CHARS = 100


def _headline(ev: Event) -> str:
    """What happened, in a few words: the first summary sentence, cut at a word (else the date)."""
    text = ev.summary[0].text.strip() if ev.summary else ""
    if not text:
        return ev.date.label()
    if len(text) <= HEADLINE_CHARS:
        return text
    cut = text[:HEADLINE_CHARS].rsplit(" ", 1)[0].rstrip(",;:—– ")
    return cut + "…"


def _bound_note(d: DateInterval) -> str:
    """Where only one bound of the date is known, say so: TimelineJS places the entry on that bound."""
    if d.start is None and d.end is not None:
        return f"Only an upper bound is known: this happened on or before {d.end.isoformat()}; it is placed there."
    if d.end is None and d.start is not None:
        return f"Only a lower bound is known: this happened on or after {d.start.isoformat()}; it is placed there."
    return ""


def _tljs_text(ev: Event, overlapping: bool = False) -> str:
    parts = []
    if note := _bound_note(ev.date):
        parts.append(f"<p><em>{html.escape(note)}</em></p>")
    if overlapping:
        parts.append("<p><em>Its date only overlaps the date range asked for.</em></p>")
    parts += [f"<p>{html.escape(s.text)}</p>" for s in ev.summary]
    parts += [f"<blockquote>{html.escape(quote_line(q))}</blockquote>" for q in ev.quotes]
    if ev.sources:
        names = ", ".join(html.escape(s.title or s.id) for s in ev.sources)
        parts.append(f"<p><small>Sources: {names}</small></p>")
    return "".join(parts)


def _tljs_event(ev: Event, n: int, overlapping: bool = False) -> dict[str, Any] | None:
    d = ev.date
    anchor = d.start or d.end
    if anchor is None:  # TimelineJS cannot place an undated event
        return None
    open_end = d.start is None or d.end is None
    out: dict[str, Any] = {
        "start_date": _tljs_date(anchor, d.precision),
        "display_date": d.label() + (" (only a bound is known)" if open_end else ""),
        "text": {"headline": html.escape(_headline(ev)), "text": _tljs_text(ev, overlapping)},
        "unique_id": f"event-{n}-{ev.id}" if ev.id else f"event-{n}",
    }
    if d.precision is Precision.RANGE and d.start and d.end:
        out["end_date"] = _tljs_date(d.end, Precision.DAY)
    if overlapping:
        out["group"] = "Only overlapping the date range"
    elif ev.entities:
        out["group"] = ev.entities[0]
    return out


def to_timelinejs(timeline: Timeline, title: str = "Timeline") -> dict[str, Any]:
    """``{"title": ..., "events": [...]}`` as TimelineJS 3 loads it: the headline says what happened,
    the date is shown as dateline labels it (open-ended dates say that only a bound is known),
    events that only overlap a date range form their own group; undated events are counted in the title."""
    entries = [(ev, False) for ev in timeline.events] + [(ev, True) for ev in timeline.overlapping]
    events = [e for n, (ev, over) in enumerate(entries) if (e := _tljs_event(ev, n, over)) is not None]
    undated = len(entries) - len(events)
    note = f"{undated} undated event(s) not shown" if undated else ""
    return {"title": {"text": {"headline": html.escape(title), "text": html.escape(note)}}, "events": events}


RENDERERS: dict[str, Callable[[Timeline], str]] = {
    "json": to_json_text,
    "md": to_markdown,
    "csv": to_csv,
    "timelinejs": lambda t: json.dumps(to_timelinejs(t), ensure_ascii=False, indent=2),
}


def export(timeline: Timeline, fmt: str) -> str:
    """Render ``timeline`` in ``fmt`` (one of :data:`FORMATS`)."""
    from dateline.errors import UsageError

    if fmt not in RENDERERS:
        raise UsageError(f"unknown export format {fmt!r}; use one of: {', '.join(FORMATS)}")
    return RENDERERS[fmt](timeline)
