"""The HTTP API (``/api/v1``) and the web page, a thin adapter over :mod:`dateline`'s Corpus.

``create_app(corpus, token=...)`` takes a store path, a zero-argument factory returning a
Corpus, or a Corpus object. With a path or a factory every worker thread opens its own
Corpus (SQLite connections stay in the thread that made them); a Corpus object is shared
behind a lock. Errors are JSON ``{"error": message}``: UsageError -> 400, NotFound -> 404.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Header, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from dateline.data import Entity, Event, Timeline
from dateline.errors import DatelineError, NotFound, UsageError
from dateline.filters import date_range
from dateline.serve import exports, params
from dateline.serve.cache import DEFAULT_ENTRIES, ResultCache
from dateline.serve.corpus_step import CorpusStep
from dateline.serve.security import MAX_BODY_BYTES, SecurityMiddleware, token_from_headers, token_matches
from dateline.settings import RANKERS
from dateline.views import article_dict, entity_dict, hit_dict, story_dict

log = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).parent / "static"
API = "/api/v1"
# Entities are cached this long (seconds), and dropped at each ingest through this server:
# the entity list and the article view's display names need them, and aggregating every
# mention of a large store is not free. A CLI ingest beside the server shows up within this time.
ENTITY_CACHE_SECONDS = 30.0
# Most files in one multipart upload; more belong to `dateline ingest`.
MAX_UPLOAD_FILES = 200
JSONL_TYPES = ("application/x-ndjson", "application/jsonl", "application/x-jsonlines", "application/json")

CorpusSource = str | os.PathLike[str] | Callable[[], Any] | Any


class CorpusProvider:
    """One Corpus per worker thread from a factory, or one shared Corpus behind a lock."""

    def __init__(self, source: CorpusSource) -> None:
        self._shared: Any = None
        self._factory: Callable[[], Any] | None = None
        self.location: str | None = None  # the store's path or URL, when given one
        if not isinstance(source, type) and hasattr(source, "timeline") and hasattr(source, "search"):
            self._shared = source
        elif isinstance(source, (str, os.PathLike)):
            path = os.fspath(source)
            self.location = path
            self._factory = lambda: _open_corpus(path)
        elif callable(source):
            self._factory = source
        else:
            raise UsageError(f"cannot serve {type(source).__name__}: give a store path, a factory or a Corpus")
        self._local = threading.local()
        self._lock = threading.RLock()
        self._opened: list[Any] = []
        self._write_lock = threading.Lock()
        self._writer: Any = None

    @contextmanager
    def use(self) -> Iterator[Any]:
        if self._shared is not None:
            with self._lock:
                yield self._shared
            return
        corpus = getattr(self._local, "corpus", None)
        if corpus is None:
            assert self._factory is not None
            corpus = self._local.corpus = self._factory()
            with self._lock:
                self._opened.append(corpus)
        yield corpus

    @contextmanager
    def writer(self) -> Iterator[Any]:
        """The one Corpus that ingests (its spaCy pipeline is loaded once), used by one thread at a time."""
        with self._write_lock:
            if self._shared is not None:
                with self._lock:
                    yield self._shared
                return
            if self._writer is None:
                assert self._factory is not None
                self._writer = self._factory()
                with self._lock:
                    self._opened.append(self._writer)
            yield self._writer

    def warm_writer(self) -> threading.Event:
        """Load the ingesting Corpus's analysis (spaCy) in the background, so that the first upload
        does not pay for it; the event is set when done (at once for a shared Corpus object)."""
        warmed = threading.Event()
        if self._shared is not None:
            warmed.set()
            return warmed

        def warm() -> None:
            from dateline.data import RawDocument

            try:
                with self.writer() as corpus:
                    corpus.pipeline.run([RawDocument(path="warm-up", fmt="text",
                                                     content="Warm-up\n\nThe council met in Paris on Monday.")])
            except Exception as exc:  # the first upload loads it then, and reports what fails
                log.warning("warming the analysis failed: %s", exc)
            finally:
                warmed.set()

        threading.Thread(target=warm, name="dateline-warm-up", daemon=True).start()
        return warmed

    def background_step(self, done: Callable[[], None]) -> CorpusStep | None:
        """A background corpus-level step on a Corpus of its own (None for a shared Corpus object,
        whose uploads run the step themselves); queued at once if the store says one is due."""
        if self._factory is None:
            return None
        step = CorpusStep(self._factory, done, self.location)
        step.request()
        return step

    def close(self) -> None:
        with self._lock:
            opened, self._opened = self._opened, []
        for corpus in opened:
            close = getattr(corpus, "close", None)
            if close is None:
                continue
            try:
                close()
            except Exception as exc:  # a connection owned by another thread may refuse; it dies with it
                log.debug("closing a corpus failed: %s", exc)


def _open_corpus(path: str) -> Any:
    import dateline

    return dateline.open(path)


@dataclass
class ServeState:
    provider: CorpusProvider
    token: str | None
    timelines: ResultCache[Timeline] = field(default_factory=ResultCache)
    corpus_step: CorpusStep | None = None
    warmed: threading.Event | None = None  # set once the analysis uploads need is loaded
    _entities: tuple[float, list[Entity]] | None = None

    def entities(self, q: str | None = None, label: str | None = None) -> list[Entity]:
        """The corpus's entities (cached), filtered by the library's rules when ``q``/``label`` are given."""
        cached = self._entities
        if cached is not None and time.monotonic() - cached[0] < ENTITY_CACHE_SECONDS:
            found = cached[1]
        else:
            with self.provider.use() as corpus:
                found = list(corpus.entities())
            self._entities = (time.monotonic(), found)
        if q or label:
            from dateline.pipeline import filter_entities

            return filter_entities(found, q, label)
        return found

    def forget_cached(self) -> None:
        self._entities = None
        self.timelines.clear()

    def close(self) -> None:
        if self.corpus_step is not None:
            self.corpus_step.close()
        self.provider.close()


def _store_version(corpus: Any) -> int | None:
    """The number of stored articles: any ingest (here or from the CLI) changes it."""
    try:
        return len(corpus)
    except TypeError:  # a corpus without a size: entries then live until they expire
        return None


# -- errors ----------------------------------------------------------------------------


def _error(status: int, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status, headers=headers)


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(UsageError)
    async def usage(_: Request, exc: UsageError) -> JSONResponse:
        return _error(400, str(exc))

    @app.exception_handler(NotFound)
    async def not_found(_: Request, exc: NotFound) -> JSONResponse:
        return _error(404, str(exc))

    @app.exception_handler(DatelineError)
    async def other(_: Request, exc: DatelineError) -> JSONResponse:
        log.warning("request failed: %s", exc)
        return _error(503, str(exc))

    @app.exception_handler(RequestValidationError)
    async def invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        return _error(400, _validation_message(exc))

    @app.exception_handler(StarletteHTTPException)
    async def http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        message = exc.detail if isinstance(exc.detail, str) else "request failed"
        return _error(exc.status_code, message, getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def crash(_: Request, exc: Exception) -> JSONResponse:
        log.exception("internal error")
        return _error(500, "internal error (the server log has the details)")


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors()[:3]:
        where = ".".join(str(x) for x in err.get("loc", ()) if x not in ("query", "path", "body"))
        parts.append(f"{where}: {err.get('msg', 'invalid value')}" if where else str(err.get("msg")))
    return "; ".join(parts) or "invalid request"


# -- app -------------------------------------------------------------------------------


def create_app(corpus: CorpusSource, token: str | None = None, *, allowed_hosts: list[str] | None = None,
               max_body_bytes: int = MAX_BODY_BYTES, max_document_bytes: int | None = None,
               timeline_cache: int = DEFAULT_ENTRIES) -> FastAPI:
    """The API and web page over ``corpus`` (store path, Corpus factory or Corpus).

    ``token`` guards writes (ingest); without one, writes are refused. ``allowed_hosts``
    restricts the Host header (DNS-rebinding defence); ``None`` accepts any.
    ``timeline_cache`` is the number of timelines kept (0: compute every request).
    """
    from dateline.settings import Settings

    state = ServeState(CorpusProvider(corpus), token, ResultCache(timeline_cache))
    state.corpus_step = state.provider.background_step(state.forget_cached)
    if token:  # uploads are allowed: load what they need now, not in the first one
        state.warmed = state.provider.warm_writer()
    doc_limit = max_document_bytes or Settings().max_document_bytes
    app = FastAPI(title="dateline", version=_version(), docs_url=None, redoc_url=None,
                  openapi_url="/openapi.json", description="News timelines from scraped articles.")
    app.state.dateline = state
    _install_error_handlers(app)
    app.add_middleware(SecurityMiddleware, max_body_bytes=max_body_bytes, allowed_hosts=allowed_hosts)
    _read_routes(app, state)
    _write_routes(app, state, doc_limit)
    _page_routes(app)
    app.router.add_event_handler("shutdown", state.close)
    return app


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("dateline")
    except Exception:  # not installed as a distribution (running from a checkout)
        return "0.1.0"


def _timeline_query(
    q: Annotated[str | None, Query(description="topic words")] = None,
    entity: Annotated[str | None, Query(description="entity name or alias (any case)")] = None,
    source: Annotated[str | None, Query(description="only articles of this outlet (any case)")] = None,
    start: Annotated[str | None, Query(description="YYYY-MM-DD, YYYY-MM or YYYY")] = None,
    end: Annotated[str | None, Query(description="YYYY-MM-DD, YYYY-MM or YYYY")] = None,
    max_dates: Annotated[int | None, Query(description=f"1-{params.MAX_DATES}")] = None,
    max_sentences: Annotated[int | None, Query(description=f"1-{params.MAX_SENTENCES}")] = None,
    method: Annotated[str | None, Query(description="timeline algorithm")] = None,
    ranker: Annotated[str | None, Query(description="sentence ranker: lexical, embedding or auto")] = None,
    story: Annotated[str | None, Query(description="only articles of this story (an id from /stories)")] = None,
) -> params.TimelineQuery:
    """Checked timeline parameters (the library resolves the entity name and raises NotFound)."""
    lo, hi = date_range(params.text_param(start, "start"), params.text_param(end, "end"))
    return params.TimelineQuery(
        query=params.text_param(q, "q", params.MAX_QUERY_CHARS),
        entity=params.name_param(entity, "entity"),
        source=params.name_param(source, "source"),
        start=lo, end=hi,
        max_dates=params.bounded(max_dates, "max_dates", 1, params.MAX_DATES),
        max_sentences=params.bounded(max_sentences, "max_sentences", 1, params.MAX_SENTENCES),
        method=params.text_param(method, "method", 40),
        ranker=params.choice_param(ranker, "ranker", RANKERS),
        story=params.text_param(story, "story", 40),
    )


TQ = Annotated[params.TimelineQuery, Depends(_timeline_query)]


def _build_timeline(state: ServeState, tq: params.TimelineQuery) -> Timeline:
    with state.provider.use() as corpus:
        key = (replace(tq, source=tq.source.casefold() if tq.source else None), _store_version(corpus))
        return state.timelines.get_or_compute(key, lambda: corpus.timeline(**tq.library_kwargs()))


def _read_routes(app: FastAPI, state: ServeState) -> None:
    _timeline_routes(app, state)
    _search_routes(app, state)
    _entity_routes(app, state)


def _timeline_routes(app: FastAPI, state: ServeState) -> None:
    @app.get(f"{API}/health", tags=["meta"])
    def health() -> dict[str, Any]:
        """Liveness, version, whether writes are enabled (a token is configured), timeline cache use."""
        return {"status": "ok", "version": _version(), "writes": bool(state.token),
                "timeline_cache": state.timelines.stats(),
                "corpus_step": state.corpus_step.stats() if state.corpus_step else None}

    @app.get(f"{API}/timeline", tags=["timeline"])
    def timeline(tq: TQ) -> dict[str, Any]:
        """The timeline: dates (intervals with precision and evidence), sentences, quotes, sources."""
        return params.redact_paths(exports.timeline_dict(_build_timeline(state, tq)))

    @app.get(f"{API}/exports/timeline", tags=["timeline"])
    def export_timeline(tq: TQ, format: Annotated[str, Query(description=", ".join(exports.FORMATS))] = "json"
                        ) -> Response:
        """The timeline as a downloadable file: json, md, csv or timelinejs (TimelineJS 3 JSON)."""
        if format not in exports.FORMATS:
            raise UsageError(f"unknown export format {format[:20]!r}; use one of: {', '.join(exports.FORMATS)}")
        tl = _build_timeline(state, tq)
        body = exports.export(_redacted_timeline(tl), format)
        name = f"timeline.{exports.FILE_SUFFIX[format]}"
        return Response(body, media_type=exports.MEDIA_TYPES[format],
                        headers={"content-disposition": f'attachment; filename="{name}"'})


def _search_routes(app: FastAPI, state: ServeState) -> None:
    @app.get(f"{API}/search", tags=["search"])
    def search(
        q: Annotated[str | None, Query(description="words to find; leave out to list articles by date")] = None,
        entity: str | None = None, start: str | None = None, end: str | None = None,
        story: Annotated[str | None, Query(description="only articles of this story")] = None,
        limit: Annotated[int, Query(description=f"1-{params.MAX_PAGE_SIZE}")] = 20,
        offset: Annotated[int, Query(description=f"0-{params.MAX_OFFSET}")] = 0,
    ) -> dict[str, Any]:
        """Full-text search over titles and bodies (best first), paginated with ``limit`` and ``offset``."""
        words = params.text_param(q, "q", params.MAX_QUERY_CHARS)
        lo, hi = date_range(params.text_param(start, "start"), params.text_param(end, "end"))
        key = params.name_param(entity, "entity")
        params.bounded(limit, "limit", 1, params.MAX_PAGE_SIZE)
        params.bounded(offset, "offset", 0, params.MAX_OFFSET)
        with state.provider.use() as corpus:
            result = corpus.search(words, entity=key, start=lo, end=hi, limit=limit, offset=offset,
                                   story=params.text_param(story, "story", 40))
        hits = [hit_dict(h) for h in result.hits]
        return params.redact_paths({"total": result.total, "limit": limit, "offset": offset, "hits": hits})

    @app.get(f"{API}/articles/{{article_id}}", tags=["articles"])
    def article(article_id: str) -> dict[str, Any]:
        """One article: cleaned text, removed lines with reasons, entities, quotes, date evidence."""
        aid = params.article_id(article_id)
        with state.provider.use() as corpus:
            analysed = corpus.article(aid)
            paths = corpus.paths(aid)
        names = {e.key: e for e in state.entities()}
        return params.redact_paths(article_dict(analysed, names, paths))


def _entity_routes(app: FastAPI, state: ServeState) -> None:
    @app.get(f"{API}/entities", tags=["entities"])
    def entities(
        q: Annotated[str | None, Query(description="substring of a name or alias")] = None,
        label: Annotated[str | None, Query(description="PERSON, ORG, GPE, ...")] = None,
        limit: int = 100, offset: int = 0,
    ) -> dict[str, Any]:
        """Entities with their aliases and mention counts, most mentioned first."""
        params.bounded(limit, "limit", 1, params.MAX_ENTITY_PAGE)
        params.bounded(offset, "offset", 0, params.MAX_OFFSET)
        found = state.entities(params.text_param(q, "q"), params.text_param(label, "label"))
        page = found[offset:offset + limit]
        return {"total": len(found), "limit": limit, "offset": offset, "entities": [entity_dict(e) for e in page]}

    @app.get(f"{API}/stories", tags=["stories"])
    def stories(limit: Annotated[int | None, Query(description="only the N biggest stories")] = None
                ) -> dict[str, Any]:
        """The corpus's stories, biggest first: id, label, size, date span, outlets and articles."""
        if limit is not None:
            params.bounded(limit, "limit", 1, params.MAX_OFFSET)
        with state.provider.use() as corpus:
            found = corpus.stories()[:limit]
            paths = corpus.article_paths([aid for s in found for aid in s.article_ids])
        return {"stories": [story_dict(s, paths, names_only=True) for s in found]}

    @app.get(f"{API}/sources", tags=["entities"])
    def sources() -> dict[str, Any]:
        """Outlets with their article counts (``null`` outlet: not named in the page)."""
        with state.provider.use() as corpus:
            found = list(corpus.sources())
        return {"sources": [{"outlet": s["outlet"], "count": int(s["count"])} for s in found]}


