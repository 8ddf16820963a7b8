"""Publication date of one document from its own evidence.

Ranked sources: a metadata string (JSONL field, HTML metadata found by the cleaner or
by :func:`html_published`), then a date on a header-like line of the page ("Published
...", "Posted ...", a byline or a date on its own line near the top). Page stamps
("Updated ...", "Last Updated ...", crawl times) are only upper bounds, never the
publication date; dates in comments, tweets, related-story lists and copyright lines
are not this article's. When nothing is trusted the text's own constraints are
intersected (see :mod:`dateline.analyse.constraints`).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from dateline.analyse import timex
from dateline.data import Article, DateInterval, Evidence, LineKind

log = logging.getLogger(__name__)

# Score a header-line date needs to be taken as the publication day. The weights in
# _score were set by hand from the kinds of lines a page shows (publish/posted labels,
# bylines, short date lines, tweets, comments); the threshold was checked on the
# webdates dev pages, scored by 5-fold cross-validation in benchmarks/dates.py.
TRUST_SCORE = 1.0
# Lines longer than this are prose: a date in them is an event, not the page's date.
PROSE_CHARS = 160
_PUB_LABEL = re.compile(r"(?i)\b(publi[sc]\w*|posted|released|date[d]?|written|on)\b\W{0,3}$|(?i:\bby\b)")
_UPDATE_LABEL = re.compile(r"(?i)(updated?|modified|last update|edited|revised|amended|aktualisiert)\W{0,4}(on|at)?\W{0,3}$")
_STAMP_LINE = re.compile(r"(?i)\b(updated?|modified|last update|edited|revised|crawl|retrieved|accessed|printed)\b")
_COPYRIGHT = re.compile(r"(?i)(©|\(c\)|copyright)\W{0,20}((?:19|20)\d\d)(?:\s*[-–]\s*((?:19|20)\d\d))?")
_TWEET = re.compile(r"^\s*[—–-]\s|\(@\w+\)|pic\.twitter|\breply\b|\bsays:|\bwrote:")
_TIME_AFTER = re.compile(r"^\W{0,4}(at\s+)?\d{1,2}[:.]\d\d|^\W{0,4}\d{1,2}\s*[ap]\.?m")


@dataclass(frozen=True, slots=True)
class Candidate:
    """A full date on a line of the page, scored as this page's publication day."""

    day: date
    score: float
    line: str
    source: str  # "body", "byline", "dateline", or a removed line's kind
    stamp: bool  # labelled as an update / crawl time: an upper bound only


@lru_cache(maxsize=1)
def _dateparser():  # type: ignore[no-untyped-def]
    import dateparser

    return dateparser


def parse_meta(meta: str | None) -> DateInterval | None:
    """A metadata date string as an interval at the precision it states."""
    if not meta or not meta.strip():
        return None
    s = meta.strip()
    m = re.match(r"((?:19|20)\d\d)(?:-(\d\d)(?:-(\d\d))?)?", s)
    if m:
        y, mo, d = int(m[1]), m[2], m[3]
        try:
            if d:
                return DateInterval.day(date(y, int(mo), int(d)))
            if mo:
                return DateInterval.month(y, int(mo))
            return DateInterval.year(y)
        except ValueError:
            return None
    parsed = _dateparser().parse(s, settings={"STRICT_PARSING": True})
    return DateInterval.day(parsed.date()) if parsed else None


def html_published(html: str) -> str | None:
    """The publication date htmldate finds in raw HTML (original, not updated), ISO or None."""
    try:
        from htmldate import find_date

        return find_date(html, original_date=True, extensive_search=True)
    except Exception as exc:  # htmldate raises many kinds on broken markup
        log.debug("htmldate failed: %s", exc)
        return None


def page_lines(article: Article) -> list[tuple[str, str, float]]:
    """Every line of the page with where it came from and its relative position (0..1)."""
    lines: list[tuple[str, str, float]] = []
    n_removed = max((r.index for r in article.removed), default=0) + 1
    for r in article.removed:
        lines.append((r.line, r.kind.value, min(r.index / max(n_removed, 40), 1.0)))
    for field_name in ("byline", "dateline"):
        val = getattr(article, field_name)
        if val:
            lines.append((val, field_name, 0.0))
    body = article.text
    pos = 0
    total = max(len(body), 1)
    for ln in body.splitlines():
        if ln.strip():
            lines.append((ln, "body", pos / total))
        pos += len(ln) + 1
    return lines


