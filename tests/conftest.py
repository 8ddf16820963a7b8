"""Shared fixtures: paths to the shared corpora and small stores."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def shared_path(*parts: str) -> Path:
    """A path under ../shared, or skip the test when that corpus is not on this machine."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is not available")
    return path


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return shared_path("seeds")


@pytest.fixture(scope="session")
def seeds_expected() -> dict:
    return json.loads(shared_path("seeds-expected.json").read_text())


@pytest.fixture()
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "corpus.db"


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """A PostgreSQL server for the session (skipped where PostgreSQL is not installed, except in CI,
    where ``make test`` installs it and a missing server is a failure)."""
    from tests import pg_server as pg

    if pg.binaries() is None:
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL is not installed; `make test` installs it (scripts/system-deps.sh)")
        pytest.skip("PostgreSQL is not installed (apt-get install postgresql)")
    with pg.server() as url:
        yield url


@pytest.fixture()
def pg_url(pg_server: str) -> str:
    """A fresh database on the session's PostgreSQL server."""
    from tests import pg_server as pg

    return pg.new_database(pg_server)


@pytest.fixture(params=["sqlite", "postgres"])
def store_location(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where a new, empty store lives: an SQLite file, or a PostgreSQL database (same tests for both)."""
    if request.param == "sqlite":
        return str(tmp_path / "store.db")
    return str(request.getfixturevalue("pg_url"))
