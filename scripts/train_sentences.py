"""Train the learned sentence scorer of date-wise timelines on the Timeline17 dev topics.

For every topic under ../shared/tls/t17 and each of its reference timelines, the protocol's
collection is built from the topic's ingested store (``--store-dir``, as ``benchmarks/tls.py``
keeps them) and the candidates of each day are described and labelled
(:mod:`dateline.evaluate.learn`); the day cases are cached (``--cache``) so that trying models
does not recompute them (delete the cache folder when the features or the pipeline change).

    .venv/bin/python scripts/train_sentences.py --store-dir STORES --cv
    .venv/bin/python scripts/train_sentences.py --store-dir STORES --write

``--cv`` prints leave-one-story-out figures from a replay of the date-wise selection over the
cached cases (the chosen days as the vote ranking gives them, each day's sentences chosen by the
centroid ranker or by a model fitted on the other stories), scored with the benchmark's metrics:
fast, for trying features and settings; the figures of record come from
``benchmarks/tls.py --loso``, which runs the real timeline. ``--write`` fits on every topic and
writes ``dateline/timeline/sentence_model.json``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import pickle
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dateline.evaluate.learn import GBM, DayCase, fit, reference_cases, story_of  # noqa: E402
from dateline.evaluate.loaders import Topic, find_topics, load_topic  # noqa: E402
from dateline.evaluate.runner import mean_prf, prepared, protocol_collection  # noqa: E402
from dateline.evaluate.tls_metrics import PRF, evaluate  # noqa: E402
from dateline.timeline.datewise import TOPIC_WEIGHT  # noqa: E402
from dateline.timeline.learned import FEATURE_NAMES, MODEL_PATH, SentenceModel  # noqa: E402
from dateline.timeline.summarise import MAX_WORDS, MIN_WORDS, mmr_order, word_count  # noqa: E402

T17 = ROOT.parent / "shared" / "tls" / "t17"
CACHE = ROOT / "benchmarks" / "results" / "learn-cases"


def topic_cases(topic: Topic, store_dir: Path | None, cache: Path) -> list[DayCase]:
    """The day cases of every reference of ``topic`` (from the cache when there: one cache per store
    folder, so that cases read from stores of another pipeline are never reused)."""
    where = hashlib.sha1(str(store_dir.resolve() if store_dir else "fresh").encode()).hexdigest()[:10]
    path = cache / where / f"{topic.name}.pkl"
    if path.exists():
        return pickle.loads(path.read_bytes())  # noqa: S301 (our own cache file)
    started = time.perf_counter()
    out: list[DayCase] = []
    with prepared(topic, store_dir=store_dir) as prep:
        for ref in topic.references:
            coll = protocol_collection(prep, ref)
            if coll is not None:
                out.extend(reference_cases(topic.name, coll, ref))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps(out))
    print(f"{topic.name}: {len(out)} day cases in {time.perf_counter() - started:.1f}s", file=sys.stderr)
    return out


Scorer = Callable[[DayCase, list[int]], np.ndarray]


def _mmr(sims: np.ndarray, relevance: np.ndarray, k: int) -> list[int]:
    return mmr_order(relevance, lambda best: sims[best], k)


def centroid_pick(case: DayCase, avail: list[int], k: int) -> list[int]:
    """The centroid ranker's choice (datewise.summarise_rows), replayed from cached cosines."""
    sims = case.sims[np.ix_(avail, avail)].astype(float)
    norm = np.sqrt(max(sims.mean(), 1e-12))
    cols = {n: i for i, n in enumerate(FEATURE_NAMES)}
    rel = sims.mean(axis=1) / norm + TOPIC_WEIGHT * case.features[avail, cols["topic"]] + case.features[avail, cols["query"]]
    texts = [case.texts[i] for i in avail]
    good = [i for i, t in enumerate(texts) if MIN_WORDS <= word_count(t) <= MAX_WORDS]
    pool = good if len(good) >= min(k, len(avail)) else list(range(len(avail)))
    picked = _mmr(sims[np.ix_(pool, pool)], rel[pool], k)
    return [avail[pool[i]] for i in picked]


