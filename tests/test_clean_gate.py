"""Quality gate: the clean stage's F1 on a fixed subset of the dev pages must not drop below its floor.

The floor lives in tests/clean_gate.json with the reason it was set; lower it only on purpose,
in its own commit that says why.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dateline.clean import clean
from dateline.data import RawDocument
from dateline.evaluate.extraction import evaluate

AEB = Path(__file__).resolve().parents[1].parent / "shared" / "aeb"
GATE = Path(__file__).with_name("clean_gate.json")


def _gate() -> dict:
    return json.loads(GATE.read_text(encoding="utf-8"))


def _pages(ids: list[str]) -> list[tuple[str, str]]:
    if not (AEB / "ground-truth.json").exists():
        pytest.skip("../shared/aeb is not here")
    truth = json.loads((AEB / "ground-truth.json").read_text(encoding="utf-8"))
    return [((AEB / "txt" / f"{i}.txt").read_text(encoding="utf-8"), truth[i]["articleBody"]) for i in ids]


def test_plain_text_f1_stays_above_the_floor() -> None:
    gate = _gate()
    pages = _pages(gate["pages"])
    assert len(pages) == len(gate["pages"]) >= 15
    preds = [
        clean(RawDocument(path=f"gate{n}.txt", fmt="text", content=text)).text
        for n, (text, _) in enumerate(pages)
    ]
    score = evaluate((truth, pred) for (_, truth), pred in zip(pages, preds, strict=True))
    assert score.f1 >= gate["floor_f1"], f"F1 {score.f1:.4f} fell below the recorded floor {gate['floor_f1']}"
    assert score.precision >= gate["floor_precision"], f"precision {score.precision:.4f} below floor"


def test_keeping_everything_stays_below_the_floor() -> None:
    """The gate can fail: the uncleaned dumps of the same pages score well under it."""
    gate = _gate()
    pages = _pages(gate["pages"])
    assert evaluate((truth, text) for text, truth in pages).f1 < gate["floor_f1"] - 0.1
