"""A corpus that grows: ingest with 1 and 2 workers, the cost of adding articles to big stores, and
query latency at 100,000 (and 1,000,000) articles on SQLite and PostgreSQL, in one run.

    .venv/bin/python benchmarks/scale.py                          # everything at the default sizes
    .venv/bin/python benchmarks/scale.py --sizes 100000,1000000   # also a million-article store
    .venv/bin/python benchmarks/scale.py --skip-ingest --backends sqlite
    .venv/bin/python benchmarks/scale.py --query-stores sqlite=big.db,postgres=postgresql://... \
        --seed-db 't17stores/*.db'                                # only the queries, on stores built before

Prints one JSON object (and writes it to ``--out``). How the stores are built, said in the JSON too:

- **ingest**: ``--ingest-articles`` real news articles of Timeline17 (``../shared/tls/t17``,
  detokenised like the TLS benchmark) through the real ``dateline ingest`` path into a fresh SQLite
  store, once in one process and once on a local Dask cluster of two workers.
- **big stores**: the articles analysed by that ingest are the seeds; each further article is a
  seed with its dates shifted by up to two years and up to ``SWAPS`` of its person and place names
  swapped for other names of the same length (the seeds' own and invented ones), written straight
  through the store's ``add_articles``. Copies are not re-analysed. The vocabulary of content words
  is the seeds' (real news text), so a topical word matches the share of the corpus its topic has;
  the JSON reports every query's match count.
- **adding articles**: ``--add`` further Timeline17 articles (not among the seeds) ingested into
  copies of stores of each ``--add-sizes`` size, in a fresh process each, timed (wall and CPU) with
  its peak RSS. Each grown store is first brought to the state an ingest leaves (corpus-step keys,
  duplicate groups, stories: ``--grown-step``, benchmarks/_bulk_step.py) and grown further from there.
- **queries**: a fixed mix of searches (single words of several frequencies, word pairs, phrases,
  entity and date filters) and timelines (the whole corpus, and a date range holding about 10,000
  articles), each timed directly on the library (p50/p95 over the mix), in wall-clock time and in
  this process's CPU time (the machine may be shared: the load average is reported beside them).

PostgreSQL is a server started for the run on loopback from Debian's packages (tests/pg_server.py).
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import platform
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from contextlib import ExitStack
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import dateline  # noqa: E402
from benchmarks import _bulk_step  # noqa: E402
from benchmarks._corpus_scale import MAX_SHIFT_DAYS, _invented, vary  # noqa: E402
from benchmarks._report import emit  # noqa: E402
from dateline.data import AnalysedArticle  # noqa: E402
from dateline.errors import NotFound  # noqa: E402
from dateline.evaluate.loaders import TopicArticle, find_topics, load_topic, write_jsonl  # noqa: E402
from dateline.store import Filters, open_store  # noqa: E402

T17 = ROOT.parent / "shared" / "tls" / "t17"
# Names swapped per copy (at most), and invented names added per name length.
SWAPS = 6
INVENTED_PER_LENGTH = 400
BATCH = 2000
# Target size of the "10,000-article selection" timelines, and the tolerance of the date window search.
SELECTION = 10_000


def t17_articles() -> list[TopicArticle]:
    out: list[TopicArticle] = []
    for folder in find_topics([T17]):
        out.extend(sorted(load_topic(folder).articles, key=lambda a: a.uid))
    random.Random(17).shuffle(out)
    return out


def peak_rss_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return round(max(own, children) / 1024, 1)


# -- ingest ----------------------------------------------------------------------------------


def measure_ingest(articles: Sequence[TopicArticle], work: Path) -> dict[str, Any]:
    src = write_jsonl(articles, work / "ingest.jsonl")
    words = sum(len(a.text.split()) for a in articles)
    out: dict[str, Any] = {"articles": len(articles), "words": words, "input": "Timeline17 articles, one JSONL file"}
    for workers in (1, 2):
        db = work / f"ingest-{workers}.db"
        cmd = [sys.executable, "-m", "dateline", "--db", str(db), "ingest", str(src), "--no-progress",
               "--format", "json", "--workers", str(workers)]
        started = time.perf_counter()
        done = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
        seconds = time.perf_counter() - started
        if done.returncode not in (0, 1):
            raise SystemExit(f"ingest failed ({done.returncode}): {done.stderr.strip()[-2000:]}")
        report = json.loads(done.stdout)
        out[f"workers_{workers}"] = {
            "seconds": round(seconds, 1), "articles_per_s": round(len(articles) / seconds, 2),
            "added": report.get("added"), "skipped": len(report.get("skipped", [])), "exit": done.returncode,
        }
    out["speedup_2_over_1"] = round(out["workers_1"]["seconds"] / out["workers_2"]["seconds"], 2)
    return out


# -- big stores ------------------------------------------------------------------------------


def name_pools(seeds: Sequence[AnalysedArticle], seed: int) -> dict[int, list[str]]:
    """Single-word person and place names of the seeds by length, plus invented ones."""
    r = random.Random(seed)
    by_len: dict[int, set[str]] = {}
    for a in seeds:
        for m in a.mentions:
            if m.label in ("PERSON", "GPE") and m.text.isalpha() and m.text[0].isupper() and len(m.text) >= 4:
                by_len.setdefault(len(m.text), set()).add(m.text)
    for length in by_len:
        by_len[length].update(_invented(r, length, INVENTED_PER_LENGTH))
    return {n: sorted(v) for n, v in by_len.items()}


def _swaps(a: AnalysedArticle, pools: dict[int, list[str]], r: random.Random) -> dict[str, str]:
    names = sorted({m.text for m in a.mentions if m.text in pools.get(len(m.text), ())})
    r.shuffle(names)
    return {n: r.choice(pools[len(n)]) for n in names[:SWAPS]}


def grow(store: Any, seeds: Sequence[AnalysedArticle], target: int, pools: dict[int, list[str]], seed: int) -> float:
    """Add varied copies of ``seeds`` until ``store`` holds ``target`` articles; seconds taken."""
    r = random.Random(seed)
    started = time.perf_counter()
    have, k = store.count(), 0
    while have < target:
        batch = []
        for _ in range(min(BATCH, target - have)):
            src = seeds[r.randrange(len(seeds))]
            batch.append(vary(src, f"rep{seed}-{have + len(batch):07d}", r.randint(-MAX_SHIFT_DAYS, MAX_SHIFT_DAYS),
                              _swaps(src, pools, r)))
            k += 1
        have += store.add_articles(batch)
        print(f"  {have} articles", file=sys.stderr, flush=True)
    return time.perf_counter() - started


# -- queries ---------------------------------------------------------------------------------


def query_mix(seeds: Sequence[AnalysedArticle], pools: dict[int, list[str]], seed: int) -> list[tuple[str, dict[str, Any]]]:
    r = random.Random(seed)
    words = sorted({w.lower() for a in seeds for w in a.article.text.split() if w.isalpha() and len(w) >= 5})
    sentences = [s.text for a in seeds for s in a.sentences if len(s.text.split()) > 8]
    names = sorted({n for ns in pools.values() for n in ns})
    mix: list[tuple[str, dict[str, Any]]] = []
    mix += [("word", {"words": w}) for w in r.sample(words, 30)]
    mix += [("two words", {"words": f"{r.choice(words)} {r.choice(words)}"}) for _ in range(10)]
    for s in r.sample(sentences, 10):
        ws = [w for w in s.split() if w.isalpha()]
        i = r.randrange(max(1, len(ws) - 1))
        mix.append(("phrase", {"words": '"' + " ".join(ws[i:i + 2]) + '"'}))
    mix += [("word + entity", {"words": r.choice(words), "entity": r.choice(names)}) for _ in range(10)]
    for _ in range(10):
        start = date(2009, 1, 1) + timedelta(days=r.randrange(0, 1500))
        mix.append(("word + dates", {"words": r.choice(words), "start": start, "end": start + timedelta(days=90)}))
    return mix


def _pct(samples: list[float], cpu: list[float] | None = None) -> dict[str, float]:
    ordered = sorted(samples)
    def at(values: list[float], q: float) -> float:
        return round(values[min(len(values) - 1, int(q * len(values)))] * 1000, 1)
    out = {"p50_ms": at(ordered, 0.5), "p95_ms": at(ordered, 0.95), "max_ms": round(ordered[-1] * 1000, 1),
           "n": len(ordered)}
    if cpu:
        by_cpu = sorted(cpu)
        out.update({"cpu_p50_ms": at(by_cpu, 0.5), "cpu_p95_ms": at(by_cpu, 0.95)})
    return out


def time_searches(corpus: Any, mix: list[tuple[str, dict[str, Any]]]) -> dict[str, Any]:
    samples: list[float] = []
    cpu: list[float] = []
    by_kind: dict[str, list[float]] = {}
    matches: dict[str, list[int]] = {}
    for kind, q in mix:
        try:
            started, started_cpu = time.perf_counter(), time.process_time()
            result = corpus.search(q.get("words"), entity=q.get("entity"), start=q.get("start"), end=q.get("end"),
                                   exact_total=False)
            took = time.perf_counter() - started
            cpu.append(time.process_time() - started_cpu)
        except NotFound:  # an invented name that no copy received
            continue
        samples.append(took)
        by_kind.setdefault(kind, []).append(took)
        matches.setdefault(kind, []).append(result.total)
    return {"all": _pct(samples, cpu), "by_kind": {k: {**_pct(v), "median_matches": int(statistics.median(matches[k])),
                                                        "max_matches": max(matches[k])} for k, v in by_kind.items()}}


def selection_window(store: Any, target: int) -> tuple[date, date, int]:
    """A date range around the corpus's middle holding about ``target`` articles."""
    lo, hi = date(2005, 1, 1), date(2015, 12, 31)
    mid = date(2010, 6, 1)
    width = 30
    count = 0
    for _ in range(20):
        start, end = mid - timedelta(days=width), mid + timedelta(days=width)
        count = store.search(Filters(start=start, end=end), 1, 0).total
        if count >= target or (mid - timedelta(days=width)) < lo or (mid + timedelta(days=width)) > hi:
            return start, end, count
        width = int(width * max(1.1, (target / max(count, 1)) ** 0.5))
    return start, end, count


