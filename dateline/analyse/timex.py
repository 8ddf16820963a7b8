"""Time expressions: find them in text and resolve them against a reference interval.

An interval in, an interval out: every relative expression ("on Wednesday", "last
month", "earlier this year") is a pair of monotone functions of the reference day
(earliest and latest day it can mean); against a reference interval ``[rs, re]`` it
resolves to ``[lo(rs), hi(re)]``, so the result is never more precise than the
reference. Absolute expressions ("February 22, 2021", "in 2002", "the 1990s") do not
need the reference; a month and day without a year take the reference's year(s).

Finding is regex-only (cheap: a few hundred microseconds per article); dateparser is
not needed for the forms recognised here.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from dateline.data import DateInterval, Sentence, TimeExpression

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}  # fmt: skip
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}
NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "several": 3, "a few": 2,
}  # fmt: skip
# Month names of other languages written on English-language pages (day month year only).
FOREIGN_MONTHS = {
    1: "januar jänner janvier enero gener gennaio janeiro ianuarie januari",
    2: "februar février fevrier febrero febrer febbraio fevereiro februarie februari",
    3: "märz maerz mars marzo març março martie maart",
    4: "avril abril aprile aprilie",
    5: "mai maig mayo maggio maio mei",
    6: "juni juin junio juny giugno junho iunie",
    7: "juli juillet julio juliol luglio julho iulie",
    8: "août aout agosto agost augustus",
    9: "septembre septiembre setiembre setembre settembre setembro septembrie",
    10: "oktober octobre octubre ottobre outubro octombrie",
    11: "novembre noviembre novembro noiembrie",
    12: "dezember décembre decembre diciembre desembre dicembre dezembro decembrie",
}
_FOREIGN = {name: m for m, names in FOREIGN_MONTHS.items() for name in names.split()}
# Calendar years accepted as years at all (a four-digit number outside is a quantity).
MIN_YEAR, MAX_YEAR = 1900, 2099

_MON = (
    r"(?P<mon>Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?|"
    r"Aug(?:ust|\.)?|Sept?(?:ember|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)"
)
_MON_CI = "(?i:" + _MON.replace("(?P<mon>", "(?:") + ")"
_MON_ANY = "(?P<mon>" + _MON_CI + ")"  # any case, for forms that carry a year
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_WD = r"(?:(?P<wd>Mon|Tues?|Wed(?:nes)?|Thu(?:rs?)?|Fri|Sat(?:ur)?|Sun)(?:day)?\.?,?\s+)?"
_NUM = r"(?P<n>\d{1,3}|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|a few)"
_B = r"(?<![\w/.-])"  # not glued to a preceding word, number or path
_E = r"(?![\w/])"


@dataclass(frozen=True, slots=True)
class Hit:
    """A time expression found in text, before resolution."""

    text: str
    start: int
    end: int
    kind: str  # "date", "month-day", "month", "year", "decade", "relative", "weekday", "ago", ...
    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None
    part: str = ""  # "early"/"mid"/"late" of a month or a decade
    rel: str = ""  # name of the relative rule, e.g. "last-week"
    n: int = 0  # count for "N days ago" / "N months since"
    unit: str = ""  # "day"/"week"/"month"/"year"
    ambiguous: tuple[date, ...] = ()  # numeric dates readable two ways
    future: bool = False  # told in the future tense

    @property
    def absolute(self) -> bool:
        return self.year is not None


def _clip_day(y: int, m: int, d: int) -> date | None:
    if not (MIN_YEAR <= y <= MAX_YEAR and 1 <= m <= 12):
        return None
    if not 1 <= d <= calendar.monthrange(y, m)[1]:
        return None
    return date(y, m, d)


def _month_no(s: str) -> int:
    return MONTHS[s.lower().rstrip(".")[:3]]


def _weekday_no(s: str) -> int:
    low = s.lower()
    return next(v for k, v in WEEKDAYS.items() if k.startswith(low[:3]))


def _number(s: str) -> int:
    return int(s) if s.isdigit() else NUMBER_WORDS[s.lower()]


# -- patterns ----------------------------------------------------------------------------
# Each is (kind, regex); longest non-overlapping matches win.
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(_B + r"(?P<year>(?:19|20)\d\d)[-/.](?P<m>[01]?\d)[-/.](?P<day>[0-3]?\d)(?![\d])")),
    ("num", re.compile(_B + r"(?P<a>[0-3]?\d)[/.-](?P<b>[0-3]?\d)[/.-](?P<year>(?:19|20)\d\d|\d\d)(?![\d/.-]\d)(?!\d)")),
    ("mdy", re.compile(_B + _WD + _MON_ANY + r"\s+" + _DAY + r"(?:,\s*|\s+)" + _YEAR + r"(?!\d)")),
    ("dmy", re.compile(_B + _WD + _DAY + r"(?:\s+of)?\s+" + _MON_ANY + r",?\s+" + _YEAR + r"(?!\d)")),
    ("dmy-foreign", re.compile(_B + r"(?P<day>[0-3]?\d)\.?\s+(?i:de\s+)?(?P<fmon>(?i:" + "|".join(sorted(_FOREIGN, key=len, reverse=True)) + r"))\.?,?\s+(?i:de\s+)?" + _YEAR + r"(?!\d)")),
    ("part-month-year", re.compile(r"(?i:(?P<part>early|mid|late|the (?:end|beginning|start) of))[- ]?\s*" + _MON + r",?\s+(?:of\s+)?" + _YEAR + r"(?!\d)")),
    ("month-year", re.compile(_B + _MON_ANY + r",?\s+(?:of\s+)?" + _YEAR + r"(?!\d)")),
    ("season-year", re.compile(r"(?i:(?P<season>spring|summer|autumn|fall|winter))\s+(?:of\s+)?" + _YEAR + r"(?!\d)")),
    ("md", re.compile(_B + _WD + _MON + r"\s+" + _DAY + r"(?![\d:])(?!\s*(?:,\s*)?(?:19|20)\d\d)")),
    ("dm", re.compile(_B + _WD + _DAY + r"(?:\s+of)?\s+" + _MON + r"(?![\w])(?!,?\s+(?:19|20)\d\d)")),
    ("decade", re.compile(r"(?i:the\s+)(?P<part>(?i:early|mid|late)-?\s*)?(?P<dec>(?:19|20)\d0)'?s(?!\w)")),
    ("year", re.compile(r"(?i:(?P<prep>in|since|of|from|by|until|till|before|after|during|early|late|mid|year|between|and|to|through|around|for|the end of)[- ])\s*" + _YEAR + r"(?![\d,.]\d)(?!\s*(?:%|percent|people|km|kilometers|miles|troops|deaths))")),
    ("year-possessive", re.compile(_B + _YEAR + r"(?:'s)?\s+(?P<noun>(?i:election|elections|vote|referendum|war|earthquake|olympics|games|crisis|season|census|summit|campaign|revolution|uprising|protests?|budget|world cup|spill))\b")),
    ("bare-month", re.compile(r"(?i:(?P<prep>in|last|next|this|since|until|by|early|late|mid|through|during|earlier|later))[- ]\s*(?:(?i:in|this)\s+)?" + _MON.replace("May|", "May(?!\\s+(?:be|have|not))|") + r"(?![\w])(?!\s+\d)(?!,?\s+(?:of\s+)?(?:19|20)\d\d)")),
    ("relative", re.compile(
        r"(?i)\b(?P<rel>yesterday|today|tomorrow|tonight|this (?:morning|afternoon|evening)|last night|"
        r"(?:earlier |later )?this (?:week|month|year)|(?:last|next|past) (?:week|month|year)(?:'s)?|"
        r"(?:last|next) (?:weekend)|earlier (?:in )?(?:the|this) (?:week|month|year))\b")),
    ("weekday", re.compile(r"(?:(?i:(?P<prep>on|last|next|this|since|by|until|late|early))\s+)?\b(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)s?\b(?!,?\s+(?:" + _MON_CI + r"|\d))")),
    ("ago", re.compile(r"(?i)\b" + _NUM + r"\s+(?P<unit>day|week|month|year)s?\s+(?P<dir>ago|earlier|before|later|after)\b")),
    ("since", re.compile(r"(?i)\b" + _NUM + r"(?:\s+|-)(?P<unit>day|week|month|year)s?\s+(?:of\s+[\w\s-]{0,60}?)?(?P<dir>since|after)\b")),
]  # fmt: skip
_FUTURE = re.compile(
    r"(?i)\b(?:will|won['’]t|shall|(?<=\w)['’]ll|is (?:due|set|scheduled|expected) to|are (?:due|set|scheduled|expected) to|plans? to|scheduled for|due on|set for|upcoming|next)\b"
)


# Cheap literal-ish triggers: each pattern is only tried in a window around a trigger hit.
_TRIGGERS: list[tuple[re.Pattern[str], tuple[str, ...]]] = [
    (re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)"),
     ("iso", "num", "mdy", "dmy", "dmy-foreign", "part-month-year", "month-year", "season-year", "decade", "year", "year-possessive")),
    (re.compile(r"\d[/.-]\d{1,2}[/.-]\d\d"), ("num",)),
    (re.compile(r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)"),
     ("md", "dm", "bare-month")),
    (re.compile(r"\b(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"), ("weekday",)),
    (re.compile(r"\b(?:[Yy]esterday|[Tt]oday|[Tt]omorrow|[Tt]onight|[Tt]his|[Ll]ast|[Nn]ext|[Pp]ast|[Ee]arlier|[Ll]ater)\b"),
     ("relative",)),
    (re.compile(r"\b(?:[Dd]ay|[Ww]eek|[Mm]onth|[Yy]ear)s?\b"), ("ago", "since")),
]  # fmt: skip
_BY_KIND = dict(_PATTERNS)
# Patterns around a year that need an English month or season name before it.
_NEED_MONTH = frozenset(("mdy", "dmy", "part-month-year", "month-year", "season-year"))
_MONTH_NEAR = re.compile(r"(?i)\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|spring|summer|autumn|fall|winter)")
_ORDER = {k: i for i, (k, _p) in enumerate(_PATTERNS)}
# Characters before / after a trigger within which each pattern must match (from the
# longest text each pattern can put before and after its trigger, plus its lookarounds).
_BACK = {
    "mdy": 40,
    "dmy": 40,
    "dmy-foreign": 25,
    "part-month-year": 45,
    "md": 20,
    "dm": 25,
    "bare-month": 25,
    "since": 20,
}
_FWD = {"since": 75, "year-possessive": 30, "year": 25, "md": 25, "dm": 25, "bare-month": 25}
_DEFAULT_BACK, _DEFAULT_FWD = 20, 15


def _collect(text: str) -> list[tuple[str, re.Match[str]]]:
    seen: dict[tuple[str, int, int], re.Match[str]] = {}
    n = len(text)
    for trig, kinds in _TRIGGERS:
        for t in trig.finditer(text):
            named = None  # whether an English month or season is near (computed once, if needed)
            for kind in kinds:
                if kind in _NEED_MONTH:
                    if named is None:
                        named = bool(_MONTH_NEAR.search(text, max(0, t.start() - 45), t.start()))
                    if not named:
                        continue
                lo = max(0, t.start() - _BACK.get(kind, _DEFAULT_BACK))
                hi = min(n, t.end() + _FWD.get(kind, _DEFAULT_FWD))
                for m in _BY_KIND[kind].finditer(text, lo, hi):
                    if m.start() <= t.start() and m.end() >= t.end() - 2:
                        seen[(kind, m.start(), m.end())] = m
    found = sorted(seen.items(), key=lambda km: (km[0][1], -(km[0][2] - km[0][1]), _ORDER[km[0][0]]))
    chosen: list[tuple[str, re.Match[str]]] = []
    last_end = -1
    for (kind, start, _end), m in found:
        if start >= last_end:
            chosen.append((kind, m))
            last_end = m.end()
    return chosen


def _numeric(m: re.Match[str], order: str | None) -> Hit | None:
    a, b = int(m["a"]), int(m["b"])
    y = int(m["year"])
    if y < 100:
        y += 2000 if y < 70 else 1900
    mdy = _clip_day(y, a, b)
    dmy = _clip_day(y, b, a)
    if order == "mdy" and mdy:
        dmy = None
    elif order == "dmy" and dmy:
        mdy = None
    options = tuple(sorted({d for d in (mdy, dmy) if d}))
    if not options:
        return None
    d0 = options[0]
    return Hit(
        m.group(0),
        m.start(),
        m.end(),
        "date",
        d0.year,
        d0.month,
        d0.day,
        ambiguous=options if len(options) > 1 else (),
    )


def numeric_order(text: str) -> str | None:
    """``"mdy"`` or ``"dmy"`` when the text's unambiguous numeric dates all agree, else ``None``."""
    votes = set()
    for m in _PATTERNS[1][1].finditer(text):
        a, b = int(m["a"]), int(m["b"])
        if a > 12 >= b:
            votes.add("dmy")
        elif b > 12 >= a:
            votes.add("mdy")
    return votes.pop() if len(votes) == 1 else None


