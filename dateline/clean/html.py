"""HTML pages: trafilatura finds the main text; the structure recognisers name what is around it.

trafilatura (with its default, balanced settings, tables kept, comments dropped) gives the
body and the page metadata. Its paragraphs then go through the same recognisers as plain
text for what sometimes slips into the main content (photo credits, "Updated ..." stamps,
separators, bylines, a closing newsletter appeal, a reader-comment thread). Every other visible line of the page
(as ``html-text`` lays it out) is kept in ``removed`` with the reason that trafilatura left
it outside the main content; ``RemovedLine.index`` counts lines of that visible text.
"""

from __future__ import annotations

import calendar
import logging
import re
from dataclasses import replace
from typing import Any

import numpy as np

from dateline.clean import comments as C
from dateline.clean import lines as L
from dateline.clean import structure as S
from dateline.clean.assemble import Labels, build_article
from dateline.clean.textclean import mark_comments
from dateline.data import Article, LineKind, RawDocument, RemovedLine

log = logging.getLogger(__name__)
OUTSIDE_REASON = "outside the main content (trafilatura)"


def extract(html: str) -> dict[str, Any]:
    """trafilatura's main text and metadata (``text`` is "" when it finds nothing)."""
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(
            html, include_comments=False, include_tables=True, with_metadata=True
        )
    except Exception as exc:  # trafilatura raises assorted parser errors on broken markup
        log.warning("trafilatura failed: %s", exc)
        doc = None
    if doc is None:
        return {"text": ""}
    data = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    data["text"] = data.get("text") or ""
    return data


def visible_lines(html: str) -> list[str]:
    """The page's visible text blocks, one per line, as a plain-text scrape would have them."""
    import html_text

    try:
        return [
            ln.strip() for ln in html_text.extract_text(html, guess_layout=True).splitlines() if ln.strip()
        ]
    except Exception as exc:  # lxml refuses some documents (e.g. an XML declaration in a str)
        log.warning("html-text failed: %s", exc)
        return []


# Container tags that carry no text of their own. libxml2 gives up below 255 levels of nesting
# (unclosed <font> or <div> soup), leaving both extractors with nothing: the page is then read
# again without these tags, its text blocks (p, h1-h6, li, br) kept.
_CONTAINERS = re.compile(r"</?(?:div|span|font|section|center|main|b|i|u|em|strong|small|big|a)\b[^>]*>", re.I)


def clean_html(doc: RawDocument, repeated: frozenset[str] = frozenset()) -> Article:
    meta = extract(doc.content)
    visible = visible_lines(doc.content)
    if not meta["text"].strip() and not visible:
        flat = _CONTAINERS.sub(" ", doc.content)
        if flat != doc.content:
            log.info("%s: nothing extracted, read again without container tags", doc.path)
            meta, visible = extract(flat), visible_lines(flat)
    text = meta["text"]
    lines = L.split_lines("\n\n".join(p for p in text.splitlines() if p.strip()))
    labels = Labels(lines, np.ones(len(lines), dtype=bool), np.ones(len(lines)))
    mark_comments(labels)  # a thread that slipped into the main text
    _mark_inside(labels)
    title = doc.title or meta.get("title")
    if title:
        labels.title = title
        for i, ln in enumerate(lines):
            if L.normalise(ln.text) == L.normalise(title):
                labels.remove(i, LineKind.DUPLICATE, "repeated headline")
    if meta.get("author") and not labels.bylines:
        labels.bylines.append(f"By {meta['author']}")
    if meta.get("sitename"):
        labels.add_outlet("appeal", str(meta["sitename"]))
    raw = RawDocument(
        path=doc.path,
        fmt=doc.fmt,
        content=doc.content,
        url=doc.url or meta.get("url"),
        title=title,
        published=doc.published or _meta_date(meta, labels.stamps + _page_stamps(visible), doc.content),
        source=doc.source,
    )
    art = build_article(raw, labels)
    outside = _outside(visible, art.text, lines)
    found = [s for r in outside if r.kind is LineKind.STAMP and (s := S.find_stamp(r.line))]
    return replace(
        art,
        id=doc.id,
        removed=_in_page_order(visible, art.removed) + outside,
        stamps=tuple(dict.fromkeys(art.stamps + tuple(found))),
    )


def _page_stamps(visible: list[str]) -> list[str]:
    return [s for line in visible if (s := S.find_stamp(line))]


