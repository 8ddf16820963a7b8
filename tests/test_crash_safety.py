"""Crash safety: ``dateline ingest`` killed with SIGKILL 20 times over 2,000 articles loses and doubles nothing.

The corpus (benchmarks/_news_corpus.py) holds 2,000 content-distinct short articles (text, HTML, a
JSONL feed; syndicated near-copies among them) plus 120 exact duplicates. The same command,
``dateline --db STORE ingest --no-progress --format json DIR``, runs once cleanly into a fresh store,
then 20 times into another store, each run killed with SIGKILL at a seeded random point aimed at
start-up, the middle of the batches or the corpus-level step, and once more to completion
(benchmarks/_crash_drive.py). The killed store must then hold every distinct article once, in every
table, and answer searches, timelines and the entity list exactly as the clean one does.

Runtime on 2 cores (measured): 140 s at a load average of 3 from other work, 275 s at 8-11; it
needs about 100 s of CPU (the clean ingest of the 2,000 articles alone takes 20 s on an idle machine).

The same test runs against SQLite (a file given to ``--db``) and PostgreSQL (a database on the server
the tests start, its URL given to ``--db``).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from _crash_drive import crash_scenario  # noqa: E402

N_ARTICLES = 2000
KILLS = 20
SEED = 18


@pytest.fixture(params=["sqlite", "postgres"])
def backend(request: pytest.FixtureRequest) -> str:
    if request.param == "postgres":
        import _crash_drive

        _crash_drive.BACKENDS["postgres"] = _crash_drive.postgres_backend(request.getfixturevalue("pg_server"))
    return str(request.param)


@pytest.mark.slow
def test_twenty_sigkills_lose_and_double_nothing(tmp_path: Path, backend: str) -> None:
    fig = crash_scenario(tmp_path, backend, N_ARTICLES, KILLS, SEED)
    print("\n" + json.dumps({k: v for k, v in fig.items() if k != "kill_log"}))
    for kill in fig["kill_log"]:
        print(f"  {kill}")

    # the corpus: every document readable; the generator's distinct count is the count of content ids
    assert fig["unreadable_documents"] == 0
    assert fig["content_ids_in_corpus"] == fig["articles"] == N_ARTICLES
    # the clean run stores every distinct article and records every input path, duplicates included
    assert (fig["clean_added"], fig["clean_skipped"]) == (N_ARTICLES, 0)
    assert fig["clean_run"]["paths"] == fig["documents"]

    # 20 kills, each delivered to a running ingest, at least two in each phase
    assert fig["kills"] == fig["crashes_survived"] == KILLS, fig["kill_log"]
    for phase in ("startup", "batch", "corpus"):
        assert fig["kills_landed"].get(phase, 0) >= 2, (phase, fig["kill_log"])
    # after every kill the store is sound, and nothing a killed run had committed went missing
    assert fig["integrity_after_kills"] == [] and fig["articles_lost_between_runs"] == 0

    # at the end: every distinct article once, every path, every table as after the clean run
    assert fig["final_total"] == N_ARTICLES
    assert fig["documents_lost"] == 0 and fig["paths_lost"] == 0 and fig["duplicates_found"] == 0
    assert not any(fig["integrity"].values()), fig["integrity"]
    assert fig["store_difference"] is None
    # and the same answers: searches (words, phrase, dates, entity, reference numbers), timelines, entities
    assert len(fig["answers_compared"]) >= 10 and fig["answers_differ"] == []
