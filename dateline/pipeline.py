"""The Python API: run the pipeline on documents, or keep a corpus in a store.

``process`` runs read → clean → analyse → cross-document dating on documents without a
store. :class:`Corpus` keeps articles in a store and answers timelines and searches;
the CLI and the HTTP server are thin adapters over it.
"""

from __future__ import annotations

import gc
import html
import logging
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from dateline.data import (
    AnalysedArticle,
    Article,
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
from dateline.mapping import LocalMapper, Mapper
from dateline.settings import Settings, default_db_location
from dateline.store import Filters, SearchResult, Store, entities_from_rows, open_store

if TYPE_CHECKING:
    from dateline.analyse import Analyser
    from dateline.events.stories import Story

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


# A cleaned body with fewer words than this holds no article text (a page that is only scripts,
# a text that is only site chrome, a nested page whose only text is one letter): the document is
# reported as skipped instead of being stored as an empty article.
MIN_ARTICLE_WORDS = 3


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

    def run(self, docs: Sequence[RawDocument]) -> list[AnalysedArticle | Skipped]:
        """Clean and analyse one batch (per-document work only), in order.

        Never raises for a document's content: a step that fails on one document costs that
        document that step only (see ``AnalysedArticle.problems``), and a document whose body
        holds no article text comes back as a :class:`Skipped` with the reason.
        """
        cleaned = _clean_all(docs)
        kept = [(i, art) for i, (art, _) in enumerate(cleaned) if _article_words(art) >= MIN_ARTICLE_WORDS]
        analysed = self.analyser.analyse([art for _, art in kept]) if kept else []
        out: list[AnalysedArticle | Skipped] = [Skipped(d.path, _no_text_reason(art)) for d, (art, _) in
                                                zip(docs, cleaned, strict=True)]
        for (i, _), result in zip(kept, analysed, strict=True):
            problem = cleaned[i][1]
            out[i] = replace(result, problems=(problem, *result.problems)) if problem else result
        return out

    def analyse(self, docs: Sequence[RawDocument]) -> list[AnalysedArticle]:
        """:meth:`run` without the skipped documents (each is logged with its reason)."""
        out = []
        for item in self.run(docs):
            if isinstance(item, Skipped):
                log.warning("skipped %s: %s", item.path, item.reason)
            else:
                out.append(item)
        return out


def _clean_all(docs: Sequence[RawDocument]) -> list[tuple[Article, str | None]]:
    """Each document cleaned on its own (so what is stored never depends on which documents came in
    the same batch), with the problem that made its cleaning fall back, if any."""
    from dateline.clean import clean

    out: list[tuple[Article, str | None]] = []
    for doc in docs:
        try:
            out.append((clean(doc), None))
        except Exception as exc:  # the page is kept as plain text, and the failure reported
            log.warning("%s: cleaning failed (%s: %s); kept as plain text", doc.path, type(exc).__name__, exc)
            out.append((_uncleaned(doc), f"cleaning failed ({type(exc).__name__}: {exc}); kept as plain text"))
    return out


_TAG = re.compile(r"<(script|style)\b.*?</\1\s*>|<[^>]*>", re.IGNORECASE | re.DOTALL)
_SPACES = re.compile(r"[ \t]+")


def _uncleaned(doc: RawDocument) -> Article:
    """The document as plain text, markup dropped: what is left when the cleaner fails."""
    text = html.unescape(_TAG.sub(" ", doc.content)) if doc.fmt == "html" else doc.content
    paras = [_SPACES.sub(" ", p).strip() for p in re.split(r"\n\s*\n", text)]
    return Article(id=doc.id, path=doc.path, fmt=doc.fmt, text="\n\n".join(p for p in paras if p),
                   title=doc.title, outlet=doc.source, url=doc.url, published_meta=doc.published)


def _article_words(art: Article) -> int:
    return sum(1 for w in art.text.split() if any(ch.isalnum() for ch in w))


def _no_text_reason(art: Article) -> str:
    n = _article_words(art)
    found = f"{n} word{'s' if n != 1 else ''} of body text" if n else "no body text"
    removed = f"; {len(art.removed)} line(s) removed as page chrome" if art.removed else ""
    return f"holds no article text ({found}{removed})"


def refine(articles: Sequence[AnalysedArticle]) -> list[AnalysedArticle]:
    """Cross-document dating over a whole collection (a no-op where that stage is absent)."""
    try:
        from dateline.events.dating import refine_corpus
    except ImportError:
        return list(articles)
    return list(refine_corpus(articles))


def process(docs: Sequence[RawDocument], settings: Settings | None = None) -> list[AnalysedArticle]:
    """Clean, analyse and date ``docs`` together, without a store (documents that hold no
    article text are left out and logged; :meth:`Pipeline.run` returns them as ``Skipped``).
    A document with the same content as an earlier one has its id too: only the first is kept,
    as in a store, so that every article id names one article."""
    first: dict[str, RawDocument] = {}
    for doc in docs:
        first.setdefault(doc.id, doc)
    unique = list(first.values())
    if len(unique) < len(docs):
        log.info("left out %d document(s) with the same content as an earlier one", len(docs) - len(unique))
    return refine(Pipeline(settings).analyse(unique))


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

    def __init__(self, store: Store, settings: Settings | None = None) -> None:
        self.store = store
        self.settings = settings or Settings()
        self.pipeline = Pipeline(self.settings)

    # -- ingest -------------------------------------------------------------------
    def ingest(
        self, paths: Sequence[str | Path], progress: bool | None = None, workers: int = 1, cluster: str | None = None
    ) -> IngestReport:
        """Read, clean, analyse and store everything under ``paths``; incremental and resumable.

        Each batch is committed in one transaction, so an interrupted run leaves a consistent
        store and the next run only does what is missing. ``workers > 1`` runs the per-document
        work on a local Dask cluster of that many processes, ``cluster`` on an existing Dask
        cluster (``tcp://host:8786``); the store is written by this process alone, in input order.
        """
        own = frozenset(str(Path(f).resolve()) for f in self.store.files())  # never ingest the store itself
        items = read_paths([str(p) for p in paths], ReadOptions(self.settings.max_document_bytes, exclude=own))
        return self._ingest_items(items, progress, workers, cluster)

    def ingest_documents(
        self, docs: Sequence[RawDocument | Skipped], progress: bool | None = False, corpus_step: bool = True
    ) -> IngestReport:
        """Store documents that are already read (uploads, benchmark loaders). ``corpus_step=False``
        leaves the corpus-level step (:meth:`update_corpus`) to the caller: the store says it is due."""
        return self._ingest_items(iter(docs), progress, corpus_step=corpus_step)

    def _mapper(self, workers: int, cluster: str | None) -> Mapper:
        if workers <= 1 and not cluster:
            return LocalMapper(self.pipeline.run)
        from dateline.mapping import DaskMapper

        return DaskMapper(self.settings, workers, cluster, fallback=self.pipeline.run)

    def _ingest_items(
        self, items: Iterator[RawDocument | Skipped], progress: bool | None, workers: int = 1,
        cluster: str | None = None, corpus_step: bool = True,
    ) -> IngestReport:
        report = IngestReport()
        bar_factory = _progress(progress)
        bar = bar_factory(desc="ingest", unit="doc") if bar_factory else None
        seen: set[str] = set()
        copies: dict[str, list[str]] = {}  # id -> paths of its copies read in this run, kept once it is stored
        fresh = (self._fresh(batch, report, seen, copies, bar) for batch in _batches(items, self.settings.batch_size))
        mapper = self._mapper(workers, cluster)
        try:
            for batch, results in mapper.map(b for b in fresh if b):
                self._store(results, report, copies)
                if bar is not None:
                    bar.update(len(batch))  # type: ignore[attr-defined]
        finally:
            mapper.close()
            if bar is not None:
                bar.close()  # type: ignore[attr-defined]
        if corpus_step and self.corpus_step_due():
            self.update_corpus()
        return report

    def _fresh(self, batch: list[RawDocument | Skipped], report: IngestReport, seen: set[str],
               copies: dict[str, list[str]], bar: object | None) -> list[RawDocument]:
        """The documents of a batch that are neither stored nor seen earlier in this run; the rest
        are counted here, and their paths remembered: now for copies of stored articles, in
        ``copies`` for copies of articles this run has yet to store (a path row never points at an
        article that is not there, even if the run is killed)."""
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
        stored = self.store.known_ids(ids)
        fresh: dict[str, RawDocument] = {}
        for doc, doc_id in zip(docs, ids, strict=True):
            if doc_id in stored or doc_id in seen or doc_id in fresh:
                report.duplicates += 1
                if doc_id not in stored:
                    copies.setdefault(doc_id, []).append(doc.path)
            else:
                fresh[doc_id] = doc
        self.store.add_paths((d.path, i) for d, i in zip(docs, ids, strict=True) if i in stored)
        seen.update(fresh)
        if bar is not None:
            bar.update(len(batch) - len(fresh))  # type: ignore[attr-defined]
        return list(fresh.values())

    def _store(
        self, results: Sequence[AnalysedArticle | Skipped], report: IngestReport, copies: dict[str, list[str]]
    ) -> None:
        analysed = []
        for result in results:
            if isinstance(result, Skipped):
                log.warning("skipped %s: %s", result.path, result.reason)
                report.skipped.append(result)
                continue
            analysed.append(result)
            report.warnings.extend(f"{result.article.path}: {p}" for p in result.problems)
        report.added += self.store.add_articles(analysed)
        report.ids.extend(a.id for a in analysed)
        # copies of an article stored by this batch (read earlier in this run) keep their paths too
        self.store.add_paths((path, a.id) for a in analysed for path in copies.pop(a.id, ()))

    def corpus_step_due(self) -> bool:
        """Whether articles were added since the corpus-level results were last computed."""
        return self.store.state("derived_dirty") == "1"

    def update_corpus(self) -> None:
        """Bring corpus-level results up to date: near-duplicate groups, cross-document dates and stories.

        Near-duplicates and dates are taken in incrementally (:mod:`dateline.events.incremental`):
        only the articles added since the last step, and those their evidence touches, are compared
        and re-dated, meeting the stored ones through indexed keys; the three are the same whatever
        order the articles arrived in. Stories are detected over every article in a store of up to
        ``incremental.STORY_DETECT_MAX`` articles (the same whatever the order, too), and new
        articles are placed in them beyond that (see :mod:`dateline.events.incremental`).
        """
        from dateline.events import incremental
        from dateline.store.base import CorpusUpdate

        generation = self.store.state("generation") or "0"  # what was stored when this step started
        incremental.update(self.store, generation, finish=False)
        incremental.update_stories(self.store)  # before the write that marks the corpus step done
        version = self.store.state("corpus_version") or "0"
        if not self.store.apply_update(CorpusUpdate((), version=version, generation=generation)):
            log.info("corpus step: another step wrote meanwhile; this one stays due")

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
        self, query: str | None, entity: str | None, start: date | None, end: date | None, source: str | None = None,
        story: str | None = None,
    ) -> list[str]:
        _check_range(start, end)
        keys = frozenset(self.entity_keys(entity)) if entity else None
        return self.store.select_ids(Filters(query or None, keys, start, end, source, self._story(story)))

    def rebuild_stories(self) -> None:
        """Detect the stories anew over the whole store (after any due corpus step). In a store
        beyond ``incremental.STORY_DETECT_MAX`` articles, where arriving articles are placed in the
        stories they are most alike, this makes the stories independent of arrival order again."""
        from dateline.events import incremental

        if self.corpus_step_due():
            self.update_corpus()
        incremental.rebuild_stories(self.store)

    def stories(self) -> list[Story]:
        """The stories of the corpus (:mod:`dateline.events.stories`), biggest first, as of the
        last corpus step (:meth:`update_corpus`)."""
        return self.store.stories()

    def article_paths(self, ids: Sequence[str]) -> dict[str, str]:
        """The path each article was first read from."""
        return {a.id: a.article.path for a in self.store.iter_articles(list(ids))}

    def story(self, story_id: str) -> Story:
        """One story; :class:`NotFound` for an unknown id."""
        for s in self.store.stories():
            if s.id == story_id:
                return s
        raise NotFound(f"unknown story {story_id!r}: `dateline stories` lists the stories in this corpus")

    def _story(self, story_id: str | None) -> str | None:
        """A story filter, checked: :class:`NotFound` for an unknown id."""
        if story_id is None or story_id == "":
            return None
        if self.store.story_ids(story_id) is None:
            raise NotFound(f"unknown story {story_id!r}: `dateline stories` lists the stories in this corpus")
        return story_id

    def collection(
        self,
        query: str | None = None,
        entity: str | None = None,
        start: DateArg = None,
        end: DateArg = None,
        source: str | None = None,
        *,
        articles_in_range: bool = False,
        story: str | None = None,
    ) -> Collection:
        """The articles matching the words, entity and source filters, with their duplicate groups,
        ready for a timeline; a date range becomes the collection's ``window`` (dates are chosen
        inside it). Articles are only pre-selected by date where more than
        ``Settings.max_timeline_articles`` match: then those whose known date overlaps the range.
        ``articles_in_range`` instead keeps just the articles whose date overlaps the range, with
        no window (the protocol of the timeline benchmarks). ``story`` (an id from :meth:`stories`)
        keeps that story's articles."""
        lo, hi = date_range(start, end)
        source = name_filter(source, "source")
        if articles_in_range:
            ids = self._ids(query, entity, lo, hi, source, story)
            window = None
        else:
            ids = self._ids(query, entity, None, None, source, story)
            window = DateInterval(lo, hi) if lo or hi else None
        if window is not None and len(ids) > self.settings.max_timeline_articles:
            ids = self._ids(query, entity, lo, hi, source, story)
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
        story: str | None = None,
    ) -> Timeline:
        """A dated timeline of the matching articles (see :mod:`dateline.timeline`).

        ``query`` (words), ``entity`` (any name or alias) and ``source`` (an outlet, any case)
        choose the articles before any date or sentence is chosen. ``start``/``end`` (dates, or
        ``YYYY-MM-DD``/``YYYY-MM``/``YYYY`` text) make a date range: ``Timeline.events`` holds
        up to ``max_dates`` events whose date lies inside it, ``Timeline.overlapping`` those whose
        date only overlaps it; undated events are left out. ``method`` and ``ranker`` default to
        the settings' (``ranker``: see ``Settings.ranker``); ``story`` keeps one story's articles."""
        from dateline.timeline import DEFAULT_METHOD, get_generator
        from dateline.timeline.build import split_by_window

        n_dates = self.settings.max_dates if max_dates is None else max_dates
        n_sents = self.settings.max_sentences if max_sentences is None else max_sentences
        if n_dates < 1 or n_sents < 1:
            raise UsageError("the number of dates and of sentences per date must be at least 1")
        generator = get_generator(method or DEFAULT_METHOD, ranker or self.settings.ranker)
        with _cycle_collection_paused():
            collection = self.collection(query, entity, start, end, source, story=story)
            if not collection.articles:
                return Timeline(())
            timeline = generator.predict(collection, n_dates, n_sents)
            window = collection.window
            del collection  # freed before the collector is back: it would walk every article once more
        if window is not None:  # whatever the generator did, the range means the same
            timeline = split_by_window(timeline.events + timeline.overlapping, window)
        return timeline

    def search(
        self,
        words: str | None = None,
        entity: str | None = None,
        start: DateArg = None,
        end: DateArg = None,
        limit: int = 20,
        offset: int = 0,
        exact_total: bool = True,
        story: str | None = None,
    ) -> SearchResult:
        """Full-text search with entity and date filters, best first (BM25), paginated; a date range
        keeps the articles whose known date overlaps it (``YYYY-MM`` and ``YYYY`` accepted).

        ``exact_total=False`` does not count the matches when more match than are ranked
        (``dateline.store.search.MAX_RANKED``): ``total`` is then a lower bound."""
        start, end = date_range(start, end)
        if not 1 <= limit <= MAX_PAGE_SIZE:
            raise UsageError(f"limit must be between 1 and {MAX_PAGE_SIZE}, got {limit}")
        if offset < 0:
            raise UsageError(f"offset must not be negative, got {offset}")
        keys = frozenset(self.entity_keys(entity)) if entity else None
        filters = Filters(words or None, keys, start, end, story=self._story(story))
        return self.store.search(filters, limit, offset, exact_total)

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


@contextmanager
def _cycle_collection_paused() -> Iterator[None]:
    """Python's cycle collector off for the block (back on after, unless it was off before).

    A timeline decodes thousands of stored articles into millions of small objects; each batch of
    new objects sets off a collection that walks every object alive, none of them garbage.
    Measured at 100,000 articles, a timeline over 3,000 of them: 3.5 s CPU with the collector on,
    2.2 s off. What the block leaves in cycles is collected after it, as usual."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def open_corpus(location: str | Path | None = None, settings: Settings | None = None) -> Corpus:
    """Open (or create) a corpus at a file path (SQLite) or a ``postgresql://`` URL; ``None`` means
    ``$DATELINE_DB`` or the default file."""
    return Corpus(open_store(location if location is not None else default_db_location()), settings)
