"""HTTP serving latency: timeline and search through `dateline serve` vs. the same library calls.

    .venv/bin/python benchmarks/serve.py                     # 2,000 generated articles, 20 clients, 30 s
    .venv/bin/python benchmarks/serve.py --n 100000          # the issue's scale (ingest takes hours on 2 cores)
    .venv/bin/python benchmarks/serve.py --store big.db      # reuse a store built before (no ingest)

Steps, all in one run so that the figures compare on the same machine state:

1. a deterministic corpus from benchmarks/ingest.py's generator is ingested through the real pipeline
   into a temporary SQLite store (timed: that is the scale's cost);
2. direct library calls (``Corpus.timeline`` / ``Corpus.search``), one at a time: p50/p95;
3. the server (uvicorn, loopback, separate process, timeline cache off) answering one client at a
   time: p50/p95 and the HTTP overhead ratio (HTTP p50 / direct p50);
4. the same with ``--clients`` concurrent keep-alive clients for ``--seconds``: p50/p95, requests/s, errors;
5. the concurrent timeline phase again with the server's timeline cache on, as `dateline serve` runs
   (the workload repeats 200 fixed queries, so this mostly measures cache hits after the first pass).

Every loop is bounded by time and by count. Prints one JSON object (and writes it with ``--out``).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import dateline  # noqa: E402

# Hard caps on samples per phase (a phase also ends at its time limit).
MAX_SAMPLES = 100_000
# Untimed calls before each phase: the first timeline loads models lazily (seconds), which is a
# one-off start-up cost reported on its own ("cold_ms"), not a per-request latency.
WARMUP_CALLS = 2
# Seconds the server may take to answer its first health check.
SERVER_START_TIMEOUT = 60.0
TOPIC_WORDS = ["strike", "dam", "budget", "election", "pipeline", "trial", "wages", "drought", "taxes", "verdict"]
PLACE_WORDS = ["Varosk", "Tesk", "Castlebridge", "Amrun", "Northgate", "Linden", "Kessel", "Dunmore"]
PEOPLE = ["Novak", "Haddad", "Okafor", "Lindqvist", "Moreau", "Petrov", "Sato", "Costa", "Weber", "Silva"]


def _generator() -> Any:
    """benchmarks/ingest.py's corpus writer (one generator for every benchmark)."""
    spec = importlib.util.spec_from_file_location("bench_ingest", Path(__file__).with_name("ingest.py"))
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_ingest"] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


def build_store(n: int, seed: int, folder: Path) -> dict[str, Any]:
    """Generate ``n`` articles and ingest them through the real pipeline; returns timings."""
    started = time.perf_counter()
    _generator().write_corpus(folder / "corpus", n, seed)
    generated = time.perf_counter() - started
    started = time.perf_counter()
    with dateline.open(folder / "bench.db") as corpus:
        report = corpus.ingest([str(folder / "corpus")], progress=False)
        stored = len(corpus)
    seconds = time.perf_counter() - started
    return {"articles_generated": n, "articles_stored": stored, "duplicates": report.duplicates,
            "skipped": len(report.skipped), "generate_seconds": round(generated, 2),
            "ingest_seconds": round(seconds, 2), "ingest_articles_per_s": round(n / seconds, 2)}


# -- workload -----------------------------------------------------------------------------------


def queries(kind: str, seed: int, count: int = 200) -> list[dict[str, Any]]:
    """A fixed, mixed list of request parameters (HTTP form: strings)."""
    r = random.Random(seed)
    out: list[dict[str, Any]] = []
    for _ in range(count):
        if kind == "search":
            q = {"q": r.choice(TOPIC_WORDS + PLACE_WORDS), "limit": "20", "offset": str(r.choice([0, 0, 0, 20, 40]))}
            if r.random() < 0.3:
                y = r.randint(2015, 2023)
                q.update(start=f"{y}-01-01", end=f"{y + 1}-12-31")
        else:
            choice = r.random()
            q = {"q": r.choice(TOPIC_WORDS)} if choice < 0.5 else {"q": r.choice(PLACE_WORDS)} if choice < 0.7 else {}
            if choice >= 0.7:
                y = r.randint(2015, 2023)
                q.update(start=f"{y}-01-01", end=f"{y}-12-31", q=r.choice(TOPIC_WORDS))
            q["max_dates"] = "10"
        out.append(q)
    return out


