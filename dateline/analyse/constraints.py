"""Publication-date inference from a text's own evidence: constraints and their intersection.

Each constraint is an :class:`~dateline.data.Evidence` whose ``start``/``end`` bound the
publication day, read from how a date is told: a past date is on or before publication
("in 2002" → published later), a future target after it ("set January 2006 as the
target" → published before), "last year's election" next to "the August 2020 election"
fixes the year, "seven months since" an anchored event fixes the month, a weekday next
to a month and day picks the years where they match. :func:`intersect` adds them in
order of strength and reports each one that contradicts the others as a ``conflict``
instead of hiding it. A prior (the ``recency`` bound, :func:`recency_bound`) is only likely:
it is added last and dropped, not reported, when the harder evidence contradicts it.
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
# ("is to take place", "takes place on 8 October", "projected", "tomorrow" were read as past in
# Timeline17's misses; both apostrophes, "we'll" and "we’ll".)
_FUTURE_CUES = re.compile(
    r"(?i)\b(will|won['’]t|would|shall|(?<=\w)['’]ll|(?:is|are|was|were) (?:due|set|scheduled|expected|slated|planned|poised) to|"
    r"(?:is|are) to|scheduled for|slated for|set for|due (?:in|on|by)|upcoming|target|deadline|aims? to|plans? to|"
    r"projected|tomorrow|takes? place|next)\b"
)
# A sentence is prose (not a headline, link or label) when it has this many words and ends
# like a sentence; only prose sentences give past/future constraints.
PROSE_WORDS = 8
_PROSE_END = re.compile(r"[.!?][\"'”’)]*\s*$")
_PAST_PREP = re.compile(r"(?i)\b(in|since|during|early|late|mid|of|year|the end of)[- ]\s*$")
_PAST_VERB = re.compile(
    r"(?i)\b(was|were|had|did|\w{3,}ed|said|began|came|became|took|made|went|saw|won|lost|met|fell|rose|left|held|led|told|gave|found|sent|built|set|spent|signed|founded|broke|struck|hit)\b"
)
_COMMENT = re.compile(r"(?i)\b(wrote|commented|replied|says):|\bcomment\s*#")
# A reader's comment is stamped with a full date at most this many characters before its
# "wrote:" cue ("At 3:29 pm on 02 Jun 2009, harbourfan wrote:").
COMMENT_STAMP_CHARS = 60
# Cues that a date is a limit or a start still to come, not a past event: no lower bound.
_NOT_PAST = re.compile(
    r"(?i)\b(until|till|by|before|from|starting|begins?|beginning|due|ahead of|through)\s+(?:on\s+|the\s+)?$"
)
_AMENDED = re.compile(r"(?i)\b(amended|updated|corrected|modified|revised)\s+(?:on|at|in)?\s*$")
_EMBED = re.compile(r"\bRT @|@\w+\s*:")
# Sentences at the head of a text that report its news (for month-day lower bounds).
LEAD_SENTENCES = 4
_AS_TARGET = re.compile(r"(?i)^\W*as (?:the|a|its) (?:target|deadline|goal)")
_TARGET = re.compile(r"(?i)\b(target|deadline|goal|aim|due|scheduled|set for)\b")
_WORD = re.compile(r"[A-Za-z][A-Za-z-]{3,}")
_STOP = frozenset(
    [
        "that",
        "this",
        "with",
        "from",
        "have",
        "been",
        "were",
        "when",
        "which",
        "their",
        "there",
        "after",
        "before",
        "since",
        "about",
    ]
)
# Strength order used when constraints conflict: the first kinds win.
# Cross-document evidence (another article's clause matched to this one's) ranks below the
# article's own dated past events and years: above them it overruled "in December 2010" with a
# match of "in June" to a June 2009 clause (T17 contains 0.949 -> 0.950 when moved below both;
# 0.949 below "date-past" only).
STRENGTH = (
    "metadata", "header-date", "head-dateline", "stamp-upper-bound", "comment-upper-bound", "last-year-anchor", "since-anchor",
    "year-future", "date-past", "year-past", "cross-document", "day-of-year", "weekday-year", "copyright-upper-bound", "recency",
)  # fmt: skip
# Priors: likely, not certain. One that contradicts the harder evidence is dropped, not a conflict.
PRIORS = frozenset(["recency"])
# Recency prior: a news article is published within RECENCY_DAYS days after the latest event
# it tells as past with day or month precision (at most RECENCY_PRECISION_DAYS wide). Calibrated
# on Timeline17 with `dct` stripped (``benchmarks/dates.py --calibrate-recency``: fitted on four
# folds of topics, scored on the fifth, the smallest N in 0..365 keeping containment >= 0.95): no
# N qualifies in any fold. News writes the year only for other years' events, so the latest
# dated past event is mostly background: the assumption held for 43% of the 526 T17 articles
# with one at N=14 (55% at N=365), 14% of 381 without the dateline lines (30% at N=365), and
# containment fell from 0.948 to 0.90. Off (None) until a corpus where it holds is calibrated.
RECENCY_DAYS: int | None = None
RECENCY_PRECISION_DAYS = 31
RECENCY_NOTE = "news is published soon after the latest event it reports"


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


def is_prose(sentence: str) -> bool:
    """A sentence of running text (enough words, a sentence end), not a headline or label."""
    return len(sentence.split()) >= PROSE_WORDS and bool(_PROSE_END.search(sentence))


def _ev(kind: str, t: Told, start: date | None, end: date | None, note: str = "") -> Evidence:
    return Evidence(kind, t.sentence_text.strip()[:300], start, end, None, t.sentence, note)


_PAST_ANCHOR = re.compile(r"(?i)\b(since|between|from|after|ago|last|of|early|earlier|late|mid)[- ]+(?:the\s+)?$")


# Characters before a date searched for the past-tense verb of a clause of its own ("the surge
# force that he sent to Afghanistan in 2010", inside a sentence told in the future).
PAST_CLAUSE_CHARS = 80
_SIMPLE_PAST = re.compile(
    r"(?i)\b(was|were|had|did|\w{3,}ed|began|came|became|took|made|went|saw|won|lost|met|fell|rose|left|held|led|told|gave|found|sent|built|spent|broke|struck)\b"
)


def _in_past_clause(t: Told) -> bool:
    """A simple-past verb between the last future cue and the date: the date is in a past clause."""
    window = t.sentence_text[max(0, t.offset - PAST_CLAUSE_CHARS) : t.offset]
    cue_end = max((m.end() for m in _FUTURE_CUES.finditer(window)), default=0)
    return any(m.start() >= cue_end for m in _SIMPLE_PAST.finditer(window))


def _future(t: Told) -> bool:
    if _PAST_ANCHOR.search(t.sentence_text[max(0, t.offset - 16) : t.offset]):
        return False  # "the first since 1969", "between 2004 and 2008": a past point
    window = t.sentence_text[max(0, t.offset - 40) : t.offset]
    after = t.sentence_text[t.offset + len(t.hit.text) : t.offset + len(t.hit.text) + 25]
    if _AS_TARGET.search(after):
        return True
    return (t.future or bool(_FUTURE_CUES.search(window))) and not _in_past_clause(t)


# "in 2011" next to a present or perfect verb ("attacks in 2011 have become more complex") is
# this year, not a past one: no shift. Characters searched on either side of the year.
PRESENT_CHARS = 30
_PRESENT = re.compile(r"(?i)\b(has|have|is|are|am|remains?|continues?)\b")


def _around(t: Told, chars: int) -> str:
    return t.sentence_text[max(0, t.offset - chars) : t.offset + len(t.hit.text) + chars]


def _absolute_one(t: Told) -> tuple[Evidence, DateInterval] | None:
    """The constraint one absolute date or year puts on publication, with the interval it names."""
    h = t.hit
    if not h.absolute or h.ambiguous or not (is_prose(t.sentence_text) or _COMMENT.search(t.sentence_text)):
        return None
    iv = timex.resolve(h, DateInterval.unknown())
    if iv.start is None or iv.end is None or _EMBED.search(t.sentence_text):
        return None
    before = t.sentence_text[max(0, t.offset - 25) : t.offset]
    if _AMENDED.search(before):
        return _ev("stamp-upper-bound", t, None, iv.end, "the article was amended then"), iv
    cue = _COMMENT.search(t.sentence_text, t.offset + len(h.text))
    if cue and h.kind == "date" and cue.start() <= t.offset + len(h.text) + COMMENT_STAMP_CHARS:
        return _ev("comment-upper-bound", t, None, iv.end, "a reader's comment comes after the article"), iv
    if _COMMENT.search(t.sentence_text[: t.offset]):
        return None  # inside a reader's comment: the commenter's date, not the article's
    if _future(t):
        window = t.sentence_text[max(0, t.offset - 60) : t.offset + len(h.text) + 40]
        if _TARGET.search(window):  # a target still ahead: published before it begins
            return _ev("year-future", t, None, iv.start - timedelta(days=1), "a target still ahead"), iv
        return _ev("year-future", t, None, iv.end, "told as future"), iv
    if (
        not _PAST_VERB.search(t.sentence_text)
        or _NOT_PAST.search(before)
        or h.kind == "year"
        and not _PAST_PREP.search(t.sentence_text[max(0, t.offset - 12) : t.offset])
    ):
        return None
    if (
        h.kind == "year"
        and t.sentence_text[max(0, t.offset - 4) : t.offset].lower().strip() == "in"
        and not _PRESENT.search(_around(t, PRESENT_CHARS))
    ):
        start = date(iv.end.year + YEAR_PAST_SHIFT, 1, 1)
        return _ev("year-past", t, start, None, "a past year, not this one"), iv
    if h.kind in ("year", "decade"):
        return _ev("year-past", t, iv.start, None, "told as past"), iv
    return _ev("date-past", t, iv.start, None, "told as past"), iv


def absolute_constraints(told: Sequence[Told]) -> list[Evidence]:
    """Past dates and years bound publication from below, future ones from above."""
    return [found[0] for found in map(_absolute_one, told) if found is not None]


_ADJ_END = re.compile(r"(al|ary|ial|ed|ic|ive|ian|ese|ish)$")
_LOWER_WORD = re.compile(r"[a-z][a-z-]{2,}")


def _nouns_after(text: str, end: int, n: int) -> list[str]:
    """The lowercase words right after a position (a noun and the adjectives before it)."""
    out: list[str] = []
    for w in _LOWER_WORD.findall(text[end : end + 50])[:n]:
        if w in _STOP or w in ("the", "and", "for", "was", "has", "had"):
            if out:
                break
            continue
        out.append(w.rstrip("s"))
        if not _ADJ_END.search(w):
            break
    return out


def _anchors(told: Sequence[Told], text: str) -> dict[str, DateInterval]:
    """Event nouns dated in the text: "the August 2020 election" -> {"election": Aug 2020}."""
    out: dict[str, DateInterval] = {}
    for t in told:
        h = t.hit
        if h.absolute and not h.ambiguous and h.kind in ("month", "year", "date", "season"):
            if text[h.end : h.end + 1] not in (" ", "'"):
                continue
            iv = timex.resolve(h, DateInterval.unknown())
            words = _nouns_after(text, h.end, 3)
            if words:
                out.setdefault(words[-1], iv)
    return out


def anchored_constraints(told: Sequence[Told], text: str) -> list[Evidence]:
    """ "last year's election" / "seven months since the election" against a dated election."""
    anchors = _anchors(told, text)
    out = []
    for t in told:
        h = t.hit
        if h.kind == "relative" and h.rel.endswith("year's"):
            words = _nouns_after(text, h.end, 3)
        elif h.kind == "since" and h.rel == "since":
            words = _nouns_after(text, h.end, 4)
        else:
            continue
        noun = next((w for w in words if w in anchors), None)
        if noun is None:
            continue
        a = anchors[noun]
        assert a.start is not None and a.end is not None
        if h.kind == "relative" and h.rel.startswith(("last", "past")) and a.end.year == a.start.year:
            y = a.start.year + 1
            out.append(
                _ev("last-year-anchor", t, date(y, 1, 1), date(y, 12, 31), f"{noun} dated {a.label()}")
            )
        elif h.kind == "relative" and h.rel.startswith("this") and a.end.year == a.start.year:
            y = a.start.year
            out.append(
                _ev("last-year-anchor", t, date(y, 1, 1), date(y, 12, 31), f"{noun} dated {a.label()}")
            )
        elif h.kind == "since":
            lo, hi = _add(a.start, h.n, h.unit, -1), _add(a.end, h.n, h.unit, 1)
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
    """ "Friday, March 5" (no year) is only Friday in some years; "Friday, March 5, 2010" must match."""
    out = []
    for t in told:
        h = t.hit
        if h.weekday is None or h.month is None or h.day is None:
            continue
        if h.year is not None:
            if date(h.year, h.month, h.day).weekday() != h.weekday:
                out.append(_ev("conflict", t, None, None, f"{h.text!r}: the weekday does not match the date"))
            continue
        years = [
            y
            for y in range(timex.MIN_YEAR, timex.MAX_YEAR + 1)
            if h.day <= calendar.monthrange(y, h.month)[1] and date(y, h.month, h.day).weekday() == h.weekday
        ]
        out.append(_ev("weekday-year", t, None, None, "years " + ",".join(map(str, years))))
    return out


# A full date at the head of the text followed by a clock time and a time zone
# ("Thursday 29 April 2010 08.47 BST") is the article's own dateline.
HEAD_CHARS = 600
_CLOCK_TZ = re.compile(
    r"^\W{0,3}(?:at\s+)?\d{1,2}[.:]\d\d\s*(?:[ap]\.?m\.?\s*)?(?:BST|GMT|UTC|CET|CEST|EST|EDT|ET|PST|PDT|CST|CDT|IST|AEST|AEDT)\b"
)
_DATELINE_STAMP = re.compile(
    r"(?i)(updated?|modified|last update|amended|retrieved|accessed|crawled|fetched|archived|printed)\W{0,12}$"
)


def head_dateline(told: Sequence[Told], text: str) -> list[Evidence]:
    """The dateline at the head of a text with no lines: a day, unless labelled as an update."""
    for t in told:
        h = t.hit
        if h.start > HEAD_CHARS:
            break
        if h.kind == "date" and not h.ambiguous and _CLOCK_TZ.search(text[h.end : h.end + 24]):
            if _DATELINE_STAMP.search(text[max(0, h.start - 30) : h.start]):
                continue
            d = date(h.year or 1, h.month or 1, h.day or 1)
            return [
                Evidence(
                    "head-dateline",
                    text[max(0, h.start - 40) : h.end + 24].strip(),
                    d,
                    d,
                    None,
                    t.sentence,
                    "date, time and zone at the head of the text",
                )
            ]
    return []


def day_of_year(told: Sequence[Told]) -> list[Evidence]:
    """ "on February 22", "in August" told as past: published later in the same year.

    A month or day named without a year is the publication's year (news style writes the
    year only when it is another one), so the publication falls on or after it in its year.
    """
    out = []
    for t in told:
        h = t.hit
        if (
            h.kind not in ("month-day", "bare-month")
            or h.month is None
            or not is_prose(t.sentence_text)
            or _future(t)
        ):
            continue
        if not 0 <= t.sentence < LEAD_SENTENCES or _NOT_PAST.search(
            t.sentence_text[max(0, t.offset - 25) : t.offset]
        ):
            continue
        if h.kind == "bare-month" and h.rel not in ("in", "early", "late", "mid", "since", "during"):
            continue
        out.append(_ev("day-of-year", t, None, None, f"{h.month:02d}-{h.day or 1:02d}"))
    return out


def _apply_day_of_year(iv: DateInterval, ev: Evidence) -> DateInterval | None:
    """Trim ``iv`` to the days on or after a month-day in their own year; None if none is left."""
    m, d = (int(x) for x in ev.note.split("-"))
    s, e = iv.start, iv.end
    if s is not None and (s.month, s.day) < (m, d):
        s = date(s.year, m, min(d, calendar.monthrange(s.year, m)[1]))
    if e is not None and (e.month, e.day) < (m, d):
        e = date(e.year - 1, 12, 31)
    if s is not None and e is not None and s > e:
        return None
    return DateInterval(
        s,
        e,
        iv.evidence
        + (
            Evidence(
                ev.kind, ev.text, s, e, ev.article_id, ev.sentence, f"on or after {ev.note} in its year"
            ),
        ),
    )


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
    start, end = max(iv.start or first, first), min(iv.end or last, last)
    if start > end:  # the weekday's years end before the interval starts: a contradiction
        return None
    narrowed = DateInterval(start, end)
    return DateInterval(
        narrowed.start,
        narrowed.end,
        iv.evidence
        + (Evidence(ev.kind, ev.text, narrowed.start, narrowed.end, ev.article_id, ev.sentence, ev.note),),
    )


def past_events(told: Sequence[Told], reference: DateInterval) -> list[tuple[Told, DateInterval]]:
    """Events the text tells as past, dated to a day or a month: explicit dates with a year, and
    month-days of the lead (no year) once ``reference`` fixes their year."""
    out = []
    for t in told:
        found = _absolute_one(t)
        if found is not None and found[0].kind == "date-past":
            iv = found[1]
        elif t.hit.kind == "month-day" and day_of_year([t]):
            iv = timex.resolve(t.hit, reference)
        else:
            continue
        width = iv.width_days
        if width is not None and width <= RECENCY_PRECISION_DAYS:
            out.append((t, iv))
    return out


def latest_past_event(told: Sequence[Told], reference: DateInterval) -> tuple[Told, DateInterval] | None:
    """The latest of :func:`past_events` that can lie before the end of ``reference``."""
    events = [
        (t, iv)
        for t, iv in past_events(told, reference)
        if iv.start is not None and iv.end is not None and (reference.end is None or iv.start <= reference.end)
    ]
    return max(events, key=lambda e: (e[1].end, -e[0].sentence), default=None)


def recency_limit(latest: date, hard: DateInterval, days: int) -> date | None:
    """The day the recency prior bounds publication by, ``days`` after the ``latest`` past event;
    None when the hard interval already ends by then or starts after it (the prior is dropped)."""
    bound = latest + timedelta(days=days)
    if (hard.end is not None and hard.end <= bound) or (hard.start is not None and hard.start > bound):
        return None
    return bound


def recency_bound(told: Sequence[Told], hard: DateInterval, days: int | None = None) -> Evidence | None:
    """The recency prior: published at most ``days`` after the latest event told as past.

    None when no such event is dated, when the hard evidence already ends sooner, or when the
    prior contradicts it (the hard evidence wins; the prior is dropped, not reported).
    """
    days = RECENCY_DAYS if days is None else days
    found = latest_past_event(told, hard)
    if days is None or found is None:
        return None
    t, latest = found
    assert latest.end is not None
    bound = recency_limit(latest.end, hard, days)
    if bound is None:
        return None
    note = f"at most {days} days after {t.hit.text!r} ({latest.label()}), the latest event told as past: {RECENCY_NOTE}"
    return _ev("recency", t, None, bound, note)


def intersect(constraints: Sequence[Evidence], base: DateInterval | None = None) -> DateInterval:
    """Intersect constraints strongest first; one that contradicts the rest becomes a ``conflict``.

    A prior (:data:`PRIORS`) that contradicts the rest is dropped instead: it was only likely.
    """
    order = {k: i for i, k in enumerate(STRENGTH)}
    iv = base or DateInterval.unknown()
    conflicts = [c for c in constraints if c.kind == "conflict"]
    for c in sorted(
        (c for c in constraints if c.kind != "conflict"), key=lambda c: order.get(c.kind, len(order))
    ):
        if c.kind == "weekday-year":
            nxt = _apply_weekday(iv, c)
        elif c.kind == "day-of-year":
            nxt = _apply_day_of_year(iv, c)
        else:
            nxt = iv.intersect(DateInterval(c.start, c.end, (c,)))
        if nxt is None and c.kind in PRIORS:
            continue
        if nxt is None:
            conflicts.append(
                Evidence(
                    "conflict",
                    c.text,
                    c.start,
                    c.end,
                    c.article_id,
                    c.sentence,
                    f"{c.kind} contradicts {iv.label()}; left out",
                )
            )
            continue
        iv = nxt
    return iv.with_evidence(*conflicts)
