"""TLS metrics: hand-checked cases, and agreement with tilse 0.2.1 (ROUGE-1.5.5 Perl) on the same inputs."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest

from dateline.data import DateInterval, Event, SentenceRef, Timeline
from dateline.evaluate import rouge155
from dateline.evaluate import tls_metrics as M

T17 = Path(__file__).resolve().parents[1].parent / "shared" / "tls" / "t17"
D = date


def ref(name: str, items: dict[date, list[str]]) -> M.ReferenceTimeline:
    return M.ReferenceTimeline.build(name, items.items())


# -- ROUGE-1.5.5 tokens ------------------------------------------------------------------
def test_tokens_follow_rouge155_rules() -> None:
    # "the", "to", "went" are SMART stopwords; children/geese go through WordNet's exception list.
    assert rouge155.tokens(["The children went to the geese market."]) == ["child", "goose", "market"]
    # Hyphens split words; non-ASCII letters are dropped like any other non-alphanumeric byte.
    assert rouge155.tokens(["oil-spill in the café"]) == ["oil", "spill", "caf"]
    # The script reads each sentence from HTML up to the first "<".
    assert rouge155.tokens(["oil leak <b>bold</b> spill"]) == ["oil", "leak"]


def test_stemmer_keeps_rouge155_step4_change() -> None:
    # ROUGE-1.5.5's Porter stemmer (patched in 2004) strips "-ent" after "-ement" fails: agreement -> agreem.
    assert rouge155.porter_stem("agreement") == "agreem"
    assert rouge155.porter_stem("hopping") == "hop"
    assert rouge155.porter_stem("relational") == "relat"
    assert rouge155.porter_stem("yelling") == "yell"


def test_counts_clip_per_reference_and_count_peer_once_per_reference() -> None:
    peer = ["oil oil spill"]
    counts = rouge155.count(peer, [["oil spill"], ["oil oil leak"]], 1)
    # hits: ref A {oil:1, spill:1} -> 2; ref B {oil:2, leak:1} -> 2.  peer 3 tokens x 2 references.
    assert counts == rouge155.NgramCounts(hit=4, peer=6, model=5)


# -- metrics on hand-built timelines -----------------------------------------------------
SPILL = ["BP oil rig explodes in the Gulf of Mexico killing eleven workers."]
CAP = ["Engineers cap the leaking well after months of attempts."]


def test_identical_timelines_score_one() -> None:
    gold = ref("gold", {D(2010, 4, 20): SPILL, D(2010, 7, 15): CAP})
    scores = M.evaluate({D(2010, 4, 20): SPILL, D(2010, 7, 15): CAP}, gold)
    for value in (
        scores.ar1_f,
        scores.ar2_f,
        scores.date_f1,
        scores.concat.rouge_1.f1,
        scores.agreement.rouge_2.f1,
    ):
        assert value == pytest.approx(1.0)


def test_one_day_off_halves_alignment_and_zeroes_agreement() -> None:
    gold = ref("gold", {D(2010, 4, 20): SPILL})
    scores = M.evaluate({D(2010, 4, 21): SPILL}, gold)
    assert scores.concat.rouge_1.f1 == pytest.approx(1.0)  # concat ignores dates
    assert scores.agreement.rouge_1.f1 == 0.0  # no shared date
    assert scores.align_m1.rouge_1.precision == pytest.approx(0.5)  # weight 1 / (1 day + 1)
    assert scores.align_m1.rouge_1.recall == pytest.approx(0.5)
    assert scores.date_f1 == 0.0


def test_many_to_one_alignment_lets_two_predicted_days_share_a_reference_day() -> None:
    gold = ref("gold", {D(2010, 4, 20): SPILL, D(2010, 9, 19): CAP})
    pred = {D(2010, 4, 20): SPILL, D(2010, 4, 22): SPILL}
    ar1 = M.align_rouge_many_to_one(pred, gold).rouge_1
    # precision: day 20 matches fully (weight 1), day 22 aligns to the 20th (weight 1/3), same tokens.
    assert ar1.precision == pytest.approx((1 + 1 / 3) / 2)
    # recall: the 20th is covered by the 20th; the cap sentence (19 Sept) shares no word with SPILL.
    n_spill = len(rouge155.tokens(SPILL))
    n_cap = len(rouge155.tokens(CAP))
    assert ar1.recall == pytest.approx(n_spill / (n_spill + n_cap))


def test_date_f1() -> None:
    gold = ref("gold", {D(2010, 1, d): ["x happened"] for d in (2, 3, 4, 5)})
    pred = {D(2010, 1, d): ["x happened"] for d in (1, 2, 3)}
    prf = M.date_prf(pred, gold)
    assert (prf.precision, prf.recall) == (pytest.approx(2 / 3), pytest.approx(2 / 4))
    assert prf.f1 == pytest.approx(2 * (2 / 3) * 0.5 / (2 / 3 + 0.5))


def test_empty_prediction_scores_zero() -> None:
    scores = M.evaluate({}, ref("gold", {D(2010, 4, 20): SPILL}))
    assert (scores.ar1_f, scores.ar2_f, scores.date_f1, scores.concat.rouge_1.f1) == (0.0, 0.0, 0.0, 0.0)


def test_dateline_timeline_is_scored_by_day_or_interval_midpoint() -> None:
    events = (
        Event(DateInterval.day(D(2010, 4, 20)), (SentenceRef("a", 0, SPILL[0]),)),
        Event(DateInterval.month(2010, 7), (SentenceRef("b", 3, CAP[0]),)),
        Event(DateInterval.unknown(), (SentenceRef("c", 1, "Undated background."),)),
    )
    assert M.timeline_summaries(Timeline(events)) == {D(2010, 4, 20): SPILL, D(2010, 7, 16): CAP}


def test_reference_merges_repeated_dates_and_rounds_sentences_per_date() -> None:
    gold = M.ReferenceTimeline.build("g", [(D(2010, 1, 2), ["a b", "c d"]), (D(2010, 1, 1), ["e"]),
                                           (D(2010, 1, 2), ["f"])])  # fmt: skip
    assert gold.dates == (D(2010, 1, 1), D(2010, 1, 2))
    assert gold.summaries[D(2010, 1, 2)] == ("a b", "c d", "f")
    assert gold.sentences_per_date() == 2  # 4 sentences over 2 dates


# -- agreement with tilse ----------------------------------------------------------------
def _tilse_ready() -> str | None:
    """Why tilse's reference scorer cannot run here, or None when it can."""
    try:
        import tilse.evaluation.rouge  # noqa: F401
    except ImportError as exc:
        return f"tilse is not installed ({exc}); `make dev`"
    perl = shutil.which("perl")
    if (
        perl is None
        or subprocess.run([perl, "-MXML::Parser", "-MDB_File", "-e1"], capture_output=True).returncode
    ):
        return "perl with XML::Parser and DB_File is missing; `make system-deps` (libxml-parser-perl)"
    return None


