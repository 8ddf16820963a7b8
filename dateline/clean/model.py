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

from dateline.clean.lines import FEATURE_NAMES

log = logging.getLogger(__name__)
MODEL_PATH = Path(__file__).with_name("line_model.json")


@dataclass(frozen=True, slots=True)
class TreeModel:
    """Boosted trees padded into arrays of shape (trees, nodes); leaves point at themselves."""

    feature: np.ndarray
    threshold: np.ndarray
    left: np.ndarray
    right: np.ndarray
    value: np.ndarray
    init: float
    learning_rate: float
    depth: int
    threshold_body: float
    vocab: dict[str, float]

    def decision(self, x: np.ndarray) -> np.ndarray:
        """Raw scores (log-odds of "body") of the rows of ``x``."""
        if x.shape[0] == 0:
            return np.zeros(0)
        x = x.astype(np.float32).astype(np.float64)  # the trees were grown on float32 features
        n_trees = self.feature.shape[0]
        node = np.zeros((n_trees, x.shape[0]), dtype=np.int64)
        rows = np.arange(n_trees)[:, None]
        for _ in range(self.depth):
            feat = self.feature[rows, node]
            go_left = x[np.arange(x.shape[0])[None, :], feat] <= self.threshold[rows, node]
            node = np.where(go_left, self.left[rows, node], self.right[rows, node])
        return self.init + self.learning_rate * self.value[rows, node].sum(axis=0)

    def proba(self, x: np.ndarray) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-self.decision(x)))

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": "dateline-line-model/1",
            "features": list(FEATURE_NAMES),
            "init": self.init,
            "learning_rate": self.learning_rate,
            "depth": self.depth,
            "threshold_body": self.threshold_body,
            "vocab": dict(sorted(self.vocab.items())),
            "trees": [
                {k: getattr(self, k)[t].tolist() for k in ("feature", "threshold", "left", "right", "value")}
                for t in range(self.feature.shape[0])
            ],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TreeModel:
        if list(data.get("features", ())) != list(FEATURE_NAMES):
            raise ValueError("line model was trained on other features; retrain with scripts/train_clean.py")
        trees = data["trees"]
        arrays = {
            k: np.array([t[k] for t in trees]) for k in ("feature", "threshold", "left", "right", "value")
        }
        return cls(
            feature=arrays["feature"].astype(np.int64),
            threshold=arrays["threshold"].astype(float),
            left=arrays["left"].astype(np.int64),
            right=arrays["right"].astype(np.int64),
            value=arrays["value"].astype(float),
            init=float(data["init"]),
            learning_rate=float(data["learning_rate"]),
            depth=int(data["depth"]),
            threshold_body=float(data["threshold_body"]),
            vocab={k: float(v) for k, v in data["vocab"].items()},
        )


def from_sklearn(clf: Any, init: float, threshold_body: float, vocab: dict[str, float]) -> TreeModel:
    """Pad a fitted binary ``GradientBoostingClassifier``'s trees into a :class:`TreeModel`."""
    trees = [est[0].tree_ for est in clf.estimators_]
    width = max(t.node_count for t in trees)
    n = len(trees)
    feature = np.zeros((n, width), dtype=np.int64)
    threshold = np.zeros((n, width))
    left = np.tile(np.arange(width), (n, 1))
    right = left.copy()
    value = np.zeros((n, width))
    for i, t in enumerate(trees):
        k = t.node_count
        leaf = t.children_left[:k] < 0
        feature[i, :k] = np.where(leaf, 0, t.feature[:k])
        threshold[i, :k] = np.where(leaf, 0.0, t.threshold[:k])
        left[i, :k] = np.where(leaf, np.arange(k), t.children_left[:k])
        right[i, :k] = np.where(leaf, np.arange(k), t.children_right[:k])
        value[i, :k] = t.value[:k, 0, 0]
    depth = max(int(t.max_depth) for t in trees)
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
