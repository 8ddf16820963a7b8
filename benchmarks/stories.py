"""Story benchmark: Timeline17's 13 topics in one store, scored against its 7 real stories.

The five BP oil spill outlets are one story, the three H1N1 outlets one, and so on (a topic
folder's name up to its first "_" is its story). Articles go through the normal ingest path
(JSONL with ``published`` = ``dct``, the topic as ``source``) into one store; then
:func:`dateline.events.stories.detect_stories` groups them and is scored with B-cubed
precision, recall and F1 (Bagga & Baldwin 1998) and the adjusted Rand index, beside a
TF-IDF k-means baseline told the true number of stories, in the same run.

The two thresholds of story detection are also chosen by cross-validation over stories:
for every pair of stories held out, the thresholds are chosen on the other five (grid below,
by B-cubed F1) and scored on the two held out, clustered on their own.

Then the timeline-summarisation protocol (:func:`tls_by_story`): each reference timeline is
built from the story dateline detected (the stored stories, as ``dateline stories`` lists
them) instead of its topic folder, beside the per-topic figure on the same store. Prints JSON.

    .venv/bin/python benchmarks/stories.py [--per-topic N] [--store PATH] [--folds N] [--no-tls]
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import dateline  # noqa: E402
from dateline.data import AnalysedArticle  # noqa: E402
from dateline.evaluate.loaders import load_topic, select_articles  # noqa: E402
from dateline.events import stories as S  # noqa: E402

T17 = Path(__file__).resolve().parents[1].parent / "shared" / "tls" / "t17"
GRID_JOIN = (0.05, 0.1, 0.15)
GRID_RATIO = (0.3, 0.4, 0.5)


def story_of(topic: str) -> str:
    return topic.split("_")[0]


def bcubed(gold: Sequence[str], pred: Sequence[object]) -> dict[str, float]:
    """B-cubed precision, recall and F1 of a clustering against gold labels."""
    pairs = Counter(zip(gold, pred, strict=True))
    g, p = Counter(gold), Counter(pred)
    n = len(gold)
    precision = sum(c * c / p[k[1]] for k, c in pairs.items()) / n
    recall = sum(c * c / g[k[0]] for k, c in pairs.items()) / n
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3)}


def scores(gold: Sequence[str], pred: Sequence[object]) -> dict[str, Any]:
    from sklearn.metrics import adjusted_rand_score

    return {**bcubed(gold, pred), "ari": round(float(adjusted_rand_score(gold, pred)), 3),
            "clusters": len(set(pred)), "stories": len(set(gold))}


def build_store(db: Path, per_topic: int | None) -> None:
    jsonl = db.with_suffix(".jsonl")
    with jsonl.open("w", encoding="utf-8") as out:
        for folder in sorted(p for p in T17.iterdir() if p.is_dir()):
            for a in select_articles(load_topic(folder), limit=per_topic):
                record = {"text": a.text, "source": folder.name}
                if a.published:
                    record["published"] = a.published.isoformat()
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
    with dateline.open(db) as corpus:
        corpus.ingest([str(jsonl)], progress=False)


def detect(articles: Sequence[AnalysedArticle], groups: Sequence[Sequence[str]], join: float,
           ratio: float) -> dict[str, int]:
    S.JOIN_THRESHOLD, S.MERGE_RATIO = join, ratio
    return {i: k for k, s in enumerate(S.detect_stories(articles, groups)) for i in s.article_ids}


def kmeans_baseline(articles: Sequence[AnalysedArticle], k: int) -> list[int]:
    from sklearn.cluster import KMeans

    space = S._space(articles)  # the same TF-IDF words, without entities
    return [int(x) for x in KMeans(k, n_init=10, random_state=0).fit(space.text).labels_]


def cross_validate(articles: list[AnalysedArticle], groups: Sequence[Sequence[str]], gold: dict[str, str],
                   folds: int | None) -> dict[str, Any]:
    stories = sorted(set(gold.values()))
    held_out = list(itertools.combinations(stories, 2))[:folds]
    rows = []
    for pair in held_out:
        train = [a for a in articles if gold[a.id] not in pair]
        test = [a for a in articles if gold[a.id] in pair]
        def f1(arts: list[AnalysedArticle], j: float, r: float) -> float:
            pred = detect(arts, groups, j, r)
            return float(bcubed([gold[a.id] for a in arts], [pred[a.id] for a in arts])["f1"])
        best = max(itertools.product(GRID_JOIN, GRID_RATIO), key=lambda jr: f1(train, *jr))
        pred = detect(test, groups, *best)
        rows.append({"held_out": list(pair), "chosen": list(best),
                     **scores([gold[a.id] for a in test], [pred[a.id] for a in test])})
    return {"folds": rows, "mean_f1": round(float(np.mean([r["f1"] for r in rows])), 3),
            "mean_ari": round(float(np.mean([r["ari"] for r in rows])), 3),
            "chosen": {f"join {j} ratio {r}": n for (j, r), n in Counter(tuple(r["chosen"]) for r in rows).most_common()}}


def tls_by_story(db: Path) -> dict[str, Any]:
    """Timeline17's TLS protocol twice on the one store: each reference timeline built from its
    topic folder's articles (the usual per-topic setting, here the ``source`` filter), and from
    the detected story that holds most of that folder's articles (``story`` filter: every
    outlet's coverage of it, as a newsroom would have it). Same generator, same date range,
    same keywords; AR-1/AR-2 F and Date-F1 of each, meaned over the reference timelines."""
    from dataclasses import replace

    from dateline.evaluate.runner import resolve_generator
    from dateline.evaluate.tls_metrics import evaluate
    from dateline.store import Filters
    from dateline.timeline import DEFAULT_METHOD

    generator = resolve_generator(DEFAULT_METHOD)
    rows = []
    with dateline.open(db) as corpus:
        if corpus.corpus_step_due():
            corpus.update_corpus()
        story_of = {aid: s.id for s in corpus.stories() for aid in s.article_ids}
        for folder in sorted(p for p in T17.iterdir() if p.is_dir()):
            topic = load_topic(folder)
            ids = corpus.store.select_ids(Filters(source=folder.name))
            if not ids:
                continue
            sid, held = Counter(story_of[i] for i in ids).most_common(1)[0]
            size = sum(1 for v in story_of.values() if v == sid)
            for ref in topic.references:
                if not ref.entries:
                    continue
                start, end = ref.dates[0], ref.dates[-1]
                row: dict[str, Any] = {"topic": folder.name, "reference": ref.name, "story": sid,
                                       "topic_articles": len(ids), "topic_share_in_story": round(held / len(ids), 3),
                                       "story_articles": size}
                for kind, kwargs in (("per_topic", {"source": folder.name}), ("per_story", {"story": sid})):
                    coll = corpus.collection(start=start, end=end, articles_in_range=True, **kwargs)
                    coll = replace(coll, keywords=topic.keywords)
                    tl = generator.predict(coll, len(ref.entries), ref.sentences_per_date())
                    sc = evaluate(tl, ref)
                    row[kind] = {"ar1_f": round(sc.ar1_f, 4), "ar2_f": round(sc.ar2_f, 4),
                                 "date_f1": round(sc.date_f1, 4), "articles": len(coll.articles)}
                rows.append(row)
    mean = {kind: {m: round(float(np.mean([r[kind][m] for r in rows])), 4) for m in ("ar1_f", "ar2_f", "date_f1")}
            for kind in ("per_topic", "per_story")}
    ratio = mean["per_story"]["ar1_f"] / mean["per_topic"]["ar1_f"] if mean["per_topic"]["ar1_f"] else 0.0
    return {"method": DEFAULT_METHOD, "references": len(rows), "mean": mean,
            "ar1_f_story_over_topic": round(ratio, 3), "target": 0.9, "per_reference": rows}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--per-topic", type=int, help="articles per topic, evenly over time (default: all)")
    ap.add_argument("--store", type=Path, help="reuse (or build) this store instead of a fresh one")
    ap.add_argument("--folds", type=int, help="only the first N held-out pairs of stories (default: all 21)")
    ap.add_argument("--no-tls", action="store_true", help="skip the TLS scores per story and per topic")
    args = ap.parse_args()
    if not T17.exists():
        sys.exit(f"{T17} is not here")
    with tempfile.TemporaryDirectory() as tmp:
        db = args.store or Path(tmp) / "t17.db"
        started = time.perf_counter()
        if not db.exists():
            build_store(db, args.per_topic)
        ingest_s = time.perf_counter() - started
        with dateline.open(db) as corpus:
            articles = list(corpus.store.iter_articles())
            groups = corpus.store.duplicate_groups()
        tls = None if args.no_tls else tls_by_story(db)
    gold = {a.id: story_of(a.article.outlet or "") for a in articles}
    labels = [gold[a.id] for a in articles]
    defaults = (S.JOIN_THRESHOLD, S.MERGE_RATIO)
    started = time.perf_counter()
    pred = detect(articles, groups, *defaults)
    seconds = time.perf_counter() - started
    started = time.perf_counter()
    km = kmeans_baseline(articles, len(set(labels)))
    km_seconds = time.perf_counter() - started
    report = {
        "articles": len(articles), "per_topic": args.per_topic, "ingest_seconds": round(ingest_s, 1),
        "dateline": {"join": defaults[0], "ratio": defaults[1], **scores(labels, [pred[a.id] for a in articles]),
                     "seconds": round(seconds, 2)},
        "kmeans_tfidf_true_k": {**scores(labels, km), "seconds": round(km_seconds, 2)},
        "cross_validated": cross_validate(articles, groups, gold, args.folds),
        "tls_by_story": tls,
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
