"""The interface every store implements, what it returns, and how a store is chosen.

:class:`Store` is what :class:`dateline.pipeline.Corpus` (and through it the CLI, the HTTP
server and the evaluation) uses; :class:`~dateline.store.sqlite.SQLiteStore` (the embedded
default) and :class:`~dateline.store.postgres.PostgresStore` (one corpus shared by many users)
implement it. :func:`open_store` picks one from a path or a ``postgresql://`` URL.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import urlsplit, urlunsplit

from dateline.data import AnalysedArticle, DateInterval, Entity
from dateline.errors import UsageError

if TYPE_CHECKING:
    from dateline.events.stories import Features, Story

# (key, label, text, role, count) for each distinct surface form of an entity
EntityRow = tuple[str, str, str, str | None, int]


@dataclass(frozen=True, slots=True)
class SearchHit:
    id: str
    path: str
    title: str | None
    snippet: str
    outlet: str | None = None
    published: DateInterval = field(default_factory=DateInterval.unknown)


@dataclass(frozen=True, slots=True)
class SearchResult:
    """One page of hits. ``total`` is exact unless ``total_exact`` is False, when it is a lower
    bound (more matches exist than were ranked; see ``Store.search``)."""

    total: int
    hits: list[SearchHit]
    offset: int = 0
    limit: int = 20
    total_exact: bool = True


@dataclass(frozen=True, slots=True)
class Filters:
    """Which articles a search or a timeline looks at; ``None`` means no filter of that kind.

    ``words`` must all occur (a ``"quoted phrase"`` as a phrase); ``keys`` are entity keys, any
    of which must be mentioned; ``start``/``end`` keep articles whose known date interval overlaps
    them (an undated article is in no date range); ``source`` is an outlet's name, in any case;
    ``story`` is a story id (:meth:`Store.stories`): its articles only.
    """

    words: str | None = None
    keys: frozenset[str] | None = None
    start: date | None = None
    end: date | None = None
    source: str | None = None
    story: str | None = None


@dataclass(frozen=True, slots=True)
class CorpusUpdate:
    """What one incremental corpus step changes (:mod:`dateline.events.incremental`).

    ``done``: the pending articles it took in; ``keys``: their ``(key, article id)`` index entries
    (64-bit keys: LSH bands, dating evidence; see :meth:`Store.key_holders`); ``regroup``: articles whose duplicate-group rows are
    replaced by ``groups`` (first id kept); ``dates``: per article, its publication and event dates
    and whether they were moved by cross-document evidence (``False``: its own dates, restored).
    ``version`` is the corpus version the step read (``state("corpus_version")``): if another step
    has written since, nothing is written. ``generation`` as in :meth:`Store.set_derived`."""

    done: tuple[str, ...]
    keys: tuple[tuple[int, str], ...] = ()
    regroup: tuple[str, ...] = ()
    groups: tuple[tuple[str, ...], ...] = ()
    dates: dict[str, tuple[DateInterval, DateInterval, bool]] = field(default_factory=dict)
    version: str = "0"
    generation: str | None = None
    finish: bool = True  # False: later writes of the same step follow; the step stays due


class Store(Protocol):
    """A corpus of analysed articles with search, entity and corpus-level tables."""

    #: where the store is, fit to show a user (a path, or a URL without its password)
    location: str

    @property
    def schema_version(self) -> int: ...

    def close(self) -> None: ...

    def files(self) -> tuple[str, ...]:
        """Files the store keeps on this machine (an ingest of their folder leaves them out)."""
        ...

    # -- writing
    def known_ids(self, ids: Iterable[str]) -> set[str]:
        """The ids among ``ids`` that are stored already."""
        ...

    def add_paths(self, pairs: Iterable[tuple[str, str]]) -> None:
        """Remember more ``(path, article id)`` pairs (the same content read from another path)."""
        ...

    def add_articles(self, items: Sequence[AnalysedArticle]) -> int:
        """Store a batch in one transaction; articles already present are left alone. Returns how
        many were added."""
        ...

    def state(self, key: str) -> str | None: ...

    def set_derived(
        self, groups: Sequence[Sequence[str]], dates: dict[str, tuple[DateInterval, DateInterval]],
        generation: str | None = None,
    ) -> None:
        """Replace the corpus-level results: duplicate groups and cross-document dates. They were
        computed from the store as it was at ``generation`` (``state("generation")``, which every
        added batch moves on); if articles were added since, the step stays due."""
        ...

    def set_stories(self, stories: Sequence[Story], features: Features | None = None,
                    model: str | None = None) -> None:
        """Replace every story in one transaction, with each story's centroid ``features`` and the
        detection's ``model`` (JSON, kept as ``state("story_model")``); their articles are no
        longer waiting for a story (:meth:`story_pending`)."""
        ...

    def put_stories(self, stories: Sequence[Story], features: Features, done: Sequence[str], version: str) -> bool:
        """Replace these stories (others are left alone; centroid features of those in ``features``)
        and take ``done`` off the story waiting list, unless another step wrote since ``version``
        (see :meth:`apply_update`)."""
        ...

    def restart_stories(self) -> None:
        """Drop every story, its centroid features and the detection model, and put every article back
        on the story waiting list, in one transaction: the next story step detects them anew."""
        ...

    def story_pending(self, limit: int) -> list[str]:
        """Up to ``limit`` ids (ascending) of articles added since stories last took them in."""
        ...

    def stories_of(self, ids: Iterable[str]) -> dict[str, str]:
        """The story id of each of ``ids`` that is in a story."""
        ...

    def story(self, story_id: str) -> Story | None: ...

    def story_features(self, features: Iterable[str]) -> dict[str, dict[str, float]]:
        """Per story holding any of ``features``: its weights for them."""
        ...

    def member_dates(self, ids: Iterable[str]) -> list[tuple[str, DateInterval, str | None]]:
        """``(id, main date, outlet)`` of each article: what a story's order and span need."""
        ...

    # -- incremental corpus state (dateline.events.incremental)
    def pending(self, limit: int) -> list[str]:
        """Up to ``limit`` ids (ascending) of articles added since the corpus step last took them in."""
        ...

    def key_holders(self, keys: Iterable[int]) -> list[tuple[int, str]]:
        """The ``(key, article id)`` pairs stored under ``keys``."""
        ...

    def key_counts(self, keys: Iterable[int]) -> dict[int, int]:
        """How many articles hold each of ``keys`` (keys held by none are absent)."""
        ...

    def groups_of(self, ids: Iterable[str]) -> dict[str, tuple[str, ...]]:
        """The stored duplicate group (first id kept) of each of ``ids`` that is in one."""
        ...

    def apply_update(self, update: CorpusUpdate) -> bool:
        """Write one incremental step in one transaction, unless another step wrote since it read
        ``update.version`` (then nothing is written and False is returned)."""
        ...

    # -- reading
    def count(self) -> int: ...

    def get(self, article_id: str) -> AnalysedArticle | None: ...

    def iter_articles(self, ids: Sequence[str] | None = None, own: bool = False) -> Iterator[AnalysedArticle]:
        """The given articles (all, without ``ids``) in the order they were added; ``own``: with the
        dates of their own analysis, not those a corpus-level step moved."""
        ...

    def paths_for(self, article_id: str) -> list[str]: ...

    def duplicate_groups(self) -> list[tuple[str, ...]]: ...

    def stories(self) -> list[Story]:
        """The stored stories, biggest first (then the earliest, then by id)."""
        ...

    def story_ids(self, story_id: str) -> list[str] | None:
        """The article ids of one story (date order), ``None`` for an unknown story."""
        ...

    def keys_for_entity(self, name: str, key: str) -> set[str]:
        """Entity keys matching a user's name: its canonical key, or any mention with that text
        (case-insensitive)."""
        ...

    def select_ids(self, filters: Filters) -> list[str]:
        """Ids of the matching articles, in date order (undated first), then by id."""
        ...

    def search(self, filters: Filters, limit: int, offset: int, exact_total: bool = True) -> SearchResult:
        """Matching articles, best first (BM25 over the indexed terms, :mod:`dateline.store.terms`),
        else by date; ``exact_total=False`` skips counting when more match than are ranked."""
        ...

    def entity_rows(self) -> list[EntityRow]: ...

    def sources(self) -> list[tuple[str | None, int]]:
        """Outlets with their article counts, most first (then by name, unknown outlet first)."""
        ...


