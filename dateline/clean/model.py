"""The shipped line model: boosted decision trees stored as plain JSON (no pickles).

``scripts/train_clean.py`` fits scikit-learn's ``GradientBoostingClassifier`` on lines of
the article-extraction benchmark's dev pages and writes ``line_model.json`` here: the
trees as flat arrays, the learned chrome-vocabulary log-odds, the feature names and the
decision threshold. Prediction is pure numpy and deterministic.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from dateline import trees
from dateline.clean.lines import FEATURE_NAMES

log = logging.getLogger(__name__)
MODEL_PATH = Path(__file__).with_name("line_model.json")


@dataclass(frozen=True, slots=True)
class TreeModel(trees.Ensemble):
    """The line classifier: boosted trees, the chrome vocabulary's log-odds and the decision threshold."""

    threshold_body: float
    vocab: dict[str, float]

    def decision(self, x: np.ndarray) -> np.ndarray:
        """Raw scores (log-odds of "body") of the rows of ``x``."""
        return self.raw(x)

    def proba(self, x: np.ndarray) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-self.decision(x)))

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": "dateline-line-model/1",
            "features": list(FEATURE_NAMES),
            **self.header(),
            "threshold_body": self.threshold_body,
            "vocab": dict(sorted(self.vocab.items())),
            "trees": trees.to_json(self),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TreeModel:
        if list(data.get("features", ())) != list(FEATURE_NAMES):
            raise ValueError("line model was trained on other features; retrain with scripts/train_clean.py")
        return cls(
            **cls.read_header(data),
            threshold_body=float(data["threshold_body"]),
            vocab={k: float(v) for k, v in data["vocab"].items()},
        )


def from_sklearn(clf: Any, init: float, threshold_body: float, vocab: dict[str, float]) -> TreeModel:
    """Pad a fitted binary ``GradientBoostingClassifier``'s trees into a :class:`TreeModel`."""
    feature, threshold, left, right, value, depth = trees.padded(clf.estimators_)
    return TreeModel(
        feature,
        threshold,
        left,
        right,
        value,
        float(init),
        float(clf.learning_rate),
        depth,
        float(threshold_body),
        dict(vocab),
    )


@lru_cache(maxsize=1)
def default_model() -> TreeModel:
    """The shipped model, loaded once on first use."""
    log.debug("loading line model from %s", MODEL_PATH)
    return TreeModel.from_dict(json.loads(MODEL_PATH.read_text(encoding="utf-8")))
