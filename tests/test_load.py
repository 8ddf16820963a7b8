"""Load while writing: 50 HTTP clients on loopback while 1,000 articles are ingested.

``dateline serve`` runs as a subprocess over a SQLite store that holds 100 generated articles;
more are written (``ARTICLES``) while 50 client threads (httpx, keep-alive) ask for timelines, searches,
articles and entities (benchmarks/_load_drive.py). Two writers, one test each: a ``dateline ingest``
CLI subprocess on the same SQLite file, and uploads of 64 files at a time to the server's own
``POST /api/v1/ingest`` (analysis and writes inside the process that serves the readers). The
clients run for ``DATELINE_LOAD_SECONDS`` (15 s by default here; benchmarks/faults_load.py runs 60 s)
and on until the ingest has finished, so every article is written under load. No request may fail
(5xx, connection error, timeout, or any non-200 answer), and at the end every added article is
served by id and every story is found by its unique reference number, as many times as it was
published. Latencies (p50/p95 per endpoint) are printed, not asserted.

Runtime on 2 cores: about 40 s with the CLI writer (1,000 articles, written in ~25 s under load),
about 55 s with the HTTP writer (400 articles, see ``ARTICLES``); plus the base ingest, the server's
start and the final checks, included.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from _load_drive import MIX, run_load_test  # noqa: E402

LOAD_SECONDS = float(os.environ.get("DATELINE_LOAD_SECONDS", "15"))
CLIENTS = 50
# Articles written per writer. Through HTTP the server analyses them itself, sharing its interpreter
# with 50 clients' requests: 1,000 take about 2 minutes there (benchmarks/faults_load.py runs them).
ARTICLES = {"cli": 1000, "http": 400}


@pytest.mark.slow
@pytest.mark.parametrize("writer", ["cli", "http"])
def test_fifty_clients_while_ingest_writes_lose_nothing(tmp_path: Path, writer: str) -> None:
    articles = ARTICLES[writer]
    figures = run_load_test(tmp_path, seconds=LOAD_SECONDS, clients=CLIENTS, articles=articles, writer=writer)
    print("\n" + json.dumps({k: figures[k] for k in ("seconds", "requests", "requests_per_s", "errors", "ingest")}))
    for kind, fig in figures["by_endpoint"].items():
        print(f"  {kind:9} {fig['requests']:5} requests  p50 {fig['p50_ms']} ms  p95 {fig['p95_ms']} ms")

    assert figures["errors"] == 0 and figures["other_status"] == 0, figures["error_samples"]
    assert all(figures["by_endpoint"][kind]["requests"] > 0 for kind in MIX)
    ingest = figures["ingest"]
    assert (ingest["added"], ingest["skipped"], ingest["failed_requests"]) == (articles, 0, 0)
    assert ingest["stored_during_load"] == articles  # the clients ran until the last article was written
    found = figures["searchable"]
    assert found["ids_checked"] == articles and found["ids_missing"] == [], found
    assert found["refs_missing"] == [], found
    assert figures["articles_searchable_at_end"] == articles
