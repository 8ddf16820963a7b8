"""HTTP serving latency: timeline and search through `dateline serve` vs. the same library calls.

    .venv/bin/python benchmarks/serve.py                     # 100,000 articles (replicated), 20 clients, 30 s
    .venv/bin/python benchmarks/serve.py --n 10000           # a smaller store, same workload
    .venv/bin/python benchmarks/serve.py --n 2000 --build ingest   # every article through the real pipeline
    .venv/bin/python benchmarks/serve.py --store big.db      # reuse a store built before (no build)

Steps, all in one run so that the figures compare on the same machine state:

1. the store. ``--build ingest`` (default up to 5,000 articles): a deterministic corpus from
   benchmarks/ingest.py's generator is ingested through the real pipeline. ``--build replicate``
   (default above 5,000): ``--seed-articles`` generated articles go through the real pipeline, then
   the store grows to ``--n`` with varied copies of them written by the store's own ``add_articles``
   (new ids, dates shifted, names swapped: see benchmarks/_corpus_scale.py), and the corpus-level
   step (duplicate groups, cross-document dating) is run over the whole store in a child process if it
   finishes within ``--corpus-step-timeout`` seconds, else skipped (reported). Build time is reported
   on its own: this benchmark measures queries, benchmarks/ingest.py measures ingest;
2. direct library calls (``Corpus.timeline`` / ``Corpus.search``), one at a time: p50/p95;
3. the server (uvicorn, loopback, separate process, timeline cache off) answering one client at a
   time: p50/p95 and the HTTP overhead ratio (HTTP p50 / direct p50);
4. the same with ``--clients`` concurrent keep-alive clients for ``--seconds``: p50/p95, requests/s, errors;
5. the concurrent timeline phase again with the server's timeline cache on, as `dateline serve` runs
   (the workload repeats 200 fixed queries, so this mostly measures cache hits after the first pass).

The workload mixes query words, place names, entity filters (the store's most mentioned entities),
date ranges and unfiltered requests; latencies are also given per kind of query. Every loop is bounded
by time and by count. The server's peak resident memory is read from /proc. Prints one JSON object
(and writes it with ``--out``).
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
for _path in (ROOT, ROOT / "benchmarks"):
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

import dateline  # noqa: E402

# Hard caps on samples per phase (a phase also ends at its time limit).
MAX_SAMPLES = 100_000
# Untimed calls before each phase: the first timeline loads models lazily (seconds), which is a
# one-off start-up cost reported on its own ("cold_ms"), not a per-request latency.
WARMUP_CALLS = 2
# Seconds the server may take to answer its first health check.
SERVER_START_TIMEOUT = 60.0
# Seconds the server may take to stop after SIGTERM before it is killed.
SERVER_STOP_TIMEOUT = 10.0
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


# Above this many articles the store is grown by replication unless --build says otherwise.
REPLICATE_ABOVE = 5000


def build_replicated(n: int, seed_articles: int, seed: int, folder: Path, step_timeout: float) -> dict[str, Any]:
    """Ingest ``seed_articles`` for real, grow the store to ``n`` with varied copies, then the corpus step."""
    import _corpus_scale as scale

    gen = _generator()
    seeded = build_store(min(seed_articles, n), seed, folder)
    db = folder / "bench.db"
    with dateline.open(db) as corpus:
        seeds = list(corpus.store.iter_articles())
        pools = scale.name_pools(gen.PLACES, gen.LAST, seed)
        grown = scale.replicate(corpus.store, seeds, n, pools, seed)
        stored = len(corpus)
    step = corpus_step(db, step_timeout)
    build_s = seeded["generate_seconds"] + seeded["ingest_seconds"] + grown["replicate_seconds"]
    build_s += step.get("corpus_level_seconds", 0)
    return {
        "build": "replicate", "articles_stored": stored, "seed_ingest": seeded, **grown, **step,
        "build_seconds": round(build_s, 2), "db_mb": round(db.stat().st_size / 1e6, 1),
        "note": (f"{seeded['articles_stored']} generated articles were ingested through the real pipeline "
                 f"(dateline.open(db).ingest); the store was then grown to {stored} articles with varied copies of "
                 "those analysed articles written by the store's own add_articles (new ids, every date shifted by "
                 f"one random number of days up to {scale.MAX_SHIFT_DAYS}, up to {scale.SWAPS_PER_COPY} place/person "
                 "names swapped for same-length names); copies are not re-analysed. Corpus-level step "
                 f"(duplicate groups, cross-document dating) over the whole store: {step['corpus_level_step']}."),
    }


def corpus_step(db: Path, timeout: float) -> dict[str, Any]:
    """``Corpus.update_corpus()`` over the whole store in a child process, killed after ``timeout`` s."""
    code = ("import json, resource, sys, time, dateline; c = dateline.open(sys.argv[1]); t = time.perf_counter(); "
            "c.update_corpus(); print(json.dumps({'seconds': round(time.perf_counter() - t, 2), "
            "'peak_rss_mb': round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}))")
    started = time.perf_counter()
    try:
        done = subprocess.run([sys.executable, "-c", code, str(db)], cwd=ROOT, capture_output=True, text=True,
                              timeout=timeout, check=True)
    except subprocess.TimeoutExpired:
        return {"corpus_level_step": "skipped",
                "corpus_level_step_why": f"Corpus.update_corpus() did not finish within {timeout:g} s (killed)"}
    except subprocess.CalledProcessError as exc:
        return {"corpus_level_step": "skipped", "corpus_level_step_why": f"failed: {exc.stderr[-500:]}"}
    out = json.loads(done.stdout.strip().splitlines()[-1])
    return {"corpus_level_step": "done", "corpus_level_seconds": out["seconds"],
            "corpus_level_wall_seconds": round(time.perf_counter() - started, 2),
            "corpus_level_peak_rss_mb": out["peak_rss_mb"]}


# -- workload -----------------------------------------------------------------------------------


def queries(kind: str, seed: int, entities: list[str], count: int = 200) -> list[tuple[str, dict[str, Any]]]:
    """A fixed, mixed list of (kind of query, request parameters in HTTP form: strings)."""
    r = random.Random(seed)
    out: list[tuple[str, dict[str, Any]]] = []
    for _ in range(count):
        c = r.random()
        year = r.randint(2015, 2023)
        years = {"start": f"{year}-01-01", "end": f"{year}-12-31"}
        if c < 0.35:
            label, q = "word", {"q": r.choice(TOPIC_WORDS)}
        elif c < 0.5:
            label, q = "place", {"q": r.choice(PLACE_WORDS)}
        elif c < 0.7 and entities:
            label, q = "entity", {"entity": r.choice(entities)}
            if r.random() < 0.5:
                label, q = "entity+word", {**q, "q": r.choice(TOPIC_WORDS)}
        elif c < 0.9:
            label, q = "word+year", {"q": r.choice(TOPIC_WORDS), **years}
        else:
            label, q = "unfiltered", {}
        if kind == "search":
            q.update(limit="20", offset=str(r.choice([0, 0, 0, 20, 40])))
        else:
            q["max_dates"] = "10"
        out.append((label, q))
    return out


def top_entities(corpus: Any, count: int = 12) -> list[str]:
    """Display names of the most mentioned people and places (entity filters a reader would pick)."""
    found = sorted(corpus.entities(), key=lambda e: -e.count)
    people = [e.name for e in found if e.label == "PERSON"][: count // 3]
    others = [e.name for e in found if e.label in ("GPE", "LOC", "ORG")][: count - len(people)]
    return people + others


def library_kwargs(kind: str, q: dict[str, Any]) -> dict[str, Any]:
    kw: dict[str, Any] = {}
    for k in ("start", "end"):
        if k in q:
            kw[k] = date.fromisoformat(q[k])
    if "entity" in q:
        kw["entity"] = q["entity"]
    if kind == "search":
        kw.update(words=q.get("q"), limit=int(q["limit"]), offset=int(q["offset"]))
    else:
        kw.update(query=q.get("q"), max_dates=int(q["max_dates"]))
    return kw


def by_label(samples: list[tuple[str, float]]) -> dict[str, dict[str, Any]]:
    """p50/p95 per kind of query."""
    groups: dict[str, list[float]] = {}
    for label, s in samples:
        groups.setdefault(label, []).append(s)
    return {k: {x: v for x, v in summary(g).items() if x in ("n", "p50_ms", "p95_ms")} for k, g in sorted(groups.items())}


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


def time_direct(corpus: Any, kind: str, qs: list[tuple[str, dict[str, Any]]], seconds: float) -> dict[str, Any]:
    from dateline.errors import DatelineError

    call: Callable[..., Any] = corpus.search if kind == "search" else corpus.timeline
    cold = []
    for _, q in qs[:WARMUP_CALLS]:
        t0 = time.perf_counter()
        call(**library_kwargs(kind, q))
        cold.append(round((time.perf_counter() - t0) * 1000, 2))
    samples: list[tuple[str, float]] = []
    errors = 0
    deadline = time.perf_counter() + seconds
    i = 0
    while time.perf_counter() < deadline and i < MAX_SAMPLES:
        label, q = qs[i % len(qs)]
        kw = library_kwargs(kind, q)
        t0 = time.perf_counter()
        try:
            call(**kw)
            samples.append((label, time.perf_counter() - t0))
        except DatelineError:
            errors += 1
        i += 1
    return {**summary([x for _, x in samples], errors=errors), "warmup_ms": cold, "by_query": by_label(samples)}


def warm_server(base: str, kind: str, qs: list[tuple[str, dict[str, Any]]], timeout: float) -> list[float]:
    import httpx

    cold = []
    with httpx.Client(timeout=timeout) as http:
        for _, q in qs[:WARMUP_CALLS]:
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


def time_http(base: str, kind: str, qs: list[tuple[str, dict[str, Any]]], clients: int, seconds: float,
              timeout: float) -> dict[str, Any]:
    import httpx

    samples: list[tuple[str, float]] = []
    errors = [0]
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds
    url = f"{base}/api/v1/{kind}"

    def client(n: int) -> None:
        mine: list[tuple[str, float]] = []
        bad = 0
        with httpx.Client(timeout=timeout) as http:
            i = n * 7
            while time.perf_counter() < deadline and len(mine) < MAX_SAMPLES // clients:
                label, q = qs[i % len(qs)]
                t0 = time.perf_counter()
                try:
                    ok = http.get(url, params=q).status_code == 200
                except httpx.HTTPError:
                    ok = False
                if ok:
                    mine.append((label, time.perf_counter() - t0))
                else:
                    bad += 1
                i += 1
        with lock:
            samples.extend(mine)
            errors[0] += bad

    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join(seconds + timeout + 5)
    return {**summary([x for _, x in samples], time.perf_counter() - started, errors[0]), "by_query": by_label(samples)}


def run(args: argparse.Namespace) -> dict[str, Any]:
    result: dict[str, Any] = {
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
                    "load_average_start": round(os.getloadavg()[0], 2)},
        "settings": {"clients": args.clients, "seconds": args.seconds, "single_seconds": args.single_seconds,
                     "direct_seconds": args.direct_seconds, "seed": args.seed},
    }
    with tempfile.TemporaryDirectory(prefix="dateline-serve-bench-") as tmp:
        db = args.store
        if db is None:
            folder = args.keep or Path(tmp)
            build = args.build or ("replicate" if args.n > REPLICATE_ABOVE else "ingest")
            if build == "replicate":
                result["scale"] = build_replicated(args.n, args.seed_articles, args.seed, folder,
                                                   args.corpus_step_timeout)
            else:
                result["scale"] = {"build": "ingest", **build_store(args.n, args.seed, folder)}
                result["scale"]["note"] = "every article was ingested through the real pipeline"
            db = folder / "bench.db"
        else:
            with dateline.open(db) as corpus:
                result["scale"] = {"articles_stored": len(corpus), "store": "given with --store"}
        if args.out:  # the build is kept even if a later phase fails
            _write(args.out, result)
        with dateline.open(db) as corpus:
            entities = top_entities(corpus)
            settings = corpus.settings
        result["workload"] = {"entities": entities, "max_timeline_articles": settings.max_timeline_articles}
        endpoints, server = with_server(db, 0, lambda base: {
            kind: measure(kind, db, base, entities, args) for kind in ("timeline", "search")})
        cached, server_cached = with_server(db, 128, lambda base: cached_phase(base, entities, args))
        endpoints["timeline"][f"http_{args.clients}_clients_cached"] = cached
        result["endpoints"] = endpoints
        result["server"] = {"uncached": server, "timeline_cache_on": server_cached}
    result["machine"]["load_average_end"] = round(os.getloadavg()[0], 2)
    return result


def _peak_rss_mb(pid: int) -> float | None:
    """The process's peak resident memory (VmHWM) from /proc, or None where there is no /proc."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        return None
    return None