def model_pick(model: SentenceModel) -> Callable[[DayCase, list[int], int], list[int]]:
    def pick(case: DayCase, avail: list[int], k: int) -> list[int]:
        scores = model.predict(case.features[avail])
        texts = [case.texts[i] for i in avail]

        sims = case.sims[np.ix_(avail, avail)].astype(float)
        lo, hi = float(scores.min()), float(scores.max())
        rel = (scores - lo) / (hi - lo) if hi > lo else np.ones(len(avail))
        good = [i for i, t in enumerate(texts) if MIN_WORDS <= word_count(t) <= MAX_WORDS]
        pool = good if len(good) >= min(k, len(avail)) else list(range(len(avail)))
        picked = _mmr(sims[np.ix_(pool, pool)], rel[pool], k)
        return [avail[pool[i]] for i in picked]

    return pick


def replay(topic: Topic, cases: Sequence[DayCase], pick: Callable[[DayCase, list[int], int], list[int]]) -> dict[str, PRF]:
    """A topic's scores with the vote-ranked days and ``pick`` choosing each day's sentences."""
    per_ref = []
    for ref in topic.references:
        ranked = sorted((c for c in cases if c.reference == ref.name and c.rank >= 0), key=lambda c: c.rank)
        used: set[int] = set()
        chosen: dict[Any, list[str]] = {}
        k = ref.sentences_per_date()
        for c in ranked:
            if len(chosen) >= len(ref.entries):
                break
            avail = [i for i, r in enumerate(c.rows) if r not in used]
            if not avail:
                continue
            got = pick(c, avail, k)
            if got:
                used.update(c.rows[i] for i in got)
                chosen[c.day] = [c.texts[i] for i in got]
        per_ref.append(evaluate(chosen, ref))
    return {
        "ar1": mean_prf([s.align_m1.rouge_1 for s in per_ref]),
        "ar2": mean_prf([s.align_m1.rouge_2 for s in per_ref]),
        "date": mean_prf([s.dates for s in per_ref]),
    }


def summary(scores: dict[str, dict[str, PRF]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for metric in ("ar1", "ar2", "date"):
        out[metric] = round(mean_prf([s[metric] for s in scores.values()]).f1, 4)
    out["topics"] = {t: {m: round(s[m].f1, 4) for m in s} for t, s in scores.items()}
    return out


def loso(topics: list[Topic], cases: dict[str, list[DayCase]], params: dict[str, Any]) -> dict[str, Any]:
    stories = sorted({story_of(t.name) for t in topics})
    base: dict[str, dict[str, PRF]] = {}
    learned: dict[str, dict[str, PRF]] = {}
    for story in stories:
        train = [c for t in topics if story_of(t.name) != story for c in cases[t.name]]
        model = fit(train, params)
        for t in topics:
            if story_of(t.name) == story:
                base[t.name] = replay(t, cases[t.name], centroid_pick)
                learned[t.name] = replay(t, cases[t.name], model_pick(model))
    return {"centroid": summary(base), "learned": summary(learned)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store-dir", type=Path, help="benchmarks/tls.py's kept stores (folder holding t17/)")
    parser.add_argument("--cache", type=Path, default=CACHE)
    parser.add_argument("--topics", help="comma-separated topic names (default: all)")
    parser.add_argument("--cv", action="store_true", help="leave-one-story-out replay figures")
    parser.add_argument("--write", action="store_true", help=f"fit on all topics, write {MODEL_PATH.name}")
    parser.add_argument("--params", help="JSON overriding the trees' settings")
    args = parser.parse_args(argv)
    if not T17.exists():
        print(json.dumps({"skipped": f"{T17} is not available"}))
        return 0
    names = set(args.topics.split(",")) if args.topics else None
    topics = [load_topic(p) for p in find_topics([T17]) if not names or p.name in names]
    store = args.store_dir / T17.name if args.store_dir else None
    cases = {t.name: topic_cases(t, store, args.cache) for t in topics}
    params = {**GBM, **json.loads(args.params)} if args.params else GBM
    if args.cv:
        started = time.perf_counter()
        out = loso(topics, cases, params)
        out["seconds"] = round(time.perf_counter() - started, 1)
        print(json.dumps(out, indent=1))
    if args.write:
        model = fit([c for t in topics for c in cases[t.name]], params, {"topics": len(topics)})
        MODEL_PATH.write_text(json.dumps(model.to_dict()) + "\n", encoding="utf-8")
        print(f"wrote {MODEL_PATH} ({model.meta['groups']} days, {model.meta['candidates']} candidates)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
