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

from dateline.data import Event, Precision, Timeline, to_json

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
    try:
        from dateline.timeline.render import to_dict
    except ImportError:  # the renderer is optional while the timeline stage is being built
        return {"events": to_json(timeline.events)}
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

CSV_COLUMNS = ("start", "end", "precision", "label", "summary", "quotes", "entities", "sources", "article_ids")


def csv_cell(value: str) -> str:
    """Defuse spreadsheet formulas: a cell starting with ``=``, ``+``, ``-``, ``@`` gets a quote."""
    return "'" + value if value.startswith(_CSV_FORMULA_START) else value


def _csv_row(ev: Event) -> list[str]:
    d = ev.date
    values = [
        d.start.isoformat() if d.start else "",
        d.end.isoformat() if d.end else "",
        d.precision.value,
        d.label(),
        " ".join(s.text for s in ev.summary),
        " | ".join(f"{q.text} — {q.speaker or 'unknown'}" for q in ev.quotes),
        "; ".join(ev.entities),
        "; ".join(s.title or s.id for s in ev.sources),
        " ".join(s.id for s in ev.sources),
    ]
    return [csv_cell(v) for v in values]


def to_csv(timeline: Timeline) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for ev in timeline.events:
        writer.writerow(_csv_row(ev))
    return buf.getvalue()


# -- TimelineJS ------------------------------------------------------------------------


def _tljs_date(d: date, precision: Precision) -> dict[str, int]:
    """TimelineJS date object; month/year precision leave the finer fields out."""
    if precision is Precision.YEAR:
        return {"year": d.year}
    if precision is Precision.MONTH:
        return {"year": d.year, "month": d.month}
    return {"year": d.year, "month": d.month, "day": d.day}


def _tljs_text(ev: Event) -> str:
    parts = [f"<p>{html.escape(s.text)}</p>" for s in ev.summary]
    parts += [f"<blockquote>{html.escape(q.text)} — {html.escape(q.speaker or 'unknown speaker')}</blockquote>"
              for q in ev.quotes]
    if ev.sources:
        names = ", ".join(html.escape(s.title or s.id) for s in ev.sources)
        parts.append(f"<p><small>Sources: {names}</small></p>")
    return "".join(parts)


def _tljs_event(ev: Event, n: int) -> dict[str, Any] | None:
    d = ev.date
    anchor = d.start or d.end
    if anchor is None:  # TimelineJS cannot place an undated event
        return None
    out: dict[str, Any] = {
        "start_date": _tljs_date(anchor, d.precision),
        "display_date": d.label(),
        "text": {"headline": html.escape(d.label()), "text": _tljs_text(ev)},
        "unique_id": f"event-{n}-{ev.id}" if ev.id else f"event-{n}",
    }
    if d.precision is Precision.RANGE and d.start and d.end:
        out["end_date"] = _tljs_date(d.end, Precision.DAY)
    if ev.entities:
        out["group"] = ev.entities[0]
    return out


def to_timelinejs(timeline: Timeline, title: str = "Timeline") -> dict[str, Any]:
    """``{"title": ..., "events": [...]}`` as TimelineJS 3 loads it; undated events are counted in the title."""
    events = [e for n, ev in enumerate(timeline.events) if (e := _tljs_event(ev, n)) is not None]
    undated = len(timeline.events) - len(events)
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
