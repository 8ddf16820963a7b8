"""The Python API: run the pipeline on documents, or keep a corpus in a store.

``process`` runs read → clean → analyse → cross-document dating on documents without a
store. :class:`Corpus` keeps articles in a store and answers timelines and searches;
the CLI and the HTTP server are thin adapters over it.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from dateline.data import (
    AnalysedArticle,
    Collection,
    DateInterval,
    Entity,
    RawDocument,
    Skipped,
    Timeline,
)
from dateline.errors import NotFound, UsageError
from dateline.filters import DateArg, date_range, name_filter
from dateline.ingest import ReadOptions, read_paths
from dateline.settings import Settings, default_db_path
from dateline.store import SearchResult, SQLiteStore
from dateline.store.sqlite import entities_from_rows

if TYPE_CHECKING:
    from dateline.analyse import Analyser

log = logging.getLogger(__name__)

# Largest page a search may ask for (API and CLI); bigger requests are refused, not truncated.
MAX_PAGE_SIZE = 500


@dataclass(slots=True)
class IngestReport:
    """What one ingest did: ids added, inputs already stored, inputs skipped with reasons."""

    added: int = 0
    duplicates: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def read(self) -> int:
        return self.added + self.duplicates


class Pipeline:
    """Clean, analyse and date documents; the analyser (spaCy) is loaded once, lazily."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings()
        self._analyser: Analyser | None = None

    @property
    def analyser(self) -> Analyser:
        if self._analyser is None:
            from dateline.analyse import Analyser

            self._analyser = Analyser(self.settings)
        return self._analyser

    def analyse(self, docs: Sequence[RawDocument]) -> list[AnalysedArticle]:
        """Clean and analyse one batch (per-document work only)."""
        from dateline.clean import clean_batch

        return list(self.analyser.analyse(clean_batch(docs)))


def refine(articles: Sequence[AnalysedArticle]) -> list[AnalysedArticle]:
    """Cross-document dating over a whole collection (a no-op where that stage is absent)."""
    try:
        from dateline.events.dating import refine_corpus
    except ImportError:
        return list(articles)
    return list(refine_corpus(articles))


def process(docs: Sequence[RawDocument], settings: Settings | None = None) -> list[AnalysedArticle]:
    """Clean, analyse and date ``docs`` together, without a store."""
    return refine(Pipeline(settings).analyse(docs))


def _batches(items: Iterable[RawDocument | Skipped], size: int) -> Iterator[list[RawDocument | Skipped]]:
    batch: list[RawDocument | Skipped] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _progress(enabled: bool | None) -> Callable[..., object] | None:
    if enabled is False or (enabled is None and not sys.stderr.isatty()):
        return None
    from tqdm import tqdm

    return tqdm


