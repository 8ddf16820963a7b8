"""Timeline exports: JSON, Markdown, CSV and the JSON that TimelineJS reads as it is.

Every format is built from the :class:`~dateline.data.Timeline` domain object. Scraped
text is data: it is escaped for the format that carries it (HTML entities in TimelineJS,
whose ``text`` fields are HTML; Markdown/HTML metacharacters in Markdown; a leading
formula character in CSV, which spreadsheets would otherwise run).
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
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
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|<>~])")


def timeline_dict(timeline: Timeline) -> dict[str, Any]:
    """The timeline as JSON data: the timeline helper's renderer when present, else the codec."""
    try:
        from dateline.timeline.render import timeline_to_dict
    except ImportError:
        return {"events": to_json(timeline.events)}
    return timeline_to_dict(timeline)  # type: ignore[no-any-return]


def sorted_events(timeline: Timeline) -> list[Event]:
    """Events by date: known starts first in order, then open starts by end, undated last."""

    def key(ev: Event) -> tuple[int, date, date]:
        s, e = ev.date.start, ev.date.end
        anchor = s or e
        if anchor is None:
            return (1, date.max, date.max)
        return (0, anchor, e or date.max)

    return sorted(timeline.events, key=key)


# -- JSON ------------------------------------------------------------------------------


def to_json_text(timeline: Timeline) -> str:
    return json.dumps(timeline_dict(timeline), ensure_ascii=False, indent=2)


# -- Markdown --------------------------------------------------------------------------


def md_escape(text: str) -> str:
    """Escape Markdown and HTML metacharacters so scraped text stays text in any renderer."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def to_markdown(timeline: Timeline, title: str = "Timeline") -> str:
    lines = [f"# {md_escape(title)}", ""]
    for ev in sorted_events(timeline):
        lines.append(f"## {md_escape(ev.date.label())} ({ev.date.precision.value})")
        lines.append("")
        lines.extend(f"- {md_escape(s.text)}" for s in ev.summary)
        lines.extend(f"> “{md_escape(q.text)}” — {md_escape(q.speaker or 'unknown speaker')}" for q in ev.quotes)
        if ev.sources:
            names = ", ".join(md_escape(s.title or s.id) + (f" ({md_escape(s.outlet)})" if s.outlet else "")
                              for s in ev.sources)
            lines.append(f"\nSources: {names}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


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
    for ev in sorted_events(timeline):
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
    events = [e for n, ev in enumerate(sorted_events(timeline)) if (e := _tljs_event(ev, n)) is not None]
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