def library_kwargs(kind: str, q: dict[str, Any]) -> dict[str, Any]:
    kw: dict[str, Any] = {}
    for k in ("start", "end"):
        if k in q:
            kw[k] = date.fromisoformat(q[k])
    if kind == "search":
        kw.update(words=q["q"], limit=int(q["limit"]), offset=int(q["offset"]))
    else:
        kw.update(query=q.get("q"), max_dates=int(q["max_dates"]))
    return kw


def summary(samples: list[float], seconds: float | None = None, errors: int = 0) -> dict[str, Any]:
    if not samples:
        return {"n": 0, "errors": errors}
    ms = sorted(s * 1000 for s in samples)
    out = {
        "n": len(ms),
        "p50_ms": round(statistics.median(ms), 2),
        "p95_ms": round(ms[min(len(ms) - 1, int(0.95 * len(ms)))], 2),
        "mean_ms": round(statistics.fmean(ms), 2),
        "max_ms": round(ms[-1], 2),
        "errors": errors,
    }
    if seconds:
        out["requests_per_s"] = round(len(ms) / seconds, 2)
    return out


def time_direct(corpus: Any, kind: str, qs: list[dict[str, Any]], seconds: float) -> dict[str, Any]:
    call: Callable[..., Any] = corpus.search if kind == "search" else corpus.timeline
    cold = []
    for q in qs[:WARMUP_CALLS]:
        t0 = time.perf_counter()
        call(**library_kwargs(kind, q))
        cold.append(round((time.perf_counter() - t0) * 1000, 2))
    samples: list[float] = []
    deadline = time.perf_counter() + seconds
    i = 0
    while time.perf_counter() < deadline and i < MAX_SAMPLES:
        kw = library_kwargs(kind, qs[i % len(qs)])
        t0 = time.perf_counter()
        call(**kw)
        samples.append(time.perf_counter() - t0)
        i += 1
    return {**summary(samples), "warmup_ms": cold}


def warm_server(base: str, kind: str, qs: list[dict[str, Any]], timeout: float) -> list[float]:
    import httpx

    cold = []
    with httpx.Client(timeout=timeout) as http:
        for q in qs[:WARMUP_CALLS]:
            t0 = time.perf_counter()
            http.get(f"{base}/api/v1/{kind}", params=q)
            cold.append(round((time.perf_counter() - t0) * 1000, 2))
    return cold


# -- server and clients --------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(db: Path, port: int, cache: int) -> subprocess.Popen[bytes]:
    code = ("import uvicorn; from dateline.serve.app import create_app; "
            f"uvicorn.run(create_app({str(db)!r}, timeline_cache={cache}), host='127.0.0.1', port={port}, "
            "log_level='warning', access_log=False)")
    proc = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT)
    import httpx

    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/v1/health", timeout=2).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.terminate()
    raise RuntimeError("the server did not start")


def time_http(base: str, kind: str, qs: list[dict[str, Any]], clients: int, seconds: float,
              timeout: float) -> dict[str, Any]:
    import httpx

    samples: list[float] = []
    errors = [0]
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds
    url = f"{base}/api/v1/{kind}"

    def client(n: int) -> None:
        mine: list[float] = []
        bad = 0
        with httpx.Client(timeout=timeout) as http:
            i = n * 7
            while time.perf_counter() < deadline and len(mine) < MAX_SAMPLES // clients:
                t0 = time.perf_counter()
                try:
                    ok = http.get(url, params=qs[i % len(qs)]).status_code == 200
                except httpx.HTTPError:
                    ok = False
                if ok:
                    mine.append(time.perf_counter() - t0)
                else:
                    bad += 1
                i += 1
        with lock:
            samples.extend(mine)
            errors[0] += bad

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join(seconds + timeout + 5)
    return summary(samples, time.perf_counter() - started, errors[0])


