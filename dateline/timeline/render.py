"""Render a :class:`~dateline.data.Timeline` as text (terminal), Markdown or JSON.

JSON contract (``dateline timeline --format json``)::

    {"events": [{"id", "date": {"start", "end", "precision", "label", "evidence"},
                 "summary": [sentence, ...],
                 "summary_refs": [{"article_id", "sentence"}, ...],
                 "sources": [{"path", "title", "outlet", "id"}, ...],
                 "reported_by": [outlet, ...],
                 "quotes": [{"text", "speaker", "context"}, ...],
                 "entities": [name, ...]}, ...],
     "overlapping": [event, ...]}

Under a date range ``events`` holds the events whose date lies inside it; ``overlapping``
the events whose date interval only overlaps it (empty without a range).
"""

from __future__ import annotations

import json
import textwrap
from typing import Any

from dateline.data import Event, QuoteRef, Timeline
from dateline.errors import UsageError

FORMATS = ("text", "md", "json")
# Line width of the text format (a classic terminal).
TEXT_WIDTH = 88


def reported_by(event: Event) -> list[str]:
    """Distinct outlets of an event's sources, in source order (unnamed outlets skipped)."""
    return list(dict.fromkeys(s.outlet for s in event.sources if s.outlet))


def event_dict(event: Event) -> dict[str, Any]:
    """One event as plain JSON-able data (see the module docstring)."""
    return {
        "id": event.id,
        "date": event.date.to_dict(),
        "summary": [s.text for s in event.summary],
        "summary_refs": [{"article_id": s.article_id, "sentence": s.sentence} for s in event.summary],
        "sources": [{"path": s.path, "title": s.title, "outlet": s.outlet, "id": s.id} for s in event.sources],
        "reported_by": reported_by(event),
        "quotes": [{"text": q.text, "speaker": q.speaker, "context": q.context} for q in event.quotes],
        "entities": list(event.entities),
    }


def to_dict(timeline: Timeline) -> dict[str, Any]:
    return {"events": [event_dict(e) for e in timeline.events],
            "overlapping": [event_dict(e) for e in timeline.overlapping]}


def render_json(timeline: Timeline) -> str:
    return json.dumps(to_dict(timeline), ensure_ascii=False, indent=2)


def _source_line(event: Event) -> str:
    outlets = reported_by(event)
    n = len(event.sources)
    if outlets:
        return f"reported by {', '.join(outlets)} ({n} source{'s' if n != 1 else ''})"
    return f"{n} source{'s' if n != 1 else ''}"


def quote_line(q: QuoteRef) -> str:
    """A quote with its speaker; without one, the whole sentence it sits in (never a bare fragment)."""
    if q.speaker:
        return f"“{q.text}” — {q.speaker}"
    return f"{q.context} (speaker not named)" if q.context else f"“{q.text}” (speaker not named)"


OVERLAPPING_NOTE = "Only overlapping the date range (their dates are not known precisely enough to lie inside it)"


def render_text(timeline: Timeline) -> str:
    """Plain text for a terminal: a date heading, wrapped sentences, quotes, sources; events
    that only overlap a date range come last, under their own heading."""
    out = _text_events(timeline.events) if timeline.events else ["(no events)", ""]
    if timeline.overlapping:
        out += [f"-- {OVERLAPPING_NOTE}:", ""] + _text_events(timeline.overlapping)
    return "\n".join(out)


def _text_events(events: tuple[Event, ...]) -> list[str]:
    wrap = textwrap.TextWrapper(width=TEXT_WIDTH, initial_indent="  ", subsequent_indent="    ")
    out: list[str] = []
    for e in events:
        out.append(f"{e.date.label()}  [{_source_line(e)}]")
        out.extend(wrap.fill(f"- {s.text}") for s in e.summary)
        out.extend(wrap.fill(quote_line(q)) for q in e.quotes)
        if e.entities:
            out.append(wrap.fill("Entities: " + ", ".join(e.entities)))
        for s in e.sources:
            out.append(wrap.fill(f"Source: {s.title or '(untitled)'} — {s.outlet or 'unknown outlet'} ({s.path})"))
        out.append("")
    return out


def _md(text: str) -> str:
    """Escape the characters that would turn plain text into Markdown markup."""
    for ch in ("\\", "*", "_", "[", "]", "<", ">", "#", "`"):
        text = text.replace(ch, "\\" + ch)
    return text


def render_markdown(timeline: Timeline) -> str:
    """Markdown: one ``##`` section per event."""
    out = ["# Timeline", ""]
    if not timeline.events:
        out.append("_No events._")
    out += _md_events(timeline.events, "##")
    if timeline.overlapping:
        out += ["", f"## {OVERLAPPING_NOTE}", ""] + _md_events(timeline.overlapping, "###")
    return "\n".join(out) + "\n"


def _md_events(events: tuple[Event, ...], heading: str) -> list[str]:
    out: list[str] = []
    for e in events:
        out += [f"{heading} {_md(e.date.label())}", "", f"_{_md(_source_line(e))}_", ""]
        out += [f"- {_md(s.text)}" for s in e.summary]
        out.append("")
        out += [f"> {_md(quote_line(q))}" + "\n" for q in e.quotes]
        if e.entities:
            out += ["**Entities:** " + ", ".join(_md(n) for n in e.entities), ""]
        if e.sources:
            out.append("**Sources:**")
            out += [f"- {_md(s.title or '(untitled)')} — {_md(s.outlet or 'unknown outlet')} (`{s.path}`)" for s in e.sources]
            out.append("")
    return out


def render(timeline: Timeline, fmt: str = "text") -> str:
    """The timeline in ``fmt`` (one of :data:`FORMATS`; ``markdown`` is accepted for ``md``)."""
    fmt = "md" if fmt == "markdown" else fmt
    if fmt == "json":
        return render_json(timeline) + "\n"
    if fmt == "md":
        return render_markdown(timeline)
    if fmt == "text":
        return render_text(timeline)
    raise UsageError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
