"""Concurrent HTTP clients against ``dateline serve`` while ``dateline ingest`` writes the same store.

Shared by tests/test_load.py and benchmarks/faults_load.py. Steps:

1. a base of generated articles (benchmarks/_news_corpus.py) is ingested with the CLI, so that
   readers find something from the first request on;
2. ``dateline --db STORE serve`` starts as a subprocess on a free loopback port;
3. at the same moment, ``dateline --db STORE ingest DIR`` (a CLI subprocess writing the same SQLite
   file) starts on ``articles`` new articles, and ``clients`` threads, each with its own keep-alive
   ``httpx.Client``, send timeline, search, article and entity requests for ``seconds`` seconds;
4. after the load, the ingest is waited for, and every article it added is fetched by id
   (``/api/v1/articles/{id}``) and found by its unique reference number (``/api/v1/search?q=...``,
   the hit count must equal the number of documents carrying that story).

An error is a 5xx answer, a connection error or a timeout; any other non-200 answer is counted
apart (the workload only asks questions that have an answer). Latencies are per endpoint.
"""

from __future__ import annotations

import json
import random
import socket
import statistics
import subprocess
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from _crash_drive import SQLiteTarget, cli_env, dateline_cmd, run_cli
from _news_corpus import NewsCorpus, write_news_corpus
from ingest import PLACES, TOPICS

