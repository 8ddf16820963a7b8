"""Shared parts of the timeline generators: the corpus index and event assembly.

:class:`CorpusIndex` resolves the syndicated copies of a :class:`~dateline.data.Collection`
(only the kept copy of each group votes and offers sentences; the others only add
sources), numbers every sentence of the kept articles for the sentence space, and knows
the corpus's overall date span (used to clip open-ended intervals when ordering).

:func:`make_event` turns chosen sentences into an :class:`~dateline.data.Event` with its
sources (copies included), quotes and entity names, so every generator shows the same
things in the same way.
"""

from __future__ import annotations

import hashlib
import itertools
import operator
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cached_property

import numpy as np

from dateline.analyse.terms import unpack
from dateline.clean.comments import commenter_stamped
from dateline.data import (
    AnalysedArticle,
    Collection,
    DateInterval,
    Event,
    QuoteRef,
    Sentence,
    SentenceRef,
    SourceRef,
    Timeline,
)
from dateline.events.dedup import duplicate_groups
from dateline.timeline.summarise import SentenceSpace, SpaceFactory, TfidfSpace, dense

# At most this many quotes and entity names are listed per event (the rest are in the
# articles); enough for a reader to see who spoke without burying the summary.
MAX_QUOTES = 6
MAX_ENTITIES = 8
# Entity labels shown on events (people, organisations, places, nationalities/groups).
ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT"})


@dataclass(frozen=True, slots=True)
class SentenceRow:
    """One sentence of a kept article, as numbered in the sentence space."""

    article_id: str
    sentence: int
    text: str


# Sentences at the start of an article that must keep at least one readable candidate.
READABLE_LEAD = 4


def readable(text: str) -> bool:
    """False for a piece of a multi-sentence quotation (unbalanced quote marks): read alone in a
    timeline it starts or ends mid-quote and loses its speaker."""
    return text.count("\u201c") == text.count("\u201d") and text.count('"') % 2 == 0


def offered_sentences(art: AnalysedArticle) -> list[Sentence]:
    """The sentences a summary may quote: readable ones, unless the lead has none (then all);
    never one carrying a reader comment's stamp (the cleaner removes comment threads; a store
    cleaned by an older version may still hold them)."""
    stamped = commenter_stamped([s.text for s in art.sentences])
    sents = [s for s, bad in zip(art.sentences, stamped, strict=True) if not bad]
    if not any(readable(s.text) for s in sents[:READABLE_LEAD]):
        return sents
    return [s for s in sents if readable(s.text)]