def _hit(kind: str, m: re.Match[str], text: str, order: str | None) -> Hit | None:
    g = m.groupdict()
    s, e, t = m.start(), m.end(), m.group(0)
    wd = _weekday_no(g["wd"]) if g.get("wd") else None
    if kind == "iso":
        d = _clip_day(int(g["year"]), int(g["m"]), int(g["day"]))
        return Hit(t, s, e, "date", d.year, d.month, d.day) if d else None
    if kind == "num":
        return _numeric(m, order)
    if kind in ("mdy", "dmy"):
        d = _clip_day(int(g["year"]), _month_no(g["mon"]), int(g["day"]))
        return Hit(t, s, e, "date", d.year, d.month, d.day, weekday=wd) if d else None
    if kind == "dmy-foreign":
        d = _clip_day(int(g["year"]), _FOREIGN[g["fmon"].lower()], int(g["day"]))
        return Hit(t, s, e, "date", d.year, d.month, d.day) if d else None
    if kind in ("md", "dm"):
        day, mon = int(g["day"]), _month_no(g["mon"])
        if not 1 <= day <= calendar.monthrange(2000, mon)[1]:
            return None
        return Hit(t, s, e, "month-day", month=mon, day=day, weekday=wd)
    if kind == "part-month-year":
        part = g["part"].lower()
        part = "early" if "beginning" in part or "start" in part else "late" if "end" in part else part
        return Hit(t, s, e, "month", int(g["year"]), _month_no(g["mon"]), part=part)
    if kind == "month-year":
        return Hit(t, s, e, "month", int(g["year"]), _month_no(g["mon"]))
    if kind == "season-year":
        return Hit(t, s, e, "season", int(g["year"]), part=g["season"].lower())
    if kind == "decade":
        return Hit(t, s, e, "decade", int(g["dec"]), part=(g["part"] or "").strip(" -").lower())
    if kind in ("year", "year-possessive"):
        y = int(g["year"])
        ys = m.start("year")
        return Hit(text[ys:e] if kind == "year" else t, ys if kind == "year" else s, e, "year", y)
    if kind == "bare-month":
        return Hit(t, s, e, "bare-month", month=_month_no(g["mon"]), rel=g["prep"].lower())
    if kind == "relative":
        return Hit(t, s, e, "relative", rel=" ".join(g["rel"].lower().split()))
    if kind == "weekday":
        return Hit(t, s, e, "weekday", weekday=_weekday_no(g["wd"]), rel=(g["prep"] or "").lower())
    if kind in ("ago", "since"):
        return Hit(t, s, e, kind, n=_number(g["n"]), unit=g["unit"].lower(), rel=g["dir"].lower())
    return None


