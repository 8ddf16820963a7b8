"""Publication date of one document from its own evidence.

Ranked sources: a metadata string (JSONL field, HTML metadata found by the cleaner or
by :func:`html_published`), then a date on a header-like line of the page ("Published
...", "Posted ...", a byline or a date on its own line near the top). Page stamps
("Updated ...", "Last Updated ...", crawl times) are only upper bounds, never the
publication date; dates in comments (on lines the cleaner removed as reader comments, or
looking like a commenter's), tweets, related-story lists and copyright lines are not this
article's. When nothing is trusted the text's own constraints are intersected (see
:mod:`dateline.analyse.constraints`).
"""

from __future__ import annotations

import bisect
import dataclasses
import logging
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from dateline.analyse import timex
from dateline.data import Article, DateInterval, Evidence, LineKind

log = logging.getLogger(__name__)

# Weights of the header-date scorer over Candidate.features (FEATURES names them): a
# conditional logit (softmax over the dates of one page) fitted on the webdates dev pages in
# five text layouts (html-text, lxml, BeautifulSoup, html2text, inscriptis) by
# ``benchmarks/dates.py --fit``, and scored there by cross-validation with folds grouped by site.
# Features with weight 0 are handled by rules instead (an update stamp or a "today" banner is
# an upper bound; prose, embedded posts and lists of other stories are no candidates).
#
# Rules are kept only where they win under that validation (containment first, then exact days,
# every converter pooled; ``rules_switched_alone`` in the benchmark's JSON, the rounds of this
# selection in docs/results/dates-rule-selection.json). Dropped on that measurement (2026-12-03):
# the site's-clock rule (a top date shortly after a labelled one is "today"), the comment and
# caption word cues and the "from / until DATE" rule (no effect either way, T17 included). Changed:
# an update label counts only right before its date (a time may sit between), a "|" labels a line
# only near the date. Kept although the web pages alone did not ask for it: the prose rule (off:
# webdates 0.921 / 0.766 against 0.919 / 0.757, but Timeline17 containment 0.958 -> 0.891). Added:
# ``stamp_line``, the cleaner's reading of the line as a page stamp, as a learned feature (grouped CV
# over the five converters 0.919 / 0.757 -> 0.926 / 0.767). Second pass (issue 15): a line's words
# are its visible words (markdown links reduced to their text), a short line right above a date
# that opens its line can be its publication label, and close rivals widen the interval
# (``CLOSE_MARGIN``); weights refitted after those changes.
FEATURES = (
    "pub_word", "by_word", "update_label", "short_line", "prose", "time_after", "tweet", "copyright",
    "position", "repeats", "first", "banner", "related_list", "latest", "earliest", "alone", "stamp_line",
)  # fmt: skip
WEIGHTS = (1.96, 1.58, 0.0, 0.96, 0.0, 1.37, 0.0, 0.0, -2.15, 0.75, 0.4, -2.07, 0.0, 0.19, 0.7, 0.44, 0.86)
# Score the best date needs to be taken as the publication day (else: inference); chosen
# with the weights, on the training folds, counting a wrong day as three lost right ones.
TRUST_SCORE = -1.0
# A rival date scoring within this much of the best is as plausible: the interval spans the best
# and its close rivals instead of naming one day (0: always one day). Chosen with the weights on
# the training folds, by the same cost (a missed day costs three exact ones).
CLOSE_MARGIN = 0.5
# Lines longer than this are prose: a date in them is an event, not the page's date.
PROSE_CHARS = 160
_PUB_WORD = re.compile(
    r"(?i)\b(publi[sc]\w*|posted|released|date[d]?|written|created|erschienen|veröffentlicht)\b"
)
_BY_WORD = re.compile(r"(?i)(\bby\b|\|)")
# An update label just before a date ("Last modified on 2 March 2019, at 10:04"): an upper bound.
_UPDATE_LABEL = re.compile(
    r"(?i)\b(updated?|modified|last update|edited|revised|amended|aktualisiert|retrieved|accessed|crawled|fetched|archived)\W{0,4}(on|at)?\W{0,4}(\d{1,2}[:.]\d\d\s*(?:[ap]\.?m\.?)?\W{0,4})?$"
)
# Words that make a page stamp an update or crawl time (an upper bound, never the date).
_STAMP_WORD = re.compile(
    r"(?i)\b(updated?|modified|last update|edited|revised|amended|aktualisiert|retrieved|accessed|crawled|fetched|downloaded|archived|saved|printed)\b"
)
_COPYRIGHT = re.compile(r"(?i)(©|\(c\)|copyright)")
# A link or image as markdown writes it ("[June 4, 2021](https://… "5:05 pm")"): what a reader
# sees is the bracketed text; the address and title are not the line's words.
_MD_LINK = re.compile(r"!?\[([^\[\]]*)\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+\"[^\"]*\")?\)")
_HAS_FULL_DATE = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)|\d[/.-]\d{1,2}[/.-]\d\d")
_TWEET = re.compile(r"^\s*[—–-]\s.*\d|\(@\w+\)|pic\.twitter|\d\s*[AP]M\s+-\s+\d")
_TIME_AFTER = re.compile(r"^\W{0,4}(at\s+)?\d{1,2}[:.]\d\d|^\W{0,4}\d{1,2}\s*[ap]\.?m")
_PROSE_END = re.compile(r"[.!?][\"'”’)]*\s*$")
# Dates within this share of the page's top (a "today" banner) are upper bounds as well.
BANNER_POSITION = 0.25
# A "|" this close to a date labels its line as a header ("By X | June 4, 2021"); None: anywhere
# (a "|" anywhere in a whole article on one line made every date in it a header date).
PIPE_CHARS: int | None = 40
# Whether a weekday date alone near the top (a "today" banner) is only an upper bound.
BANNER_IS_BOUND = False
# A line above a date that opens its own line is the date's label ("Published:") when it is at most
# this long: dumps that break lines at every tag put a label and its date on two lines. Read for
# the publication word only (grouped CV, three fold seeds, five converters pooled: 0.925 / 0.765 ->
# 0.926 / 0.771; reading the update label, a byline or an embedded post's author there as well did
# not win). -1: off.
LABEL_CHARS = 60
_LABEL_PUNCT = " ,|/-–—•·:\t"
# Lines of one layout carrying this many different dates are a list of other stories.
RELATED_LIST_DATES = 3
# Whether dates on lines the cleaner removed as reader comments (LineKind.COMMENT: the thread, its
# stamps, names and actions) can be the page's date. A commenter's stamp ("January 31, 2011 at 3:17 pm |
# Reply") is the comment's date, never the article's, yet it has the look of a header date (a short
# line, a "|", a clock time after it) and, in a thread of one or two days, escapes the related-list
# rule: it won the page, or widened the interval as a close rival. False: their dates are no
# candidates; the lines still count for the position of the lines around them, and their numeric
# dates still tell the page's day/month order ("14/04/2020 at 3:00 pm" reads "12/04/2020" above).
COMMENT_DATES = False


