"""Cross-document dating: one article's dated reference narrows another's undated one.

Two explainable rules, both conservative:

1. **Same event, told with and without a year.** Article B says "a sharp dispute in August
   when Putin suggested a scenario in which Russia would essentially swallow up Belarus";
   article A says "in 2002, when Putin floated a plan under which Belarus would essentially
   be subsumed into Russia". When the two sentences share at least two entities and
   enough of their wording (TF-IDF cosine over the corpus's sentences), B's "August" is
   read as A's year: August 2002. A month or day named without a year is in the
   publication's year, so B is published between that month and the end of that year.
2. **Counted durations.** "the 27-year rule" in B against "26-year rule" in A, said at a
   known date (a date in the same sentence, else A's publication): B is in the year after,
   reading both counts at year precision.

Each narrowing is an ``Evidence(kind="cross-document", article_id=<A's id>,
sentence=<A's sentence>, text=<A's sentence>)`` and B is re-dated with it through
:func:`dateline.analyse.dating.date_article`, so its times and event date follow.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from dateline.analyse import dating
from dateline.data import AnalysedArticle, DateInterval, Evidence

log = logging.getLogger(__name__)

# When two clauses tell the same event: a TF-IDF cosine of at least MIN_COSINE with at
# least MIN_SHARED_ENTITIES shared entities (mention keys, else capitalised words), or a
# cosine of STRONG_COSINE with two; either way they must share a word besides the entities.
# Set by hand, to stay conservative: a paraphrase with other verbs ("floated a plan" /
# "suggested a scenario") scores about 0.13 on the seeds with idf from the whole corpus.
MIN_COSINE = 0.1
MIN_SHARED_ENTITIES = 3
STRONG_COSINE = 0.3
# Years of slack around "N2-year X" = "N1-year X" + (N2 - N1) years, read at year
# precision (counts of whole years move by one each calendar year).
COUNT_SLACK_YEARS = 0
# Letters of a capitalised word compared when no entity keys are known.
NAME_STEM = 7
# Intervals wider than this (days) are worth narrowing; narrower ones are left alone.
NARROW_WIDER_THAN = 62
_BARE = re.compile(
    r"\b(?:in|since|during|early|late|mid|until|by)[- ](January|February|March|April|May|June|July|August|September|October|November|December)\b(?![ ,]+\d)"
)
_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_COUNTED = re.compile(
    r"\b(\d{1,2})-year(?!-old)(?:[ -][a-z]+){0,2}?[ -](rule|reign|presidency|tenure|term|war|conflict|career|marriage|history|leadership)\b"
)
_NOT_NAMES = frozenset(_MONTHS) | {"The", "But", "And", "When", "This", "That", "Last", "Earlier", "On", "In"}
_CAPS = re.compile(r"\b[A-Z][a-z]{2,}\b")


@dataclass(frozen=True, slots=True)
class _Ref:
    article: int  # index into the corpus
    sentence: int
    text: str
    window: str  # the clause around the time expression, compared across articles


# Characters before / after a time expression that make up the clause compared.
WINDOW_BEFORE, WINDOW_AFTER = 60, 160


def _window(text: str, start: int, end: int) -> str:
    return text[max(0, start - WINDOW_BEFORE) : end + WINDOW_AFTER]


def _entities(a: AnalysedArticle, sentence: int, text: str) -> frozenset[str]:
    keys = {m.key for m in a.mentions if m.sentence == sentence or sentence < 0}
    if keys:
        return frozenset(keys)
    # no mention keys (analyser without entities): capitalised words, cut to a stem so that
    # spelling variants of one name (Lukashenko / Lukashenka) meet
    return frozenset(w.lower()[:NAME_STEM] for w in _CAPS.findall(text) if w not in _NOT_NAMES)


_CONTENT = re.compile(r"\b[a-z]{5,}\b")
_COMMON = frozenset(
    [
        "about",
        "after",
        "their",
        "there",
        "would",
        "could",
        "which",
        "while",
        "where",
        "these",
        "those",
        "other",
        "being",
        "before",
        "since",
        "under",
    ]
)


def _shares_a_word(a: str, b: str, entities: frozenset[str]) -> bool:
    """Whether two clauses share a content word that is not an entity name."""
    words = (set(_CONTENT.findall(a.lower())) & set(_CONTENT.findall(b.lower()))) - _COMMON
    return bool(words - entities)


def _interval_of(a: AnalysedArticle, sentence: int) -> DateInterval | None:
    """The one absolute interval a sentence names, if it names exactly one."""
    found = {
        (t.interval.start, t.interval.end)
        for t in a.times
        if t.sentence == sentence
        and t.kind in ("year", "month", "date", "season")
        and t.interval.start
        and t.interval.end
    }
    if len(found) != 1:
        return None
    s, e = found.pop()
    return DateInterval(s, e)


def _year_of(a: AnalysedArticle, sentence: int) -> int | None:
    """The one year a sentence dates itself to (an explicit year or a date with one)."""
    iv = _interval_of(a, sentence)
    if iv is None or iv.start is None or iv.end is None or iv.start.year != iv.end.year:
        return None
    return iv.start.year


def _vague(a: AnalysedArticle) -> bool:
    w = a.published.width_days
    return w is None or w > NARROW_WIDER_THAN


def _similar(texts: Sequence[str], corpus: Sequence[str]) -> Any:
    """TF-IDF vectors of ``texts``, word weights learned from every sentence of the corpus."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    vec = TfidfVectorizer(stop_words="english", sublinear_tf=True, min_df=1)
    vec.fit(list(corpus) + list(texts))
    return vec.transform(texts)