@pytest.fixture(scope="module")
def tilse_evaluator():  # type: ignore[no-untyped-def]
    reason = _tilse_ready()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"the tilse agreement test must run in CI: {reason}")
        pytest.skip(reason)
    from tilse.evaluation import rouge

    return rouge.TimelineRougeEvaluator(measures={"rouge_1", "rouge_2"})


def _assert_same_as_tilse(evaluator, pred: dict[date, list[str]], refs: list[M.ReferenceTimeline]) -> None:  # type: ignore[no-untyped-def]
    from tilse.data import timelines
    from tilse.evaluation import dates as tilse_dates

    tl = timelines.Timeline({d: list(s) for d, s in pred.items()})
    gt = timelines.GroundTruth([timelines.Timeline({d: list(s) for d, s in r.entries}) for r in refs])
    ours = M.evaluate(pred, refs)
    pairs = [
        (ours.concat, evaluator.evaluate_concat(tl, gt)),
        (ours.agreement, evaluator.evaluate_agreement(tl, gt)),
        (ours.align_m1, evaluator.evaluate_align_date_content_costs_many_to_one(tl, gt)),
    ]
    for mine, theirs in pairs:
        for order, key in ((mine.rouge_1, "rouge_1"), (mine.rouge_2, "rouge_2")):
            assert order.precision == pytest.approx(theirs[key]["precision"], abs=5e-4)
            assert order.recall == pytest.approx(theirs[key]["recall"], abs=5e-4)
            assert order.f1 == pytest.approx(theirs[key]["f_score"], abs=5e-4)
    tilse_date = tilse_dates.evaluate_dates(tl, gt)
    assert ours.date_f1 == pytest.approx(tilse_date["f_score"], abs=5e-4)


