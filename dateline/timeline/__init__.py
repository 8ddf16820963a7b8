"""Timeline stage: a :class:`~dateline.data.Collection` in, a :class:`~dateline.data.Timeline` out.

Algorithms share one interface, :class:`TimelineGenerator`
(``predict(collection, max_dates, max_sentences) -> Timeline``):

- ``datewise`` (:mod:`.datewise`) — rank days by how many articles refer to them, then
  choose sentences for each day;
- ``clustering`` (:mod:`.clustering`) — group articles into same-event clusters, rank the
  clusters, one entry per cluster;
- ``default`` (:mod:`.default`) — what dateline uses: one event per same-event cluster for
  small corpora, date-wise selection for big ones; syndicated copies never vote twice and
  every event lists all its sources;
- ``learned`` — ``default`` with each day's sentences scored by boosted trees learned on
  Timeline17 reference timelines (:mod:`.learned`) instead of the centroid ranker.

Sentences are chosen in a sentence space (:func:`.summarise.space_factory`): TF-IDF
(``ranker="lexical"``, the default: best on Timeline17), or sentence embeddings from the model
that ships with dateline (``"embedding"``; ``"auto"`` falls back to TF-IDF when it cannot load).

Filters (query words, entity, date range) are applied by the caller to the collection;
``Collection.keywords`` only steers sentence choice.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from dateline.data import Collection, Timeline
from dateline.errors import UsageError
from dateline.settings import DEFAULT_RANKER
from dateline.timeline.summarise import SpaceFactory, space_factory


class TimelineGenerator(Protocol):
    """A timeline algorithm."""

    def predict(self, collection: Collection, max_dates: int, max_sentences: int) -> Timeline: ...


def _datewise(space: SpaceFactory) -> TimelineGenerator:
    from dateline.timeline.datewise import DatewiseGenerator

    return DatewiseGenerator(space=space)


def _clustering(space: SpaceFactory) -> TimelineGenerator:
    from dateline.timeline.clustering import ClusteringGenerator

    return ClusteringGenerator(space=space)


def _default(space: SpaceFactory) -> TimelineGenerator:
    from dateline.timeline.default import DefaultGenerator

    return DefaultGenerator(space=space)


def _learned(space: SpaceFactory) -> TimelineGenerator:
    from dateline.timeline.default import DefaultGenerator
    from dateline.timeline.learned import learned_chooser

    return DefaultGenerator(space=space, chooser=learned_chooser())


_FACTORIES: dict[str, Callable[[SpaceFactory], TimelineGenerator]] = {
    "default": _default,
    "datewise": _datewise,
    "clustering": _clustering,
    "learned": _learned,
}
METHODS: tuple[str, ...] = tuple(_FACTORIES)
DEFAULT_METHOD = "default"


def get_generator(name: str = DEFAULT_METHOD, ranker: str = DEFAULT_RANKER) -> TimelineGenerator:
    """The generator called ``name`` (one of :data:`METHODS`), choosing sentences in the
    space ``ranker`` names (see :func:`dateline.timeline.summarise.space_factory`)."""
    try:
        factory = _FACTORIES[name]
    except KeyError:
        raise UsageError(f"unknown timeline method {name!r}; choose one of {', '.join(METHODS)}") from None
    return factory(space_factory(ranker))


__all__ = ["DEFAULT_METHOD", "METHODS", "TimelineGenerator", "get_generator"]
