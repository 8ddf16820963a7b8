"""Search terms: the one normalisation both stores index, and the ranking computed on top of it.

Both backends index the same normalised text (words case-folded, accents stripped so that
"Březa" finds "Breza", English words stemmed with the Snowball stemmer), so a query matches
exactly the same articles in SQLite (FTS5) and PostgreSQL (``tsvector``, ``simple`` config).
Matches are then ranked here, once, by BM25 over the stores' own term statistics, so the two
backends also return the same hits in the same order.
"""

from __future__ import annotations

import bisect
import itertools
import math
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
# Longer "words" are not language (base64, minified code, a 10 MB line): they are not indexed.
MAX_TERM_CHARS = 60
# Only the first this many words of an article are indexed (PostgreSQL keeps a tsvector under
# 1 MB; a 5 MB document is not an article anyone searches to its end).
MAX_INDEXED_TERMS = 60_000
_PHRASE = re.compile(r'"([^"]*)"')
# BM25 parameters: the usual defaults (Robertson & Zaragoza 2009), not tuned here.
K1 = 1.2
B = 0.75
# A word of the title counts as this many words of the body (a light BM25F).
TITLE_WEIGHT = 2.0


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    import Stemmer  # PyStemmer: the Snowball stemmers in C

    return Stemmer.Stemmer("english")


@lru_cache(maxsize=200_000)
def term(word: str) -> str:
    """One word as indexed: case-folded, without accents, stemmed (``"Protesters"`` -> ``"protest"``)."""
    folded = unicodedata.normalize("NFKD", word.casefold())
    plain = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return str(_stemmer().stemWord(plain)) if plain.isalpha() else plain


def terms(text: str, limit: int | None = None) -> list[str]:
    out = []
    for m in _WORD.finditer(text):
        if len(m.group()) <= MAX_TERM_CHARS:
            out.append(term(m.group()))
            if limit is not None and len(out) >= limit:
                break
    return out


def indexed(text: str) -> str:
    """The text as both stores index it: its terms joined by spaces."""
    return " ".join(terms(text, MAX_INDEXED_TERMS))


def indexed_length(title: str, body: str) -> float:
    """The length BM25 normalises by, from the indexed title and body (terms joined by one space)."""
    return TITLE_WEIGHT * _count_terms(title) + _count_terms(body)


def _count_terms(joined: str) -> int:
    return joined.count(" ") + 1 if joined else 0


@dataclass(frozen=True, slots=True)
class Query:
    """A user's search, as groups of terms that must all occur: one term each, or a phrase."""

    groups: tuple[tuple[str, ...], ...]

    @classmethod
    def parse(cls, text: str) -> Query:
        """Words become required terms; ``"a b"`` stays a phrase. Operators are plain words."""
        groups: list[tuple[str, ...]] = []
        for phrase in _PHRASE.findall(text):
            found = tuple(terms(phrase))
            if found:
                groups.append(found)
        groups.extend((t,) for t in terms(_PHRASE.sub(" ", text)))
        return cls(tuple(dict.fromkeys(groups)))

    @property
    def empty(self) -> bool:
        return not self.groups

    @property
    def words(self) -> list[str]:
        return list(dict.fromkeys(t for g in self.groups for t in g))


def occurrences(group: Sequence[str], indexed_text: str) -> int:
    """How often a term or phrase occurs in an indexed text (``indexed_text`` padded with spaces):
    non-overlapping, left to right, as ``str.count`` and SQL's ``replace`` find them."""
    return indexed_text.count(pattern(group))


@dataclass(frozen=True, slots=True)
class Candidate:
    """A matching article as the ranking sees it: its indexed title and body, or only how often
    each group of the query occurs in them (``counts``: title and body :func:`occurrences`, in
    the order of ``Query.groups``), counted by a store that does not send the texts."""

    rowid: int
    id: str
    title: str
    body: str
    length: float  # indexed_length(title, body), kept by the store
    counts: tuple[tuple[int, int], ...] | None = None