@pytest.mark.slow
def test_agrees_with_tilse_on_written_edge_cases(tilse_evaluator) -> None:  # type: ignore[no-untyped-def]
    gold_a = ref("a", {
        D(2010, 4, 20): ["A BP-operated rig, Deepwater Horizon, explodes; 11 workers are killed."],
        D(2010, 4, 22): ["The rig sinks -- oil begins leaking at 1,000 barrels a day.", "Obama's aides meet BP."],
        D(2010, 5, 2): ["President Obama visits the Gulf coast & promises help (again)."],
        D(2010, 7, 15): ["BP's cap stops the flow of oil for the first time in 86 days."],
    })  # fmt: skip
    gold_b = ref("b", {
        D(2010, 4, 20): ["Explosion on the Deepwater Horizon rig off Louisiana."],
        D(2010, 6, 16): ["BP agrees to a $20bn compensation fund; children's charities ask for more."],
        D(2010, 7, 15): ["The well is capped."],
    })  # fmt: skip
    pred = {
        D(2010, 4, 21): ["Eleven workers are missing after the Deepwater Horizon rig explosion, the U.S. Coast Guard said."],
        D(2010, 4, 22): ["The burning rig sank on Thursday, and oil was leaking from the well."],
        D(2010, 6, 16): ["BP agreed to set up a $20 billion fund; geese and wildlife suffer."],
        D(2010, 7, 16): ["A new cap stopped the leak — for now.", "Café owners in Grand Isle welcomed the news <wire>."],
        D(2010, 9, 30): ["Unrelated: markets rallied^2 on Friday."],
    }  # fmt: skip
    _assert_same_as_tilse(tilse_evaluator, pred, [gold_a])
    _assert_same_as_tilse(tilse_evaluator, pred, [gold_a, gold_b])


def _t17_reference(path: Path, n_dates: int) -> M.ReferenceTimeline:
    entries = [(D.fromisoformat(e["date"]), [s for s in re.split(r"\s{2,}", e["text"].strip()) if s])
               for e in json.loads(path.read_text())]  # fmt: skip
    full = M.ReferenceTimeline.build(path.name, entries)
    return M.ReferenceTimeline(full.name, full.entries[:n_dates])


def _lead_sentence_timeline(topic: Path, n_dates: int) -> dict[date, list[str]]:
    """A realistic prediction: first sentences of articles on the busiest publication days."""
    by_day: dict[str, list[str]] = {}
    for art in json.loads((topic / "articles.json").read_text()):
        by_day.setdefault(art["dct"], []).append(art["text"])
    days = sorted(by_day, key=lambda d: (-len(by_day[d]), d))[:n_dates]
    out = {}
    for d in days:
        sentences = [s + " ." for text in by_day[d][:2] for s in text.split(" . ")[:2]]
        out[D.fromisoformat(d) + timedelta(days=len(out) % 2)] = sentences
    return out


@pytest.mark.slow
@pytest.mark.parametrize(("topic", "n_refs"), [("H1N1_bbc", 1), ("SyrianCrisis_reuters", 3)])
def test_agrees_with_tilse_on_timeline17(tilse_evaluator, topic: str, n_refs: int) -> None:  # type: ignore[no-untyped-def]
    folder = T17 / topic
    if not folder.exists():
        pytest.skip(f"{folder} is not available")
    refs = [_t17_reference(p, 8) for p in sorted(folder.glob("*.timeline.json"))]
    assert len(refs) == n_refs
    pred = _lead_sentence_timeline(folder, 8)
    _assert_same_as_tilse(tilse_evaluator, pred, refs[:1])
    if n_refs > 1:
        _assert_same_as_tilse(tilse_evaluator, pred, refs)
