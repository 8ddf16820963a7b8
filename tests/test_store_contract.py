"""One corpus, two backends: the CLI against SQLite and against PostgreSQL gives the same answers.

The bundled sample corpus (26 articles on three stories) is ingested through the CLI into a SQLite
file and into a PostgreSQL database (a real server, tests/pg_server.py); searches (ids and order),
timelines, entities and sources must be identical, and so must the HTTP API served over each.
"""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from dateline.cli import main

SAMPLE = Path(__file__).resolve().parents[1] / "dateline" / "sample"
QUERIES = ["dam", "strike drivers", '"former energy minister"', "Kovalenko", "water", "court verdict appeal"]


def _cli(capsys: pytest.CaptureFixture[str], *args: str) -> dict:
    code = main(list(args))
    out = capsys.readouterr().out
    assert code == 0, out
    return json.loads(out)


def _answers(capsys: pytest.CaptureFixture[str], db: str) -> dict[str, object]:
    got: dict[str, object] = {}
    for q in QUERIES:
        result = _cli(capsys, "--db", db, "search", q, "--limit", "50", "--format", "json")
        got[f"search {q}"] = [(h["id"], h["title"]) for h in result["hits"]], result["total"]
    got["entity search"] = _cli(capsys, "--db", db, "search", "--entity", "Kovalenko", "--format", "json")["hits"]
    got["timeline"] = _cli(capsys, "--db", db, "timeline", "--format", "json")
    got["timeline q"] = _cli(capsys, "--db", db, "timeline", "-q", "dam", "--dates", "5", "--format", "json")
    got["entities"] = _cli(capsys, "--db", db, "entities", "--limit", "500", "--format", "json")
    got["sources"] = _cli(capsys, "--db", db, "sources", "--format", "json")
    got["stories"] = stories = _cli(capsys, "--db", db, "stories", "--format", "json")["stories"]
    got["story timeline"] = _cli(capsys, "--db", db, "timeline", "--story", stories[0]["id"], "--format", "json")
    return got


@pytest.mark.slow
def test_cli_gives_the_same_answers_on_sqlite_and_postgresql(
    tmp_path: Path, pg_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    lite = str(tmp_path / "sample.db")
    for db in (lite, pg_url):
        report = _cli(capsys, "--db", db, "ingest", str(SAMPLE), "--format", "json", "--no-progress")
        assert report["added"] == 26 and not report["skipped"]
    on_sqlite, on_postgres = _answers(capsys, lite), _answers(capsys, pg_url)
    for key, value in on_sqlite.items():
        assert on_postgres[key] == value, key
    searched = on_sqlite["search dam"]
    assert isinstance(searched, tuple) and searched[1] >= 5, "the comparison is over real hits"
    assert len(on_sqlite["stories"]) == 3  # type: ignore[arg-type]
    timeline = on_sqlite["timeline"]
    assert isinstance(timeline, dict) and len(timeline["events"]) >= 5

    from dateline.serve.app import create_app
    from dateline.serve.server import BackgroundServer

    served = []
    for db in (lite, pg_url):
        with BackgroundServer(create_app(db)) as server:
            timeline = httpx.get(f"{server.url}/api/v1/timeline", params={"q": "strike"}, timeout=60).json()
            hits = httpx.get(f"{server.url}/api/v1/search", params={"q": "dam"}, timeout=60).json()
        served.append((timeline, hits))
    assert served[0] == served[1]
    assert served[0][0]["events"] and served[0][1]["hits"]
