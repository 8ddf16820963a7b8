"""Ingest on a Dask cluster writes exactly what a single process writes.

The per-document work (clean, analyse, date) runs on a local cluster of two worker processes
(``workers=2``), or on an existing cluster joined by its address (``cluster=``); this process alone
writes the store. The stored articles, their order, dates and duplicate groups must be the same as
after an ingest in one process, and the CLI's JSON report must say the same.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

import dateline
from dateline.cli import main

SAMPLE = Path(__file__).resolve().parents[1] / "dateline" / "sample"


def _contents(db: Path) -> tuple[list[tuple], list[tuple], list[tuple]]:
    with sqlite3.connect(db) as conn:
        articles = conn.execute("SELECT id, path, data, dates, pub_start, ev_start FROM articles ORDER BY rowid").fetchall()
        groups = conn.execute("SELECT * FROM duplicates ORDER BY article_id").fetchall()
        mentions = conn.execute("SELECT * FROM mentions ORDER BY article_id, sentence, key, text").fetchall()
    return articles, groups, mentions


@pytest.mark.slow
def test_two_local_workers_store_what_one_process_stores(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    one, two = tmp_path / "one.db", tmp_path / "two.db"
    assert main(["--db", str(one), "ingest", str(SAMPLE), "--format", "json", "--no-progress"]) == 0
    alone = json.loads(capsys.readouterr().out)
    assert main(["--db", str(two), "ingest", str(SAMPLE), "--workers", "2", "--format", "json", "--no-progress"]) == 0
    spread = json.loads(capsys.readouterr().out)
    assert spread["added"] == alone["added"] == 26 and spread["ids"] == alone["ids"]
    assert _contents(one) == _contents(two)
    articles, groups, _ = _contents(two)
    assert len(articles) == 26 and groups, "the comparison covers duplicate groups too"


@pytest.mark.slow
def test_joining_an_existing_cluster_by_its_address(tmp_path: Path) -> None:
    from distributed import LocalCluster

    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        with dateline.open(tmp_path / "joined.db") as corpus:
            report = corpus.ingest([SAMPLE / "kvt_kessa_accord_signed.txt", SAMPLE / "ledger_strike_vote.txt"],
                                   progress=False, cluster=cluster.scheduler_address)
            assert report.added == 2 and len(corpus) == 2
        with dateline.open(tmp_path / "here.db") as corpus:
            corpus.ingest([SAMPLE / "kvt_kessa_accord_signed.txt", SAMPLE / "ledger_strike_vote.txt"], progress=False)
    assert _contents(tmp_path / "joined.db") == _contents(tmp_path / "here.db")


@pytest.mark.slow
def test_an_unreachable_cluster_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["--db", str(tmp_path / "c.db"), "ingest", str(SAMPLE / "ledger_strike_vote.txt"),
                 "--cluster", "tcp://127.0.0.1:9", "--no-progress"])
    assert code == 2
    assert "cannot reach the Dask cluster" in capsys.readouterr().err
