"""Crash safety: an ingest killed with SIGKILL leaves a consistent store that the next run completes."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

N_ARTICLES = 150

TOWNS = ["Arlen", "Bexley", "Corran", "Dunmore", "Elsby", "Fenwick", "Garth", "Holm", "Ivers", "Jarrow"]


def _write_corpus(folder: Path) -> None:
    folder.mkdir()
    for i in range(N_ARTICLES):
        town = TOWNS[i % len(TOWNS)]
        text = (
            f"{town} council votes on budget item {i}\n\n"
            f"{town.upper()} — The council of {town} voted on Tuesday on item {i} of the budget, "
            f"officials said. The mayor, Dana Wells, called the vote number {i} a turning point.\n\n"
            f"Residents had protested against item {i} last month, and a second vote is planned in 2024.\n"
        )
        (folder / f"art{i:04d}.txt").write_text(text)


def _counts(db: Path) -> tuple[int, int, int, int]:
    with sqlite3.connect(db) as con:
        articles = con.execute("SELECT count(*) FROM articles").fetchone()[0]
        distinct = con.execute("SELECT count(DISTINCT id) FROM articles").fetchone()[0]
        fts = con.execute("SELECT count(*) FROM article_terms").fetchone()[0]
        orphans = con.execute(
            "SELECT count(*) FROM mentions WHERE article_id NOT IN (SELECT id FROM articles)").fetchone()[0]
    return articles, distinct, fts, orphans


@pytest.mark.slow
def test_sigkill_mid_ingest_then_resume(tmp_path: Path) -> None:
    corpus, db = tmp_path / "corpus", tmp_path / "c.db"
    _write_corpus(corpus)
    cmd = [sys.executable, "-m", "dateline", "--db", str(db), "ingest", "--no-progress", "--batch-size", "4", str(corpus)]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    deadline = time.monotonic() + 240
    killed_at = None
    while time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.2)
        if db.exists():
            try:
                n = _counts(db)[0]
            except sqlite3.OperationalError:
                continue
            if n > 0:
                proc.send_signal(signal.SIGKILL)
                killed_at = n
                break
    proc.wait(timeout=30)
    assert killed_at is not None, "ingest finished before it could be killed; make the corpus larger"
    articles, distinct, fts, orphans = _counts(db)
    assert articles == distinct == fts and orphans == 0 and articles < N_ARTICLES

    done = subprocess.run(cmd, capture_output=True, env=env, timeout=600)
    assert done.returncode == 0, done.stderr
    assert _counts(db) == (N_ARTICLES, N_ARTICLES, N_ARTICLES, 0)
    again = subprocess.run([*cmd[:-1], "--format", "json", str(corpus)], capture_output=True, env=env, timeout=600)
    assert b'"added": 0' in again.stdout and f'"duplicates": {N_ARTICLES}'.encode() in again.stdout
