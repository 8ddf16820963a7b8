"""Where the per-document work of an ingest runs: in this process, or on a Dask cluster.

Ingest is a map over batches of documents (:meth:`dateline.pipeline.Pipeline.run`: clean,
analyse and date, each document on its own) followed by one writer that commits the results to
the store in the order the batches were read. :class:`LocalMapper` runs the map here;
:class:`DaskMapper` runs it on a Dask ``distributed`` cluster: a local one of N worker processes
(``dateline ingest --workers N``) or an existing one (``--cluster tcp://host:8786``), whose
workers each load the analysis models once. At most ``window`` batches are in flight, so memory
stays flat however large the input; results come back in submission order, so the store is
written exactly as a single process would write it.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any, Protocol

from dateline.data import AnalysedArticle, RawDocument, Skipped
from dateline.errors import UsageError
from dateline.settings import Settings

log = logging.getLogger(__name__)

Results = list[AnalysedArticle | Skipped]
# Batches in flight per worker: one being analysed and one queued keeps every worker busy.
BATCHES_PER_WORKER = 2
# Seconds to wait for an existing cluster's scheduler to answer.
CONNECT_TIMEOUT = 10
PLUGIN_NAME = "dateline-pipeline"


class Mapper(Protocol):
    def map(self, batches: Iterable[list[RawDocument]]) -> Iterator[tuple[list[RawDocument], Results]]:
        """Each batch with its results, in the order the batches were given."""
        ...

    def close(self) -> None: ...


class LocalMapper:
    """The map in this process."""

    def __init__(self, run: Any) -> None:
        self._run = run

    def map(self, batches: Iterable[list[RawDocument]]) -> Iterator[tuple[list[RawDocument], Results]]:
        for batch in batches:
            yield batch, self._run(batch)

    def close(self) -> None:
        pass


class _PipelinePlugin:
    """Gives each Dask worker one :class:`~dateline.pipeline.Pipeline` (models loaded once)."""

    name = PLUGIN_NAME

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.pipeline: Any = None

    def setup(self, worker: Any) -> None:
        from dateline.pipeline import Pipeline

        self.pipeline = Pipeline(self.settings)

    def teardown(self, worker: Any) -> None:
        self.pipeline = None


def _run_on_worker(batch: list[RawDocument]) -> Results:
    from distributed import get_worker

    pipeline = getattr(get_worker().plugins[PLUGIN_NAME], "pipeline", None)
    if pipeline is None:
        raise RuntimeError("the dateline plugin did not set up a pipeline on this worker")
    return list(pipeline.run(batch))


class DaskMapper:
    """The map on a Dask cluster: ``workers`` local processes, or the cluster at ``address``."""

    def __init__(self, settings: Settings, workers: int = 2, address: str | None = None,
                 fallback: Any = None) -> None:
        try:
            from distributed import Client, LocalCluster, WorkerPlugin
        except ImportError as exc:  # pragma: no cover - dask is a dependency
            raise UsageError(f"distributed ingest needs dask[distributed]: {exc}") from exc
        self._cluster: Any = None
        if logging.getLogger().getEffectiveLevel() > logging.INFO:  # Dask's own INFO lines only with -v
            logging.getLogger("distributed").setLevel(logging.WARNING)
        try:
            if address:
                self.client = Client(address, timeout=CONNECT_TIMEOUT)
            else:
                self._cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                             dashboard_address=None, silence_logs=logging.ERROR)
                self.client = Client(self._cluster)
        except OSError as exc:
            raise UsageError(f"cannot reach the Dask cluster at {address}: {exc}") from exc
        plugin = type("DatelinePipeline", (_PipelinePlugin, WorkerPlugin), {})(settings)
        self.client.register_plugin(plugin, name=PLUGIN_NAME)
        n = len(self.client.scheduler_info().get("workers", {})) or workers
        self.window = max(1, n * BATCHES_PER_WORKER)
        self._fallback = fallback
        log.info("ingest map on %d Dask workers (%s)", n, address or "local cluster")

    def map(self, batches: Iterable[list[RawDocument]]) -> Iterator[tuple[list[RawDocument], Results]]:
        in_flight: deque[tuple[list[RawDocument], Any]] = deque()
        for batch in batches:
            in_flight.append((batch, self.client.submit(_run_on_worker, batch, pure=False)))
            if len(in_flight) >= self.window:
                yield self._result(*in_flight.popleft())
        while in_flight:
            yield self._result(*in_flight.popleft())

    def _result(self, batch: list[RawDocument], future: Any) -> tuple[list[RawDocument], Results]:
        try:
            return batch, list(future.result())
        except Exception as exc:  # a worker died (killed, out of memory): the batch is redone here
            if self._fallback is None:
                raise
            log.warning("a Dask worker failed on a batch (%s: %s); analysing it here", type(exc).__name__, exc)
            return batch, self._fallback(batch)

    def close(self) -> None:
        self.client.close()
        if self._cluster is not None:
            self._cluster.close()
