"""One-core ingest and timeline cost of Timeline17 topics of 300-400 articles (issue 17, "speed stays").

    taskset -c 1 .venv/bin/python benchmarks/one_core.py                       # IraqWar_guardian, SyrianCrisis_reuters
    taskset -c 1 .venv/bin/python benchmarks/one_core.py --topics bpoil_bbc --profile 25

Each topic of ``../shared/tls/t17`` is read with the loader ``benchmarks/tls.py`` uses, written as
JSONL and ingested through ``Corpus.ingest`` into a fresh SQLite store with one analyser process
(``Settings(analyse_processes=1)``), then one timeline is built over the whole topic with the
default method and settings (``Corpus.timeline()``). Prints one JSON object: per topic, CPU seconds
(user + sys of this process: what an idle core would take) and wall seconds of the ingest and of the
timeline, the ingest split by stage, and the 1-minute load average before and after.

Stages are timed by wrapping the pipeline's own entry points for the run (CPU time of this process,
which the wrappers add little to): ``decode`` (reading and decoding the input into documents),
``clean``, ``analyse`` (split into ``sentences``, ``ner``, ``entities``, ``quotes``, ``dates``,
``terms``), ``store`` (the store's batch writes) and ``corpus_step`` (near-duplicates,
cross-document dating and stories). ``spacy_load`` is the model's one-time load, inside ``ner``.
``--cli`` also runs ``python -m dateline ingest`` and ``timeline`` on the topic, each in a fresh
process (imports and model load included: what a user of the command line waits for).
``--profile N`` also runs the whole ingest under cProfile and lists the N functions with the most
own time (cProfile slows the run down: those figures are shares, not the run's cost).

Run it pinned to one core (``taskset -c 1``, or ``--cpu 1``): the analyser then cannot use a
second core even where a library would try to.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import platform
import pstats
import resource
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, ExitStack, contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import dateline  # noqa: E402
from benchmarks._report import emit, patched  # noqa: E402
from dateline.evaluate.loaders import load_topic, write_jsonl  # noqa: E402
from dateline.settings import Settings  # noqa: E402

T17 = ROOT.parent / "shared" / "tls" / "t17"
# Topics of 300-400 articles in Timeline17 (IraqWar_guardian 344, SyrianCrisis_reuters 346).
DEFAULT_TOPICS = ("IraqWar_guardian", "SyrianCrisis_reuters")
# Issue 17's targets: a topic's ingest under a minute on one core, its timeline under 2 s.
INGEST_TARGET_S = 60.0
TIMELINE_TARGET_S = 2.0


def _cpu() -> float:
    t = os.times()
    return t.user + t.system


class Stages:
    """CPU and wall seconds spent inside wrapped functions, by stage (outermost call counted only)."""

    def __init__(self) -> None:
        self.cpu: dict[str, float] = defaultdict(float)
        self.wall: dict[str, float] = defaultdict(float)
        self._active: set[str] = set()

    def wrap(self, stage: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            if stage in self._active:
                return fn(*args, **kwargs)
            self._active.add(stage)
            c0, w0 = _cpu(), time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                self.cpu[stage] += _cpu() - c0
                self.wall[stage] += time.perf_counter() - w0
                self._active.discard(stage)

        return timed

    def wrap_iter(self, stage: str, fn: Callable[..., Iterator[Any]]) -> Callable[..., Iterator[Any]]:
        def timed(*args: Any, **kwargs: Any) -> Iterator[Any]:
            it = iter(fn(*args, **kwargs))
            while True:
                c0, w0 = _cpu(), time.perf_counter()
                try:
                    item = next(it)
                except StopIteration:
                    return
                finally:
                    self.cpu[stage] += _cpu() - c0
                    self.wall[stage] += time.perf_counter() - w0
                yield item

        return timed


def _patched(obj: Any, name: str, value: Any) -> AbstractContextManager[None]:
    return patched(obj, {name: value})


@contextmanager
def staged(stages: Stages) -> Iterator[None]:
    """Wrap the pipeline's stage entry points for the duration of one run."""
    import dateline.analyse as analyse
    import dateline.analyse.dating as dating
    import dateline.analyse.nlp as nlp
    import dateline.clean as clean
    import dateline.pipeline as pipeline
    from dateline.store.sqlite import SQLiteStore

    with ExitStack() as stack:
        for obj, name, stage in [
            (clean, "clean", "clean"),
            (analyse.Analyser, "analyse", "analyse"),
            (analyse, "_sentences", "sentences"),
            (analyse.Analyser, "_tag", "ner"),
            (nlp, "load_pipeline", "spacy_load"),
            (analyse, "find_mentions", "entities"),
            (analyse, "find_quotes", "quotes"),
            (dating, "date_article", "dates"),
            (analyse, "pack", "terms"),
            (analyse, "term_ids", "terms"),
            (SQLiteStore, "add_articles", "store"),
            (SQLiteStore, "add_paths", "store"),
            (SQLiteStore, "known_ids", "store"),
            (pipeline.Corpus, "update_corpus", "corpus_step"),
        ]:
            stack.enter_context(_patched(obj, name, stages.wrap(stage, getattr(obj, name))))
        stack.enter_context(_patched(pipeline, "read_paths", stages.wrap_iter("decode", pipeline.read_paths)))
        yield


