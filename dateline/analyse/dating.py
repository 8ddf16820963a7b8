"""Dates of one article: publication interval, main-event interval and every time expression.

:func:`date_article` is what the analyser calls. Publication: metadata if present, else
a trusted header-line date, else the intersection of the text's constraints (see
:mod:`dateline.analyse.constraints`); page stamps are upper bounds only. The event date is
the first time expression of the lead resolved against the publication interval, so it is
never more precise than that interval allows ("on Wednesday" in an article dated only to
2003–2005 is 2003–2005).
"""

from __future__ import annotations

import bisect
import logging
from collections.abc import Sequence
from dataclasses import dataclass

from dateline.analyse import constraints as C
from dateline.analyse import published as P
from dateline.analyse import timex
from dateline.data import Article, DateInterval, Evidence, Sentence, TimeExpression

log = logging.getLogger(__name__)

# Sentences of the lead searched for the main event's time expression.
LEAD_SENTENCES = 2
_EVENT_KINDS = ("weekday", "relative", "month-day", "date", "ago", "bare-month")


@dataclass(frozen=True, slots=True)
class ArticleDates:
    published: DateInterval
    event_date: DateInterval
    times: tuple[TimeExpression, ...]


def _told(text: str, sentences: Sequence[Sentence], hits: Sequence[timex.Hit]) -> list[C.Told]:
    starts = [s.start for s in sentences]
    out = []
    for h in hits:
        i = bisect.bisect_right(starts, h.start) - 1
        if 0 <= i < len(sentences) and h.start < sentences[i].end:
            s = sentences[i]
            off = h.start - s.start
            out.append(C.Told(h, s.index, s.text, off, timex.is_future(s.text, off)))
        else:  # outside any sentence (headline-like text): use the surrounding line
            lo = text.rfind("\n", 0, h.start) + 1
            hi = text.find("\n", h.end)
            line = text[lo : hi if hi >= 0 else len(text)]
            out.append(C.Told(h, -1, line, h.start - lo, timex.is_future(line, h.start - lo)))
    return out


def told_in(text: str, sentences: Sequence[Sentence]) -> list[C.Told]:
    """Every time expression of ``text`` with its sentence and how it is told."""
    return _told(text, sentences, timex.find(text))


def text_constraints(text: str, told: Sequence[C.Told]) -> list[Evidence]:
    """Every constraint the body text puts on its own publication day."""
    return (
        C.absolute_constraints(told)
        + C.anchored_constraints(told, text)
        + C.weekday_years(told)
        + C.day_of_year(told)
        + C.head_dateline(told, text)
    )


def _with_article(evs: Sequence[Evidence], article_id: str) -> list[Evidence]:
    return [Evidence(e.kind, e.text, e.start, e.end, article_id, e.sentence, e.note) for e in evs]


def infer_published(article: Article, told: Sequence[C.Told], extra: Sequence[Evidence] = ()) -> DateInterval:
    """Publication interval: metadata, else a trusted header date, else inference."""
    cands = P.candidates(article)
    bounds = P.stamp_bounds(article, cands)
    meta = P.metadata_interval(article)
    if meta is not None:
        kept = C.intersect(bounds, meta) if meta.start and meta.end else meta
        found = _disagreement(article, bounds, cands, meta)
        if found and HEADER_OVERRIDES_METADATA:
            return DateInterval(found[0].start, found[0].end, (found[0], *meta.evidence))
        return kept.with_evidence(*found)
    cons = _with_article(text_constraints(article.text, told), article.id) + list(extra)
    header = P.header_interval(article, bounds, cands)
    if header is not None:
        checked = C.intersect([c for c in cons if c.kind in ("last-year-anchor", "since-anchor")], header)
        if not any(e.kind == "conflict" for e in checked.evidence):
            return header.with_evidence(*bounds)
    hard = C.intersect(cons + bounds)
    prior = C.recency_bound(told, hard) if C.RECENCY_DAYS is not None else None
    return hard if prior is None else C.intersect(_with_article([prior], article.id), hard)


# On the webdates dev pages (HTML), a trusted header date disagreed with the page's metadata
# (htmldate's original date) on 10 pages: the metadata was right on 7, the header line on 3, and
# no kind of header evidence was right more often than the metadata. So the metadata is kept and
# the disagreement is reported (``benchmarks/dates.py``, ``webdates-html`` additions).
HEADER_OVERRIDES_METADATA = False


def _disagreement(
    article: Article, bounds: Sequence[Evidence], cands: Sequence[P.Candidate], meta: DateInterval
) -> list[Evidence]:
    """The page's own header date where it disagrees with the metadata, and which one was kept."""
    header = P.header_interval(article, bounds, cands)
    if header is None or header.start is None or meta.contains(header.start):
        return []
    said = header.evidence[0]
    kept = "the header date" if HEADER_OVERRIDES_METADATA else "the metadata"
    note = f"header date {header.start} ({said.note}) disagrees with metadata {meta.label()}; kept {kept}"
    return [Evidence("metadata-disagreement", said.text, header.start, header.end, article.id, note=note)]


def latest_past_event(
    article: Article, sentences: Sequence[Sentence], reference: DateInterval
) -> DateInterval | None:
    """The latest event the article tells as past with day or month precision (the recency prior's anchor)."""
    found = C.latest_past_event(told_in(article.text, sentences), reference)
    return found[1] if found else None


def resolve_times(told: Sequence[C.Told], reference: DateInterval) -> tuple[TimeExpression, ...]:
    out = []
    for t in told:
        iv = timex.resolve(t.hit, reference, t.future)
        if iv.is_known:
            out.append(TimeExpression(t.hit.text, t.sentence, t.hit.start, t.hit.end, iv, t.hit.kind))
    return tuple(out)


def event_date(
    times: Sequence[TimeExpression], sentences: Sequence[Sentence], published: DateInterval
) -> DateInterval:
    """The main event: the first dated expression of the lead, within the publication interval."""
    lead = {s.index for s in sentences[:LEAD_SENTENCES]}
    for t in times:
        if t.sentence in lead and t.kind in _EVENT_KINDS:
            iv = t.interval.intersect(DateInterval(None, published.end)) or t.interval
            ev = Evidence(
                "event-expression",
                t.text,
                iv.start,
                iv.end,
                sentence=t.sentence,
                note=f"resolved against {published.label()}",
            )
            return DateInterval(iv.start, iv.end, (ev,))
    return DateInterval(
        published.start,
        published.end,
        (Evidence("event-is-publication", "", published.start, published.end),),
    )


def date_article(
    article: Article, sentences: Sequence[Sentence], extra: Sequence[Evidence] = ()
) -> ArticleDates:
    """Publication and main-event intervals of one article, with every time expression resolved.

    ``extra`` are constraints found elsewhere (cross-document evidence) to intersect too.
    """
    hits = timex.find(article.text)
    told = _told(article.text, sentences, hits)
    pub = infer_published(article, told, extra)
    times = resolve_times(told, pub)
    return ArticleDates(pub, event_date(times, sentences, pub), times)