def with_server(db: Path, cache: int, work: Callable[[str], Any]) -> tuple[Any, dict[str, Any]]:
    """Run ``work(base_url)`` against a fresh server process (``cache`` timelines kept); also its peak memory."""
    port = _free_port()
    server = start_server(db, port, cache)
    try:
        out = work(f"http://127.0.0.1:{port}")
        return out, {"peak_rss_mb": _peak_rss_mb(server.pid)}
    finally:
        server.terminate()  # uvicorn waits for requests in flight; a slow timeline may outlast that
        try:
            server.wait(timeout=SERVER_STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=SERVER_STOP_TIMEOUT)


def cached_phase(base: str, entities: list[str], args: argparse.Namespace) -> dict[str, Any]:
    """The concurrent timeline phase with the server's timeline cache on (its default)."""
    qs = queries("timeline", args.seed, entities)
    return time_http(base, "timeline", qs, args.clients, args.seconds, args.timeout)


def measure(kind: str, db: Path, base: str, entities: list[str], args: argparse.Namespace) -> dict[str, Any]:
    qs = queries(kind, args.seed, entities)
    with dateline.open(db) as corpus:
        direct = time_direct(corpus, kind, qs, args.direct_seconds)
    cold = warm_server(base, kind, qs, args.timeout)
    single = {**time_http(base, kind, qs, 1, args.single_seconds, args.timeout), "warmup_ms": cold}
    many = time_http(base, kind, qs, args.clients, args.seconds, args.timeout)
    out = {"direct": direct, "http_1_client": single, f"http_{args.clients}_clients": many}
    if direct.get("p50_ms") and single.get("p50_ms"):
        out["http_overhead_ratio_p50"] = round(single["p50_ms"] / direct["p50_ms"], 3)
        out["http_overhead_ms_p50"] = round(single["p50_ms"] - direct["p50_ms"], 2)
    if direct.get("p95_ms") and single.get("p95_ms"):
        out["http_overhead_ratio_p95"] = round(single["p95_ms"] / direct["p95_ms"], 3)
    return out


def _write(path: Path, result: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(result, indent=2) + "\n")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--n", type=int, default=100_000, help="articles in the store (default: %(default)s)")
    p.add_argument("--build", choices=("ingest", "replicate"),
                   help=f"how the store is built (default: replicate above {REPLICATE_ABOVE} articles, else ingest)")
    p.add_argument("--seed-articles", type=int, default=500,
                   help="articles ingested for real before replication (default: %(default)s)")
    p.add_argument("--corpus-step-timeout", type=float, default=120.0,
                   help="seconds the corpus-level step may take after replication before it is skipped")
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
        _write(args.out, result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