def find(text: str, order: str | None = None) -> list[Hit]:
    """Every time expression in ``text``, in order, longest match first at each position."""
    order = order or numeric_order(text)
    hits = []
    for kind, m in _collect(text):
        h = _hit(kind, m, text, order)
        if h is not None:
            hits.append(h)
    return hits


def is_future(sentence: str, hit_start: int) -> bool:
    """Whether the clause before a time expression (in its sentence) is told in the future."""
    window = sentence[max(0, hit_start - 80) : hit_start + 20]
    return bool(_FUTURE.search(window))


# -- resolution --------------------------------------------------------------------------
DayFn = Callable[[date], date]


def _map(ref: DateInterval, lo: DayFn, hi: DayFn) -> DateInterval:
    """Apply monotone bounds to an interval reference, keeping open ends open."""
    try:
        s = lo(ref.start) if ref.start else None
        e = hi(ref.end) if ref.end else None
    except (ValueError, OverflowError):
        return DateInterval.unknown()
    if s and e and s > e:
        s, e = e, s
    return DateInterval(s, e)


def _month_start(d: date, delta: int = 0) -> date:
    idx = d.year * 12 + d.month - 1 + delta
    return date(idx // 12, idx % 12 + 1, 1)


def _month_end(d: date, delta: int = 0) -> date:
    first = _month_start(d, delta)
    return first.replace(day=calendar.monthrange(first.year, first.month)[1])


def _monday(d: date) -> date:
    return d - timedelta(days=d.weekday())


def _prev_weekday(w: int) -> DayFn:
    return lambda d: d - timedelta(days=(d.weekday() - w) % 7)


def _next_weekday(w: int) -> DayFn:
    return lambda d: d + timedelta(days=(w - d.weekday()) % 7)


_RELATIVE: dict[str, tuple[DayFn, DayFn]] = {
    "today": (lambda d: d, lambda d: d),
    "tonight": (lambda d: d, lambda d: d),
    "this morning": (lambda d: d, lambda d: d),
    "this afternoon": (lambda d: d, lambda d: d),
    "this evening": (lambda d: d, lambda d: d),
    "yesterday": (lambda d: d - timedelta(1), lambda d: d - timedelta(1)),
    "last night": (lambda d: d - timedelta(1), lambda d: d),
    "tomorrow": (lambda d: d + timedelta(1), lambda d: d + timedelta(1)),
    "this week": (_monday, lambda d: _monday(d) + timedelta(6)),
    "earlier this week": (_monday, lambda d: d),
    "later this week": (lambda d: d, lambda d: _monday(d) + timedelta(6)),
    "last week": (lambda d: _monday(d) - timedelta(7), lambda d: _monday(d) - timedelta(1)),
    "past week": (lambda d: d - timedelta(7), lambda d: d),
    "next week": (lambda d: _monday(d) + timedelta(7), lambda d: _monday(d) + timedelta(13)),
    "last weekend": (lambda d: _monday(d) - timedelta(2), lambda d: _monday(d) - timedelta(1)),
    "next weekend": (lambda d: _monday(d) + timedelta(5), lambda d: _monday(d) + timedelta(13)),
    "this month": (_month_start, _month_end),
    "earlier this month": (_month_start, lambda d: d),
    "later this month": (lambda d: d, _month_end),
    "last month": (lambda d: _month_start(d, -1), lambda d: _month_end(d, -1)),
    "past month": (lambda d: d - timedelta(31), lambda d: d),
    "next month": (lambda d: _month_start(d, 1), lambda d: _month_end(d, 1)),
    "this year": (lambda d: date(d.year, 1, 1), lambda d: date(d.year, 12, 31)),
    "earlier this year": (lambda d: date(d.year, 1, 1), lambda d: d),
    "later this year": (lambda d: d, lambda d: date(d.year, 12, 31)),
    "last year": (lambda d: date(d.year - 1, 1, 1), lambda d: date(d.year - 1, 12, 31)),
    "past year": (lambda d: d - timedelta(366), lambda d: d),
    "next year": (lambda d: date(d.year + 1, 1, 1), lambda d: date(d.year + 1, 12, 31)),
}
_RELATIVE["earlier in the week"] = _RELATIVE["earlier this week"]
_RELATIVE["earlier in the month"] = _RELATIVE["earlier this month"]
_RELATIVE["earlier in the year"] = _RELATIVE["earlier this year"]
_RELATIVE["earlier the week"] = _RELATIVE["earlier this week"]


def _shift(n: int, unit: str, sign: int) -> tuple[DayFn, DayFn]:
    """Bounds for "N units ago/later": days exact, larger units with their rounding slack."""
    if unit == "day":
        return (lambda d: d + timedelta(sign * n), lambda d: d + timedelta(sign * n))
    if unit == "week":
        return (lambda d: d + timedelta(sign * 7 * n - 3), lambda d: d + timedelta(sign * 7 * n + 3))
    if unit == "month":
        return (lambda d: _month_start(d, sign * n - 1), lambda d: _month_end(d, sign * n + 1))
    return (
        lambda d: date(d.year + sign * n - 1, d.month, 1),
        lambda d: _month_end(date(d.year + sign * n + 1, d.month, 1)),
    )


def _absolute(h: Hit) -> DateInterval:
    assert h.year is not None
    y = h.year
    if h.kind == "date":
        if h.ambiguous:
            return DateInterval(min(h.ambiguous), max(h.ambiguous))
        return DateInterval.day(date(y, h.month or 1, h.day or 1))
    if h.kind == "month":
        assert h.month is not None
        full = DateInterval.month(y, h.month)
        assert full.start is not None and full.end is not None
        if h.part == "early":
            return DateInterval(full.start, full.start.replace(day=10))
        if h.part == "mid":
            return DateInterval(full.start.replace(day=11), full.start.replace(day=20))
        if h.part == "late":
            return DateInterval(full.start.replace(day=21), full.end)
        return full
    if h.kind == "season":
        span = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11)}.get(h.part)
        if span is None:  # winter straddles two years
            return DateInterval(date(y - 1, 12, 1), date(y, 3, 31))
        return DateInterval(date(y, span[0], 1), _month_end(date(y, span[1], 1)))
    if h.kind == "decade":
        lo, hi = {"early": (0, 4), "mid": (3, 7), "late": (6, 9)}.get(h.part, (0, 9))
        return DateInterval(date(y + lo, 1, 1), date(y + hi, 12, 31))
    return DateInterval.year(y)


