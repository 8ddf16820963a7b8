"""Kill ``dateline ingest`` with SIGKILL again and again, then compare the store with a clean run's.

Shared by tests/test_crash_safety.py and benchmarks/faults_load.py. The command is always the same,
``python -m dateline --db STORE ingest --no-progress --format json DIR``, run as a subprocess with
this checkout on ``PYTHONPATH``. A store is reached through a :class:`StoreTarget` (what ``--db`` gets,
plus read-only probes of its tables), so another backend (PostgreSQL, a URL given to ``--db``) only
adds a target class and a name in :data:`BACKENDS`.

Kills are aimed at three phases, told apart from outside by what the store holds:

- ``startup``: before the run writes anything (interpreter, imports, opening the store, reading files);
- ``batch``: after the run committed at least one batch and before every article is stored, so the kill
  lands while a later batch is analysed or committed;
- ``corpus``: every article is stored but the corpus-level results (near-duplicate groups,
  cross-document dates) are not yet written; either right after the last batch, or in a re-run
  once it has used more CPU than a run with nothing to do needs to start, read everything and
  report (measured after the clean run).

Kill points are drawn from a seeded ``random.Random`` as shares of the clean run's own timings, and
waited for in the run's CPU time (read from /proc; wall time elsewhere), so that a loaded machine does
not push a kill past the step it aims at. Where each kill really landed is recorded.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Protocol

ROOT = Path(__file__).resolve().parents[1]
POLL_S = 0.02  # how often the store is probed while a run goes on
RUN_LIMIT_FACTOR = 6  # a run may take this many times the clean run's duration (plus a minute)
# Searches compared between the killed and the clean store (words, phrase, dates, entity).
SEARCHES: list[list[str]] = [
    ["dam"], ["strike", "wages"], ['"central bank"'], ["trial", "--from", "2018-01-01", "--to", "2019-12-31"],
    ["--entity", "Kovalenko"], ["budget", "--entity", "Castlebridge"],
]


def cli_env() -> dict[str, str]:
    """The environment for ``python -m dateline``: this checkout first on the path, no colours or bars."""
    path = os.environ.get("PYTHONPATH")
    return {**os.environ, "PYTHONPATH": f"{ROOT}{os.pathsep}{path}" if path else str(ROOT),
            "PYTHONUNBUFFERED": "1", "NO_COLOR": "1"}


def dateline_cmd(db: str, *args: str) -> list[str]:
    return [sys.executable, "-m", "dateline", "--db", db, *args]


def run_cli(db: str, *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(dateline_cmd(db, *args), capture_output=True, text=True, env=cli_env(), timeout=timeout)


# -- stores ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Probe:
    articles: int
    dirty: bool  # articles were added since the corpus-level results were last written


class StoreTarget(Protocol):
    @property
    def backend(self) -> str:
        """The backend's name (a key of :data:`BACKENDS`)."""

    @property
    def db(self) -> str:
        """What ``--db`` is given."""

    def probe(self) -> Probe | None:
        """Articles stored and whether corpus-level results are pending; ``None`` before the schema exists."""

    def integrity(self) -> dict[str, int]:
        """Counts that must all be 0 in a sound store (duplicates and orphans in every table)."""

    def snapshot(self) -> dict[str, list[tuple[Any, ...]]]:
        """Every table's rows in a canonical order, without insertion times and row numbers."""

    def paths(self) -> int:
        """Input paths recorded."""


