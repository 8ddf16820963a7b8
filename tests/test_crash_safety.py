"""Crash safety: ``dateline ingest`` killed with SIGKILL 20 times over 2,000 articles loses and doubles nothing.

The corpus (benchmarks/_news_corpus.py) holds 2,000 content-distinct short articles (text, HTML, a
JSONL feed; syndicated near-copies among them) plus 120 exact duplicates. The same command,
``dateline --db STORE ingest --no-progress --format json DIR``, runs once cleanly into a fresh store,
then 20 times into another store, each run killed with SIGKILL at a seeded random point aimed at
start-up, the middle of the batches or the corpus-level step (benchmarks/_crash_drive.py), and once
more to completion. The killed store must then hold every distinct article once, in every table, and
answer searches, timelines and the entity list exactly as the clean one does.

Runtime: about 1.5 minutes on 2 cores when the machine is otherwise idle (the clean ingest of the
2,000 articles alone takes about 20 s).

The ``backend`` parameter names the store kind; a PostgreSQL target (a URL given to ``--db``) is added
in benchmarks/_crash_drive.py's ``BACKENDS`` and here, without changing the test.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

import _crash_drive as drive  # noqa: E402
from _news_corpus import write_news_corpus  # noqa: E402

from dateline.data import RawDocument  # noqa: E402
from dateline.ingest import read_paths  # noqa: E402

N_ARTICLES = 2000
KILLS = 20
SEED = 18


@pytest.fixture(params=["sqlite"])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.mark.slow
def test_twenty_sigkills_lose_and_double_nothing(tmp_path: Path, backend: str) -> None:
    corpus = write_news_corpus(tmp_path / "news", N_ARTICLES, seed=SEED)
    read = list(read_paths([str(corpus.folder)]))
    assert all(isinstance(d, RawDocument) for d in read) and len(read) == corpus.records
    # the generator's count of distinct documents is the count of distinct content ids
    assert len({d.id for d in read if isinstance(d, RawDocument)}) == corpus.distinct == N_ARTICLES

    clean_store = drive.new_store(backend, tmp_path, "clean")
    clean = drive.clean_run(clean_store, corpus.folder)
    assert clean.report["added"] == N_ARTICLES and clean.report["skipped"] == []
    assert clean.paths == corpus.records  # every input path is recorded, duplicates included

    store = drive.new_store(backend, tmp_path, "killed")
    run = drive.killed_run(store, corpus.folder, KILLS, SEED, clean, N_ARTICLES)
    landed = drive.kill_summary(run.kills)
    print(f"\nclean run {clean.seconds:.1f} s; {KILLS} kills and the final run {run.seconds:.1f} s; landed: {landed}")
    for kill in run.kills:
        print(f"  {kill}")
    assert len(run.kills) == KILLS and landed.get("finished", 0) == 0, drive.as_dicts(run.kills)
    for phase in ("startup", "batch", "corpus"):
        assert landed.get(phase, 0) >= 2, (phase, drive.as_dicts(run.kills))
    for kill, check in zip(run.kills, run.after_kill, strict=True):
        assert kill.articles_before <= kill.articles_at_kill <= N_ARTICLES, kill  # nothing committed is lost
        assert not any(check.values()), (kill, check)

    assert run.final["total"] == N_ARTICLES and run.final["skipped"] == []
    assert not any(store.integrity().values()), store.integrity()
    assert store.paths() == corpus.records
    assert drive.first_difference(store.snapshot(), clean_store.snapshot()) is None
    refs = [[ref] for ref in sorted(corpus.refs)[::400]]
    assert drive.answers(store, refs) == drive.answers(clean_store, refs)