def run(args: argparse.Namespace) -> dict[str, Any]:
    result: dict[str, Any] = {
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "settings": {"clients": args.clients, "seconds": args.seconds, "single_seconds": args.single_seconds,
                     "direct_seconds": args.direct_seconds, "seed": args.seed},
    }
    with tempfile.TemporaryDirectory(prefix="dateline-serve-bench-") as tmp:
        db = args.store
        if db is None:
            folder = args.keep or Path(tmp)
            result["scale"] = build_store(args.n, args.seed, folder)
            db = folder / "bench.db"
        else:
            with dateline.open(db) as corpus:
                result["scale"] = {"articles_stored": len(corpus), "store": "given with --store"}
        result["endpoints"] = with_server(db, 0, lambda base: {
            kind: measure(kind, db, base, args) for kind in ("timeline", "search")})
        result["endpoints"]["timeline"][f"http_{args.clients}_clients_cached"] = with_server(
            db, 128, lambda base: cached_phase(base, args))
    return result


def with_server(db: Path, cache: int, work: Callable[[str], Any]) -> Any:
    """Run ``work(base_url)`` against a fresh server process (``cache`` timelines kept)."""
    port = _free_port()
    server = start_server(db, port, cache)
    try:
        return work(f"http://127.0.0.1:{port}")
    finally:
        server.terminate()
        server.wait(timeout=10)


def cached_phase(base: str, args: argparse.Namespace) -> dict[str, Any]:
    """The concurrent timeline phase with the server's timeline cache on (its default)."""
    qs = queries("timeline", args.seed)
    return time_http(base, "timeline", qs, args.clients, args.seconds, args.timeout)


def measure(kind: str, db: Path, base: str, args: argparse.Namespace) -> dict[str, Any]:
    qs = queries(kind, args.seed)
    with dateline.open(db) as corpus:
        direct = time_direct(corpus, kind, qs, args.direct_seconds)
    cold = warm_server(base, kind, qs, args.timeout)
    single = {**time_http(base, kind, qs, 1, args.single_seconds, args.timeout), "warmup_ms": cold}
    many = time_http(base, kind, qs, args.clients, args.seconds, args.timeout)
    out = {"direct": direct, "http_1_client": single, f"http_{args.clients}_clients": many}
    if direct.get("p50_ms") and single.get("p50_ms"):
        out["http_overhead_ratio_p50"] = round(single["p50_ms"] / direct["p50_ms"], 3)
        out["http_overhead_ms_p50"] = round(single["p50_ms"] - direct["p50_ms"], 2)
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--n", type=int, default=2000, help="generated articles to ingest (default: %(default)s)")
    p.add_argument("--store", type=Path, help="use this existing store instead of generating one")
    p.add_argument("--keep", type=Path, help="build the store in this folder and keep it (reuse with --store)")
    p.add_argument("--clients", type=int, default=20, help="concurrent HTTP clients (default: %(default)s)")
    p.add_argument("--seconds", type=float, default=30.0, help="concurrent phase length per endpoint")
    p.add_argument("--single-seconds", type=float, default=10.0, help="one-client phase length per endpoint")
    p.add_argument("--direct-seconds", type=float, default=10.0, help="direct-call phase length per endpoint")
    p.add_argument("--timeout", type=float, default=120.0, help="per-request timeout in seconds")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--out", type=Path, help="also write the JSON result here")
    args = p.parse_args(argv)
    if args.n < 1 or args.clients < 1 or args.seconds <= 0:
        p.error("--n, --clients and --seconds must be positive")
    result = run(args)
    text = json.dumps(result, indent=2)
    print(text)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