@dataclass(frozen=True, slots=True)
class SQLiteTarget:
    path: Path
    backend: str = "sqlite"

    @property
    def db(self) -> str:
        return str(self.path)

    def _query(self, sql: str) -> list[tuple[Any, ...]]:
        con = sqlite3.connect(self.path, timeout=30)
        try:
            return con.execute(sql).fetchall()
        finally:
            con.close()

    def probe(self) -> Probe | None:
        if not self.path.exists():
            return None
        try:
            n = self._query("SELECT count(*) FROM articles")[0][0]
            dirty = self._query("SELECT value FROM state WHERE key = 'derived_dirty'")
        except sqlite3.OperationalError:  # the first run is still creating the schema
            return None
        return Probe(int(n), bool(dirty) and dirty[0][0] == "1")

    def integrity(self) -> dict[str, int]:
        checks = {
            "duplicate_article_ids": "SELECT count(*) - count(DISTINCT id) FROM articles",
            "fts_rows_minus_articles": "SELECT (SELECT count(*) FROM article_terms) - (SELECT count(*) FROM articles)",
            "fts_rows_without_article": "SELECT count(*) FROM article_terms WHERE rowid NOT IN (SELECT rowid FROM articles)",
            "articles_without_fts_row": "SELECT count(*) FROM articles WHERE rowid NOT IN (SELECT rowid FROM article_terms)",
            "duplicate_paths": "SELECT count(*) - count(DISTINCT path) FROM paths",
            "paths_without_article": "SELECT count(*) FROM paths WHERE article_id NOT IN (SELECT id FROM articles)",
            "articles_without_path": "SELECT count(*) FROM articles WHERE id NOT IN (SELECT article_id FROM paths)",
            "mentions_without_article": "SELECT count(*) FROM mentions WHERE article_id NOT IN (SELECT id FROM articles)",
            "duplicate_group_rows": "SELECT count(*) - count(DISTINCT article_id) FROM duplicates",
            "groups_without_article": "SELECT count(*) FROM duplicates WHERE article_id NOT IN (SELECT id FROM articles)",
        }
        return {name: int(self._query(sql)[0][0]) for name, sql in checks.items()}

    def snapshot(self) -> dict[str, list[tuple[Any, ...]]]:
        tables = {
            "articles": "SELECT id, path, fmt, title, outlet, url, pub_start, pub_end, ev_start, ev_end, data, dates"
                        " FROM articles ORDER BY id",
            "fts": "SELECT a.id, f.title, f.body FROM article_terms f JOIN articles a ON a.rowid = f.rowid ORDER BY a.id",
            "paths": "SELECT path, article_id FROM paths ORDER BY path",
            "mentions": "SELECT article_id, key, label, text, role, sentence FROM mentions"
                        " ORDER BY article_id, sentence, key, label, text, role",
            "duplicates": "SELECT article_id, group_id, rank FROM duplicates ORDER BY article_id",
        }
        return {name: self._query(sql) for name, sql in tables.items()}

    def paths(self) -> int:
        return int(self._query("SELECT count(*) FROM paths")[0][0])


def _sqlite_target(folder: Path, name: str) -> StoreTarget:
    return SQLiteTarget(folder / f"{name}.db")


@dataclass(frozen=True, slots=True)
class PostgresTarget:
    """A database on a PostgreSQL server (``--db`` gets its URL)."""

    url: str
    backend: str = "postgres"

    @property
    def db(self) -> str:
        return self.url

    def _query(self, sql: str) -> list[tuple[Any, ...]]:
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as con:
            return con.execute(sql).fetchall()

    def probe(self) -> Probe | None:
        import psycopg

        try:
            n = self._query("SELECT count(*) FROM articles")[0][0]
            dirty = self._query("SELECT value FROM state WHERE key = 'derived_dirty'")
        except psycopg.Error:  # the first run is still creating the schema
            return None
        return Probe(int(n), bool(dirty) and dirty[0][0] == "1")

    def integrity(self) -> dict[str, int]:
        checks = {
            "duplicate_article_ids": "SELECT count(*) - count(DISTINCT id) FROM articles",
            "articles_without_terms": "SELECT count(*) FROM articles WHERE tsv IS NULL",
            "duplicate_paths": "SELECT count(*) - count(DISTINCT path) FROM paths",
            "paths_without_article": "SELECT count(*) FROM paths WHERE article_id NOT IN (SELECT id FROM articles)",
            "articles_without_path": "SELECT count(*) FROM articles WHERE id NOT IN (SELECT article_id FROM paths)",
            "mentions_without_article": "SELECT count(*) FROM mentions WHERE article_id NOT IN (SELECT id FROM articles)",
            "duplicate_group_rows": "SELECT count(*) - count(DISTINCT article_id) FROM duplicates",
            "groups_without_article": "SELECT count(*) FROM duplicates WHERE article_id NOT IN (SELECT id FROM articles)",
        }
        return {name: int(self._query(sql)[0][0]) for name, sql in checks.items()}

    def snapshot(self) -> dict[str, list[tuple[Any, ...]]]:
        tables = {
            "articles": "SELECT id, path, fmt, title, outlet, url, pub_start, pub_end, ev_start, ev_end, data::text,"
                        " dates::text FROM articles ORDER BY id",
            "fts": "SELECT id, title_terms, body_terms, terms_length FROM articles ORDER BY id",
            "terms": "SELECT term, df FROM terms ORDER BY term",
            "paths": 'SELECT path, article_id FROM paths ORDER BY path COLLATE "C"',
            "mentions": "SELECT article_id, key, label, text, role, sentence FROM mentions"
                        ' ORDER BY article_id COLLATE "C", sentence, key COLLATE "C", label, text COLLATE "C", role',
            "duplicates": 'SELECT article_id, group_id, rank FROM duplicates ORDER BY article_id COLLATE "C"',
        }
        return {name: self._query(sql) for name, sql in tables.items()}

    def paths(self) -> int:
        return int(self._query("SELECT count(*) FROM paths")[0][0])