def time_timelines(corpus: Any, repeats: int, window: tuple[date, date]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for label, kwargs in (("whole corpus", {}), ("10k selection", {"start": window[0], "end": window[1]})):
        samples, cpu = [], []
        events = 0
        for _ in range(repeats):
            started, started_cpu = time.perf_counter(), time.process_time()
            tl = corpus.timeline(**kwargs)
            samples.append(time.perf_counter() - started)
            cpu.append(time.process_time() - started_cpu)
            events = len(tl.events)
        out[label] = {**_pct(samples, cpu), "events": events}
    return out


# -- adding articles -------------------------------------------------------------------------


def add_in_fresh_process(location: str, src: Path, root: str = str(ROOT)) -> dict[str, Any]:
    """Ingest ``src`` into ``location`` in a fresh process running the dateline found in ``root``."""
    code = (
        "import json, os, resource, sys, time, dateline\n"
        # this process's own peak: ru_maxrss survives exec, so it would report the forking parent's
        "def peak_kb():\n"
        "    for line in open('/proc/self/status'):\n"
        "        if line.startswith('VmHWM:'):\n"
        "            return int(line.split()[1])\n"
        "    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        f"c = dateline.open({location!r})\n"
        "t, cpu = time.perf_counter(), time.process_time()\n"
        f"r = c.ingest([{str(src)!r}], progress=False)\n"
        "took, cpu = time.perf_counter() - t, time.process_time() - cpu\n"
        "print(json.dumps({'seconds': round(took, 2), 'cpu_s': round(cpu, 2), 'added': r.added, 'store': len(c),"
        " 'peak_rss_mb': round(peak_kb() / 1024, 1), 'load_average': os.getloadavg()[0]}))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": root})
    if done.returncode != 0:
        return {"error": done.stderr.strip().splitlines()[-1:]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def http_ingest(location: str, extra: Sequence[TopicArticle], uploads: int) -> dict[str, Any]:
    """Upload single articles to a server over ``location``, one request at a time: the time each
    request takes (the article stored and searchable), then the background corpus-level step's."""
    import httpx

    from dateline.serve.app import create_app
    from dateline.serve.server import BackgroundServer

    token = "bench-token-0123456789abcdef"
    app = create_app(location, token=token)
    step = app.state.dateline.corpus_step
    times = []
    with BackgroundServer(app) as server:
        step.wait(3600)  # a step due when the server started runs first
        if app.state.dateline.warmed is not None:  # and the analysis is loaded, as a server up for a while has it
            app.state.dateline.warmed.wait(600)
        for a in extra[:uploads]:
            body = json.dumps({"text": a.text, "published": a.published.isoformat() if a.published else None})
            started = time.perf_counter()
            r = httpx.post(f"{server.url}/api/v1/ingest", content=body.encode(), timeout=600,
                           headers={"Authorization": f"Bearer {token}", "Content-Type": "application/x-ndjson"})
            times.append(time.perf_counter() - started)
            r.raise_for_status()
        started = time.perf_counter()
        step.wait(3600)
        settle = time.perf_counter() - started
        stats = step.stats()
    return {"uploads": len(times), **_pct(times), "each_ms": [round(t * 1000) for t in times],
            "corpus_step_after_last_s": round(settle, 2),
            "corpus_step_last_run_s": stats["last_seconds"]}


# -- run -------------------------------------------------------------------------------------


def seeds_from(db: Path | str) -> list[AnalysedArticle]:
    """The articles of a store, or of every store a glob pattern names (in id order)."""
    found = sorted(glob.glob(str(db))) or [str(db)]
    out: list[AnalysedArticle] = []
    for path in found:
        store = open_store(path)
        try:
            out.extend(store.iter_articles())
        finally:
            store.close()
    return sorted(out, key=lambda a: a.id) if len(found) > 1 else out


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--ingest-articles", type=int, default=2000)
    p.add_argument("--skip-ingest", action="store_true", help="seed from --seed-db instead of ingesting")
    p.add_argument("--seed-db", help="a store of analysed articles to use as seeds (a glob: several stores)")
    p.add_argument("--query-stores", help="only time the queries, on these stores: BACKEND=LOCATION,... "
                   "(built before, e.g. by an earlier run's --work)")
    p.add_argument("--sizes", default="100000", help="store sizes for the query latencies")
    p.add_argument("--add-sizes", default="1000,10000,40000", help="store sizes for the cost of adding")
    p.add_argument("--add", type=int, default=100, help="articles added to each --add-sizes store")
    p.add_argument("--add-code", help="time the adding with each of these checkouts: NAME=FOLDER,... "
                   "(before/after in one run; default: this one)")
    p.add_argument("--grown-step", choices=("bulk", "real"), default="bulk",
                   help="how a grown store gets its corpus-step state (see benchmarks/_bulk_step.py)")
    p.add_argument("--backends", default="sqlite,postgres")
    p.add_argument("--http-size", type=int, default=10000, help="store size for the single-article HTTP uploads")
    p.add_argument("--http-uploads", type=int, default=5)
    p.add_argument("--timeline-repeats", type=int, default=5, help="0: time the searches only")
    p.add_argument("--work", type=Path, help="folder for the stores (default: a temporary one, removed)")
    p.add_argument("--out", type=Path, help="also write the JSON here")
    args = p.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="dateline-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    result: dict[str, Any] = {"machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
                              "how_built": __doc__.split("How the stores are built, said in the JSON too:")[1].strip()}
    if args.query_stores:
        return _query_only(args, result)
    pool = t17_articles()
    try:
        with ExitStack() as stack:
            if args.skip_ingest:
                seed_db = args.seed_db
            else:
                result["ingest"] = measure_ingest(pool[: args.ingest_articles], work)
                seed_db = work / "ingest-1.db"
                print(json.dumps(result["ingest"]), file=sys.stderr, flush=True)
            seeds = seeds_from(seed_db)
            pools = name_pools(seeds, 1)
            result["seeds"] = {"articles": len(seeds), "names_in_pools": sum(len(v) for v in pools.values())}
            extra = pool[args.ingest_articles: args.ingest_articles + args.add]
            add_src = write_jsonl(extra, work / "add.jsonl")
            locations = _locations(args.backends, work, stack)
            result["adding"] = _adding(args, seeds, pools, add_src, locations, work)
            if args.http_size:
                http_db = work / "http.db"
                grow_store = open_store(http_db)
                grow(grow_store, seeds, args.http_size, pools, seed=5)
                _settle(grow_store, args.grown_step)
                grow_store.close()
                result["http_ingest"] = {"store": args.http_size, **http_ingest(
                    str(http_db), pool[args.ingest_articles + args.add:], args.http_uploads)}
                print(f"http ingest: {result['http_ingest']}", file=sys.stderr, flush=True)
            result["queries"] = _queries(args, seeds, pools, locations)
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    result["peak_rss_mb"] = peak_rss_mb()
    return emit(result, args.out)