_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*)://")
POSTGRES_SCHEMES = ("postgresql", "postgres")


def is_url(location: str) -> bool:
    return bool(_SCHEME.match(location))


def open_store(location: str | Path) -> Store:
    """A store at ``location``: a ``postgresql://`` URL, or a file path (SQLite; created if missing).

    Any other ``scheme://`` is a :class:`~dateline.errors.UsageError`, never a file of that name.
    """
    text = str(location)
    m = _SCHEME.match(text)
    if m is None:
        from dateline.store.sqlite import SQLiteStore

        return SQLiteStore(Path(text))
    if m.group(1).lower() in POSTGRES_SCHEMES:
        from dateline.store.postgres import PostgresStore

        return PostgresStore(text)
    raise UsageError(
        f"unknown store {redact(text)!r}: give a file path (SQLite) or a postgresql://user@host:port/db URL"
    )


def redact(url: str) -> str:
    """A URL without its password, fit for messages."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.rsplit("@", 1)
    user = (parts.username or "") + ":***"
    return urlunsplit(parts._replace(netloc=f"{user}@{netloc[-1]}"))


def entities_from_rows(rows: Iterable[EntityRow]) -> list[Entity]:
    """Aggregate mention rows into entities; the display name is the most frequent multi-word
    spelling, with its diacritics (:func:`dateline.analyse.aliases.display_name`)."""
    from dateline.analyse.aliases import display_name

    by_key: dict[str, dict[str, Any]] = {}
    for key, label, text, role, n in rows:
        e = by_key.setdefault(key, {"labels": {}, "forms": {}, "roles": set(), "count": 0})
        e["labels"][label] = e["labels"].get(label, 0) + n
        e["forms"][text] = e["forms"].get(text, 0) + n
        if role:
            e["roles"].add(role)
        e["count"] += n
    out = []
    for key, e in by_key.items():
        label = max(e["labels"], key=lambda lab: (e["labels"][lab], lab))
        out.append(Entity(key=key, name=display_name(e["forms"]), label=label, aliases=tuple(sorted(e["forms"])),
                          roles=tuple(sorted(e["roles"])), count=e["count"]))
    out.sort(key=lambda e: (-e.count, e.name))
    return out


def story_json(story: Story) -> str:
    """A story's description (all but its article ids) as stored JSON."""
    import json

    return json.dumps({
        "label": story.label,
        "start": story.start.isoformat() if story.start else None,
        "end": story.end.isoformat() if story.end else None,
        "outlets": list(story.outlets), "entities": list(story.entities), "terms": list(story.terms),
    }, ensure_ascii=False)


def story_from_json(story_id: str, data: str | dict[str, Any], article_ids: Sequence[str]) -> Story:
    import json

    from dateline.events.stories import Story

    d = json.loads(data) if isinstance(data, str) else data
    return Story(
        id=story_id, label=d["label"], article_ids=tuple(article_ids),
        start=date.fromisoformat(d["start"]) if d.get("start") else None,
        end=date.fromisoformat(d["end"]) if d.get("end") else None,
        outlets=tuple(d.get("outlets", ())), entities=tuple(d.get("entities", ())), terms=tuple(d.get("terms", ())),
    )
