"""Crash safety and load while writing, as figures (benchmarks/faults.py reports them with the rest).

    .venv/bin/python benchmarks/faults_load.py                 # both: 2,000 articles / 20 kills; 60 s / 50 clients
    .venv/bin/python benchmarks/faults_load.py --only crash --n 500 --kills 8
    .venv/bin/python benchmarks/faults_load.py --only load --seconds 15

``run_crash``: ``dateline ingest`` over generated articles is killed with SIGKILL ``kills`` times
at seeded points (start-up, mid-batch, corpus-level step), re-run after each kill, and completed;
the store is then compared with one clean run's (benchmarks/_crash_drive.py).
``run_load``: ``dateline serve`` answers ``clients`` concurrent HTTP clients for ``seconds`` (and
until the writer is done) while ``articles`` articles are written, by a ``dateline ingest``
subprocess on the same SQLite file or through the server's POST /api/v1/ingest; then every article
is looked up (benchmarks/_load_drive.py).

Each prints or returns one JSON-able dict; tests/test_crash_safety.py and tests/test_load.py
assert on the same figures.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
for _p in (HERE, HERE.parent):
    if str(_p) not in sys.path:
        sys.path.insert(0, str(_p))

from _crash_drive import crash_scenario  # noqa: E402
from _load_drive import run_load_test  # noqa: E402

from benchmarks._report import emit  # noqa: E402

CRASH_SEED = 18


def run_crash(n_articles: int = 2000, kills: int = 20, seed: int = CRASH_SEED, backend: str = "sqlite") -> dict[str, Any]:
    """Kill an ingest ``kills`` times; figures include crashes survived, documents lost, duplicates found."""
    with tempfile.TemporaryDirectory(prefix="dateline-crash-") as tmp:
        fig = crash_scenario(Path(tmp), backend, n_articles, kills, seed)
    fig["sound"] = bool(
        fig["crashes_survived"] == kills and fig["documents_lost"] == 0 and fig["duplicates_found"] == 0
        and fig["paths_lost"] == 0 and fig["store_difference"] is None and not fig["answers_differ"]
        and not fig["integrity_after_kills"]
    )
    return fig


def run_load(seconds: float = 60, clients: int = 50, articles: int = 1000, seed: int = 5,
             writer: str = "cli") -> dict[str, Any]:
    """Clients against a server while an ingest writes; figures include errors and p50/p95 per endpoint.

    ``writer``: "cli" (a `dateline ingest` subprocess on the served file) or "http" (POST /api/v1/ingest).
    """
    with tempfile.TemporaryDirectory(prefix="dateline-load-") as tmp:
        return run_load_test(Path(tmp), seconds, clients, articles, seed=seed, writer=writer)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--only", choices=["crash", "load"], help="run one of the two (default: both)")
    p.add_argument("--n", type=int, default=2000, help="articles for the crash run (default: %(default)s)")
    p.add_argument("--kills", type=int, default=20, help="SIGKILLs (default: %(default)s)")
    p.add_argument("--seed", type=int, default=CRASH_SEED, help="corpus and kill-point seed (default: %(default)s)")
    p.add_argument("--seconds", type=float, default=60, help="load duration (default: %(default)s)")
    p.add_argument("--clients", type=int, default=50, help="concurrent HTTP clients (default: %(default)s)")
    p.add_argument("--articles", type=int, default=1000, help="articles written during the load (default: %(default)s)")
    p.add_argument("--writer", choices=["cli", "http", "both"], default="both",
                   help="who writes during the load: a CLI ingest, POST /api/v1/ingest, or one run of each")
    p.add_argument("--out", type=Path, help="also write the JSON here")
    args = p.parse_args(argv)
    result: dict[str, Any] = {"benchmark": "faults_load", "cpus": os.cpu_count(),
                              "load_average_at_start": round(os.getloadavg()[0], 2)}
    if args.only in (None, "crash"):
        result["crash"] = run_crash(args.n, args.kills, args.seed)
    if args.only in (None, "load"):
        writers = ["cli", "http"] if args.writer == "both" else [args.writer]
        result["load"] = {w: run_load(args.seconds, args.clients, args.articles, writer=w) for w in writers}
    return emit(result, args.out)


if __name__ == "__main__":
    raise SystemExit(main())
