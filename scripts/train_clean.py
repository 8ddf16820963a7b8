"""Train the clean stage's line model on the article-extraction benchmark's dev pages.

Lines of each plain-text dump (../shared/aeb/txt) are labelled body / not body by aligning
them with the human-made body (../shared/aeb/ground-truth.json): a word is "in the body" when
some run of four page words around it is a run of the true body; a line is body when most
of its words are. Features come from dateline.clean.lines; the model is scikit-learn's
GradientBoostingClassifier, exported as JSON trees to dateline/clean/line_model.json.

    .venv/bin/python scripts/train_clean.py --cv       # 5-fold cross-validated figures (pages held out)
    .venv/bin/python scripts/train_clean.py --write    # fit on all 88 pages, write the shipped model

Every figure printed with --cv is scored on pages the model was not fitted on.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import math
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn.ensemble import GradientBoostingClassifier

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dateline.clean import lines as L  # noqa: E402
from dateline.clean.model import MODEL_PATH, TreeModel, from_sklearn  # noqa: E402
from dateline.data import RawDocument  # noqa: E402
from dateline.evaluate.extraction import SHINGLE_SIZE, evaluate, tokenize  # noqa: E402

SHARED = ROOT.parent / "shared"
AEB = SHARED / "aeb"
FOLDS = 5
BODY_WORD_SHARE = 0.5  # a line is body when at least half of its words lie in a true-body shingle
VOCAB_MIN_PAGES = 5  # a vocabulary word must occur on this many training pages (keeps topic words out)
VOCAB_CLIP = 3.0
GBM = {"n_estimators": 250, "max_depth": 3, "learning_rate": 0.08, "subsample": 0.8, "random_state": 0}
AUGMENT_LAYOUTS = True  # also train on each dump with its blank lines removed (another layout)
WEIGHT_CAP_WORDS = 60  # sample weight = words on the line (capped), normalised per page


@dataclass(frozen=True)
class Page:
    id: str
    text: str
    truth: str
    url: str
    html_path: Path


def load_pages(aeb: Path = AEB) -> list[Page]:
    truth = json.loads((aeb / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for key in sorted(truth):
        txt = aeb / "txt" / f"{key}.txt"
        if txt.exists():
            pages.append(
                Page(
                    key,
                    txt.read_text(encoding="utf-8", errors="replace"),
                    truth[key]["articleBody"],
                    truth[key].get("url", ""),
                    aeb / "html" / f"{key}.html.gz",
                )
            )
    return pages


def read_html(path: Path) -> str:
    return gzip.decompress(path.read_bytes()).decode("utf-8", errors="replace")


def fold_of(page_id: str) -> int:
    """A fixed fold for each page (by hash of its id), so every run splits the same way."""
    return int(hashlib.sha256(page_id.encode()).hexdigest(), 16) % FOLDS


def label_lines(lines: Sequence[L.Line], truth: str) -> np.ndarray:
    """1 for lines whose words mostly lie inside runs of four words of the true body."""
    grams = {tuple(g) for g in _grams(tokenize(truth))}
    toks: list[str] = []
    owner: list[int] = []
    for i, ln in enumerate(lines):
        ws = tokenize(ln.text)
        toks += ws
        owner += [i] * len(ws)
    covered = np.zeros(len(toks), dtype=bool)
    for j in range(max(0, len(toks) - SHINGLE_SIZE + 1)):
        if tuple(toks[j : j + SHINGLE_SIZE]) in grams:
            covered[j : j + SHINGLE_SIZE] = True
    hits = np.zeros(len(lines))
    total = np.zeros(len(lines))
    for j, i in enumerate(owner):
        total[i] += 1
        hits[i] += covered[j]
    return ((total > 0) & (hits >= BODY_WORD_SHARE * np.maximum(total, 1))).astype(int)


def _grams(tokens: list[str]) -> list[list[str]]:
    return [tokens[j : j + SHINGLE_SIZE] for j in range(max(0, len(tokens) - SHINGLE_SIZE + 1))]


def learn_vocab(pages: Sequence[tuple[Sequence[L.Line], np.ndarray]]) -> dict[str, float]:
    """Smoothed log-odds of a word being on a body line, for words seen on many pages."""
    body, other, df = Counter(), Counter(), Counter()
    for lines, y in pages:
        seen = set()
        for ln, lab in zip(lines, y, strict=True):
            ws = [w.lower() for w in L.words(ln.text)]
            (body if lab else other).update(ws)
            seen.update(ws)
        df.update(seen)
    nb, no = sum(body.values()) + 1, sum(other.values()) + 1
    vocab = {}
    for w, d in df.items():
        if d >= VOCAB_MIN_PAGES:
            lo = math.log((body[w] + 1) / nb) - math.log((other[w] + 1) / no)
            vocab[w] = round(max(-VOCAB_CLIP, min(VOCAB_CLIP, lo)), 4)
    return vocab


def page_matrix(lines: Sequence[L.Line], vocab: dict[str, float]) -> np.ndarray:
    return L.features(lines, frozenset(), vocab)


def weights(lines: Sequence[L.Line]) -> np.ndarray:
    w = np.array([min(WEIGHT_CAP_WORDS, len(L.words(ln.text))) + 1.0 for ln in lines])
    return w / w.sum()


def layouts(text: str) -> list[str]:
    """The dump as given and, when ``AUGMENT_LAYOUTS``, the same dump with its blank lines taken out,
    so that the model does not lean on one converter's habit of separating blocks by blank lines."""
    if not AUGMENT_LAYOUTS:
        return [text]
    return [text, "\n".join(ln for ln in text.splitlines() if ln.strip())]


