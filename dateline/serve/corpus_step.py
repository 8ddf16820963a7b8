"""The corpus-level step of a serving process, run in the background after uploads.

An upload through ``POST /api/v1/ingest`` stores its articles (they are searchable, and in
timelines with their own dates, as soon as the request returns) and then asks for the corpus-level
step (near-duplicate groups, cross-document dates). A worker thread runs it in a separate Python
process on the same store (``location``), so its CPU-bound work never holds this process's
interpreter lock while requests are answered. That process is started once and kept (started again
if it dies): starting Python and importing the step's libraries for every run cost more CPU than the
step itself after a one-article upload, taken from the uploads that follow. Without a location (a Corpus factory given by a
caller) it runs in the thread itself, on a Corpus of its own. Requests that arrive while it runs are served from the previous results;
uploads that arrive meanwhile are folded into the next run, so a burst of uploads costs one or
two runs, not one each. The store records that a step is due (``Corpus.corpus_step_due``), so a
server stopped before it ran leaves it to the next start or the next ``dateline ingest``.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)


class CorpusStep:
    """One background thread running ``Corpus.update_corpus`` whenever it is asked to."""

    def __init__(self, open_corpus: Callable[[], Any], done: Callable[[], None], location: str | None = None) -> None:
        self._open = open_corpus
        self._location = location
        self._done = done
        self._wanted = threading.Event()
        self._stop = threading.Event()
        self._idle = threading.Event()
        self._idle.set()
        self.runs = 0
        self.last_seconds: float | None = None
        self.last_error: str | None = None
        self._worker: subprocess.Popen[str] | None = None
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
        worker, self._worker = self._worker, None
        if worker is not None:
            _end(worker, timeout)

    def _loop(self) -> None:
        corpus = None
        try:
            while True:
                self._wanted.wait()
                if self._stop.is_set():
                    return
                self._wanted.clear()  # uploads committed from now on ask again
                if self._location is not None:
                    self._run_elsewhere(self._location)
                else:
                    corpus = corpus or self._open()
                    self._run(corpus)
                if not self._wanted.is_set():
                    self._idle.set()
        finally:
            if corpus is not None:
                corpus.close()

    def _run_elsewhere(self, location: str) -> None:
        started = time.perf_counter()
        answer = self._ask_worker(location)
        self.last_seconds = round(time.perf_counter() - started, 3)
        if answer not in ("ran", "not due"):
            self.last_error = answer
            log.error("corpus-level step failed: %s", answer)
            return
        self.last_error = None
        if answer == "ran":
            self.runs += 1
            self._done()

    def _ask_worker(self, location: str) -> str:
        """One run in the kept step process (started if there is none or it died): its answer line."""
        worker = self._worker
        if worker is None or worker.poll() is not None:
            worker = self._worker = subprocess.Popen(
                [sys.executable, "-c", _WORKER, location], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                text=True, env=_env())
        assert worker.stdin is not None and worker.stdout is not None
        try:
            worker.stdin.write("run\n")
            worker.stdin.flush()
            answer = worker.stdout.readline().strip()
        except OSError as exc:
            answer = f"step process: {exc}"
        if not answer:  # it died (killed, out of memory): the next run starts another
            code = worker.wait()
            self._worker = None
            answer = f"step process exited ({code})"
        return answer

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


def _env() -> dict[str, str]:
    """This process's environment, with the folder this dateline was imported from first on the path."""
    import dateline

    root = str(Path(dateline.__file__).resolve().parents[1])
    path = os.environ.get("PYTHONPATH")
    return {**os.environ, "PYTHONPATH": f"{root}{os.pathsep}{path}" if path else root}


def _end(worker: subprocess.Popen[str], timeout: float) -> None:
    """Close the kept step process: end of input, then a kill if it does not exit."""
    try:
        if worker.stdin is not None:
            worker.stdin.close()
        worker.wait(timeout)
    except (OSError, subprocess.TimeoutExpired):
        worker.kill()
        worker.wait()


# What the kept process runs: for each line read, the step if the store says one is due, answered
# with one line ("ran", "not due", or the error); it ends with its input.
_WORKER = (
    "import sys, dateline\n"
    "from dateline.events import dating, incremental, stories  # the step's libraries, loaded before any run\n"
    "with dateline.open(sys.argv[1]) as corpus:\n"
    "    for _ in sys.stdin:\n"
    "        try:\n"
    "            due = corpus.corpus_step_due()\n"
    "            if due:\n"
    "                corpus.update_corpus()\n"
    "            answer = 'ran' if due else 'not due'\n"
    "        except Exception as exc:\n"
    "            answer = f'{type(exc).__name__}: {exc}'.replace('\\n', ' ')\n"
    "        print(answer, flush=True)\n"
)