class Corpus:
    """A corpus of analysed articles in a store.

    >>> corpus = dateline.open("news.db")      # doctest: +SKIP
    >>> corpus.ingest(["scrapes/"])            # doctest: +SKIP
    >>> corpus.timeline(entity="Lukashenko")   # doctest: +SKIP
    """

    def __init__(self, store: SQLiteStore, settings: Settings | None = None) -> None:
        self.store = store
        self.settings = settings or Settings()
        self.pipeline = Pipeline(self.settings)

    # -- ingest -------------------------------------------------------------------
    def ingest(self, paths: Sequence[str | Path], progress: bool | None = None) -> IngestReport:
        """Read, clean, analyse and store everything under ``paths``; incremental and resumable.

        Each batch is committed in one transaction, so an interrupted run leaves a
        consistent store and the next run only does what is missing.
        """
        items = read_paths([str(p) for p in paths], ReadOptions(self.settings.max_document_bytes))
        return self._ingest_items(items, progress)

    def ingest_documents(self, docs: Sequence[RawDocument | Skipped], progress: bool | None = False) -> IngestReport:
        """Store documents that are already read (uploads, benchmark loaders)."""
        return self._ingest_items(iter(docs), progress)

    def _ingest_items(self, items: Iterator[RawDocument | Skipped], progress: bool | None) -> IngestReport:
        report = IngestReport()
        bar_factory = _progress(progress)
        bar = bar_factory(desc="ingest", unit="doc") if bar_factory else None
        for batch in _batches(items, self.settings.batch_size):
            self._ingest_batch(batch, report)
            if bar is not None:
                bar.update(len(batch))  # type: ignore[attr-defined]
        if bar is not None:
            bar.close()  # type: ignore[attr-defined]
        if report.added or self.store.state("derived_dirty") == "1":
            self.update_corpus()
        return report

    def _ingest_batch(self, batch: list[RawDocument | Skipped], report: IngestReport) -> None:
        docs = []
        for item in batch:
            if isinstance(item, Skipped):
                log.warning("skipped %s: %s", item.path, item.reason)
                report.skipped.append(item)
            else:
                docs.append(item)
                if item.warning:
                    report.warnings.append(f"{item.path}: {item.warning}")
        ids = [d.id for d in docs]
        known = self.store.known_ids(ids)
        fresh: dict[str, RawDocument] = {}
        for doc, doc_id in zip(docs, ids, strict=True):
            if doc_id in known or doc_id in fresh:
                report.duplicates += 1
            else:
                fresh[doc_id] = doc
        self.store.add_paths((d.path, i) for d, i in zip(docs, ids, strict=True) if i in known)
        if not fresh:
            return
        try:
            analysed = self.pipeline.analyse(list(fresh.values()))
        except Exception as exc:  # one broken batch must not stop the rest: retry one by one
            log.warning("batch failed (%s); retrying its documents one by one", exc)
            analysed = self._analyse_one_by_one(list(fresh.values()), report)
        report.added += self.store.add_articles(analysed)
        report.ids.extend(a.id for a in analysed)

    def _analyse_one_by_one(self, docs: list[RawDocument], report: IngestReport) -> list[AnalysedArticle]:
        out = []
        for doc in docs:
            try:
                out.extend(self.pipeline.analyse([doc]))
            except Exception as exc:  # reported by name, never silently dropped
                log.exception("cannot process %s", doc.path)
                report.skipped.append(Skipped(doc.path, f"processing failed: {type(exc).__name__}: {exc}"))
        return out

    def update_corpus(self) -> None:
        """Recompute corpus-level results: near-duplicate groups and cross-document dates."""
        articles = list(self.store.iter_articles())
        groups: Sequence[Sequence[str]] = ()
        try:
            from dateline.events.dedup import duplicate_groups

            groups = duplicate_groups(articles)
        except ImportError:
            pass
        refined = refine(articles)
        changed = {
            a.id: (a.published, a.event_date)
            for a, old in zip(refined, articles, strict=True)
            if (a.published, a.event_date) != (old.published, old.event_date)
        }
        self.store.set_derived(groups, changed)

    # -- queries ------------------------------------------------------------------
    def __len__(self) -> int:
        return self.store.count()

    def article(self, article_id: str) -> AnalysedArticle:
        found = self.store.get(article_id)
        if found is None:
            raise NotFound(f"no article with id {article_id!r}")
        return found

    def paths(self, article_id: str) -> list[str]:
        """Every path this article's content was read from (syndicated copies share none)."""
        return self.store.paths_for(article_id)

    def entity_keys(self, name: str) -> set[str]:
        """Canonical keys for a user-given entity name; :class:`NotFound` if none matches."""
        if not any(ch.isalnum() for ch in name):
            raise UsageError(f"entity name {name!r} has no letters or digits")
        key = _entity_key(name)
        keys = self.store.keys_for_entity(name.strip(), key)
        if not keys:
            raise NotFound(f"unknown entity {name!r}: `dateline entities` lists the entities in this corpus")
        return keys

    def _ids(
        self, query: str | None, entity: str | None, start: date | None, end: date | None, source: str | None = None
    ) -> list[str]:
        _check_range(start, end)
        keys = self.entity_keys(entity) if entity else None
        return self.store.select_ids(query or None, keys, start, end, source=source)

    def collection(
        self,
        query: str | None = None,
        entity: str | None = None,
        start: DateArg = None,
        end: DateArg = None,
        source: str | None = None,
        *,
        articles_in_range: bool = False,
    ) -> Collection:
        """The articles matching the words, entity and source filters, with their duplicate groups,
        ready for a timeline; a date range becomes the collection's ``window`` (dates are chosen
        inside it). Articles are only pre-selected by date where more than
        ``Settings.max_timeline_articles`` match: then those whose known date overlaps the range.
        ``articles_in_range`` instead keeps just the articles whose date overlaps the range, with
        no window (the protocol of the timeline benchmarks)."""
        lo, hi = date_range(start, end)
        source = name_filter(source, "source")
        if articles_in_range:
            ids = self._ids(query, entity, lo, hi, source)
            window = None
        else:
            ids = self._ids(query, entity, None, None, source)
            window = DateInterval(lo, hi) if lo or hi else None
        if window is not None and len(ids) > self.settings.max_timeline_articles:
            ids = self._ids(query, entity, lo, hi, source)
        ids = _thin(ids, self.settings.max_timeline_articles)
        articles = tuple(self.store.iter_articles(ids))
        wanted = set(ids)
        groups = tuple(
            tuple(i for i in g if i in wanted) for g in self.store.duplicate_groups()
        )
        keywords = tuple(query.split()) if query else ()
        return Collection(articles=articles, duplicates=tuple(g for g in groups if len(g) > 1), keywords=keywords,
                          window=window)

    def timeline(
        self,
        query: str | None = None,
        entity: str | None = None,
        start: DateArg = None,
        end: DateArg = None,
        max_dates: int | None = None,
        max_sentences: int | None = None,
        method: str | None = None,
        ranker: str | None = None,
        source: str | None = None,
    ) -> Timeline:
        """A dated timeline of the matching articles (see :mod:`dateline.timeline`).

        ``query`` (words), ``entity`` (any name or alias) and ``source`` (an outlet, any case)
        choose the articles before any date or sentence is chosen. ``start``/``end`` (dates, or
        ``YYYY-MM-DD``/``YYYY-MM``/``YYYY`` text) make a date range: ``Timeline.events`` holds
        up to ``max_dates`` events whose date lies inside it, ``Timeline.overlapping`` those whose
        date only overlaps it; undated events are left out. ``method`` and ``ranker`` default to
        the settings' (``ranker``: see ``Settings.ranker``)."""
        from dateline.timeline import DEFAULT_METHOD, get_generator
        from dateline.timeline.build import split_by_window

        n_dates = self.settings.max_dates if max_dates is None else max_dates
        n_sents = self.settings.max_sentences if max_sentences is None else max_sentences
        if n_dates < 1 or n_sents < 1:
            raise UsageError("the number of dates and of sentences per date must be at least 1")
        generator = get_generator(method or DEFAULT_METHOD, ranker or self.settings.ranker)
        collection = self.collection(query, entity, start, end, source)
        if not collection.articles:
            return Timeline(())
        timeline = generator.predict(collection, n_dates, n_sents)
        if collection.window is not None:  # whatever the generator did, the range means the same
            timeline = split_by_window(timeline.events + timeline.overlapping, collection.window)
        return timeline

    def search(
        self,
        words: str | None = None,
        entity: str | None = None,
        start: DateArg = None,
        end: DateArg = None,
        limit: int = 20,
        offset: int = 0,
    ) -> SearchResult:
        """Full-text search (FTS5, ranked by BM25) with entity and date filters, paginated; a date
        range keeps the articles whose known date overlaps it (``YYYY-MM`` and ``YYYY`` accepted)."""
        start, end = date_range(start, end)
        if not 1 <= limit <= MAX_PAGE_SIZE:
            raise UsageError(f"limit must be between 1 and {MAX_PAGE_SIZE}, got {limit}")
        if offset < 0:
            raise UsageError(f"offset must not be negative, got {offset}")
        keys = self.entity_keys(entity) if entity else None
        return self.store.search(words or None, keys, start, end, limit, offset)

    def entities(self, q: str | None = None, label: str | None = None) -> list[Entity]:
        """Entities of the corpus with their aliases, roles and mention counts, most mentioned
        first; ``q`` keeps those with a name or alias containing it (any case), ``label`` those
        of that label (``PERSON``, ``ORG``, ``GPE``, ...)."""
        return filter_entities(entities_from_rows(self.store.entity_rows()), q, label)

    def sources(self) -> list[dict[str, object]]:
        return [{"outlet": outlet, "count": n} for outlet, n in self.store.sources()]

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Corpus:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def filter_entities(found: Sequence[Entity], q: str | None = None, label: str | None = None) -> list[Entity]:
    """The entities with a name or alias containing ``q`` (any case) and of label ``label``."""
    out = list(found)
    if label and label.strip():
        out = [e for e in out if e.label.casefold() == label.strip().casefold()]
    if q and q.strip():
        low = q.strip().casefold()
        out = [e for e in out if low in e.name.casefold() or any(low in a.casefold() for a in e.aliases)]
    return out


def _thin(ids: list[str], most: int) -> list[str]:
    """At most ``most`` ids, evenly spaced through ``ids`` (which come in date order)."""
    if len(ids) <= most:
        return ids
    log.info("timeline over %d matching articles thinned to %d (Settings.max_timeline_articles)", len(ids), most)
    step = len(ids) / most
    return [ids[int(i * step)] for i in range(most)]


def _entity_key(name: str) -> str:
    try:
        from dateline.analyse.aliases import entity_key_for
    except ImportError:
        return name.strip().lower()
    return entity_key_for(name)


def _check_range(start: date | None, end: date | None) -> None:
    if start and end and start > end:
        raise UsageError(f"the start date {start} is after the end date {end}")


def open_corpus(path: str | Path | None = None, settings: Settings | None = None) -> Corpus:
    """Open (or create) a corpus; ``None`` means ``$DATELINE_DB`` or the default location."""
    target = Path(path) if path is not None else default_db_path()
    return Corpus(SQLiteStore(target), settings)
