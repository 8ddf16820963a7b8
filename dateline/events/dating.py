"""Cross-document dating: one article's dated reference narrows another's undated one.

Three explainable rules, all conservative:

1. **Same event, told with and without a year.** Article B says "a sharp dispute in August
   when Putin suggested a scenario in which Russia would essentially swallow up Belarus";
   article A says "in 2002, when Putin floated a plan under which Belarus would essentially
   be subsumed into Russia". When the two sentences share at least two entities and
   enough of their wording (cosine of their word counts), B's "August" is
   read as A's year: August 2002. A month or day named without a year is in the
   publication's year, so B is published between that month and the end of that year.
   Meaning alone (cosine of the shipped sentence embeddings, :mod:`dateline.analyse.embed`,
   >= 0.7 with two shared entities and a shared word, when the wording test fails) was tried and
   left out: on Timeline17 it narrowed 8 more articles but lowered containment (0.948 -> 0.946,
   0.927 -> 0.925 where the text has a year), and it matched clauses that share only a sentence
   template ("... proposed X for Norland, the Council said" / "... floated Y for Norland, ...").
2. **Copies.** When most of B's sentences (at least COPY_SHARE of them, and MIN_COPY_SENTENCES)
   are word for word sentences of A and A's date is precise, B is the same text, syndicated or
   republished: it was written when A was, and published from A's first day to COPY_LAG_DAYS after
   A's last.
3. **Counted durations.** "the 27-year rule" in B against "26-year rule" in A, said at a
   known date (a date in the same sentence, else A's publication): B is in the year after,
   reading both counts at year precision.

Each narrowing is an ``Evidence(kind="cross-document", article_id=<A's id>,
sentence=<A's sentence>, text=<A's sentence>)`` and B is re-dated with it through
:func:`dateline.analyse.dating.date_article`, so its times and event date follow.

Cost: every rule needs two articles to share something specific, so candidate pairs come from
inverted indexes (pairs of entity keys for rule 1, sentence texts for rule 2, (noun, entity key)
for rule 3) and only those pairs are compared; word vectors stay sparse and one undated clause
at a time is multiplied with its candidates only. Time and memory grow with the number of clauses
and of candidate pairs, never with undated x dated clauses, and rules 1 and 3 give exactly what
comparing every pair gives. The worst case left is an entity pair named in most clauses of the
corpus: its candidates are then nearly all pairs (vectorised, but quadratic).
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from itertools import combinations
from typing import Any

from dateline.analyse import dating
from dateline.analyse.constraints import PRIORS
from dateline.data import AnalysedArticle, DateInterval, Evidence

log = logging.getLogger(__name__)

# When two clauses tell the same event: a cosine of at least MIN_COSINE with at least
# MIN_SHARED_ENTITIES shared entities (mention keys, else capitalised words), or a cosine of
# STRONG_COSINE with two; either way they must share a word besides the entities. The cosine is of
# sublinear word counts with no corpus weighting (:func:`_similar`), so that it never changes as the
# corpus grows (the corpus step re-dates only the articles new evidence touches). Set on Timeline17
# (benchmarks/dates.py, the t17 and t17-nodateline sets) when the corpus-IDF TF-IDF of earlier
# releases (0.1 / 0.3) was replaced: unweighted counts score everyday words higher, so STRONG_COSINE
# went from 0.3 to 0.5, the smallest value of 0.3 / 0.4 / 0.5 at which no containment figure fell
# (contains 0.954 -> 0.955, 0.939 -> 0.940 without datelines; exact day unchanged; 76 articles
# narrowed instead of 79); MIN_COSINE moved nothing between 0.1 and 0.25 and stays.
MIN_COSINE = 0.1
MIN_SHARED_ENTITIES = 3
STRONG_COSINE = 0.5
# The fewest entities two clauses must share to be compared at all (the weaker of the two
# conditions above): the candidate index is keyed on pairs of entities.
MIN_ANY_SHARED = 2
# Years of slack around "N2-year X" = "N1-year X" + (N2 - N1) years, read at year
# precision (counts of whole years move by one each calendar year).
COUNT_SLACK_YEARS = 0
# A copy: at least this share of B's sentences (of at least COPY_MIN_CHARS characters, at least
# MIN_COPY_SENTENCES of them) are found word for word in A. Set by hand: a wire story republished
# under another headline keeps nearly every body sentence; two reports of one event share almost none.
COPY_SHARE = 0.8
MIN_COPY_SENTENCES = 3
COPY_MIN_CHARS = 40
# A sentence found in more articles than this is boilerplate, not evidence of a copy (it is skipped,
# which also keeps the sentence index's postings short).
COPY_MAX_POSTINGS = 20
# An entity pair in more than this many articles' clauses (articles giving it in a dated clause plus
# articles taking it in an undated one) is common, not a sign that two clauses tell one event: it
# pairs no clauses (two clauses still meet through their other shared pairs). It bounds the articles
# one pair makes the corpus step read and re-date, whatever the store's size. An article counts at
# most twice (giving and taking), so a corpus of n articles has no common pair while 2n <= this:
# above every Timeline17 topic (346 articles at most, the unit benchmarks/dates.py dates), so it
# changes no Timeline17 date, with or without datelines. The most common pair measured there is in
# 133 (all 13 topic stores together: "United States" with "Reuters"; 118 within one topic).
SAME_MAX_POSTINGS = 700
# Days a copy may appear after the original: wire copies are republished the same day or within
# days; a week keeps the copy's own "on Tuesday" resolvable while allowing a late republication.
COPY_LAG_DAYS = 7
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
_DATING_KINDS = ("year", "month", "date", "season")


@dataclass(frozen=True, slots=True)
class _Ref:
    article: int  # index into the corpus
    sentence: int
    text: str
    window: str  # the clause around the time expression, compared across articles
    entities: frozenset[str] = frozenset()  # mention keys of the sentence, else name stems of the window
    words: frozenset[str] = frozenset()  # content words of the window (see :func:`_content_words`)


# Characters before / after a time expression that make up the clause compared.
WINDOW_BEFORE, WINDOW_AFTER = 60, 160


def _window(text: str, start: int, end: int) -> str:
    return text[max(0, start - WINDOW_BEFORE) : end + WINDOW_AFTER]


def _keys_by_sentence(a: AnalysedArticle) -> dict[int, set[str]]:
    keys: dict[int, set[str]] = {}
    for m in a.mentions:
        keys.setdefault(m.sentence, set()).add(m.key)
    return keys


def _name_stems(text: str) -> frozenset[str]:
    # no mention keys (analyser without entities): capitalised words, cut to a stem so that
    # spelling variants of one name (Lukashenko / Lukashenka) meet
    return frozenset(w.lower()[:NAME_STEM] for w in _CAPS.findall(text) if w not in _NOT_NAMES)


def _entities_in(keys: dict[int, set[str]], sentence: int, text: str) -> frozenset[str]:
    """:func:`_entities` from keys grouped once per article."""
    found = set().union(*keys.values()) if sentence < 0 else keys.get(sentence, set())
    return frozenset(found) if found else _name_stems(text)


def _entities(a: AnalysedArticle, sentence: int, text: str) -> frozenset[str]:
    """Mention keys of one sentence (every sentence when ``sentence < 0``), else name stems of ``text``."""
    return _entities_in(_keys_by_sentence(a), sentence, text)


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


def _content_words(text: str) -> frozenset[str]:
    """Words of five letters or more, but for the commonest: two clauses about one event share one
    that is not an entity name."""
    return frozenset(_CONTENT.findall(text.lower())) - _COMMON


def _intervals(a: AnalysedArticle) -> dict[int, DateInterval]:
    """Sentence -> the one absolute interval it names, for sentences that name exactly one."""
    found: dict[int, set[tuple[date, date]]] = {}
    for t in a.times:
        if t.kind in _DATING_KINDS and t.interval.start and t.interval.end:
            found.setdefault(t.sentence, set()).add((t.interval.start, t.interval.end))
    return {s: DateInterval(*next(iter(v))) for s, v in found.items() if len(v) == 1}


def _interval_of(a: AnalysedArticle, sentence: int) -> DateInterval | None:
    """The one absolute interval a sentence names, if it names exactly one."""
    return _intervals(a).get(sentence)


def _one_year(iv: DateInterval | None) -> int | None:
    if iv is None or iv.start is None or iv.end is None or iv.start.year != iv.end.year:
        return None
    return iv.start.year


def _year_of(a: AnalysedArticle, sentence: int) -> int | None:
    """The one year a sentence dates itself to (an explicit year or a date with one)."""
    return _one_year(_interval_of(a, sentence))


def _on_prior(iv: DateInterval) -> bool:
    """Whether an interval rests on a prior (likely, not certain): hard evidence may still move it."""
    return any(e.kind in PRIORS for e in iv.evidence)


def _vague(a: AnalysedArticle) -> bool:
    w = a.published.width_days
    return w is None or w > NARROW_WIDER_THAN or _on_prior(a.published)


def _similar(texts: Sequence[str]) -> Any:
    """Vectors of ``texts`` (sparse, rows L2-normalised): sublinear counts of their content words
    (hashed ids, :func:`dateline.analyse.terms.term_ids`), with no weight learned from a corpus, so a
    clause's vector never changes as articles are added."""
    import numpy as np
    from scipy import sparse

    from dateline.analyse.terms import N_FEATURES, term_ids

    rows = [term_ids(t) for t in texts]
    lengths = np.fromiter((len(r) for r in rows), dtype=np.int64, count=len(rows))
    flat = np.fromiter((t for r in rows for t in r), dtype=np.int64, count=int(lengths.sum()))
    owner = np.repeat(np.arange(len(rows)), lengths)
    counts = sparse.csr_matrix((np.ones(len(flat)), (owner, flat)), shape=(len(rows), N_FEATURES))
    counts.sum_duplicates()
    counts.data = 1.0 + np.log(counts.data)
    norms = np.sqrt(np.asarray(counts.multiply(counts).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.csr_matrix(sparse.diags(1.0 / norms) @ counts)


def _article_refs(i: int, a: AnalysedArticle, undated: list[_Ref], dated: list[_Ref]) -> None:
    """Append article ``i``'s undated month references (if it is vague) and its clauses dated to one year."""
    vague = _vague(a)
    years = {t.sentence: t for t in a.times if t.kind in _DATING_KINDS}
    one_year = {s for s, iv in _intervals(a).items() if _one_year(iv) is not None}
    keys = _keys_by_sentence(a)
    for s in a.sentences:
        m = _BARE.search(s.text) if vague else None
        if m:
            window = _window(s.text, m.start(), m.end())
            ents = _entities_in(keys, s.index, window)
            undated.append(_Ref(i, s.index, s.text, window, ents, _content_words(window)))
        elif s.index in years and s.index in one_year:
            t = years[s.index]
            off = t.start - s.start
            window = _window(s.text, off, off + len(t.text))
            ents = _entities_in(keys, s.index, window)
            dated.append(_Ref(i, s.index, s.text, window, ents, _content_words(window)))


def _pairs(entities: Iterable[str]) -> Iterable[tuple[str, str]]:
    return combinations(sorted(entities), 2)


def pair_name(pair: tuple[str, str]) -> str:
    """An entity pair as :func:`partner_keys` and ``common`` sets name it."""
    return "\0".join(pair)


def common_pairs(undated: Sequence[_Ref], dated: Sequence[_Ref]) -> frozenset[str]:
    """Pairs in more than SAME_MAX_POSTINGS articles' clauses: the articles holding the pair in a
    dated clause plus those holding it in an undated one (the corpus step's give and take keys)."""
    counts: Counter[str] = Counter()
    for refs in (undated, dated):
        held: dict[int, set[str]] = {}
        for r in refs:
            held.setdefault(r.article, set()).update(pair_name(p) for p in _pairs(r.entities))
        for names in held.values():
            counts.update(names)
    return frozenset(p for p, n in counts.items() if n > SAME_MAX_POSTINGS)


def _pair_index(refs: Sequence[_Ref], common: frozenset[str] = frozenset()) -> dict[tuple[str, str], Any]:
    """Entity pair -> indices (ascending numpy array) of the references whose entities hold both
    (common pairs left out)."""
    import numpy as np

    index: dict[tuple[str, str], list[int]] = {}
    for d, ref in enumerate(refs):
        for pair in _pairs(ref.entities):
            index.setdefault(pair, []).append(d)
    return {pair: np.asarray(ds, dtype=np.int64) for pair, ds in index.items() if pair_name(pair) not in common}


def _candidates(ref: _Ref, index: dict[tuple[str, str], Any], owner: Any,
                dated: Sequence[_Ref], common: frozenset[str] = frozenset()) -> tuple[Any, Any]:
    """Dated references of other articles sharing at least two entities with ``ref`` (through a pair
    that is not common), and how many they share.

    A reference sharing n entities is listed once under each of its n*(n-1)/2 shared pairs; where
    one of ``ref``'s pairs is common (not indexed), the shared entities are counted one by one.
    """
    import numpy as np

    pairs = list(_pairs(ref.entities))
    postings = [index[p] for p in pairs if p in index]
    if not postings:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    ds, listed = np.unique(np.concatenate(postings), return_counts=True)
    if common and any(pair_name(p) in common for p in pairs):
        shared = np.asarray([len(ref.entities & dated[d].entities) for d in ds], dtype=np.int64)
    else:
        shared = np.rint((1 + np.sqrt(1 + 8 * listed)) / 2).astype(np.int64)
    keep = owner[ds] != ref.article
    return ds[keep], shared[keep]


class _Vectors:
    """Dot products of one sparse row with chosen rows of a CSR matrix, summed in the order of
    ``scipy``'s sparse product (ascending column, from zero) so the cosines are bit for bit the
    ones of ``rows @ vectors.T``, without a scipy object per comparison."""

    def __init__(self, matrix: Any) -> None:
        import numpy as np

        matrix.sort_indices()
        self.indptr, self.indices, self.data = matrix.indptr, matrix.indices, matrix.data
        self.dense = np.zeros(matrix.shape[1], dtype=np.float64)  # one row at a time, reset after use

    def row(self, i: int) -> tuple[Any, Any]:
        lo, hi = self.indptr[i], self.indptr[i + 1]
        return self.indices[lo:hi], self.data[lo:hi]

    def dots(self, row: tuple[Any, Any], chosen: Any) -> Any:
        import numpy as np

        cols, vals = row
        starts, lens = self.indptr[chosen], self.indptr[chosen + 1] - self.indptr[chosen]
        owner = np.repeat(np.arange(len(chosen)), lens)
        pos = np.arange(int(lens.sum())) - np.repeat(np.cumsum(lens) - lens, lens) + np.repeat(starts, lens)
        self.dense[cols] = vals
        try:
            products = self.dense[self.indices[pos]] * self.data[pos]
        finally:
            self.dense[cols] = 0.0
        return np.bincount(owner, weights=products, minlength=len(chosen))


def _best_match(
    ref: _Ref,
    row: Any,
    vectors: _Vectors,
    dated: Sequence[_Ref],
    index: dict[tuple[str, str], Any],
    owner: Any,
    common: frozenset[str] = frozenset(),
) -> tuple[int, float] | None:
    """The dated reference most similar to ``ref`` that passes the same-event test (ties: the first)."""
    import numpy as np

    ds, shared = _candidates(ref, index, owner, dated, common)
    if not len(ds):
        return None
    sims = vectors.dots(row, ds)
    strong_enough = (shared >= MIN_SHARED_ENTITIES) | ((shared >= MIN_ANY_SHARED) & (sims >= STRONG_COSINE))
    ok = (sims >= MIN_COSINE) & strong_enough
    ds, sims = ds[ok], sims[ok]
    for k in np.lexsort((ds, -sims)):  # most similar first, then corpus order
        if (ref.words & dated[ds[k]].words) - ref.entities:  # a shared word besides the entities
            return int(ds[k]), float(sims[k])
    return None


def same_event_evidence(articles: Sequence[AnalysedArticle],
                        common: frozenset[str] = frozenset()) -> dict[int, list[Evidence]]:
    """Undated month references matched to the same event dated in another article. ``common``:
    pairs known to be common (:data:`SAME_MAX_POSTINGS`) in a bigger corpus ``articles`` are drawn from."""
    import numpy as np

    undated: list[_Ref] = []
    dated: list[_Ref] = []
    for i, a in enumerate(articles):
        _article_refs(i, a, undated, dated)
    if not undated or not dated:
        return {}
    common = common | common_pairs(undated, dated)
    matrix = _similar([r.window for r in undated + dated])
    rows, vectors = _Vectors(matrix[: len(undated)]), _Vectors(matrix[len(undated) :])
    index = _pair_index(dated, common)
    owner = np.asarray([r.article for r in dated], dtype=np.int64)
    out: dict[int, list[Evidence]] = {}
    for u, ref in enumerate(undated):
        best = _best_match(ref, rows.row(u), vectors, dated, index, owner, common)
        if best is None:
            continue
        ev = _month_evidence(ref, dated[best[0]], articles, best[1])
        if ev is not None:
            out.setdefault(ref.article, []).append(ev)
    log.debug("same-event dating: %d undated and %d dated clauses", len(undated), len(dated))
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


@dataclass(frozen=True, slots=True)
class _Count:
    """ "27-year rule": a counted duration said in one sentence, at a known or unknown date."""

    article: int
    sentence: int
    text: str
    count: int
    noun: str
    at: DateInterval  # when it was said: a date in the sentence, else the article's publication
    entities: frozenset[str]  # the sentence's
    holder: str | None = None  # whose rule/term: a person of the sentence, else the article's main one


def _holder(a: AnalysedArticle, sentence: int) -> str | None:
    """The person a counted duration belongs to: the one named in its sentence (the most mentioned
    in the article if several), else the article's most mentioned person ("his 27-year rule");
    None when the article names nobody."""
    counts = Counter(m.key for m in a.mentions if m.label == "PERSON")
    here = {m.key for m in a.mentions if m.label == "PERSON" and m.sentence == sentence}
    pool = here or set(counts)
    return min(pool, key=lambda k: (-counts[k], k)) if pool else None


def _counts(articles: Sequence[AnalysedArticle]) -> list[_Count]:
    said: list[_Count] = []
    for i, a in enumerate(articles):
        hits = [(s, m) for s in a.sentences for m in _COUNTED.finditer(s.text)]
        if not hits:
            continue
        intervals, keys = _intervals(a), _keys_by_sentence(a)
        for s, m in hits:
            at = intervals.get(s.index) or a.published
            ents = _entities_in(keys, s.index, s.text)
            said.append(_Count(i, s.index, s.text, int(m.group(1)), m.group(2), at, ents, _holder(a, s.index)))
    return said


def counted_evidence(articles: Sequence[AnalysedArticle]) -> dict[int, list[Evidence]]:
    """ "27-year rule" here vs "26-year rule" at a known date elsewhere: about a year later."""
    said = _counts(articles)
    index: dict[tuple[str, str], set[int]] = {}  # (noun, entity) -> positions in ``said``
    for j, c in enumerate(said):
        for key in c.entities:
            index.setdefault((c.noun, key), set()).add(j)
    out: dict[int, list[Evidence]] = {}
    whole: dict[int, frozenset[str]] = {}
    for b in said:
        if not _vague(articles[b.article]):
            continue
        if b.article not in whole:
            # "his 27-year rule": the holder may be named anywhere in B, so B's whole text counts
            art = articles[b.article]
            whole[b.article] = _entities(art, -1, " ".join(x.text for x in art.sentences))
        near: set[int] = set()
        for key in whole[b.article] | b.entities:
            near |= index.get((b.noun, key), set())
        for j in sorted(near):
            a = said[j]
            if a.article == b.article or a.count == b.count or a.at.start is None or a.at.end is None:
                continue
            if a.holder and b.holder and a.holder != b.holder:
                continue  # another leader's rule ("33-year rule" of Saleh vs Gaddafi's "41-year rule")
            out.setdefault(b.article, []).append(_count_evidence(b, a, articles))
    return out


def _count_evidence(b: _Count, a: _Count, articles: Sequence[AnalysedArticle]) -> Evidence:
    assert a.at.start is not None and a.at.end is not None
    delta = b.count - a.count
    # whole years counted at year precision: "26-year rule" in 2020, "27-year" in 2021
    start = date(a.at.start.year + delta - COUNT_SLACK_YEARS, 1, 1)
    end = date(a.at.end.year + delta + COUNT_SLACK_YEARS, 12, 31)
    note = f"'{b.count}-year {b.noun}' here vs '{a.count}-year {a.noun}' at {a.at.label()}: {delta:+d} years"
    return Evidence(
        "cross-document", a.text.strip()[:300], start, end, articles[a.article].id, a.sentence, note
    )


def _copy_sentences(a: AnalysedArticle) -> list[tuple[int, str]]:
    """(index, normalised text) of the sentences long enough to tell a copy."""
    out = [(s.index, " ".join(s.text.lower().split())) for s in a.sentences]
    return [(i, t) for i, t in out if len(t) >= COPY_MIN_CHARS]


def copy_evidence(
    articles: Sequence[AnalysedArticle], boilerplate: frozenset[str] = frozenset()
) -> dict[int, list[Evidence]]:
    """A vaguely dated article whose sentences are nearly all those of a precisely dated one.

    ``boilerplate``: sentences known to be in more than COPY_MAX_POSTINGS articles of a bigger corpus
    that ``articles`` are drawn from (they count for nothing, as if all those articles were here)."""
    sentences = [_copy_sentences(a) for a in articles]
    where: dict[str, list[int]] = {}
    for i, sents in enumerate(sentences):
        for text in {t for _, t in sents}:
            where.setdefault(text, []).append(i)
    for text in boilerplate & where.keys():
        where[text] = where[text] * (COPY_MAX_POSTINGS + 1)
    out: dict[int, list[Evidence]] = {}
    for b, sents in enumerate(sentences):
        if len(sents) < MIN_COPY_SENTENCES or not _vague(articles[b]):
            continue
        found: dict[int, int] = {}
        for _, text in sents:
            holders = where[text]
            if len(holders) <= COPY_MAX_POSTINGS:
                for a in holders:
                    found[a] = found.get(a, 0) + 1
        copies = [
            a for a, k in found.items() if a != b and k >= COPY_SHARE * len(sents) and not _vague(articles[a])
        ]
        if copies:
            a = min(copies, key=lambda x: (articles[x].published.width_days or 0, x))
            out[b] = [_copy_of(articles[a], found[a], len(sents), sentences[a])]
    return out


def _copy_of(a: AnalysedArticle, shared: int, total: int, sents: list[tuple[int, str]]) -> Evidence:
    assert a.published.start is not None and a.published.end is not None
    first = min(sents)[0] if sents else 0
    text = next((s.text for s in a.sentences if s.index == first), "")
    note = (
        f"{shared} of this article's {total} sentences are word for word in {a.id}, published "
        f"{a.published.label()}: the same text, published from then to {COPY_LAG_DAYS} days later"
    )
    end = a.published.end + timedelta(days=COPY_LAG_DAYS)
    return Evidence("cross-document", text.strip()[:300], a.published.start, end, a.id, first, note)


def corpus_evidence(
    articles: Sequence[AnalysedArticle], boilerplate: frozenset[str] = frozenset(),
    common: frozenset[str] = frozenset(),
) -> dict[int, list[Evidence]]:
    """Cross-document evidence per article (index into ``articles``), from all three rules
    (``boilerplate`` and ``common``: what is known of a bigger corpus, see the rules)."""
    found = same_event_evidence(articles, common)
    for i, evs in copy_evidence(articles, boilerplate).items():
        found.setdefault(i, []).extend(evs)
    for i, evs in counted_evidence(articles).items():
        found.setdefault(i, []).extend(evs)
    return found


def redate(a: AnalysedArticle, evs: Sequence[Evidence]) -> AnalysedArticle:
    """``a`` re-dated with cross-document evidence, where that narrows it (else ``a`` itself)."""
    if not evs:
        return a
    redated = dating.date_article(a.article, a.sentences, extra=tuple(evs))
    new, old = redated.published.width_days, a.published.width_days
    used = any(e.kind == "cross-document" for e in redated.published.evidence)
    if new is not None and (old is None or new < old or (used and _on_prior(a.published))):
        log.debug("cross-document dating narrowed %s to %s", a.id, redated.published.label())
        return replace(a, published=redated.published, event_date=redated.event_date, times=redated.times)
    return a


def refine_corpus(articles: Sequence[AnalysedArticle]) -> list[AnalysedArticle]:
    """Narrow each vaguely dated article with dated references from the others."""
    if len(articles) < 2:
        return list(articles)
    out = list(articles)
    for i, evs in corpus_evidence(articles).items():
        out[i] = redate(articles[i], evs)
    return out


# -- the keys an article meets its partners by (the incremental corpus step) ----------------------
#
# Each rule pairs an article B that needs a date with articles A that give one, through something
# both hold: an entity pair of a dated clause (A) and of an undated one (B), a sentence (copies), a
# counted noun with an entity. An article *gives* the keys others can be dated by and *takes* (only
# when vague) those it can be dated by; the step indexes both, so that a new article finds the
# articles it may date (holders of its gives as takes) and those that may date it.

def partner_keys(a: AnalysedArticle) -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    """``(gives, takes)``: ``(rule, what)`` pairs; ``("copy", sentence)`` gives are counted too."""
    gives: set[tuple[str, str]] = set()
    takes: set[tuple[str, str]] = set()
    undated: list[_Ref] = []
    dated: list[_Ref] = []
    _article_refs(0, a, undated, dated)
    gives.update(("same", pair_name(p)) for r in dated for p in _pairs(r.entities))
    takes.update(("same", pair_name(p)) for r in undated for p in _pairs(r.entities))
    sents = _copy_sentences(a)
    gives.update(("copy", t) for _, t in sents)
    vague = _vague(a)
    if vague and len(sents) >= MIN_COPY_SENTENCES:
        takes.update(("copy", t) for _, t in sents)
    counts = _counts([a])
    gives.update(("count", f"{c.noun}\0{e}") for c in counts for e in c.entities)
    if vague and counts:
        whole = _entities(a, -1, " ".join(x.text for x in a.sentences))
        takes.update(("count", f"{c.noun}\0{e}") for c in counts for e in whole | c.entities)
    return gives, takes
