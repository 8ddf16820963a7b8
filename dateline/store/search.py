"""Search over any store: the backend finds matches, ranking and snippets happen here, once.

A backend (:class:`SearchBackend`) answers with the articles whose indexed terms match a
:class:`~dateline.store.terms.Query` under the filters, at most ``MAX_RANKED`` of them: when more
match, the most recently added ones (so a query matching half of a million articles costs no more
than one matching two thousand; a more specific query, or a filter, reaches the rest). They are
ranked by :func:`dateline.store.terms.bm25` from the store's term statistics, so every backend
gives the same hits in the same order; ties go to the smaller article id.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from dateline.data import DateInterval
from dateline.store.base import Filters, SearchHit, SearchResult
from dateline.store.terms import Candidate, Query, bm25, snippet

# Most matches ranked for one search. Beyond it, the most recently added matches are ranked, and
# the total is counted only when asked for.
MAX_RANKED = 500
# Characters of an article shown when a search has no words (a listing by date).
LISTING_CHARS = 160


@dataclass(frozen=True, slots=True)
class HitRow:
    rowid: int
    id: str
    path: str
    title: str | None
    outlet: str | None
    text: str
    pub_start: date | None
    pub_end: date | None


class SearchBackend(Protocol):
    def match(self, query: Query, filters: Filters, cap: int) -> tuple[list[Candidate], bool]:
        """Up to ``cap`` matching articles, the most recently added first, and whether more match."""
        ...

    def count_matches(self, query: Query, filters: Filters) -> int: ...

    def document_frequencies(self, words: Sequence[str]) -> dict[str, int]: ...

    def term_stats(self) -> tuple[int, float]:
        """Number of articles and their mean indexed length."""
        ...

    def hit_rows(self, rowids: Sequence[int]) -> list[HitRow]:
        """Rows for these articles, in any order."""
        ...

    def dated_rows(self, filters: Filters, limit: int, offset: int) -> tuple[list[HitRow], int]:
        """A page of the filtered articles in date order, and how many there are."""
        ...


def search(
    backend: SearchBackend, filters: Filters, limit: int, offset: int, exact_total: bool = True
) -> SearchResult:
    query = Query.parse(filters.words) if filters.words else None
    if query is None:
        rows, total = backend.dated_rows(filters, limit, offset)
        hits = [_hit(r, _listing(r.text)) for r in rows]
        return SearchResult(total=total, hits=hits, offset=offset, limit=limit)
    if query.empty:
        return SearchResult(total=0, hits=[], offset=offset, limit=limit)
    found, more = backend.match(query, filters, MAX_RANKED)
    n_docs, avg_len = backend.term_stats()
    scores = bm25(query, found, backend.document_frequencies(query.words), n_docs, avg_len)
    order = sorted(range(len(found)), key=lambda i: (-scores[i], found[i].id))
    page = [found[i].rowid for i in order[offset:offset + limit]]
    by_rowid = {r.rowid: r for r in backend.hit_rows(page)}
    hits = [_hit(by_rowid[i], snippet(by_rowid[i].text, query)) for i in page if i in by_rowid]
    if not more:
        total, exact = len(found), True
    elif exact_total:
        total, exact = backend.count_matches(query, filters), True
    else:
        total, exact = len(found), False
    return SearchResult(total=total, hits=hits, offset=offset, limit=limit, total_exact=exact)


def _hit(r: HitRow, text: str) -> SearchHit:
    return SearchHit(id=r.id, path=r.path, title=r.title, outlet=r.outlet, snippet=text,
                     published=DateInterval(r.pub_start, r.pub_end))


def _listing(text: str) -> str:
    return " ".join(text[:LISTING_CHARS].split())