def _month_day(h: Hit, ref: DateInterval, future: bool) -> DateInterval:
    """A month and day without a year: the nearest one before (or after, if future) the reference."""
    assert h.month is not None and h.day is not None
    m, dd = h.month, h.day

    def on(y: int) -> date:
        return date(y, m, min(dd, calendar.monthrange(y, m)[1]))

    if future:
        return _map(
            ref,
            lambda d: on(d.year) if on(d.year) >= d else on(d.year + 1),
            lambda d: on(d.year) if on(d.year) >= d else on(d.year + 1),
        )
    return _map(
        ref,
        lambda d: on(d.year) if on(d.year) <= d else on(d.year - 1),
        lambda d: on(d.year) if on(d.year) <= d else on(d.year - 1),
    )


def _bare_month(h: Hit, ref: DateInterval, future: bool) -> DateInterval:
    assert h.month is not None
    m = h.month
    if h.rel == "last":
        return _map(
            ref,
            lambda d: date(d.year - 1 if m >= d.month else d.year, m, 1),
            lambda d: _month_end(date(d.year - 1 if m >= d.month else d.year, m, 1)),
        )
    if h.rel in ("next",) or future:
        return _map(
            ref,
            lambda d: date(d.year if m >= d.month else d.year + 1, m, 1),
            lambda d: _month_end(date(d.year if m >= d.month else d.year + 1, m, 1)),
        )
    if h.rel == "this":
        return _map(ref, lambda d: date(d.year, m, 1), lambda d: _month_end(date(d.year, m, 1)))
    return _map(
        ref,
        lambda d: date(d.year if m <= d.month else d.year - 1, m, 1),
        lambda d: _month_end(date(d.year if m <= d.month else d.year - 1, m, 1)),
    )