def same_event_evidence(articles: Sequence[AnalysedArticle]) -> dict[int, list[Evidence]]:
    """Undated month references matched to the same event dated in another article."""
    undated, dated = [], []
    for i, a in enumerate(articles):
        years = {t.sentence: t for t in a.times if t.kind in ("year", "month", "date", "season")}
        for s in a.sentences:
            m = _BARE.search(s.text)
            if _vague(a) and m:
                undated.append(_Ref(i, s.index, s.text, _window(s.text, m.start(), m.end())))
            elif s.index in years and _year_of(a, s.index) is not None:
                t = years[s.index]
                off = t.start - s.start
                dated.append(_Ref(i, s.index, s.text, _window(s.text, off, off + len(t.text))))
    if not undated or not dated:
        return {}
    matrix = _similar([r.window for r in undated + dated], [s.text for a in articles for s in a.sentences])
    sims = (matrix[: len(undated)] @ matrix[len(undated) :].T).toarray()
    out: dict[int, list[Evidence]] = {}
    for u, ref in enumerate(undated):
        b = articles[ref.article]
        ents = _entities(b, ref.sentence, ref.window)
        best = None
        for d, other in enumerate(dated):
            if other.article == ref.article or sims[u, d] < MIN_COSINE:
                continue
            shared = len(ents & _entities(articles[other.article], other.sentence, other.window))
            enough = shared >= MIN_SHARED_ENTITIES or (shared >= 2 and sims[u, d] >= STRONG_COSINE)
            enough = enough and _shares_a_word(ref.window, other.window, ents)
            if enough and (best is None or sims[u, d] > sims[u, best]):
                best = d
        if best is None:
            continue
        ev = _month_evidence(ref, dated[best], articles, float(sims[u, best]))
        if ev is not None:
            out.setdefault(ref.article, []).append(ev)
    return out


def _month_evidence(
    ref: _Ref, other: _Ref, articles: Sequence[AnalysedArticle], sim: float
) -> Evidence | None:
    year = _year_of(articles[other.article], other.sentence)
    m = _BARE.search(ref.text)
    if year is None or m is None:
        return None
    month = _MONTHS.index(m.group(1)) + 1
    start, end = date(year, month, 1), date(year, 12, 31)
    note = (
        f"'{m.group(0)}' in sentence {ref.sentence} is the event this sentence dates to {year} "
        f"(cosine {sim:.2f}); a month without a year is in the publication's year"
    )
    return Evidence(
        "cross-document",
        other.text.strip()[:300],
        start,
        end,
        articles[other.article].id,
        other.sentence,
        note,
    )


def counted_evidence(articles: Sequence[AnalysedArticle]) -> dict[int, list[Evidence]]:
    """ "27-year rule" here vs "26-year rule" at a known date elsewhere: about a year later."""
    said: list[tuple[int, int, str, int, str, DateInterval]] = []
    for i, a in enumerate(articles):
        for s in a.sentences:
            for m in _COUNTED.finditer(s.text):
                at = _interval_of(a, s.index) or a.published
                said.append((i, s.index, s.text, int(m.group(1)), m.group(2), at))
    out: dict[int, list[Evidence]] = {}
    for bi, _bs, btext, bn, bnoun, _bat in said:
        if not _vague(articles[bi]):
            continue
        for ai, asent, atext, an, anoun, aat in said:
            if ai == bi or anoun != bnoun or an == bn or aat.start is None or aat.end is None:
                continue
            # "his 27-year rule": the holder may be named anywhere in B, so B's whole text counts
            whole_b = " ".join(x.text for x in articles[bi].sentences)
            if not (_entities(articles[bi], -1, whole_b) | _entities(articles[bi], _bs, btext)) & _entities(
                articles[ai], asent, atext
            ):
                continue
            delta = bn - an
            # whole years counted at year precision: "26-year rule" in 2020, "27-year" in 2021
            start = date(aat.start.year + delta - COUNT_SLACK_YEARS, 1, 1)
            end = date(aat.end.year + delta + COUNT_SLACK_YEARS, 12, 31)
            note = f"'{bn}-year {bnoun}' here vs '{an}-year {anoun}' at {aat.label()}: {delta:+d} years"
            out.setdefault(bi, []).append(
                Evidence("cross-document", atext.strip()[:300], start, end, articles[ai].id, asent, note)
            )
    return out


def refine_corpus(articles: Sequence[AnalysedArticle]) -> list[AnalysedArticle]:
    """Narrow each vaguely dated article with dated references from the others."""
    if len(articles) < 2:
        return list(articles)
    found = same_event_evidence(articles)
    for i, evs in counted_evidence(articles).items():
        found.setdefault(i, []).extend(evs)
    out = list(articles)
    for i, evs in found.items():
        a = articles[i]
        redated = dating.date_article(a.article, a.sentences, extra=tuple(evs))
        new, old = redated.published.width_days, a.published.width_days
        if new is not None and (old is None or new < old):
            log.debug("cross-document dating narrowed %s to %s", a.id, redated.published.label())
            out[i] = replace(
                a, published=redated.published, event_date=redated.event_date, times=redated.times
            )
    return out