def pattern(group: Sequence[str]) -> str:
    """What :func:`occurrences` looks for in a text padded with spaces: the group's terms, spaced."""
    return " " + " ".join(group) + " "


def bm25(
    query: Query, docs: Sequence[Candidate], df: Mapping[str, int], n_docs: int, avg_len: float
) -> list[float]:
    """BM25 score of each candidate (title words weighted by TITLE_WEIGHT); a phrase's document
    frequency is that of its rarest word."""
    out = []
    weights = []
    for g in query.groups:
        n = min((df.get(t, 0) for t in g), default=0)
        weights.append(math.log(1 + (n_docs - n + 0.5) / (n + 0.5)))
    avg = avg_len or 1.0
    patterns = [pattern(g) for g in query.groups]
    for d in docs:
        norm = K1 * (1 - B + B * d.length / avg)
        if d.counts is None:
            title, body = f" {d.title} ", f" {d.body} "
            counts: Sequence[tuple[int, int]] = [(title.count(p), body.count(p)) for p in patterns]
        else:
            counts = d.counts
        score = 0.0
        for (in_title, in_body), w in zip(counts, weights, strict=True):
            tf = TITLE_WEIGHT * in_title + in_body
            score += w * tf * (K1 + 1) / (tf + norm)
        out.append(score)
    return out


# Words of an article searched for the snippet's window: a hit is nearly always in the lead, and
# scanning a long article to its end for every hit of a page costs more than the search itself.
SNIPPET_SCAN_WORDS = 600


def snippet(text: str, query: Query, width: int = 30) -> str:
    """About ``width`` words of ``text`` around the densest run of query words among its first
    :data:`SNIPPET_SCAN_WORDS` words, each marked ``[...]``."""
    words = _first_words(text, SNIPPET_SCAN_WORDS)
    if not words:
        return ""
    wanted = set(query.words)
    hits = [i for i, t in enumerate(map(term, words)) if t in wanted]
    if not hits:
        return _clip(text, len(words), 0, width, set())
    ends = bisect.bisect_left  # hits are sorted: count those in [i, i + width) by bisection
    best = max(hits, key=lambda i: (ends(hits, i + width) - ends(hits, i), -i))
    first = max(0, best - width // 4)
    return _clip(text, len(words), first, width, {i for i in hits if first <= i < first + width})


def lead(text: str) -> str:
    """The start of ``text`` that :func:`snippet` reads: up to the end of its word
    :data:`SNIPPET_SCAN_WORDS`. Stores keep it apart, so that a page of hits does not read whole
    articles; ``snippet(lead(text), q) == snippet(text, q)``."""
    size = 8 * SNIPPET_SCAN_WORDS
    while True:
        found = list(itertools.islice(_WORD.finditer(text, 0, size), SNIPPET_SCAN_WORDS + 1))
        if len(found) > SNIPPET_SCAN_WORDS:  # the last one wanted ended before the next began
            return text[: found[SNIPPET_SCAN_WORDS - 1].end()]
        if size >= len(text):
            return text
        size *= 2


def _first_words(text: str, n: int) -> list[str]:
    """The first ``n`` words of ``text``, read from a prefix just long enough (not the whole text)."""
    size = 8 * n
    while True:
        found = _WORD.findall(text, 0, size)
        if len(found) > n or size >= len(text):  # more than n found: the n-th ended before the slice did
            return found[:n]
        size *= 2


def _clip(text: str, n_words: int, first: int, width: int, marked: set[int]) -> str:
    """Words ``first`` to ``first + width - 1`` of ``text`` (of ``n_words`` scanned), query words marked."""
    last = min(n_words, first + width) - 1
    matches = list(itertools.islice(_WORD.finditer(text), first, last + 1))
    out, pos = [], matches[0].start()
    for i, m in enumerate(matches, first):
        out.append(text[pos:m.start()])
        out.append(f"[{m.group()}]" if i in marked else m.group())
        pos = m.end()
    body = " ".join("".join(out).split())
    return ("…" if first > 0 else "") + body + ("…" if last < n_words - 1 else "")