def _redacted_timeline(tl: Timeline) -> Timeline:
    def redact(events: tuple[Event, ...]) -> tuple[Event, ...]:
        return tuple(replace(ev, sources=tuple(replace(s, path=params.public_path(s.path) or "") for s in ev.sources))
                     for ev in events)

    return Timeline(events=redact(tl.events), overlapping=redact(tl.overlapping))


def _write_routes(app: FastAPI, state: ServeState, doc_limit: int) -> None:
    from dateline.serve.ingest import ingest_request

    upload_schema = {
        "requestBody": {
            "required": True,
            "content": {
                "multipart/form-data": {"schema": {"type": "object", "properties": {
                    "files": {"type": "array", "items": {"type": "string", "format": "binary"}}}}},
                "application/x-ndjson": {"schema": {"type": "string", "description": "one article per line"}},
            },
        }
    }

    @app.post(f"{API}/ingest", tags=["ingest"], openapi_extra=upload_schema)
    async def ingest(request: Request, authorization: Annotated[str | None, Header()] = None,
                     x_dateline_token: Annotated[str | None, Header()] = None) -> JSONResponse:
        """Add uploaded files (text, HTML, JSONL, gzip, WARC) or a JSONL body; needs the token.

        Answers with one result per document: ``added``, ``duplicate`` or ``skipped`` with a reason.
        """
        if not state.token:
            return _error(403, "writes are disabled: start the server with a token (DATELINE_TOKEN)")
        if not token_matches(state.token, token_from_headers(authorization, x_dateline_token)):
            return _error(401, "a valid token is needed: send 'Authorization: Bearer <DATELINE_TOKEN>'",
                          {"www-authenticate": "Bearer"})
        result = await ingest_request(request, state, doc_limit, MAX_UPLOAD_FILES, JSONL_TYPES)
        state.forget_cached()
        return JSONResponse(result)


def _page_routes(app: FastAPI) -> None:
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")

    @app.api_route("/", methods=["GET", "HEAD"], include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(STATIC_DIR / "index.html", media_type="text/html; charset=utf-8",
                            headers={"cache-control": "no-cache"})

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return Response(status_code=204)


__all__ = ["CorpusProvider", "create_app"]