def resolve(h: Hit, ref: DateInterval, future: bool = False) -> DateInterval:
    """The interval ``h`` denotes, told at some day of ``ref`` (``future``: told as ahead)."""
    if h.absolute:
        return _absolute(h)
    if h.kind == "month-day":
        return _month_day(h, ref, future)
    if h.kind == "bare-month":
        return _bare_month(h, ref, future)
    if h.kind == "relative":
        rel = h.rel.removesuffix("'s")
        bounds = _RELATIVE.get(rel)
        return _map(ref, *bounds) if bounds else DateInterval.unknown()
    if h.kind == "weekday":
        assert h.weekday is not None
        if h.rel == "next" or (future and h.rel != "last"):
            fn = _next_weekday(h.weekday)
        else:
            fn = _prev_weekday(h.weekday)
        return _map(ref, fn, fn)
    if h.kind == "ago" and h.rel in ("ago",):
        return _map(ref, *_shift(h.n, h.unit, -1))
    return DateInterval.unknown()


def _sentence_of(sentences: Iterable[Sentence], pos: int) -> Sentence | None:
    return next((s for s in sentences if s.start <= pos < s.end), None)


def find_times(
    text: str, reference: DateInterval, sentences: Iterable[Sentence] = ()
) -> list[TimeExpression]:
    """Find and resolve every time expression of ``text`` against ``reference``.

    Expressions that cannot be resolved (a relative one against an unknown reference,
    "N months after" with no anchor) are left out.
    """
    sents = list(sentences)
    out = []
    for h in find(text):
        sent = _sentence_of(sents, h.start)
        sent_text = sent.text if sent else text[max(0, h.start - 200) : h.end + 50]
        offset = h.start - sent.start if sent else min(h.start, 200)
        interval = resolve(h, reference, is_future(sent_text, offset))
        if interval.is_known:
            out.append(TimeExpression(h.text, sent.index if sent else -1, h.start, h.end, interval, h.kind))
    return out
