"""Nothing lost, nothing crashes: hostile inputs, a long fuzz run, and (when present) crash and load runs.

    python benchmarks/faults.py                      # hostile corpus + 2,000-example fuzz run + crash + load
    python benchmarks/faults.py --examples 200 --no-crash --no-load

Prints one JSON object:
- ``hostile``: cases tried, documents lost (good documents not stored, bad ones not reported: 0),
  longest time and largest traced memory for one document (read + clean + analyse), peak RSS;
- ``fuzz``: examples run per property of ``tests/test_fuzz.py`` (at random, not derandomised) and
  the failures found (each one is then kept in ``tests/test_fuzz_regressions.py``);
- ``crash`` / ``load``: from ``benchmarks/faults_load.py`` (``run_crash``, ``run_load``) when it exists.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "benchmarks"))

import dateline  # noqa: E402
from dateline.data import RawDocument  # noqa: E402
from dateline.ingest import ReadOptions, read_file  # noqa: E402
from dateline.pipeline import Pipeline  # noqa: E402


def run_hostile() -> dict[str, Any]:
    """Read and process every hostile case one file at a time, then ingest the folder into a store."""
    from hostile_corpus import BAD, GOOD, NO_TEXT, build

    with tempfile.TemporaryDirectory(prefix="dateline-faults-") as tmp:
        folder = Path(tmp) / "inputs"
        cases = build(folder)
        slowest, largest = ("", 0.0), ("", 0)
        pipeline = Pipeline()
        warm = "The council met on Monday to vote on the budget, officials said. The vote was close."
        pipeline.run([RawDocument(path="warm.txt", fmt="text", content=warm),  # models load outside the figures
                      RawDocument(path="warm.html", fmt="html", content=f"<html><body><p>{warm}</p></body></html>")])
        for path in sorted(folder.iterdir()):
            tracemalloc.start()
            started = time.perf_counter()
            items = list(read_file(str(path), ReadOptions()))
            docs = [i for i in items if isinstance(i, RawDocument)]
            for doc in docs:
                pipeline.run([doc])
            seconds = time.perf_counter() - started
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
            if seconds > slowest[1]:
                slowest = (path.name, seconds)
            if peak > largest[1]:
                largest = (path.name, peak)
        with dateline.open(Path(tmp) / "c.db") as corpus:
            report = corpus.ingest([folder], progress=False)
            texts = [f"{a.article.title or ''}\n{a.article.text}" for a in corpus.collection().articles]
        reasons = {s.path.removeprefix(f"{folder}/"): s.reason for s in report.skipped}
        lost = [c.name for c in cases if c.expect == GOOD and sum(c.key in t for t in texts) != 1]
        silent = [c.name for c in cases if c.expect in (BAD, NO_TEXT)
                  and not any(p == c.name or p.startswith(c.name + "#") for p in reasons)]
        (folder / "huge_100mb.txt").unlink()
    return {
        "cases": len(cases), "good": sum(c.expect == GOOD for c in cases), "bad": len(cases) - sum(c.expect == GOOD for c in cases),
        "documents_lost": len(lost) + len(silent), "lost": lost, "not_reported": silent,
        "longest_document_s": round(slowest[1], 3), "longest_document": slowest[0],
        "largest_traced_mb": round(largest[1] / 1e6, 1), "largest_traced": largest[0],
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def run_fuzz(examples: int) -> dict[str, Any]:
    """Every property of tests/test_fuzz.py with ``examples`` as its base example count, at random."""
    os.environ["DATELINE_FUZZ_EXAMPLES"] = str(examples)
    os.environ["DATELINE_FUZZ_RANDOM"] = "1"
    module = importlib.import_module("test_fuzz")
    failures = {}
    started = time.perf_counter()
    for name in sorted(n for n in dir(module) if n.startswith("test_")):
        try:
            getattr(module, name)()
        except Exception as exc:  # noqa: BLE001 - a failure is a finding, reported and kept going
            failures[name] = f"{type(exc).__name__}: {str(exc)[:2000]}"
    return {"examples_run": sum(module.RUN.values()), "per_property": dict(module.RUN),
            "failures": failures, "seconds": round(time.perf_counter() - started, 1)}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--examples", type=int, default=2000, help="base fuzz examples per property (default 2000)")
    p.add_argument("--no-hostile", action="store_true")
    p.add_argument("--no-fuzz", action="store_true")
    p.add_argument("--no-crash", action="store_true", help="skip faults_load.run_crash")
    p.add_argument("--no-load", action="store_true", help="skip faults_load.run_load")
    p.add_argument("--crash-articles", type=int, default=2000, help="articles for the crash run (default 2000)")
    p.add_argument("--kills", type=int, default=20, help="SIGKILLs in the crash run (default 20)")
    p.add_argument("--load-seconds", type=float, default=60, help="load duration (default 60)")
    p.add_argument("--load-clients", type=int, default=50, help="concurrent HTTP clients (default 50)")
    p.add_argument("--load-articles", type=int, default=1000, help="articles written during the load (default 1000)")
    args = p.parse_args(argv)
    out: dict[str, Any] = {}
    if not args.no_hostile:
        out["hostile"] = run_hostile()
    if not args.no_fuzz:
        out["fuzz"] = run_fuzz(args.examples)
    try:
        faults_load = importlib.import_module("faults_load")
    except ImportError:
        faults_load = None
    if faults_load is None:
        out["crash"] = out["load"] = "benchmarks/faults_load.py not present"
    else:
        if not args.no_crash:
            out["crash"] = faults_load.run_crash(n_articles=args.crash_articles, kills=args.kills)
        if not args.no_load:
            out["load"] = faults_load.run_load(seconds=args.load_seconds, clients=args.load_clients,
                                               articles=args.load_articles)
    print(json.dumps(out, indent=2, default=str))
    lost = out.get("hostile", {}).get("documents_lost", 0)
    crash = out.get("crash")
    unsound = isinstance(crash, dict) and not crash.get("sound", True)
    load = out.get("load")
    errors = isinstance(load, dict) and bool(load.get("errors"))
    return 1 if lost or out.get("fuzz", {}).get("failures") or unsound or errors else 0


if __name__ == "__main__":
    sys.exit(main())
