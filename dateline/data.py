"""Domain objects passed between the pipeline stages.

A document flows ``RawDocument -> Article -> AnalysedArticle -> Event -> Timeline``.
Every object is a frozen, slotted dataclass; dates are :class:`datetime.date` objects
or :class:`DateInterval` values that keep their precision and evidence, never strings.
Each derived fact keeps a pointer to the text it came from (article id, sentence index,
character span) so that every timeline line can be traced back.

``to_json`` / ``from_json`` convert any of these objects to plain JSON-able data and
back; the store uses them, and so do the CLI and HTTP layers.
"""

from __future__ import annotations

import base64
import calendar
import dataclasses
import types
import typing
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from typing import Any, Union


class Precision(StrEnum):
    """How precisely a :class:`DateInterval` fixes a date."""

    DAY = "day"
    MONTH = "month"
    YEAR = "year"
    RANGE = "range"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class Evidence:
    """One constraint on a date, and the text it was read from.

    ``kind`` names the rule that produced it (``"metadata"``, ``"dateline"``,
    ``"explicit-date"``, ``"year-past"``, ``"relative"``, ``"weekday"``,
    ``"stamp-upper-bound"``, ``"cross-document"``, ...). ``start``/``end`` are the bounds
    this piece of evidence alone implies (``None`` for an open end). ``article_id`` and
    ``sentence`` point at where the text is; for cross-document evidence ``article_id``
    is the *other* article that moved the date. ``"metadata-disagreement"`` is a report, not a
    constraint: the page's own header date where it disagrees with the metadata, which was kept.
    """

    kind: str
    text: str
    start: date | None = None
    end: date | None = None
    article_id: str | None = None
    sentence: int | None = None
    note: str = ""