def postgres_backend(server_url: str) -> Callable[[Path, str], StoreTarget]:
    """A factory of fresh databases on the PostgreSQL server at ``server_url`` (tests/pg_server.py)."""
    from tests import pg_server

    return lambda folder, name: PostgresTarget(pg_server.new_database(server_url))


# backend name -> factory(folder, store name) of a fresh, empty store
BACKENDS: dict[str, Callable[[Path, str], StoreTarget]] = {"sqlite": _sqlite_target}


def new_store(backend: str, folder: Path, name: str) -> StoreTarget:
    return BACKENDS[backend](folder, name)


# -- runs ------------------------------------------------------------------------------------


@dataclass(slots=True)
class CleanRun:
    """One uninterrupted ingest, with the timings that aim the kills."""

    seconds: float  # spawn to exit
    first_commit_s: float  # spawn to the first stored batch
    batch_s: float  # mean time between batch commits
    corpus_s: float  # last batch commit to exit (the corpus-level step)
    corpus_cpu_s: float  # the CPU time of that step (up to the printed report)
    noop_s: float  # a second run of the same command, which has nothing to do (start-up and reading)
    noop_cpu_s: float  # its CPU time up to the printed report: a re-run past this is in the corpus-level step
    paths: int  # input paths recorded by the clean run (before the second one)
    report: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Kill:
    planned: str
    landed: str  # startup, batch, corpus; "exit" (all written), "finished" (the run ended before the kill)
    delay_s: float  # spawn to SIGKILL
    cpu_s: float | None  # the run's CPU time at the kill (Linux)
    articles_before: int
    articles_at_kill: int


def ingest_args(folder: Path) -> list[str]:
    return ["ingest", "--no-progress", "--format", "json", str(folder)]


