"""CI gate: timeline quality on a small Timeline17 subset must not drop below the recorded minimums.

The subset, the method(s) and the minimums live in tests/tls_floor.json with the reason each was
chosen. A minimum is raised when the code gets better and only lowered on purpose, in its own
commit that says why (STYLE.md, point 10). The run is the real one: articles go through
``Corpus.ingest`` (clean, analyse, date) and the timeline methods of ``dateline.timeline``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from dateline.evaluate.loaders import load_topic
from dateline.evaluate.runner import mean_scores, run_topics

FLOOR_FILE = Path(__file__).with_name("tls_floor.json")
T17 = Path(__file__).resolve().parents[1].parent / "shared" / "tls" / "t17"
# Scores are deterministic; this slack only absorbs floating-point noise across platforms.
TOLERANCE = 1e-3


def _floor() -> dict[str, Any]:
    return json.loads(FLOOR_FILE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def gate_results() -> dict[str, dict[str, float]]:
    floor = _floor()
    folders = [T17 / name for name in floor["topics"]]
    missing = [str(f) for f in folders if not f.exists()]
    if missing:
        pytest.skip(f"Timeline17 subset not available: {missing}")
    topics = [load_topic(f) for f in folders]
    results = run_topics(topics, list(floor["minimum"]), max_articles=floor.get("max_articles"),
                         span_only=floor.get("span_only", False))  # fmt: skip
    return {method: mean_scores(r) for method, r in results.items()}


def test_floor_file_explains_itself() -> None:
    floor = _floor()
    assert floor["why"].strip() and floor["topics"]
    for method, minimums in floor["minimum"].items():
        assert set(minimums) <= {"ar1_f", "ar2_f", "date_f1", "concat_r1_f", "concat_r2_f", "seconds_max"}, (
            method
        )
        assert any(v > 0 for k, v in minimums.items() if k != "seconds_max"), (
            f"{method}: a floor of zero gates nothing"
        )


@pytest.mark.parametrize("method", sorted(_floor()["minimum"]))
def test_scores_stay_above_the_recorded_minimums(
    gate_results: dict[str, dict[str, float]], method: str
) -> None:
    got = gate_results[method]
    for metric, minimum in _floor()["minimum"][method].items():
        if metric == "seconds_max":
            assert got["seconds"] <= minimum, f"{method}: {got['seconds']:.1f}s per topic, limit {minimum}s"
        else:
            assert got[metric] >= minimum - TOLERANCE, (
                f"{method} {metric} fell to {got[metric]:.4f} (recorded minimum {minimum}); "
                "see tests/tls_floor.json before lowering it"
            )