class CorpusIndex:
    """Lookup tables over a collection, built once per ``predict`` call."""

    def __init__(self, collection: Collection, space: SpaceFactory = TfidfSpace) -> None:
        self.collection = collection
        self._space_factory = space
        self._names: dict[str, str] = {}
        self.by_id: dict[str, AnalysedArticle] = {}
        for art in collection.articles:
            self.by_id.setdefault(art.id, art)
        groups = collection.duplicates
        if groups is None:  # not computed by the store: find the copies here
            groups = duplicate_groups(list(self.by_id.values()))
        self.group_of: dict[str, str] = {}
        self.copies: dict[str, tuple[str, ...]] = {}
        kept_groups: list[tuple[str, ...]] = []
        for g in groups:
            present = [i for i in g if i in self.by_id]
            if len(present) < 2:
                continue
            kept_groups.append(tuple(present))
            self.copies[present[0]] = tuple(present[1:])
            for i in present:
                self.group_of[i] = present[0]
        self.groups: tuple[tuple[str, ...], ...] = tuple(kept_groups)
        self.kept: list[AnalysedArticle] = [a for a in self.by_id.values() if self.group_of.get(a.id, a.id) == a.id]
        self.rows: list[SentenceRow] = []
        self.row_of: dict[tuple[str, int], int] = {}
        lengths: list[np.ndarray] = []
        ids: list[np.ndarray] = []
        complete = True  # every kept article carries its sentences' term ids (analysed by this version)
        for art in self.kept:
            offered = offered_sentences(art)
            ends, flat = unpack(art.terms) if complete else (np.zeros(0), np.zeros(0))
            complete = complete and len(ends) == len(art.sentences)
            aid = art.id
            for s in offered:
                self.row_of[(aid, s.index)] = len(self.rows)
                self.rows.append(SentenceRow(aid, s.index, s.text))
            if complete and offered:
                picked = np.array([s.index for s in offered])
                starts = np.concatenate(([0], ends[:-1]))[picked]
                stops = ends[picked]
                lengths.append(stops - starts)
                if len(picked) == len(ends) and np.array_equal(picked, np.arange(len(ends))):
                    ids.append(flat[: ends[-1]] if len(ends) else flat[:0])  # every sentence offered, in order
                else:
                    ids.append(np.concatenate([flat[a:b] for a, b in zip(starts, stops, strict=True)]))
        self._row_terms = (
            (np.concatenate(lengths), np.concatenate(ids)) if complete and lengths else None
        )

    @cached_property
    def space(self) -> SentenceSpace:
        """Vectors of :attr:`rows` (TF-IDF unless the caller chose another space)."""
        return self._space_factory([r.text for r in self.rows], self._row_terms)

    @cached_property
    def topic_centroid(self) -> np.ndarray:
        """The normalised mean of the sentence vectors: what the collection is about."""
        return self.space.centroid()

    def topic_similarity(self, rows: Sequence[int]) -> np.ndarray:
        """Cosine similarity of the given sentence rows to :attr:`topic_centroid`."""
        if not rows:
            return np.zeros(0)
        return dense(self.space.rows(rows) @ self.topic_centroid.reshape(-1, 1)).ravel()

    @cached_property
    def span(self) -> tuple[date | None, date | None]:
        """Earliest and latest known day of the articles' publication (or event) dates."""
        days: list[date] = []
        for art in self.kept:
            for iv in (art.published, art.event_date):
                days.extend(d for d in (iv.start, iv.end) if d is not None)
        return (min(days), max(days)) if days else (None, None)

    @cached_property
    def _entity_forms(self) -> dict[str, Counter[str]]:
        """Surface forms (and their counts) of each entity key in the kept articles."""
        # (key, form) pairs counted in C first: a big corpus has hundreds of thousands of mentions
        mentions = itertools.chain.from_iterable(art.mentions for art in self.kept)
        pairs = Counter(map(operator.attrgetter("key", "text"), mentions))
        forms: dict[str, Counter[str]] = {}
        for (key, text), n in pairs.items():
            found = forms.get(key)
            if found is None:
                found = forms[key] = Counter()
            found[text.strip()] += n
        return forms

    def entity_name(self, key: str) -> str:
        """Display name of an entity key (:func:`dateline.analyse.aliases.display_name`: a full name,
        the most frequent spelling, with its diacritics); the key itself if no kept article names it.
        Computed when first asked for: a timeline shows a few dozen of a corpus's thousands."""
        name = self._names.get(key)
        if name is None:
            from dateline.analyse.aliases import display_name

            forms = self._entity_forms.get(key)
            name = self._names[key] = display_name(forms) if forms else key
        return name

    @property
    def entity_names(self) -> dict[str, str]:
        """Display name per entity key (see :meth:`entity_name`), for every key at once."""
        return {k: self.entity_name(k) for k in self._entity_forms}

    def sources(self, article_ids: Iterable[str]) -> tuple[SourceRef, ...]:
        """Source refs for these articles and all their syndicated copies, without repeats."""
        out: dict[str, SourceRef] = {}
        for aid in article_ids:
            kept = self.group_of.get(aid, aid)
            for i in (kept, *self.copies.get(kept, ())):
                art = self.by_id.get(i)
                if art is not None and i not in out:
                    a = art.article
                    out[i] = SourceRef(id=i, path=a.path, title=a.title, outlet=a.outlet)
        return tuple(out.values())

    def sort_key(self, interval: DateInterval) -> tuple[int, date, int]:
        """Order events by the midpoint of their interval, open ends clipped to the corpus
        span; narrower intervals first on a tie; unknown dates last."""
        lo, hi = self.span
        mid = interval.midpoint(lo, hi) if interval.is_known else None
        if mid is None:
            return (1, date.max, 0)
        return (0, mid, interval.width_days or 10**6)