# An "Updated ..." stamp naming the metadata's day vetoes that day (the dating stage then reads
# the page's header lines instead) only when the page's markup nowhere writes that day in
# machine form (YYYY-MM-DD or YYYY/MM/DD: meta tags, JSON-LD, <time datetime>, the URL), i.e.
# when htmldate can only have read it from the stamp's text. The unconditional veto lost on the
# webdates dev pages: it fired on 11 pages where the metadata (htmldate's original date) was
# right on all 11, the header reading on 10 (``benchmarks/dates.py``, ``webdates-html`` additions).
STAMP_VETOES_METADATA = "unbacked"  # or "always", or "never"


def _meta_date(meta: dict[str, Any], stamps: list[str], html: str = "") -> str | None:
    """trafilatura's publication date (htmldate's ``original_date`` on the page, its URL included)."""
    found = meta.get("date")
    if not isinstance(found, str) or not re.match(r"\d{4}-\d{2}-\d{2}", found):
        return None
    if STAMP_VETOES_METADATA == "never" or not any(_names_day(s, found) for s in stamps):
        return found
    backed = found[:10] in html or found[:10].replace("-", "/") in html
    return found if STAMP_VETOES_METADATA == "unbacked" and backed else None


def _names_day(stamp: str, iso: str) -> bool:
    """Whether a stamp's text names the day ``iso`` (year, day and month by number or name)."""
    year, month, day = int(iso[:4]), int(iso[5:7]), int(iso[8:10])
    tokens = set(re.findall(r"[a-z]+|\d+", stamp.lower()))
    numbers = {int(t) for t in tokens if t.isdigit()}
    month_named = any(t[:3] == calendar.month_abbr[month].lower() for t in tokens if len(t) >= 3)
    has_year = year in numbers or year % 100 in numbers
    return has_year and day in numbers and (month in numbers or month_named)


def _in_page_order(visible: list[str], removed: tuple[RemovedLine, ...]) -> tuple[RemovedLine, ...]:
    """Give lines removed from the extracted text their line number in the page's visible text."""
    where: dict[str, int] = {}
    for n, line in enumerate(visible):
        where.setdefault(L.normalise(line), n)
    return tuple(replace(r, index=where.get(L.normalise(r.line), r.index)) for r in removed)


def _mark_inside(labels: Labels) -> None:
    for i, ln in enumerate(labels.lines):
        text = ln.text
        if stamp := S.find_stamp(text):
            labels.remove(i, LineKind.STAMP, "page stamp (upper bound for the date)")
            labels.stamps.append(stamp)
        elif S.is_separator(text):
            labels.remove(i, LineKind.CHROME, "separator")
        elif origin := S.republished_from(text):
            labels.remove(i, LineKind.OUTLET, f"republisher line (originally from {origin})")
        elif (credit := S.caption_credit(text)) and len(L.words(text)) <= 25:
            labels.remove(i, LineKind.CAPTION, f"photo caption (credit {credit})")
            labels.captions.append(text)
        elif (found := S.byline(text)) and (i <= 1 or i >= len(labels.lines) - 2):
            labels.remove(i, LineKind.BYLINE, "byline")
            labels.bylines.append(found[0])
            if found[1]:
                labels.add_outlet("byline", found[1])


def _outside(visible: list[str], body: str, kept: list[L.Line]) -> tuple[RemovedLine, ...]:
    """Visible lines of the page (numbered as html-text lays them out) that are not in the extracted text."""
    inside = L.normalise(body)
    seen = {L.normalise(ln.text) for ln in kept}
    first = next((n for n, line in enumerate(visible) if (v := L.normalise(line)) and (v in seen or v in inside)), 0)
    thread = C.thread_start(visible, first)  # stamps above the article date the page or other stories
    out = []
    for n, line in enumerate(visible):
        norm = L.normalise(line)
        if norm and norm not in seen and norm not in inside:
            if thread is not None and n >= thread.start:
                out.append(RemovedLine(line, LineKind.COMMENT, thread.reason(line), n))
            elif S.find_stamp(line):
                out.append(RemovedLine(line, LineKind.STAMP, "page stamp (upper bound for the date)", n))
            else:
                out.append(RemovedLine(line, LineKind.CHROME, OUTSIDE_REASON, n))
    return tuple(out)
