"""`dateline eval DIR... [--method NAME] [--format json]`: the JSON contract and clean errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dateline.cli import main

ARTICLES = [
    {"uid": "1", "dct": "2010-01-12", "text": "A magnitude 7.0 earthquake struck Haiti near Port-au-Prince on Tuesday ."},
    {"uid": "2", "dct": "2010-01-12", "text": "Buildings collapsed across the capital , witnesses said ."},
    {"uid": "3", "dct": "2010-01-14", "text": "Aid flights began landing at Port-au-Prince airport on Thursday ."},
    {"uid": "4", "dct": "2010-01-20", "text": "A strong aftershock shook Haiti on Wednesday morning ."},
]  # fmt: skip
TIMELINE = [
    {"date": "2010-01-12", "text": " A 7.0 earthquake strikes Haiti . "},
    {"date": "2010-01-14", "text": " The first aid flights land . "},
    {"date": "2010-01-20", "text": " A 5.9 aftershock hits . "},
]


@pytest.fixture()
def benchmark_dir(tmp_path: Path) -> Path:
    for name in ("Quake_wire", "Quake_paper"):
        folder = tmp_path / "bench" / name
        folder.mkdir(parents=True)
        (folder / "articles.json").write_text(json.dumps(ARTICLES))
        (folder / "quake.timeline.json").write_text(json.dumps(TIMELINE))
    return tmp_path / "bench"


def test_eval_json_contract(benchmark_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", str(benchmark_dir), "--method", "pubcount", "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert [t["topic"] for t in report["topics"]] == ["Quake_paper", "Quake_wire"]
    for t in report["topics"]:
        assert set(t) == {"topic", "ar1_f", "ar2_f", "date_f1", "seconds"}
        # Three publication days, three reference dates: PubCount picks exactly the reference days.
        assert t["date_f1"] == pytest.approx(1.0)
        assert 0 < t["ar2_f"] <= t["ar1_f"] <= 1
    assert set(report["mean"]) == {"ar1_f", "ar2_f", "date_f1"}
    assert report["mean"]["ar1_f"] == pytest.approx(report["topics"][0]["ar1_f"])  # both topics are identical


def test_eval_rejects_a_folder_without_topics(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", str(tmp_path)]) == 2
    assert "not a topic folder" in capsys.readouterr().err


def test_eval_rejects_an_unknown_method(benchmark_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", str(benchmark_dir), "--method", "oracle"]) == 2
    assert "unknown timeline method 'oracle'" in capsys.readouterr().err


def test_eval_runs_the_embedding_ranker_and_says_so(
    benchmark_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["eval", str(benchmark_dir), "--ranker", "embedding", "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["method"], report["ranker"]) == ("default", "embedding")
    assert all(0 < t["ar1_f"] <= 1 for t in report["topics"])


def test_eval_rejects_an_unknown_ranker(benchmark_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["eval", str(benchmark_dir), "--ranker", "bert"])
    assert exc.value.code == 2
    assert "invalid choice: 'bert'" in capsys.readouterr().err
