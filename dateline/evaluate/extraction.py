"""The article-extraction benchmark's metric: 4-word shingles, per-page normalised counts.

For each page both texts are split into ``\\w+`` tokens; every run of ``n`` consecutive
tokens (a shingle) is counted. True positives are shingles in both (with multiplicity),
false positives only in the prediction, false negatives only in the truth. The three
counts are divided by their sum so that long pages weigh no more than short ones.
Precision and recall are means over pages, and F1 is computed from those two means,
exactly as the benchmark (Zyte's article-extraction-benchmark) defines it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

_TOKEN_RE = re.compile(r"\w+", re.UNICODE)
SHINGLE_SIZE = 4  # the benchmark's choice


@dataclass(frozen=True, slots=True)
class PageScore:
    """Normalised true/false positive/negative shares of one page (they sum to 1, or all 0)."""

    tp: float
    fp: float
    fn: float

    @property
    def precision(self) -> float:
        if self.fp == 0 and self.fn == 0:
            return 1.0
        if self.tp == 0 and self.fp == 0:
            return 0.0
        return self.tp / (self.tp + self.fp)

    @property
    def recall(self) -> float:
        if self.fp == 0 and self.fn == 0:
            return 1.0
        if self.tp == 0 and self.fn == 0:
            return 0.0
        return self.tp / (self.tp + self.fn)


@dataclass(frozen=True, slots=True)
class ExtractionScore:
    """Mean precision and recall over pages, and the F1 of those two means."""

    precision: float
    recall: float
    f1: float
    pages: int

    def to_dict(self) -> dict[str, float | int]:
        return {
            "f1": round(self.f1, 4),
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "pages": self.pages,
        }


def tokenize(text: str | None) -> list[str]:
    return _TOKEN_RE.findall(text or "")


def shingles(text: str | None, n: int = SHINGLE_SIZE) -> Counter[tuple[str, ...]]:
    """Counts of the runs of ``n`` tokens; a text shorter than ``n`` is one short shingle."""
    tokens = tokenize(text)
    grams = (tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)))
    return Counter(g for g in grams if g)


def page_score(truth: str | None, prediction: str | None, n: int = SHINGLE_SIZE) -> PageScore:
    """Shingle matching of one page, normalised so that tp + fp + fn = 1 (or all 0)."""
    want, got = shingles(truth, n), shingles(prediction, n)
    tp = sum((want & got).values())
    fp = sum((got - want).values())
    fn = sum((want - got).values())
    total = tp + fp + fn
    if total == 0:
        return PageScore(0.0, 0.0, 0.0)
    return PageScore(tp / total, fp / total, fn / total)


def aggregate(scores: Iterable[PageScore]) -> ExtractionScore:
    """Mean precision and recall over pages; F1 from those means."""
    items = list(scores)
    if not items:
        return ExtractionScore(0.0, 0.0, 0.0, 0)
    precision = sum(s.precision for s in items) / len(items)
    recall = sum(s.recall for s in items) / len(items)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return ExtractionScore(precision, recall, f1, len(items))


def evaluate(pairs: Iterable[tuple[str | None, str | None]]) -> ExtractionScore:
    """Score ``(truth, prediction)`` pairs, one per page."""
    return aggregate(page_score(truth, pred) for truth, pred in pairs)