@dataclass(frozen=True, slots=True)
class Candidate:
    """A full date on a line of the page, with the features that score it as the page's date."""

    day: date
    line: str
    source: str  # "body", "byline", "dateline", or a removed line's kind
    position: float  # 0 = top of the page, 1 = bottom
    stamp: bool  # labelled as an update / crawl time: an upper bound only
    features: tuple[float, ...] = ()

    @property
    def score(self) -> float:
        return sum(w * f for w, f in zip(WEIGHTS, self.features, strict=True))


@lru_cache(maxsize=1)
def _dateparser() -> Any:
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
    """Every line of the page in its original order: (line, where it went, position 0..1).

    Body lines fill the line numbers the cleaner's removed lines leave free, so removed
    chrome (a "Posted ..." line, a stamp) keeps its place relative to the body.
    """
    body = [ln for ln in article.text.splitlines() if ln.strip()]
    removed = {r.index: r for r in article.removed}
    total = len(body) + len(removed)
    lines: list[tuple[str, str, float]] = []
    for field_name in ("byline", "dateline"):
        val = getattr(article, field_name)
        if val and not any(r.line.strip() == val.strip() for r in article.removed):
            lines.append((val, field_name, 0.0))
    seen = {r.line.strip() for r in article.removed}
    lines.extend((st, LineKind.STAMP.value, 0.0) for st in article.stamps if st.strip() not in seen)
    it = iter(body)
    idx = 0
    while len(lines) < total + 2 and idx < total + len(removed) + 1:
        r = removed.get(idx)
        if r is not None:
            lines.append((r.line, r.kind.value, idx / max(total, 1)))
        else:
            ln = next(it, None)
            if ln is None and idx >= max(removed, default=-1):
                break
            if ln is not None:
                lines.append((ln, "body", idx / max(total, 1)))
        idx += 1
    return lines