@dataclass(frozen=True, slots=True)
class DateInterval:
    """An inclusive interval of days; either end may be open (``None``).

    ``DateInterval(d, d)`` is an exact day; the whole of a month or a year gets month or
    year precision; ``DateInterval(None, None)`` means nothing is known.
    """

    start: date | None = None
    end: date | None = None
    evidence: tuple[Evidence, ...] = ()

    def __post_init__(self) -> None:
        if self.start is not None and self.end is not None and self.start > self.end:
            raise ValueError(f"interval start {self.start} is after its end {self.end}")

    # -- constructors -------------------------------------------------------------
    @classmethod
    def day(cls, d: date, evidence: tuple[Evidence, ...] = ()) -> DateInterval:
        return cls(d, d, evidence)

    @classmethod
    def month(cls, year: int, month: int, evidence: tuple[Evidence, ...] = ()) -> DateInterval:
        last = calendar.monthrange(year, month)[1]
        return cls(date(year, month, 1), date(year, month, last), evidence)

    @classmethod
    def year(cls, year: int, evidence: tuple[Evidence, ...] = ()) -> DateInterval:
        return cls(date(year, 1, 1), date(year, 12, 31), evidence)

    @classmethod
    def unknown(cls) -> DateInterval:
        return cls(None, None, ())

    # -- properties ---------------------------------------------------------------
    @property
    def precision(self) -> Precision:
        s, e = self.start, self.end
        if s is None and e is None:
            return Precision.UNKNOWN
        if s is None or e is None:
            return Precision.RANGE
        if s == e:
            return Precision.DAY
        if s.day == 1 and s.year == e.year and s.month == e.month and e.day == calendar.monthrange(e.year, e.month)[1]:
            return Precision.MONTH
        if (s.month, s.day) == (1, 1) and (e.month, e.day) == (12, 31) and s.year == e.year:
            return Precision.YEAR
        return Precision.RANGE

    @property
    def is_known(self) -> bool:
        return self.start is not None or self.end is not None

    @property
    def width_days(self) -> int | None:
        """Number of days in the interval, or ``None`` when an end is open."""
        if self.start is None or self.end is None:
            return None
        return (self.end - self.start).days + 1

    def contains(self, d: date) -> bool:
        return (self.start is None or self.start <= d) and (self.end is None or d <= self.end)

    def within(self, window: DateInterval) -> bool:
        """Whether this (known) interval lies wholly inside ``window``; an open end of this
        interval lies inside only where ``window`` is open on that side too."""
        if not self.is_known:
            return False
        if window.start is not None and (self.start is None or self.start < window.start):
            return False
        return window.end is None or (self.end is not None and self.end <= window.end)

    def overlaps(self, other: DateInterval) -> bool:
        lo = max((x for x in (self.start, other.start) if x is not None), default=None)
        hi = min((x for x in (self.end, other.end) if x is not None), default=None)
        return lo is None or hi is None or lo <= hi

    def intersect(self, other: DateInterval) -> DateInterval | None:
        """The common part of two intervals (evidence of both), or ``None`` if disjoint."""
        lo = max((x for x in (self.start, other.start) if x is not None), default=None)
        hi = min((x for x in (self.end, other.end) if x is not None), default=None)
        if lo is not None and hi is not None and lo > hi:
            return None
        return DateInterval(lo, hi, self.evidence + other.evidence)

    def with_evidence(self, *evidence: Evidence) -> DateInterval:
        return DateInterval(self.start, self.end, self.evidence + tuple(evidence))

    def midpoint(self, lo: date | None = None, hi: date | None = None) -> date | None:
        """The middle day, open ends clipped to ``lo``/``hi`` (e.g. the corpus's span)."""
        s = self.start or lo
        e = self.end or hi
        if s is None and e is None:
            return None
        if s is None:
            return e
        if e is None:
            return s
        if s > e:  # clipping pushed past the other end: the known end is the best guess
            return self.start or self.end
        return s + timedelta(days=(e - s).days // 2)

    def label(self) -> str:
        """Human form: ``2021-02-22``, ``February 2021``, ``2021``, ``2003–2005``, ``after 2020-09-01``."""
        s, e = self.start, self.end
        p = self.precision
        if p is Precision.UNKNOWN:
            return "date unknown"
        if s is None:
            return f"before {e.isoformat()}" if e else "date unknown"
        if e is None:
            return f"after {s.isoformat()}"
        if p is Precision.DAY:
            return s.isoformat()
        if p is Precision.MONTH:
            return f"{calendar.month_name[s.month]} {s.year}"
        if p is Precision.YEAR:
            return str(s.year)
        if (s.month, s.day) == (1, 1) and (e.month, e.day) == (12, 31):
            return f"{s.year}–{e.year}"
        if s.day == 1 and e.day == calendar.monthrange(e.year, e.month)[1]:
            if s.year == e.year:
                return f"{calendar.month_name[s.month]}–{calendar.month_name[e.month]} {s.year}"
            return f"{calendar.month_abbr[s.month]} {s.year} – {calendar.month_abbr[e.month]} {e.year}"
        return f"{s.isoformat()} – {e.isoformat()}"

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract: ``{"start", "end", "precision", "evidence"}``."""
        return {
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
            "precision": self.precision.value,
            "label": self.label(),
            "evidence": [to_json(ev) for ev in self.evidence],
        }


# -- documents ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RawDocument:
    """A document as read from disk or a JSONL line, before any cleaning.

    ``path`` is the path as the user gave it (with ``#L<n>`` for a JSONL line or a
    member of an archive); ``fmt`` is ``"text"`` or ``"html"``. Metadata fields come
    from JSONL or HTML and are ``None`` when absent.
    """

    path: str
    fmt: str
    content: str
    url: str | None = None
    title: str | None = None
    published: str | None = None
    source: str | None = None
    warning: str | None = None  # e.g. "not valid UTF-8; read as cp1252": reported, not fatal

    @property
    def id(self) -> str:
        from dateline.ingest.ids import content_id

        return content_id(self.content)


@dataclass(frozen=True, slots=True)
class Skipped:
    """A document that could not be read or used, and why (never a silent ``None``)."""

    path: str
    reason: str


class LineKind(StrEnum):
    """What a line of a page is, as the cleaner decides."""

    BODY = "body"
    TITLE = "title"
    BYLINE = "byline"
    DATELINE = "dateline"
    CAPTION = "caption"
    STAMP = "stamp"  # "Last Updated ...", "Updated at ...", crawl times
    OUTLET = "outlet"  # a line naming the outlet or republisher
    DUPLICATE = "duplicate"  # a repeat of the headline or of another line
    CHROME = "chrome"  # navigation, newsletter, donation, share links, ...
    COMMENT = "comment"  # reader comments: the thread, its stamps, names and actions


@dataclass(frozen=True, slots=True)
class RemovedLine:
    """A line the cleaner took out of the body, with its kind and a readable reason."""

    line: str
    kind: LineKind
    reason: str
    index: int  # position of the line in the original text (0-based line number)


@dataclass(frozen=True, slots=True)
class Article:
    """A cleaned article: the body as a reader reads it plus what was found around it.

    ``text`` holds the body paragraphs separated by blank lines (no headline, byline,
    captions or chrome). ``removed`` keeps every dropped line with its reason.
    ``stamps`` are page/crawl stamps found (upper bounds, never publication dates).
    ``published`` is filled from metadata only (JSONL field, HTML meta); the date
    inference of the analyse stage may narrow or replace it.
    """

    id: str
    path: str
    fmt: str
    text: str
    title: str | None = None
    byline: str | None = None
    dateline: str | None = None  # e.g. "MOSCOW (AP) —"
    place: str | None = None  # place named in the dateline, e.g. "MOSCOW"
    outlet: str | None = None
    url: str | None = None
    published_meta: str | None = None  # the raw metadata string, for the dating stage
    stamps: tuple[str, ...] = ()
    captions: tuple[str, ...] = ()
    removed: tuple[RemovedLine, ...] = ()

    @property
    def paragraphs(self) -> list[str]:
        return [p for p in self.text.split("\n\n") if p.strip()]


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of an article body with its character span in ``Article.text``."""

    index: int
    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Mention:
    """An entity mention: ``key`` is the corpus-wide canonical id after alias merging."""

    text: str
    label: str  # PERSON, ORG, GPE, LOC, NORP, ...
    key: str  # canonical id, e.g. "person:lukashenko" or "gpe:belarus"
    sentence: int
    start: int  # character span in Article.text
    end: int
    role: str | None = None  # "Kremlin spokesman" for "Kremlin spokesman Dmitry Peskov"


@dataclass(frozen=True, slots=True)
class Entity:
    """A canonical entity with every surface form seen for it."""

    key: str
    name: str  # display name: the longest / most frequent full form
    label: str
    aliases: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    count: int = 0


@dataclass(frozen=True, slots=True)
class TimeExpression:
    """A time expression resolved against a reference interval (an interval in, an interval out)."""

    text: str
    sentence: int
    start: int  # character span in Article.text
    end: int
    interval: DateInterval
    kind: str = ""  # "explicit", "relative", "weekday", "year", "month", ...


@dataclass(frozen=True, slots=True)
class Quote:
    """A direct quote and who said it (``speaker`` is an entity key or a surface name)."""

    text: str
    speaker: str | None
    sentence: int
    start: int
    end: int
    speaker_name: str | None = None  # display name of the speaker


@dataclass(frozen=True, slots=True)
class AnalysedArticle:
    """An article with its sentences, entities, time expressions, quotes and dates.

    ``published`` is the publication date interval (metadata or inferred, with
    evidence); ``event_date`` is the date of the article's main event (often "on
    Wednesday" before ``published``).
    """

    article: Article
    sentences: tuple[Sentence, ...] = ()
    mentions: tuple[Mention, ...] = ()
    times: tuple[TimeExpression, ...] = ()
    quotes: tuple[Quote, ...] = ()
    published: DateInterval = field(default_factory=DateInterval.unknown)
    event_date: DateInterval = field(default_factory=DateInterval.unknown)
    # Steps that failed on this article and were left out ("dates: ValueError: ..."): the
    # article is kept with what did succeed, and the problem is reported, never hidden.
    problems: tuple[str, ...] = ()
    # The hashed ids of each sentence's content words, packed (dateline.analyse.terms.pack): computed
    # once at analysis so that timelines over many articles need not tokenise them again; b"" if absent.
    terms: bytes = b""

    @property
    def id(self) -> str:
        return self.article.id


# -- timeline ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SentenceRef:
    """A sentence quoted in a timeline, with where it came from."""

    article_id: str
    sentence: int
    text: str


@dataclass(frozen=True, slots=True)
class SourceRef:
    """An article reporting an event (several for syndicated copies)."""

    id: str
    path: str
    title: str | None
    outlet: str | None


@dataclass(frozen=True, slots=True)
class QuoteRef:
    """A quote on a timeline entry; ``context`` is the sentence it sits in, given where no
    speaker is known so that a reader sees who is talking instead of a bare fragment."""

    text: str
    speaker: str | None
    article_id: str
    context: str | None = None


@dataclass(frozen=True, slots=True)
class Event:
    """One timeline entry: a date or interval, 1–3 summary sentences and their sources."""

    date: DateInterval
    summary: tuple[SentenceRef, ...]
    sources: tuple[SourceRef, ...] = ()
    quotes: tuple[QuoteRef, ...] = ()
    entities: tuple[str, ...] = ()  # display names
    id: str = ""


@dataclass(frozen=True, slots=True)
class Timeline:
    """Events in date order. Under a date range, ``events`` lie inside it and ``overlapping``
    holds the events whose interval only overlaps it (shown apart, never mixed in)."""

    events: tuple[Event, ...] = ()
    overlapping: tuple[Event, ...] = ()


@dataclass(frozen=True, slots=True)
class Collection:
    """What a timeline algorithm works on: analysed articles plus corpus-level facts.

    ``duplicates`` lists groups of near-duplicate article ids (syndicated copies of one
    story; the first id of a group is the copy that is kept, the others only add
    sources and must not vote twice); ``None`` means nobody has looked yet, ``()`` that there are
    none. ``keywords`` is the topic query, if any. ``window`` is the date range asked for:
    generators choose dates inside it, and put events whose date only overlaps it in
    ``Timeline.overlapping`` (``None``: no range).
    """

    articles: tuple[AnalysedArticle, ...]
    duplicates: tuple[tuple[str, ...], ...] | None = None  # None: not computed yet
    keywords: tuple[str, ...] = ()
    window: DateInterval | None = None


# -- JSON codec --------------------------------------------------------------------


def to_json(obj: Any) -> Any:
    """Convert a dataclass tree (dates, enums, tuples) to JSON-able data."""
    if isinstance(obj, DateInterval):
        return obj.to_dict()
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_json(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, StrEnum):
        return obj.value
    if isinstance(obj, date):
        return obj.isoformat()
    if isinstance(obj, bytes):
        return base64.b64encode(obj).decode("ascii")
    if isinstance(obj, (list, tuple)):
        return [to_json(x) for x in obj]
    if isinstance(obj, dict):
        return {k: to_json(v) for k, v in obj.items()}
    return obj


_HINTS: dict[type, dict[str, Any]] = {}


def _hints(cls: type) -> dict[str, Any]:
    if cls not in _HINTS:
        _HINTS[cls] = typing.get_type_hints(cls)
    return _HINTS[cls]


def _decode(tp: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = typing.get_origin(tp)
    if origin in (Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        return _decode(args[0], value) if len(args) == 1 else value
    if origin is tuple:
        (inner, *_rest) = typing.get_args(tp)
        return tuple(_decode(inner, v) for v in value)
    if origin is list:
        (inner,) = typing.get_args(tp)
        return [_decode(inner, v) for v in value]
    if tp is date:
        return date.fromisoformat(value)
    if tp is bytes:
        return base64.b64decode(value)
    if isinstance(tp, type) and issubclass(tp, StrEnum):
        return tp(value)
    if tp is DateInterval:
        return DateInterval(
            date.fromisoformat(value["start"]) if value.get("start") else None,
            date.fromisoformat(value["end"]) if value.get("end") else None,
            tuple(_decode(Evidence, e) for e in value.get("evidence", ())),
        )
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        return from_json(tp, value)
    return value


T = typing.TypeVar("T")


def from_json(cls: type[T], data: dict[str, Any]) -> T:
    """Rebuild a dataclass of type ``cls`` from :func:`to_json` output."""
    hints = _hints(cls)
    kwargs = {}
    for f in dataclasses.fields(cls):  # type: ignore[arg-type]
        if f.name in data:
            kwargs[f.name] = _decode(hints[f.name], data[f.name])
    return cls(**kwargs)