def _quotes(index: CorpusIndex, refs: Sequence[SentenceRef], article_ids: Sequence[str]) -> tuple[QuoteRef, ...]:
    chosen = {(r.article_id, r.sentence) for r in refs}
    found: list[tuple[int, QuoteRef]] = []
    for aid in article_ids:
        art = index.by_id.get(aid)
        if art is None:
            continue
        for q in art.quotes:
            rank = 0 if (aid, q.sentence) in chosen else 1
            speaker = q.speaker_name or q.speaker
            context = None if speaker else next((s.text for s in art.sentences if s.index == q.sentence), None)
            found.append((rank, QuoteRef(text=q.text, speaker=speaker, article_id=aid, context=context)))
    found.sort(key=lambda x: x[0])
    seen: set[str] = set()
    out: list[QuoteRef] = []
    for _, qr in found:
        if qr.text not in seen:
            seen.add(qr.text)
            out.append(qr)
    return tuple(out[:MAX_QUOTES])


def _entities(index: CorpusIndex, refs: Sequence[SentenceRef], article_ids: Sequence[str]) -> tuple[str, ...]:
    """Entity names of the event: those in its summary sentences first, then the most
    mentioned in its articles."""
    chosen = {(r.article_id, r.sentence) for r in refs}
    counts: Counter[str] = Counter()
    for aid in article_ids:
        art = index.by_id.get(aid)
        for m in art.mentions if art else ():
            if m.label in ENTITY_LABELS:
                counts[m.key] += 100 if (aid, m.sentence) in chosen else 1
    names: list[str] = []
    for key, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        name = index.entity_name(key)
        if name not in names:
            names.append(name)
    return tuple(names[:MAX_ENTITIES])


def event_id(interval: DateInterval, refs: Sequence[SentenceRef]) -> str:
    first = refs[0] if refs else None
    raw = f"{interval.start}|{interval.end}|{first.article_id if first else ''}|{first.sentence if first else ''}"
    return hashlib.sha1(raw.encode("utf-8")).hexdigest()[:12]


def make_event(
    index: CorpusIndex, interval: DateInterval, refs: Sequence[SentenceRef], article_ids: Sequence[str]
) -> Event:
    """An event from its date, chosen sentences and the articles that report it."""
    ids = list(dict.fromkeys([r.article_id for r in refs] + list(article_ids)))
    return Event(
        date=interval,
        summary=tuple(refs),
        sources=index.sources(ids),
        quotes=_quotes(index, refs, ids),
        entities=_entities(index, refs, ids),
        id=event_id(interval, refs),
    )


def split_by_window(events: Iterable[Event], window: DateInterval | None) -> Timeline:
    """``events`` (in their order) as a timeline under the date range ``window``: those whose date
    lies inside it, and apart those whose known date only overlaps it; the rest (undated ones
    included) are left out. Without a window every event is kept."""
    events = tuple(events)
    if window is None:
        return Timeline(events)
    inside = tuple(e for e in events if e.date.within(window))
    overlapping = tuple(
        e for e in events if e.date.is_known and not e.date.within(window) and e.date.overlaps(window)
    )
    return Timeline(inside, overlapping)


def ordered(index: CorpusIndex, events: Iterable[Event]) -> Timeline:
    """A timeline with the events in date order (see :meth:`CorpusIndex.sort_key`), split by the
    collection's date range when it has one (see :func:`split_by_window`)."""
    chronological = sorted(events, key=lambda e: (index.sort_key(e.date), e.id))
    return split_by_window(chronological, index.collection.window)


def ref(row: SentenceRow) -> SentenceRef:
    return SentenceRef(article_id=row.article_id, sentence=row.sentence, text=row.text)