def _line_facts(line: str, h: timex.Hit, source: str, rel: float, label: str = "") -> dict[str, float]:
    """What one occurrence of a date looks like; ``label`` is the short line above it, read as the
    date's label when the date opens its own line (dumps that break lines at every tag)."""
    before = line[max(0, h.start - 40) : h.start]
    if label and not line[: h.start].strip(_LABEL_PUNCT):
        before = (label + " " + before)[-40:]
    rest = (line[: h.start] + line[h.end :]).strip(" ,|/-–—•·\t")
    near = line if PIPE_CHARS is None else line[max(0, h.start - PIPE_CHARS) : h.end + PIPE_CHARS]
    labelled = bool(_PUB_WORD.search(before) or "|" in near)
    prose = not labelled and (
        len(line) > PROSE_CHARS or (len(line.split()) >= 12 and bool(_PROSE_END.search(line)))
    )
    return {
        "pub_word": float(bool(_PUB_WORD.search(before))),
        "by_word": float(bool(_BY_WORD.search(line))),
        "update_label": float(
            bool(_UPDATE_LABEL.search(line[max(0, h.start - 40) : h.start]))
            or (source == LineKind.STAMP.value and bool(_STAMP_WORD.search(line)))
        ),
        "short_line": float(len(line) <= 100),
        "prose": float(prose),
        "time_after": float(bool(_TIME_AFTER.search(line[h.end : h.end + 14]))),
        "tweet": float(bool(_TWEET.search(line))),
        "copyright": float(bool(_COPYRIGHT.search(line))),
        "position": rel,
        "banner": float(h.weekday is not None and len(rest) < 4 and rel < BANNER_POSITION),
        "alone": float(len(rest) < 6),
        "stamp_line": float(source == LineKind.STAMP.value),
    }


def _shape(line: str, h: timex.Hit) -> str:
    """The layout of a line around its date (words and numbers blanked): list items share it."""

    def blank(s: str) -> str:
        return re.sub(r"\s+", " ", re.sub(r"[^\W\d_]+", "a", re.sub(r"\d+", "0", s))).strip()

    return blank(line[: h.start])[-16:] + "|" + blank(line[h.end :])[:8]


# How each occurrence-level fact is combined over the occurrences of one date.
_AGG_MAX = ("pub_word", "by_word", "short_line", "time_after", "banner", "alone")
_AGG_MIN = ("prose", "tweet", "copyright", "position", "update_label", "stamp_line")


def _per_date(
    found: Sequence[tuple[str, timex.Hit, str, float, str]],
) -> list[tuple[date, str, str, dict[str, float]]]:
    """One feature dict per distinct date, combining its occurrences on the page."""
    occ: dict[date, list[tuple[str, str, dict[str, float], str]]] = {}
    for line, h, src, rel, label in found:
        occ.setdefault(_day(h), []).append(
            (line, src, _line_facts(line, h, src, rel, label), _shape(line, h))
        )
    shapes: dict[str, set[date]] = {}
    for d, items in occ.items():
        for _l, _s, _f, sh in items:
            shapes.setdefault(sh, set()).add(d)
    heads = [d for d, items in occ.items() if any(not f["prose"] for _l, _s, f, _sh in items)]
    out = []
    for d, items in occ.items():
        facts = [f for _l, _s, f, _sh in items]
        agg = {k: max(f[k] for f in facts) for k in _AGG_MAX} | {
            k: min(f[k] for f in facts) for k in _AGG_MIN
        }
        agg["repeats"] = math.log1p(sum(1 for f in facts if not f["prose"]) - 1) if not agg["prose"] else 0.0
        agg["first"] = float(bool(heads) and d == heads[0])
        agg["related_list"] = float(
            all(len(shapes[sh]) >= RELATED_LIST_DATES and len(sh) > 2 for _l, _s, _f, sh in items)
        )
        agg["latest"] = float(d == max(occ))
        agg["earliest"] = float(bool(heads) and d == min(heads))
        line, src = next(((ln, sr) for ln, sr, f, _sh in items if not f["prose"]), (items[0][0], items[0][1]))
        out.append((d, line, src, agg))
    return out


def _ambiguous_days(h: timex.Hit) -> tuple[date, ...]:
    return h.ambiguous or (_day(h),)


def _day(h: timex.Hit) -> date:
    return date(h.year or 1, h.month or 1, h.day or 1)


def visible(line: str) -> str:
    """A line as a reader sees it: markdown links and images reduced to their text."""
    return _MD_LINK.sub(r"\1", line) if "](" in line else line