def fit(pages: Sequence[Page], threshold: float = 0.5) -> TreeModel:
    labelled = [(L.split_lines(t), p.truth) for p in pages for t in layouts(p.text)]
    ys = [label_lines(lines, truth) for lines, truth in labelled]
    vocab = learn_vocab([(lines, y) for (lines, _), y in zip(labelled, ys, strict=True)])
    x = np.vstack([page_matrix(lines, vocab) for lines, _ in labelled])
    y = np.concatenate(ys)
    w = np.concatenate([weights(lines) for lines, _ in labelled])
    clf = GradientBoostingClassifier(**GBM).fit(x, y, sample_weight=w)
    init = float(clf._raw_predict_init(x[:1])[0, 0])  # the prior log-odds the trees start from
    model = from_sklearn(clf, init, threshold, vocab)
    assert np.allclose(model.decision(x[:500]), clf.decision_function(x[:500])), "tree export mismatch"
    return model


def predict_text(page: Page, model: TreeModel) -> str:
    from dateline.clean import clean_plain

    doc = RawDocument(path=page.id, fmt="text", content=page.text)
    return clean_plain(doc, frozenset(), model).text


def cross_validate(pages: Sequence[Page], predict: Callable[[Page, TreeModel], str] = predict_text) -> dict:
    preds: dict[str, str] = {}
    started = time.perf_counter()
    for k in range(FOLDS):
        train = [p for p in pages if fold_of(p.id) != k]
        model = fit(train)
        for p in pages:
            if fold_of(p.id) == k:
                preds[p.id] = predict(p, model)
    score = evaluate((p.truth, preds[p.id]) for p in pages)
    return {"cv_folds": FOLDS, **score.to_dict(), "seconds": round(time.perf_counter() - started, 1)}


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cv", action="store_true", help="print 5-fold cross-validated F1/P/R on the dev txt")
    ap.add_argument("--write", action="store_true", help=f"fit on all pages and write {MODEL_PATH.name}")
    args = ap.parse_args(argv)
    if not AEB.exists():
        print(f"no benchmark pages at {AEB}", file=sys.stderr)
        return 2
    pages = load_pages()
    if args.cv:
        print(json.dumps(cross_validate(pages), indent=2))
    if args.write:
        model = fit(pages)
        MODEL_PATH.write_text(json.dumps(model.to_dict(), separators=(",", ":")) + "\n", encoding="utf-8")
        print(f"wrote {MODEL_PATH} ({MODEL_PATH.stat().st_size // 1024} KiB, {model.feature.shape[0]} trees)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
