"""The benchmark's shingle metric on small hand-made cases (counts worked out by hand)."""

from __future__ import annotations

import pytest

from dateline.evaluate.extraction import aggregate, evaluate, page_score, shingles


def test_shingles_are_runs_of_four_word_tokens() -> None:
    got = shingles("The cat, the cat sat.")
    # tokens: The cat the cat sat -> 2 shingles
    assert got == {("The", "cat", "the", "cat"): 1, ("cat", "the", "cat", "sat"): 1}


def test_short_text_is_one_short_shingle_and_empty_is_none() -> None:
    assert shingles("two words") == {("two", "words"): 1}
    assert shingles("") == {}
    assert shingles(None) == {}


def test_perfect_prediction() -> None:
    s = page_score("one two three four five", "one two three four five")
    assert (s.tp, s.fp, s.fn) == (1.0, 0.0, 0.0)
    assert s.precision == s.recall == 1.0


def test_extra_text_is_false_positive_normalised_by_total() -> None:
    # truth: a b c d e -> (abcd)(bcde); prediction adds "f": (abcd)(bcde)(cdef)
    s = page_score("a b c d e", "a b c d e f")
    assert s.tp == pytest.approx(2 / 3)
    assert s.fp == pytest.approx(1 / 3)
    assert s.fn == 0.0
    assert s.precision == pytest.approx(2 / 3)
    assert s.recall == 1.0


def test_missing_text_is_false_negative_and_counts_multiplicity() -> None:
    # truth has the shingle (x y z w) twice; prediction once
    truth = "x y z w x y z w"
    s = page_score(truth, "x y z w")
    # truth shingles: xyzw, yzwx, zwxy, wxyz, xyzw -> 5; pred: xyzw -> tp 1, fn 4
    assert s.tp == pytest.approx(1 / 5)
    assert s.fn == pytest.approx(4 / 5)
    assert s.recall == pytest.approx(1 / 5)
    assert s.precision == 1.0


def test_empty_pages() -> None:
    both_empty = page_score("", "")
    assert both_empty.precision == 1.0 and both_empty.recall == 1.0
    nothing_predicted = page_score("a b c d", "")
    assert nothing_predicted.precision == 0.0 and nothing_predicted.recall == 0.0


def test_f1_comes_from_mean_precision_and_recall() -> None:
    score = evaluate([("a b c d e", "a b c d e f"), ("a b c d", "")])
    # page 1: p 2/3, r 1; page 2: p 0, r 0 -> means p 1/3, r 1/2
    assert score.precision == pytest.approx(1 / 3)
    assert score.recall == pytest.approx(1 / 2)
    assert score.f1 == pytest.approx(2 * (1 / 3) * (1 / 2) / (1 / 3 + 1 / 2))
    assert score.pages == 2
    assert aggregate([]).pages == 0