def candidates(article: Article) -> list[Candidate]:
    """Each full date on the page, with the features that score it as its publication day."""
    shown = [(visible(ln), src, rel) for ln, src, rel in page_lines(article)]
    labels = {i: shown[i - 1][0].strip() for i in range(1, len(shown))}
    keep = [i for i, ln in enumerate(shown) if _HAS_FULL_DATE.search(ln[0])]
    lines = [shown[i] for i in keep]
    above = [lab if len(lab := labels.get(i, "")) <= LABEL_CHARS else "" for i in keep]
    page = "\n".join(ln[0] for ln in lines)
    starts = []
    pos = 0
    for ln in lines:
        starts.append(pos)
        pos += len(ln[0]) + 1
    found: list[tuple[str, timex.Hit, str, float, str]] = []
    for h in timex.find(page):
        if h.kind == "date" and not h.ambiguous:
            i = bisect.bisect_right(starts, h.start) - 1
            line, source, rel = lines[i]
            if source == LineKind.COMMENT.value and not COMMENT_DATES:
                continue
            local = dataclasses.replace(h, start=h.start - starts[i], end=h.end - starts[i])
            found.append((line, local, source, rel, above[i]))
    out = []
    for d, line, source, f in _per_date(found):
        if (
            f["prose"] or f["tweet"] or f["related_list"]
        ):  # an event, an embedded post, a list of other stories
            continue
        vec = tuple(f[name] for name in FEATURES)
        upper_only = bool(f["update_label"] or (BANNER_IS_BOUND and f["banner"]))  # an update or "today"
        out.append(Candidate(d, line.strip()[:200], source, f["position"], upper_only, vec))
    return out


def stamp_bounds(article: Article, cands: Sequence[Candidate]) -> list[Evidence]:
    """Upper bounds: the cleaner's page stamps, an update label near the top, a "today" banner."""
    found = []
    for s in article.stamps:
        if not _STAMP_WORD.search(s):  # a bare date line: scored as a candidate instead
            continue
        for h in timex.find(s):
            if h.kind == "date":
                found.append(Evidence("stamp-upper-bound", s, None, max(_ambiguous_days(h)), article.id))
    banner = FEATURES.index("banner")
    for c in cands:
        if c.position < BANNER_POSITION and (c.stamp or c.features[banner]):
            found.append(
                Evidence("stamp-upper-bound", c.line, None, c.day, article.id, note="update label or banner")
            )
    # Stamps of related stories share the page: only the loosest bound is sure to hold.
    return [max(found, key=lambda e: e.end or date.min)] if found else []


def best_header_date(cands: Sequence[Candidate], upper: date | None) -> Candidate | None:
    """The best-scored non-stamp candidate at or before every upper bound, if trusted. A photo
    caption's date is the photo's (on webdates it was the article's in none of the pages where the
    scorer picked one: 0.924 -> 0.938 contained, exact day unchanged), so captions never qualify."""
    ok = [c for c in cands if not c.stamp and c.source != "caption" and (upper is None or c.day <= upper)]
    if not ok:
        return None
    best = max(ok, key=lambda c: c.score)
    return best if best.score >= TRUST_SCORE else None


def close_rivals(cands: Sequence[Candidate], best: Candidate, upper: date | None) -> list[Candidate]:
    """The dates as plausible as ``best``: those scoring within :data:`CLOSE_MARGIN` of it."""
    return [
        c
        for c in cands
        if c is not best
        and not c.stamp
        and c.source != "caption"
        and (upper is None or c.day <= upper)
        and c.score >= best.score - CLOSE_MARGIN
    ]


def header_span(cands: Sequence[Candidate], upper: date | None) -> tuple[Candidate, date, date] | None:
    """The trusted header date with the span of its close rivals (the best's own day when none)."""
    best = best_header_date(cands, upper)
    if best is None:
        return None
    days = [best.day] + [c.day for c in close_rivals(cands, best, upper)]
    return best, min(days), max(days)


def metadata_interval(article: Article) -> DateInterval | None:
    iv = parse_meta(article.published_meta)
    if iv is None:
        return None
    ev = Evidence("metadata", article.published_meta or "", iv.start, iv.end, article.id)
    return DateInterval(iv.start, iv.end, (ev,))


def header_interval(
    article: Article, bounds: Sequence[Evidence], cands: Sequence[Candidate]
) -> DateInterval | None:
    """A trusted header-line date as the publication day, or None."""
    upper = min((b.end for b in bounds if b.end and b.kind == "stamp-upper-bound"), default=None)
    found = header_span(cands, upper)
    if found is None:
        return None
    best, lo, hi = found
    note = f"{best.source}, score {best.score:.2f}"
    if lo != hi:
        note += f"; rivals within {CLOSE_MARGIN:g} of it span {lo}..{hi}"
    ev = Evidence("header-date", best.line, lo, hi, article.id, note=note)
    return DateInterval(lo, hi, (ev,))