def _query_only(args: argparse.Namespace, result: dict[str, Any]) -> int:
    """Search and timeline latencies on stores that are already built (``--query-stores``)."""
    seeds = seeds_from(args.seed_db)
    pools = name_pools(seeds, 1)
    result["seeds"] = {"articles": len(seeds), "from": str(args.seed_db)}
    mix = query_mix(seeds, pools, 3)
    result["queries"] = {}
    for item in args.query_stores.split(","):
        backend, location = item.split("=", 1)
        with dateline.open(location) as corpus:
            entry: dict[str, Any] = {"articles": len(corpus), "load_average_before": os.getloadavg()[0]}
            time_searches(corpus, mix)  # once to warm the caches, then measured
            entry["search"] = time_searches(corpus, mix)
            if args.timeline_repeats > 0:
                window = selection_window(corpus.store, SELECTION)
                entry["timeline_selection"] = {"start": window[0], "end": window[1], "articles": window[2]}
                entry["timeline"] = time_timelines(corpus, args.timeline_repeats, window[:2])
            entry["load_average_after"] = os.getloadavg()[0]
        result["queries"][f"{backend} {entry['articles']}"] = entry
        print(f"{backend}: {json.dumps(entry, default=str)}", file=sys.stderr, flush=True)
    return emit(result, args.out)


