"""The corpus-level step of a serving process, run in the background after uploads.

An upload through ``POST /api/v1/ingest`` stores its articles (they are searchable, and in
timelines with their own dates, as soon as the request returns) and then asks for the corpus-level
step (near-duplicate groups, cross-document dates), which runs in this worker thread on its own
connection to the store. Requests that arrive while it runs are served from the previous results;
uploads that arrive meanwhile are folded into the next run, so a burst of uploads costs one or
two runs, not one each. The store records that a step is due (``Corpus.corpus_step_due``), so a
server stopped before it ran leaves it to the next start or the next ``dateline ingest``.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

log = logging.getLogger(__name__)


class CorpusStep:
    """One background thread running ``Corpus.update_corpus`` whenever it is asked to."""

    def __init__(self, open_corpus: Callable[[], Any], done: Callable[[], None]) -> None:
        self._open = open_corpus
        self._done = done
        self._wanted = threading.Event()
        self._stop = threading.Event()
        self._idle = threading.Event()
        self._idle.set()
        self.runs = 0
        self.last_seconds: float | None = None
        self.last_error: str | None = None
        self._thread = threading.Thread(target=self._loop, name="dateline-corpus-step", daemon=True)
        self._thread.start()

    def request(self) -> None:
        """Ask for a run (returns at once)."""
        self._idle.clear()
        self._wanted.set()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until no run is asked for or going on (tests, shutdown); False on timeout."""
        return self._idle.wait(timeout)

    def stats(self) -> dict[str, Any]:
        return {"pending": not self._idle.is_set(), "runs": self.runs, "last_seconds": self.last_seconds,
                "last_error": self.last_error}

    def close(self, timeout: float = 60.0) -> None:
        self._stop.set()
        self._wanted.set()
        self._thread.join(timeout)

    def _loop(self) -> None:
        corpus = None
        try:
            while True:
                self._wanted.wait()
                if self._stop.is_set():
                    return
                self._wanted.clear()  # uploads committed from now on ask again
                corpus = corpus or self._open()
                self._run(corpus)
                if not self._wanted.is_set():
                    self._idle.set()
        finally:
            if corpus is not None:
                corpus.close()

    def _run(self, corpus: Any) -> None:
        started = time.perf_counter()
        try:
            if corpus.corpus_step_due():
                corpus.update_corpus()
                self.runs += 1
                self._done()
            self.last_error = None
        except Exception as exc:  # reported on /health and in the log; the next upload tries again
            self.last_error = f"{type(exc).__name__}: {exc}"
            log.exception("corpus-level step failed")
        self.last_seconds = round(time.perf_counter() - started, 3)