TOKEN = "load-test-token-0123456789abcdef"
SERVER_START_S = 60.0  # the server must answer /health within this
CLIENT_TIMEOUT_S = 120.0  # one request longer than this is an error
INGEST_LIMIT_S = 1200.0  # the writing ingest must finish within this after the load
BASE_REF, NEW_REF = 71_000, 31_000  # story references of the base and of the ingested articles
# Share of each endpoint in the workload.
MIX = {"search": 0.4, "article": 0.3, "timeline": 0.15, "entities": 0.15}
ERROR_SAMPLES = 10  # error messages kept for the report


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Tally:
    """Latencies and failures per endpoint, shared by the client threads."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: {k: [] for k in MIX})
    errors: dict[str, int] = field(default_factory=lambda: {k: 0 for k in MIX})
    other_status: dict[str, int] = field(default_factory=lambda: {k: 0 for k in MIX})
    samples: list[str] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)  # article ids seen in search hits
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, kind: str, seconds: float, status: int | None, note: str = "") -> None:
        with self.lock:
            self.latencies[kind].append(seconds)
            if status is None or status >= 500:
                self.errors[kind] += 1
            elif status != 200:
                self.other_status[kind] += 1
            if status != 200 and len(self.samples) < ERROR_SAMPLES:
                self.samples.append(f"{kind} {status}: {note[:200]}")

    def figures(self, seconds: float) -> dict[str, Any]:
        per: dict[str, Any] = {}
        for kind, lat in self.latencies.items():
            ms = sorted(x * 1000 for x in lat)
            per[kind] = {"requests": len(ms), "errors": self.errors[kind], "other_status": self.other_status[kind],
                         "p50_ms": round(statistics.median(ms), 1) if ms else None,
                         "p95_ms": round(ms[min(len(ms) - 1, int(0.95 * len(ms)))], 1) if ms else None,
                         "max_ms": round(ms[-1], 1) if ms else None}
        total = sum(len(v) for v in self.latencies.values())
        return {"requests": total, "requests_per_s": round(total / seconds, 1) if seconds else None,
                "errors": sum(self.errors.values()), "other_status": sum(self.other_status.values()),
                "by_endpoint": per, "error_samples": list(self.samples)}


class Workload:
    """Random but answerable requests: words and entities that exist, ids seen in search hits."""

    def __init__(self, tally: Tally, entities: list[str], base_refs: list[str], seed: int) -> None:
        self.tally, self.entities, self.rng = tally, entities, random.Random(seed)
        self.words = [w for t in TOPICS for w in t[0].split() if w != "the"] + PLACES + base_refs

    def next(self) -> tuple[str, str, dict[str, Any]]:
        r = self.rng
        kind = r.choices(list(MIX), weights=list(MIX.values()))[0]
        with self.tally.lock:
            article = r.choice(self.tally.ids) if self.tally.ids else None
        if kind == "article" and article:
            return kind, f"/api/v1/articles/{article}", {}
        if kind == "timeline":
            params = r.choice([{}, {"q": r.choice(self.words)}, {"entity": r.choice(self.entities)},
                               {"start": "2018", "end": "2020"}])
            return kind, "/api/v1/timeline", params
        if kind == "entities":
            choices: list[dict[str, Any]] = [{"limit": 50}, {"q": r.choice(self.entities)[:4]}]
            return kind, "/api/v1/entities", r.choice(choices)
        searches: list[dict[str, Any]] = [
            {"q": r.choice(self.words)}, {"q": r.choice(self.words), "start": "2016", "end": "2021"},
            {"entity": r.choice(self.entities)}, {"q": r.choice(self.words), "offset": 20},
        ]
        return "search", "/api/v1/search", {**r.choice(searches), "limit": 20}


def _client(base: str, work: Workload, tally: Tally, stop: threading.Event) -> None:
    import httpx

    with httpx.Client(base_url=base, timeout=CLIENT_TIMEOUT_S) as http:
        while not stop.is_set():
            kind, path, params = work.next()
            t0 = time.monotonic()
            try:
                resp = http.get(path, params=params)
            except httpx.HTTPError as exc:
                tally.record(kind, time.monotonic() - t0, None, f"{path} {params}: {type(exc).__name__}: {exc}")
                continue
            tally.record(kind, time.monotonic() - t0, resp.status_code, f"{path} {params}: {resp.text}")
            if kind == "search" and resp.status_code == 200:
                hits = [h["id"] for h in resp.json().get("hits", [])]
                with tally.lock:
                    tally.ids.extend(i for i in hits if len(tally.ids) < 20_000)


def start_server(db: str, port: int) -> subprocess.Popen[str]:
    import httpx

    proc = subprocess.Popen(dateline_cmd(db, "serve", "--port", str(port), "--token", TOKEN),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=cli_env())
    deadline = time.monotonic() + SERVER_START_S
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/v1/health", timeout=2).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError(f"the server did not start: {proc.communicate()[1][-2000:]}")


def searchable(base: str, ids: list[str], corpus: NewsCorpus, workers: int = 8) -> dict[str, Any]:
    """Every id fetched by id, every story found by its reference with the right number of hits."""
    import httpx

    def by_id(http: httpx.Client, aid: str) -> bool:
        resp = http.get(f"/api/v1/articles/{aid}")
        return resp.status_code == 200 and resp.json().get("id") == aid

    def by_ref(http: httpx.Client, ref: str) -> bool:
        resp = http.get("/api/v1/search", params={"q": ref, "limit": 50})
        return resp.status_code == 200 and resp.json()["total"] == corpus.refs[ref]

    def check(items: list[str], fn: Callable[[httpx.Client, str], bool]) -> list[str]:
        local = threading.local()
        opened: list[httpx.Client] = []

        def one(item: str) -> str | None:
            if not hasattr(local, "http"):
                local.http = httpx.Client(base_url=base, timeout=CLIENT_TIMEOUT_S)
                opened.append(local.http)
            return None if fn(local.http, item) else item

        try:
            with ThreadPoolExecutor(workers) as pool:
                return [x for x in pool.map(one, items) if x is not None]
        finally:
            for http in opened:
                http.close()

    missing_ids = check(ids, by_id)
    missing_refs = check(sorted(corpus.refs), by_ref)
    return {"ids_checked": len(ids), "ids_missing": missing_ids[:20], "ids_missing_count": len(missing_ids),
            "refs_checked": len(corpus.refs), "refs_missing": missing_refs[:20],
            "refs_missing_count": len(missing_refs)}


UPLOAD_FILES = 64  # files per POST /api/v1/ingest when the server itself writes


def _cli_writer(db: str, folder: Path) -> dict[str, Any]:
    """`dateline ingest` as a subprocess; its JSON report."""
    done = subprocess.run(dateline_cmd(db, "ingest", "--no-progress", "--format", "json", str(folder)),
                          capture_output=True, text=True, env=cli_env(), timeout=INGEST_LIMIT_S)
    if done.returncode != 0:
        raise RuntimeError(f"the writing ingest exited {done.returncode}: {done.stderr[-2000:]}")
    report = json.loads(done.stdout)
    return {"added": report["added"], "duplicates": report["duplicates"], "skipped": len(report["skipped"]),
            "ids": report["ids"], "failed_requests": 0}


def _http_writer(url: str, folder: Path) -> dict[str, Any]:
    """The corpus's files uploaded to POST /api/v1/ingest, ``UPLOAD_FILES`` at a time, one request after another."""
    import httpx

    files = sorted(p for p in folder.iterdir() if p.is_file())
    out: dict[str, Any] = {"added": 0, "duplicates": 0, "skipped": 0, "ids": [], "failed_requests": 0}
    with httpx.Client(base_url=url, timeout=INGEST_LIMIT_S, headers={"Authorization": f"Bearer {TOKEN}"}) as http:
        for i in range(0, len(files), UPLOAD_FILES):
            batch = [("files", (p.name, p.read_bytes(), "application/octet-stream")) for p in files[i:i + UPLOAD_FILES]]
            try:
                resp = http.post("/api/v1/ingest", files=batch)
            except httpx.HTTPError:
                out["failed_requests"] += 1
                continue
            if resp.status_code != 200:
                out["failed_requests"] += 1
                continue
            body = resp.json()
            out["added"] += body["added"]
            out["duplicates"] += body["duplicate"]
            out["skipped"] += body["skipped"]
            out["ids"].extend(d["id"] for d in body["documents"] if d["status"] == "added")
    return out


