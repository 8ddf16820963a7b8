"""Shared fixtures: paths to the shared corpora and small stores."""

from __future__ import annotations

import json
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