def _locations(backends: str, work: Path, stack: ExitStack) -> dict[str, Any]:
    """backend -> a function giving a fresh store location named ``name``."""
    out: dict[str, Any] = {}
    for backend in backends.split(","):
        if backend == "sqlite":
            out["sqlite"] = lambda name: str(work / f"{name}.db")
        elif backend == "postgres":
            from tests import pg_server

            server = stack.enter_context(pg_server.server())
            out["postgres"] = lambda name, server=server: pg_server.new_database(server)
    return out


def _adding(args: argparse.Namespace, seeds: list[AnalysedArticle], pools: dict[int, list[str]], src: Path,
            locations: dict[str, Any], work: Path) -> dict[str, Any]:
    out: dict[str, Any] = {"articles_added": args.add, "backend": "sqlite"}
    sizes = [int(s) for s in args.add_sizes.split(",") if s]
    codes = dict(item.split("=", 1) for item in args.add_code.split(",")) if args.add_code else {"this": str(ROOT)}
    out["code"] = codes
    out["corpus_step_of_grown_store"] = args.grown_step
    base = work / "adding-base.db"
    store = open_store(base)
    for size in sizes:
        grow(store, seeds, size, pools, seed=2)
        out.setdefault("settle", {})[str(size)] = _settle(store, args.grown_step)
        store.close()
        for name, root in codes.items():
            copy = work / f"adding-{size}.db"
            shutil.copy(base, copy)
            entry = add_in_fresh_process(str(copy), src, root)
            out.setdefault(name, {})[str(size)] = entry
            copy.unlink()
            print(f"add {args.add} to {size} ({name}): {entry}", file=sys.stderr, flush=True)
        store = open_store(base)
    store.close()
    for name in codes:
        timed = [s for s in sizes if "seconds" in out[name][str(s)]]
        if len(timed) >= 2:
            first, last = out[name][str(timed[0])], out[name][str(timed[-1])]
            out[name]["ratio_largest_to_smallest"] = round(last["seconds"] / first["seconds"], 2)
            out[name]["cpu_ratio_largest_to_smallest"] = round(last["cpu_s"] / first["cpu_s"], 2)
            out[name]["rss_ratio_largest_to_smallest"] = round(last["peak_rss_mb"] / first["peak_rss_mb"], 2)
    return out