WRITERS = {"cli": "a `dateline ingest` CLI subprocess writing the served SQLite file",
           "http": f"POST /api/v1/ingest to the same server, {UPLOAD_FILES} files a request"}


def _stop(stop: threading.Event, target: SQLiteTarget, base: int) -> int:
    """Stop the clients; the number of new articles stored by then."""
    stop.set()
    probe = target.probe()
    return (probe.articles if probe else 0) - base


def run_load_test(folder: Path, seconds: float, clients: int, articles: int, base_articles: int = 100,
                  seed: int = 5, until_written: bool = True, writer: str = "cli") -> dict[str, Any]:
    """The whole scenario in ``folder``; returns JSON-able figures (see the module docstring).

    The clients run for ``seconds``, and, with ``until_written``, on until the ingest has finished,
    so that every article is written under load. ``writer``: "cli" (a `dateline ingest` subprocess
    on the same SQLite file) or "http" (uploads to the server's POST /api/v1/ingest).
    """
    if writer not in WRITERS:
        raise ValueError(f"writer must be one of {sorted(WRITERS)}, got {writer!r}")
    import httpx

    base = write_news_corpus(folder / "base", base_articles, seed, first_ref=BASE_REF)
    incoming = write_news_corpus(folder / "incoming", articles, seed + 1, first_ref=NEW_REF)
    target = SQLiteTarget(folder / "store.db")
    t0 = time.monotonic()
    first = run_cli(target.db, "ingest", "--no-progress", str(base.folder))
    if first.returncode != 0:
        raise RuntimeError(f"the base ingest failed: {first.stderr[-2000:]}")
    base_s = time.monotonic() - t0
    port = free_port()
    server = start_server(target.db, port)
    url = f"http://127.0.0.1:{port}"
    try:
        entities = [e["name"] for e in httpx.get(f"{url}/api/v1/entities", params={"limit": 40}, timeout=60).json()
                    ["entities"]]
        tally = Tally()
        written: dict[str, Any] = {}

        def write() -> None:
            try:
                written.update(_cli_writer(target.db, incoming.folder) if writer == "cli"
                               else _http_writer(url, incoming.folder))
            except Exception as exc:  # reported by the main thread
                written["error"] = f"{type(exc).__name__}: {exc}"
            written["seconds"] = time.monotonic() - started

        started, stop = time.monotonic(), threading.Event()
        waiter = threading.Thread(target=write, daemon=True)
        waiter.start()
        threads = [threading.Thread(target=_client, daemon=True,
                                    args=(url, Workload(tally, entities, sorted(base.refs), seed * 1000 + n), tally,
                                          stop)) for n in range(clients)]
        for t in threads:
            t.start()
        time.sleep(seconds)
        if not until_written:
            stored_during_load = _stop(stop, target, base.distinct)
        waiter.join(INGEST_LIMIT_S)
        if "seconds" not in written or "error" in written:
            raise RuntimeError(f"the writer failed: {written.get('error', 'it did not finish in time')}")
        if until_written:
            stored_during_load = _stop(stop, target, base.distinct)
        for t in threads:
            t.join(CLIENT_TIMEOUT_S + 30)
        load_s = time.monotonic() - started
        report = written
        found = searchable(url, list(report["ids"]), incoming)
    finally:
        server.terminate()
        server.communicate(timeout=30)
    return {
        "seconds": round(load_s, 1),
        "clients": clients,
        **tally.figures(load_s),
        "ingest": {"writer": writer, "how": WRITERS[writer], "articles": incoming.distinct,
                   "documents": incoming.records, "added": report["added"], "duplicates": report["duplicates"],
                   "skipped": report["skipped"], "failed_requests": report["failed_requests"],
                   "stored_during_load": stored_during_load, "seconds": round(report["seconds"], 1)},
        "base_articles": base.distinct, "base_ingest_seconds": round(base_s, 1),
        "searchable": found,
        "articles_searchable_at_end": len(report["ids"]) - found["ids_missing_count"],
        "stories_found_by_reference": len(incoming.refs) - found["refs_missing_count"],
    }
