"""Boosted regression trees exported from scikit-learn into plain arrays, evaluated with numpy.

Both shipped models (the cleaner's line model and the timeline's sentence model) keep their trees
this way: padded to arrays of shape (trees, nodes) whose leaves point at themselves, so every row
walks ``depth`` steps and no pickle or scikit-learn is needed at run time.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

ARRAYS = ("feature", "threshold", "left", "right", "value")


@dataclass(frozen=True, slots=True)
class Ensemble:
    """Boosted trees padded into arrays of shape (trees, nodes); leaves point at themselves.

    The shipped models extend it with what they add (the line model's vocabulary and threshold,
    the sentence model's training notes)."""

    feature: np.ndarray
    threshold: np.ndarray
    left: np.ndarray
    right: np.ndarray
    value: np.ndarray
    init: float
    learning_rate: float
    depth: int

    def raw(self, x: np.ndarray) -> np.ndarray:
        """The ensemble's raw output for the rows of ``x``: ``init`` plus the scaled leaf sum."""
        if x.shape[0] == 0:
            return np.zeros(0)
        return self.init + self.learning_rate * leaf_sum(self, x)

    def header(self) -> dict[str, Any]:
        """The fields every exported model writes: initial value, learning rate and depth."""
        return {"init": self.init, "learning_rate": self.learning_rate, "depth": self.depth}

    @staticmethod
    def read_header(data: dict[str, Any]) -> dict[str, Any]:
        """The keyword arguments of an ensemble from its JSON: trees, init, learning rate, depth."""
        return {
            **from_json(data["trees"]),
            "init": float(data["init"]),
            "learning_rate": float(data["learning_rate"]),
            "depth": int(data["depth"]),
        }


def padded(estimators: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, int]:
    """(feature, threshold, left, right, value, depth) of a fitted gradient-boosting model's
    ``estimators_`` (one regression tree per stage)."""
    trees = [est[0].tree_ for est in estimators]
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
    return feature, threshold, left, right, value, max(int(t.max_depth) for t in trees)


def leaf_sum(model: Any, x: np.ndarray) -> np.ndarray:
    """Sum over ``model``'s trees (an object with the :data:`ARRAYS` and ``depth``) of the leaf
    each row of ``x`` reaches."""
    if x.shape[0] == 0:
        return np.zeros(0)
    x = x.astype(np.float32).astype(np.float64)  # the trees were grown on float32 features
    n_trees = model.feature.shape[0]
    node = np.zeros((n_trees, x.shape[0]), dtype=np.int64)
    trees = np.arange(n_trees)[:, None]
    cols = np.arange(x.shape[0])[None, :]
    for _ in range(model.depth):
        feat = model.feature[trees, node]
        go_left = x[cols, feat] <= model.threshold[trees, node]
        node = np.where(go_left, model.left[trees, node], model.right[trees, node])
    return model.value[trees, node].sum(axis=0)


def to_json(model: Any) -> list[dict[str, list[Any]]]:
    """The trees of ``model`` as JSON lists, one dict per tree."""
    return [{k: getattr(model, k)[t].tolist() for k in ARRAYS} for t in range(model.feature.shape[0])]


def from_json(trees: list[dict[str, list[Any]]]) -> dict[str, np.ndarray]:
    """The arrays of :func:`to_json`'s output, typed."""
    arrays = {k: np.array([t[k] for t in trees]) for k in ARRAYS}
    return {
        "feature": arrays["feature"].astype(np.int64),
        "threshold": arrays["threshold"].astype(float),
        "left": arrays["left"].astype(np.int64),
        "right": arrays["right"].astype(np.int64),
        "value": arrays["value"].astype(float),
    }