def _settle(store: Any, how: str) -> dict[str, Any]:
    """The grown store brought to the state an ingest leaves: by the real corpus step, or in one
    pass (benchmarks/_bulk_step.py: the same keys, groups and stories; the copies' own dates)."""
    if how == "real":
        started, cpu = time.perf_counter(), time.process_time()
        dateline.Corpus(store).update_corpus()
        return {"seconds": round(time.perf_counter() - started, 1), "cpu_s": round(time.process_time() - cpu, 1)}
    return _bulk_step.settle(store)


def _queries(args: argparse.Namespace, seeds: list[AnalysedArticle], pools: dict[int, list[str]],
             locations: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    mix = query_mix(seeds, pools, 3)
    for backend, make in locations.items():
        location = make("queries")
        store = open_store(location)
        for size in sorted(int(s) for s in args.sizes.split(",") if s):
            took = grow(store, seeds, size, pools, seed=4)
            with dateline.open(location) as corpus:
                window = selection_window(store, SELECTION)
                entry: dict[str, Any] = {"build_seconds": round(took, 1), "articles": len(corpus)}
                entry["search"] = time_searches(corpus, mix)
                entry["timeline_selection"] = {"start": window[0], "end": window[1], "articles": window[2]}
                entry["timeline"] = time_timelines(corpus, args.timeline_repeats, window[:2])
            out[f"{backend} {size}"] = entry
            print(f"{backend} {size}: {json.dumps(entry, default=str)}", file=sys.stderr, flush=True)
        store.close()
    return out


if __name__ == "__main__":
    sys.exit(main())