def _score(line: str, h: timex.Hit, source: str, rel: float, count: int) -> tuple[float, bool]:
    before = line[max(0, h.start - 30) : h.start]
    stamp = bool(_UPDATE_LABEL.search(before)) or source == LineKind.STAMP.value
    score = 0.0
    if _PUB_LABEL.search(before):
        score += 2.0
    if len(line) <= 100:
        score += 1.0
    if len(line) > PROSE_CHARS:
        score -= 3.0
    if _TIME_AFTER.search(line[h.end : h.end + 12]):
        score += 0.5
    if _TWEET.search(line):
        score -= 3.0
    if _COPYRIGHT.search(line):
        score -= 3.0
    if source in (LineKind.CAPTION.value,):
        score -= 1.0
    score += 0.5 * min(count - 1, 3)
    score -= 2.0 * rel
    return score, stamp


def candidates(article: Article) -> list[Candidate]:
    """Full dates on the page's lines, scored as candidates for its publication day."""
    found: list[tuple[str, timex.Hit, str, float]] = []
    for line, source, rel in page_lines(article):
        if not re.search(r"\d", line):
            continue
        for h in timex.find(line):
            if h.kind == "date" and not h.ambiguous:
                found.append((line, h, source, rel))
    counts: dict[date, int] = {}
    for line, h, _s, _r in found:
        if len(line) <= PROSE_CHARS:
            d = date(h.year or 1, h.month or 1, h.day or 1)
            counts[d] = counts.get(d, 0) + 1
    out = []
    for line, h, source, rel in found:
        d = date(h.year or 1, h.month or 1, h.day or 1)
        score, stamp = _score(line, h, source, rel, counts.get(d, 1))
        out.append(Candidate(d, score, line.strip()[:200], source, stamp))
    return out


def stamp_bounds(article: Article, cands: Sequence[Candidate]) -> list[Evidence]:
    """Upper bounds from page stamps and update labels: published on or before them."""
    out = []
    for s in article.stamps:
        days = [timex.resolve(h, DateInterval.unknown()) for h in timex.find(s) if h.kind == "date"]
        for iv in days:
            if iv.end:
                out.append(Evidence("stamp-upper-bound", s, None, iv.end, article.id))
    for c in cands:
        if c.stamp:
            out.append(Evidence("stamp-upper-bound", c.line, None, c.day, article.id))
    return out


def copyright_bounds(article: Article) -> list[Evidence]:
    """A copyright year is the page's year or later: published by its end."""
    out = []
    for line, _src, _rel in page_lines(article):
        m = _COPYRIGHT.search(line)
        if m:
            year = int(m[3] or m[2])
            out.append(Evidence("copyright-upper-bound", line.strip()[:200], None, date(year, 12, 31), article.id))
    return out[-1:]  # the page's own footer is the last one


def best_header_date(cands: Sequence[Candidate], upper: date | None) -> Candidate | None:
    """The best-scored non-stamp candidate at or before every upper bound, if trusted."""
    ok = [c for c in cands if not c.stamp and (upper is None or c.day <= upper)]
    if not ok:
        return None
    best = max(ok, key=lambda c: c.score)
    return best if best.score >= TRUST_SCORE else None


def metadata_interval(article: Article) -> DateInterval | None:
    iv = parse_meta(article.published_meta)
    if iv is None:
        return None
    ev = Evidence("metadata", article.published_meta or "", iv.start, iv.end, article.id)
    return DateInterval(iv.start, iv.end, (ev,))


def header_interval(article: Article, bounds: Sequence[Evidence]) -> DateInterval | None:
    """A trusted header-line date as the publication day, or None."""
    cands = candidates(article)
    upper = min((b.end for b in bounds if b.end), default=None)
    best = best_header_date(cands, upper)
    if best is None:
        return None
    ev = Evidence("header-date", best.line, best.day, best.day, article.id, note=f"{best.source}, score {best.score:.1f}")
    return DateInterval(best.day, best.day, (ev,))


def latest(bounds: Sequence[Evidence]) -> date | None:
    return min((b.end for b in bounds if b.end), default=None)


def one_day_before(d: date) -> date:
    return d - timedelta(days=1)