def _spawn(target: StoreTarget, folder: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(dateline_cmd(target.db, *ingest_args(folder)), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=cli_env())


def _finish(proc: subprocess.Popen[str], timeout: float) -> dict[str, Any]:
    out, err = proc.communicate(timeout=timeout)
    if proc.returncode != 0:
        raise RuntimeError(f"ingest exited {proc.returncode}: {err[-2000:]}")
    return dict(json.loads(out))


def _cpu_s(pid: int) -> float | None:
    """CPU time (user + system) of a running process, from /proc; ``None`` where there is none."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@dataclass(slots=True)
class _Watched:
    """A finished run watched from outside: its report, the moments its store changed, its CPU use."""

    report: dict[str, Any]
    seconds: float
    commits: list[tuple[float, float]]  # (seconds since spawn, CPU seconds) when the article count changed
    cpu_at_output: float  # CPU seconds when the report was printed (all work done, before interpreter exit)


def _watch(target: StoreTarget, folder: Path, timeout: float) -> _Watched:
    """Run the ingest to completion, probing the store and reading the run's CPU time as it goes."""
    t0 = time.monotonic()
    proc = _spawn(target, folder)
    printed: list[float] = []
    chunks: list[str] = []

    def read_output() -> None:
        assert proc.stdout is not None
        first = proc.stdout.read(1)  # the report is printed once the work is done (unbuffered)
        printed.append(_cpu_s(proc.pid) or 0.0)
        chunks.append(first + proc.stdout.read())

    reader = threading.Thread(target=read_output, daemon=True)
    reader.start()
    commits: list[tuple[float, float]] = []
    last = 0
    while proc.poll() is None:
        p = target.probe()
        if p is not None and p.articles != last:
            commits.append((time.monotonic() - t0, _cpu_s(proc.pid) or 0.0))
            last = p.articles
        if time.monotonic() - t0 > timeout:
            proc.kill()
            raise RuntimeError("an ingest ran past its time limit")
        time.sleep(POLL_S)
    seconds = time.monotonic() - t0
    reader.join(30)
    err = proc.stderr.read() if proc.stderr else ""
    proc.wait()
    if proc.returncode != 0:
        raise RuntimeError(f"ingest exited {proc.returncode}: {err[-2000:]}")
    return _Watched(dict(json.loads("".join(chunks))), seconds, commits, printed[0] if printed else 0.0)


def clean_run(target: StoreTarget, folder: Path, timeout: float = 900) -> CleanRun:
    """Ingest ``folder`` into an empty store without interruption, timing its phases from outside."""
    first = _watch(target, folder, timeout)
    if not first.commits:
        raise RuntimeError("the clean ingest stored nothing that could be seen while it ran")
    paths = target.paths()
    again = _watch(target, folder, timeout)
    if again.report["added"] != 0:
        raise RuntimeError(f"a second run of the same ingest added {again.report['added']} articles")
    (t_first, _), (t_last, cpu_last) = first.commits[0], first.commits[-1]
    return CleanRun(
        seconds=first.seconds, first_commit_s=t_first,
        batch_s=(t_last - t_first) / max(len(first.commits) - 1, 1),
        corpus_s=first.seconds - t_last, corpus_cpu_s=max(first.cpu_at_output - cpu_last, 0.0),
        noop_s=again.seconds, noop_cpu_s=again.cpu_at_output, paths=paths, report=first.report,
    )


class KillPlan:
    """Where each of ``kills`` SIGKILLs is aimed, in order: start-up and batch kills mixed, then the rest."""

    def __init__(self, kills: int, seed: int) -> None:
        self.rng = random.Random(seed)
        n_start = max(1, kills // 5)  # the first kill, one among the last ones, the rest among the batches
        n_corpus = max(1, kills // 4) if kills > 2 else 0
        late_start = 1 if n_start > 1 else 0
        head = ["startup"] * (n_start - 1 - late_start) + ["batch"] * (kills - n_start - n_corpus)
        self.rng.shuffle(head)
        tail = ["corpus"] * n_corpus + ["startup"] * late_start
        self.rng.shuffle(tail)
        self.phases = (["startup"] + head + tail)[:kills]


class _Run:
    """One running ingest, watched through the store and its CPU time."""

    def __init__(self, target: StoreTarget, folder: Path, limit: float) -> None:
        self.target, self.limit = target, limit
        self.t0 = time.monotonic()
        self.proc = _spawn(target, folder)

    def _tick(self) -> bool:
        if self.proc.poll() is not None:
            return False
        if time.monotonic() - self.t0 > self.limit:
            self.proc.kill()
            raise RuntimeError("an ingest run ran past its time limit")
        time.sleep(POLL_S)
        return True

    def wait_store(self, done: Callable[[Probe | None], bool]) -> bool:
        """Until the store satisfies ``done``; False if the run ended first."""
        while self._tick():
            if done(self.target.probe()):
                return True
        return False

    def wait_cpu(self, seconds: float, fallback_wall: float) -> None:
        """Until the run has used ``seconds`` of CPU (or, without /proc, ``fallback_wall`` seconds)."""
        while self._tick():
            used = _cpu_s(self.proc.pid)
            if used is None:
                self.sleep(fallback_wall - (time.monotonic() - self.t0))
                return
            if used >= seconds:
                return

    def wait_more_cpu(self, seconds: float, fallback_wall: float) -> None:
        """Until the run has used ``seconds`` more CPU than now."""
        now = _cpu_s(self.proc.pid)
        if now is None:
            self.sleep(fallback_wall)
        else:
            self.wait_cpu(now + seconds, 0.0)

    def sleep(self, seconds: float) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end and self._tick():
            pass

    def kill(self) -> tuple[bool, float, float | None]:
        """SIGKILL unless it already ended: (ended by itself, seconds since spawn, CPU time at the kill)."""
        delay, cpu = time.monotonic() - self.t0, _cpu_s(self.proc.pid)
        finished = self.proc.poll() is not None
        if not finished:
            self.proc.send_signal(signal.SIGKILL)
        self.proc.communicate(timeout=30)
        return finished, delay, cpu


def kill_once(target: StoreTarget, folder: Path, phase: str, clean: CleanRun, expected: int,
              rng: random.Random) -> Kill:
    """One run of the ingest, killed with SIGKILL at a point aimed at ``phase``."""
    before = target.probe()
    n0 = before.articles if before else 0
    run = _Run(target, folder, clean.seconds * RUN_LIMIT_FACTOR + 60)
    if phase == "startup":
        share = rng.uniform(0.02, 0.9)
        run.wait_cpu(share * clean.noop_cpu_s, share * clean.noop_s)
    elif phase == "batch" and n0 < expected:
        if run.wait_store(lambda p: p is not None and p.articles > n0):
            run.sleep(rng.uniform(0.0, clean.batch_s))
    elif n0 < expected:  # corpus: right after the last batch is committed
        if run.wait_store(lambda p: p is not None and p.articles >= expected):
            share = rng.uniform(0.0, 0.7)
            run.wait_more_cpu(share * clean.corpus_cpu_s, share * clean.corpus_s)
    else:  # corpus, in a re-run: once past start-up and reading, into the corpus step
        share = rng.uniform(0.15, 0.8)
        run.wait_cpu(clean.noop_cpu_s + share * clean.corpus_cpu_s, clean.noop_s + share * clean.corpus_s)
    finished, delay, cpu = run.kill()
    after = target.probe()  # what the killed run left committed
    n1 = after.articles if after else 0
    past_startup = cpu is None or cpu >= clean.noop_cpu_s
    return Kill(phase, _landed(finished, n0, n1, after, expected, past_startup), round(delay, 3),
                None if cpu is None else round(cpu, 2), n0, n1)


def _landed(finished: bool, n0: int, n1: int, after: Probe | None, expected: int, past_startup: bool) -> str:
    """Where a kill landed, judged from the store it left: startup (nothing written yet), batch, corpus."""
    if finished:
        return "finished"
    if after is None:
        return "startup"
    if n1 >= expected and not after.dirty:  # everything written: killed while closing
        return "exit"
    if n1 < expected:
        return "batch" if n1 > n0 else "startup"
    if n0 < expected:  # this run stored the last batches and was killed before the corpus-level results
        return "corpus"
    return "corpus" if past_startup else "startup"


@dataclass(slots=True)
class CrashRun:
    kills: list[Kill]
    after_kill: list[dict[str, int]]  # integrity counts after each kill
    final: dict[str, Any]  # the completing run's JSON report
    seconds: float


def killed_run(target: StoreTarget, folder: Path, kills: int, seed: int, clean: CleanRun, expected: int) -> CrashRun:
    """``kills`` runs of the same ingest, each killed; then one run to completion."""
    t0 = time.monotonic()
    plan = KillPlan(kills, seed)
    done: list[Kill] = []
    checks: list[dict[str, int]] = []
    for phase in plan.phases:
        done.append(kill_once(target, folder, phase, clean, expected, plan.rng))
        checks.append(target.integrity() if target.probe() is not None else {})
    final = _finish(_spawn(target, folder), clean.seconds * RUN_LIMIT_FACTOR + 60)
    return CrashRun(done, checks, final, time.monotonic() - t0)


# -- answers ---------------------------------------------------------------------------------


def answers(target: StoreTarget, extra_searches: Sequence[list[str]] = ()) -> dict[str, Any]:
    """What a user gets: searches, timelines and entities, as JSON, from the CLI."""
    out: dict[str, Any] = {}
    calls = {f"search {' '.join(q)}": ["search", *q, "--limit", "200", "--format", "json"]
             for q in [*SEARCHES, *extra_searches]}
    calls["timeline"] = ["timeline", "--format", "json"]
    calls["timeline --entity Novak"] = ["timeline", "--entity", "Novak", "--format", "json"]
    calls["entities"] = ["entities", "--limit", "200", "--format", "json"]
    for name, args in calls.items():
        done = run_cli(target.db, *args)
        if done.returncode != 0:
            raise RuntimeError(f"`dateline {' '.join(args)}` exited {done.returncode}: {done.stderr[-1000:]}")
        out[name] = json.loads(done.stdout)
    return out


def first_difference(a: dict[str, list[tuple[Any, ...]]], b: dict[str, list[tuple[Any, ...]]]) -> str | None:
    """The first table row where two snapshots differ (for an assertion message), or ``None``."""
    for table in sorted(set(a) | set(b)):
        rows_a, rows_b = a.get(table, []), b.get(table, [])
        if rows_a == rows_b:
            continue
        for i, (x, y) in enumerate(zip(rows_a, rows_b, strict=False)):
            if x != y:
                return f"{table} row {i}: {str(x)[:300]} != {str(y)[:300]}"
        return f"{table}: {len(rows_a)} rows != {len(rows_b)} rows"
    return None


def kill_summary(kills: list[Kill]) -> dict[str, int]:
    landed: dict[str, int] = {}
    for k in kills:
        landed[k.landed] = landed.get(k.landed, 0) + 1
    return landed


def as_dicts(kills: list[Kill]) -> list[dict[str, Any]]:
    return [asdict(k) for k in kills]


def crash_scenario(folder: Path, backend: str, n_articles: int, kills: int, seed: int) -> dict[str, Any]:
    """The whole crash-safety check in ``folder``: corpus, clean run, killed runs, comparison.

    Returns JSON-able figures; every check a test makes is in them (0, ``None`` or ``[]`` when sound).
    """
    from _news_corpus import write_news_corpus

    from dateline.data import RawDocument
    from dateline.ingest import read_paths

    t0 = time.monotonic()
    corpus = write_news_corpus(folder / "news", n_articles, seed=seed)
    read = list(read_paths([str(corpus.folder)]))
    content_ids = {d.id for d in read if isinstance(d, RawDocument)}
    clean_store = new_store(backend, folder, "clean")
    clean = clean_run(clean_store, corpus.folder)
    store = new_store(backend, folder, "killed")
    run = killed_run(store, corpus.folder, kills, seed, clean, corpus.distinct)
    killed_snap, clean_snap = store.snapshot(), clean_store.snapshot()
    stored = {row[0] for row in killed_snap["articles"]}
    refs = [[ref] for ref in sorted(corpus.refs)[:: max(1, len(corpus.refs) // 5)]]
    got, want = answers(store, refs), answers(clean_store, refs)
    integrity = store.integrity()
    landed = kill_summary(run.kills)
    return {
        "backend": backend,
        "articles": corpus.distinct,
        "documents": corpus.records,
        "content_ids_in_corpus": len(content_ids),
        "unreadable_documents": sum(not isinstance(d, RawDocument) for d in read),
        "kills": len(run.kills),
        "crashes_survived": len(run.kills) - landed.get("finished", 0),
        "kills_landed": landed,
        "kill_log": as_dicts(run.kills),
        "integrity_after_kills": [c for c in run.after_kill if any(c.values())],
        "articles_lost_between_runs": sum(k.articles_at_kill < k.articles_before for k in run.kills),
        "clean_run": {k: (round(v, 2) if isinstance(v, float) else v) for k, v in asdict(clean).items()
                      if k != "report"},
        "clean_added": clean.report.get("added"),
        "clean_skipped": len(clean.report.get("skipped", [])),
        "final_total": run.final["total"],
        "documents_lost": len(content_ids - stored),
        "paths_lost": corpus.records - store.paths(),
        "duplicates_found": sum(v for k, v in integrity.items() if k.startswith("duplicate"))
        + max(0, len(killed_snap["articles"]) - len(stored)),
        "integrity": integrity,
        "store_difference": first_difference(killed_snap, clean_snap),
        "answers_compared": sorted(want),
        "answers_differ": sorted(k for k in want if got.get(k) != want[k]),
        "killed_runs_seconds": round(run.seconds, 1),
        "wall_seconds": round(time.monotonic() - t0, 1),
    }