def _rounded(d: dict[str, float]) -> dict[str, float]:
    return {k: round(v, 2) for k, v in d.items()}


def _child_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def _cli(args: list[str]) -> dict[str, float]:
    """CPU (user + sys) and wall seconds of one ``python -m dateline`` process, imports and model load included."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    c0, w0 = _child_cpu(), time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "dateline", *args], env=env, capture_output=True, text=True)
    if done.returncode not in (0, 1):  # 1: some input was skipped (reported on stderr)
        raise RuntimeError(f"dateline {' '.join(args)} failed ({done.returncode}):\n{done.stderr}")
    return {
        "cpu_seconds": round(_child_cpu() - c0, 2),
        "wall_seconds": round(time.perf_counter() - w0, 2),
        "exit_status": done.returncode,
    }


def run_cli(jsonl: Path, db: Path) -> dict[str, Any]:
    """The same topic through the command line, each command a fresh process (what a user waits for)."""
    db.unlink(missing_ok=True)
    return {
        "ingest": _cli(["--db", str(db), "ingest", "--no-progress", str(jsonl)]),
        "timeline": _cli(["--db", str(db), "timeline"]),
    }


def run_topic(name: str, profile: int, keep: Path | None, cli: bool = False) -> dict[str, Any]:
    topic = load_topic(T17 / name)
    with tempfile.TemporaryDirectory(prefix="dateline-one-core-") as tmp:
        base = keep or Path(tmp)
        base.mkdir(parents=True, exist_ok=True)
        jsonl = write_jsonl(topic.articles, base / f"{name}.jsonl")
        db = base / f"{name}.db"
        db.unlink(missing_ok=True)
        settings = Settings(analyse_processes=1)
        stages = Stages()
        load = os.getloadavg()[0]
        c0, w0 = _cpu(), time.perf_counter()
        with staged(stages), dateline.open(db, settings) as corpus:
            report = corpus.ingest([jsonl], progress=False)
            ingest_cpu, ingest_wall = _cpu() - c0, time.perf_counter() - w0
            c0, w0 = _cpu(), time.perf_counter()
            timeline = corpus.timeline()
            tl_cpu, tl_wall = _cpu() - c0, time.perf_counter() - w0
            c0, w0 = _cpu(), time.perf_counter()
            corpus.timeline()
            tl2_cpu, tl2_wall = _cpu() - c0, time.perf_counter() - w0
            stored = len(corpus)
        load_after = os.getloadavg()[0]
        named = {"decode", "clean", "analyse", "store", "corpus_step"}
        out: dict[str, Any] = {
            "topic": name,
            "articles": len(topic.articles),
            "stored": stored,
            "added": report.added,
            "duplicates": report.duplicates,
            "skipped": len(report.skipped),
            "ingest": {
                "cpu_seconds": round(ingest_cpu, 2),
                "wall_seconds": round(ingest_wall, 2),
                "under_target": ingest_cpu < INGEST_TARGET_S,
                "stages_cpu_seconds": _rounded({k: v for k, v in stages.cpu.items() if k in named}),
                "analyse_cpu_seconds": _rounded({k: v for k, v in stages.cpu.items() if k not in named}),
                "stages_wall_seconds": _rounded({k: v for k, v in stages.wall.items() if k in named}),
                # ingest time outside the named stages (batching, duplicate checks, Python glue)
                "other_cpu_seconds": round(
                    ingest_cpu - sum(v for k, v in stages.cpu.items() if k in named), 2
                ),
            },
            # the first timeline loads the corpus's models and indexes; the second is the warm figure
            "timeline": {
                "events": len(timeline.events),
                "cpu_seconds": round(tl_cpu, 2),
                "wall_seconds": round(tl_wall, 2),
                "warm_cpu_seconds": round(tl2_cpu, 2),
                "warm_wall_seconds": round(tl2_wall, 2),
                "under_target": tl_cpu < TIMELINE_TARGET_S,
            },
            "load_average": [round(load, 2), round(load_after, 2)],
        }
        if cli:
            out["cli"] = run_cli(jsonl, db)
        if profile:
            db.unlink(missing_ok=True)
            out["profile_top_own_time"] = _profile(jsonl, db, profile)
    return out


def _profile(jsonl: Path, db: Path, top: int) -> list[dict[str, Any]]:
    prof = cProfile.Profile()
    with dateline.open(db, Settings(analyse_processes=1)) as corpus:
        prof.enable()
        corpus.ingest([jsonl], progress=False)
        prof.disable()
    stats = pstats.Stats(prof, stream=io.StringIO())
    total = sum(row[2] for row in stats.stats.values())  # type: ignore[attr-defined]
    rows = sorted(stats.stats.items(), key=lambda kv: kv[1][2], reverse=True)[:top]  # type: ignore[attr-defined]
    return [
        {
            "function": f"{Path(file).name}:{line}:{fn}",
            "own_share": round(tt / total, 3),
            "cumulative_share": round(ct / total, 3),
            "calls": nc,
        }
        for (file, line, fn), (_cc, nc, tt, ct, _callers) in rows
    ]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument(
        "--topics",
        default=",".join(DEFAULT_TOPICS),
        help="comma-separated Timeline17 topic names (default: %(default)s)",
    )
    p.add_argument("--cpu", type=int, help="pin this process to this one core (as taskset -c CPU does)")
    p.add_argument(
        "--profile",
        type=int,
        default=0,
        metavar="N",
        help="also profile a second ingest of each topic and list the N functions with the most own time",
    )
    p.add_argument(
        "--cli",
        action="store_true",
        help="also time `python -m dateline ingest` and `timeline` on the topic, each a fresh process",
    )
    p.add_argument(
        "--keep", type=Path, help="write the JSONL and the store here instead of a temporary folder"
    )
    p.add_argument("--out", type=Path, help="also write the JSON result to this file")
    args = p.parse_args(argv)
    if not T17.exists():
        print(json.dumps({"skipped": f"{T17} is not available"}))
        return 0
    if args.cpu is not None:
        os.sched_setaffinity(0, {args.cpu})
    topics = [run_topic(t, args.profile, args.keep, args.cli) for t in args.topics.split(",")]
    result = {
        "benchmark": "one_core",
        "targets": {"ingest_cpu_seconds": INGEST_TARGET_S, "timeline_cpu_seconds": TIMELINE_TARGET_S},
        "topics": topics,
        "machine": {
            "cpus": os.cpu_count(),
            "affinity": sorted(os.sched_getaffinity(0)),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
    }
    return emit(result, args.out)


if __name__ == "__main__":
    raise SystemExit(main())
