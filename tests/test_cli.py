"""The dateline command: exit codes, --db and $DATELINE_DB, help text, JSON output."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from dateline.cli import build_parser, main

STORY = (
    "Council approves river bridge\n\n"
    "LYON (AFP) — The city council approved a new river bridge on Thursday after a two-year debate.\n\n"
    "The mayor, Claire Dubois, said the bridge would open in 2027.\n"
)


def _run(*args: str, env: dict | None = None, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "dateline", *args], capture_output=True, input=stdin,
                          env={**os.environ, **(env or {})}, timeout=300)


def test_every_command_has_help_text() -> None:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    for name, p in sub.choices.items():
        help_text = p.format_help()
        assert len(help_text) > 80, name
    assert {"ingest", "timeline", "search", "show", "extract", "entities", "serve"} <= set(sub.choices)


def test_ingest_exit_codes_and_stderr_names_bad_files(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(STORY)
    (folder / "empty.txt").write_text("")
    db = str(tmp_path / "c.db")
    r = _run("--db", db, "ingest", "--no-progress", str(folder))
    assert r.returncode == 1, r.stderr
    assert "empty.txt: empty file" in r.stderr.decode()
    r = _run("--db", db, "ingest", str(folder / "good.txt"), "--format", "json")
    assert r.returncode == 0
    out = json.loads(r.stdout)
    assert out["added"] == 0 and out["duplicates"] == 1 and out["total"] == 1
    r = _run("--db", db, "ingest", str(folder / "empty.txt"))
    assert r.returncode == 2 and "nothing could be read" in r.stderr.decode()


def test_database_from_environment_and_stdin(tmp_path: Path) -> None:
    db = tmp_path / "env.db"
    r = _run("ingest", "-", env={"DATELINE_DB": str(db)}, stdin=STORY.encode())
    assert r.returncode == 0, r.stderr
    assert db.exists()
    r = _run("search", "bridge", "--format", "json", env={"DATELINE_DB": str(db)})
    hits = json.loads(r.stdout)["hits"]
    assert len(hits) == 1 and hits[0]["path"] == "-" and {"id", "title", "snippet"} <= set(hits[0])


def test_usage_errors_exit_2_with_a_message(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "u.db")
    assert main(["--db", db, "show", "nope"]) == 2
    assert "no article with id 'nope'" in capsys.readouterr().err
    assert main(["--db", db, "search", "x", "--from", "2021-02-01", "--to", "2020-01-01"]) == 2
    assert "after the end date" in capsys.readouterr().err
    assert main(["--db", db, "search", "x", "--entity", "Nobody Atall"]) == 2
    assert "unknown entity" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exc:
        main(["--db", db, "search", "x", "--from", "yesterday"])
    assert exc.value.code == 2
    assert "not a date" in capsys.readouterr().err


def test_timeline_says_when_the_corpus_step_is_due_and_stories_brings_it_up_to_date(tmp_path: Path) -> None:
    (tmp_path / "story.txt").write_text(STORY)
    db = tmp_path / "c.db"
    assert _run("--db", str(db), "ingest", str(tmp_path / "story.txt")).returncode == 0
    assert b"corpus step is due" not in _run("--db", str(db), "timeline").stderr
    with sqlite3.connect(db) as conn:  # as a step killed half-way, or a store just upgraded, leaves it
        conn.execute("UPDATE state SET value = '1' WHERE key = 'derived_dirty'")
    done = _run("--db", str(db), "timeline")
    assert done.returncode == 0 and b"corpus step is due" in done.stderr and b"bridge" in done.stdout
    assert _run("--db", str(db), "stories").returncode == 0
    assert b"corpus step is due" not in _run("--db", str(db), "timeline").stderr
    with sqlite3.connect(db) as conn:  # stories lost (a store cut off mid-step): --rebuild brings them back
        conn.execute("DELETE FROM story_articles")
        conn.execute("DELETE FROM stories")
    assert json.loads(_run("--db", str(db), "stories", "--format", "json").stdout)["stories"] == []
    rebuilt = json.loads(_run("--db", str(db), "stories", "--rebuild", "--format", "json").stdout)["stories"]
    assert [[a["path"] for a in s["articles"]] for s in rebuilt] == [[str(tmp_path / "story.txt")]]
