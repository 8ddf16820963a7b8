"""Timeline-summarisation benchmark: every dateline timeline method and two baselines on Timeline17.

For each dataset under ../shared/tls/ (a folder of topic folders), every topic is ingested once
through the normal pipeline (``dateline.open(...).ingest``) and every method in
``dateline.timeline.METHODS`` (with each sentence ranker: ``default`` is TF-IDF,
``default@embedding`` the shipped embedding model) plus the PubCount and random-date baselines
is run on the same store with the literature's protocol (see ``dateline.evaluate.runner``). Prints JSON per
dataset: AR-1 F1, AR-2 F1, Date-F1, concat ROUGE-1/2 F1 and seconds per topic for each method,
the number of summary sentences that read as reader comments (``comment_sentences``, counted by
``dateline.evaluate.commentlike``, independently of the cleaner), the per-topic figures, and the published figures of ../shared/tls/README.md beside them.

With ``--loso`` the learned sentence scorer (method ``learned``) is also scored
leave-one-story-out: the topics of each story (``<story>_<outlet>``: five outlets on the BP oil
spill, three on H1N1, ...) are scored with a model fitted on the other stories' topics only, in
the same run and on the same stores as the other methods (``"loso"`` in the JSON, per topic, per
story and mean, with the seconds spent on features, fitting and prediction). The ``learned``
method's own figures use the shipped model, fitted on all Timeline17 dev topics: not a held-out
figure on them.

    .venv/bin/python benchmarks/tls.py [--topics H1N1_bbc,MJ_bbc] [--methods default,pubcount]
                                       [--rankers lexical,embedding] [--max-articles N] [--loso]
                                       [--store-dir DIR] [--workers 2] [--out results.json]
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import sys
import time
import traceback
from contextlib import ExitStack
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks._report import emit  # noqa: E402
from dateline.evaluate.baselines import BASELINES  # noqa: E402
from dateline.evaluate.learn import DayCase, fit, reference_cases, story_of  # noqa: E402
from dateline.evaluate.loaders import find_topics, load_topic  # noqa: E402
from dateline.evaluate.runner import (  # noqa: E402
    PreparedTopic,
    TopicResult,
    mean_scores,
    prepared,
    protocol_collection,
    resolve_generator,
    run_topic,
)
from dateline.settings import DEFAULT_RANKER, RANKERS, Settings  # noqa: E402
from dateline.timeline import DEFAULT_METHOD, METHODS, TimelineGenerator  # noqa: E402

TLS = ROOT.parent / "shared" / "tls"
PUBLISHED_SOURCE = "Gholipour Ghalandari & Ifrim, ACL 2020, Table 4 (as cited in ../shared/tls/README.md)"
_ROW = re.compile(r"^\|\s*([^|]+?)\s*\|\s*([0-9.]+)\s*\|\s*([0-9.]+)\s*\|\s*([0-9.]+)\s*\|\s*$")


def published_figures(readme: Path) -> dict[str, dict[str, float]]:
    """The results table of the README: method -> AR-1 F, AR-2 F, Date-F1."""
    if not readme.exists():
        return {}
    out = {}
    for line in readme.read_text(encoding="utf-8").splitlines():
        if m := _ROW.match(line):
            out[m.group(1)] = {
                "ar1_f": float(m.group(2)),
                "ar2_f": float(m.group(3)),
                "date_f1": float(m.group(4)),
            }
    return out


def summarise(results: list[TopicResult]) -> dict[str, Any]:
    mean = mean_scores(results)
    n = len(results) or 1
    return {
        "mean": {k: round(v, 4) for k, v in mean.items()},
        "predict_seconds_per_topic": round(sum(t.predict_seconds for t in results) / n, 2),
        "ingest_seconds_per_topic": round(sum(t.ingest_seconds for t in results) / n, 2),
        # summary sentences that read as reader comments (dateline.evaluate.commentlike), all topics
        "comment_sentences": sum(r.comment_sentences for t in results for r in t.references),
        "summary_sentences": sum(r.summary_sentences for t in results for r in t.references),
        "topics": [
            {k: (round(v, 4) if isinstance(v, float) else v) for k, v in t.to_json().items()} for t in results
        ],
    }


def variants(methods: list[str], rankers: list[str]) -> dict[str, tuple[str, str]]:
    """Label -> (method, ranker): each method with each sentence ranker ("default@embedding");
    the default ranker's runs keep the bare method name, baselines run once."""
    out = {}
    for m in methods:
        for r in [DEFAULT_RANKER] if m in BASELINES else rankers:
            out[m if r == DEFAULT_RANKER else f"{m}@{r}"] = (m, r)
    return out


def available(runs: dict[str, tuple[str, str]]) -> tuple[dict[str, TimelineGenerator], dict[str, str]]:
    """Generators that load, and why the others do not (a method still being written, say)."""
    ok, errors = {}, {}
    for label, (m, r) in runs.items():
        try:
            ok[label] = resolve_generator(m, r)
        except Exception as exc:  # reported in the output, never hidden
            errors[label] = f"{type(exc).__name__}: {exc}"
    return ok, errors


def topic_cases(prep: PreparedTopic) -> list[DayCase]:
    """Training cases (features and labels) of every reference of a prepared topic."""
    out: list[DayCase] = []
    for ref in prep.topic.references:
        collection = protocol_collection(prep, ref)
        if collection is not None:
            out.extend(reference_cases(prep.topic.name, collection, ref))
    return out


def leave_one_story_out(preps: list[PreparedTopic], results: dict[str, list[TopicResult]]) -> dict[str, Any]:
    """The learned scorer on each story's topics, fitted on the other stories' topics only."""
    from dateline.timeline.default import DefaultGenerator
    from dateline.timeline.learned import learned_chooser

    started = time.perf_counter()
    cases = {p.topic.name: topic_cases(p) for p in preps}
    feature_seconds = time.perf_counter() - started
    stories: dict[str, list[str]] = {}
    for p in preps:
        stories.setdefault(story_of(p.topic.name), []).append(p.topic.name)
    learned: list[TopicResult] = []
    fit_seconds = 0.0
    for names in stories.values():
        started = time.perf_counter()
        model = fit([c for t, cs in cases.items() if t not in names for c in cs])
        fit_seconds += time.perf_counter() - started
        generator = DefaultGenerator(chooser=learned_chooser(model))
        learned.extend(run_topic(p, "learned-loso", generator) for p in preps if p.topic.name in names)
    compared = {"learned-loso": learned, **{m: r for m, r in results.items() if not m.startswith("learned")}}
    per_story = {
        story: {m: {k: round(v, 4) for k, v in mean_scores([r for r in rs if r.topic in names]).items()}
                for m, rs in compared.items()}
        for story, names in stories.items()
    }  # fmt: skip
    return {
        "validation": "leave-one-story-out: each story's topics scored by a model fitted on the other stories",
        "stories": stories,
        "learned": summarise(learned),
        "compared": {m: {k: round(v, 4) for k, v in mean_scores(rs).items()} for m, rs in compared.items()},
        "per_story": per_story,
        "feature_seconds": round(feature_seconds, 1),
        "fit_seconds": round(fit_seconds, 1),
    }


def run_dataset(folder: Path, methods: list[str], topic_names: set[str] | None,
                max_articles: int | None, store_dir: Path | None = None,
                settings: Settings | None = None, rankers: list[str] | None = None,
                loso: bool = False) -> dict[str, Any]:  # fmt: skip
    topics = [load_topic(p) for p in find_topics([folder]) if not topic_names or p.name in topic_names]
    generators, errors = available(variants(methods, rankers or [DEFAULT_RANKER]))
    results: dict[str, list[TopicResult]] = {m: [] for m in generators}
    started = time.perf_counter()
    report: dict[str, Any] = {}
    with ExitStack() as stack:  # with --loso every topic stays open until the stories are scored
        preps: list[PreparedTopic] = []
        for topic in topics:
            prep = stack.enter_context(prepared(topic, settings, max_articles=max_articles, store_dir=store_dir))
            for m in list(results):
                try:
                    results[m].append(run_topic(prep, m, generators[m]))
                except Exception as exc:  # one broken method must not hide the others' figures
                    logging.error("%s failed on %s:\n%s", m, topic.name, traceback.format_exc())
                    errors[m] = f"failed on {topic.name}: {type(exc).__name__}: {exc}"
                    del results[m]
            if loso:
                preps.append(prep)
            else:
                stack.close()
        if loso:
            report["loso"] = leave_one_story_out(preps, results)
    return {
        "dataset": folder.name,
        "topics": [t.name for t in topics],
        "references": sum(len(t.references) for t in topics),
        "max_articles": max_articles,
        # Kept stores are re-used: their ingest_seconds then do not measure the analysis.
        "store_dir": str(store_dir) if store_dir else None,
        "default_method": DEFAULT_METHOD,
        "methods": {m: summarise(r) for m, r in results.items() if m not in BASELINES},
        "baselines": {m: summarise(r) for m, r in results.items() if m in BASELINES},
        "errors": errors,
        "published": published_figures(TLS / "README.md"),
        "published_source": PUBLISHED_SOURCE,
        **report,
        "wall_seconds": round(time.perf_counter() - started, 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--topics", help="comma-separated topic folder names (default: all)")
    parser.add_argument("--methods", help=f"comma-separated (default: {','.join((*METHODS, *BASELINES))})")
    parser.add_argument("--max-articles", type=int, default=None)
    parser.add_argument("--out", type=Path, help="also write the JSON here")
    parser.add_argument(
        "--store-dir",
        type=Path,
        help="keep the ingested stores here and re-use them "
        "(fast reruns while tuning timelines; delete it when the pipeline changes)",
    )
    parser.add_argument("--workers", type=int, default=1, help="analyser processes (Settings.analyse_processes)")
    parser.add_argument("--rankers", default=",".join(RANKERS[:2]),
                        help="sentence rankers to run each method with (default: %(default)s; "
                             f"{DEFAULT_RANKER} runs keep the bare method name, others are METHOD@RANKER)")  # fmt: skip
    parser.add_argument("--loso", action="store_true",
                        help="also score the learned sentence scorer leave-one-story-out")  # fmt: skip
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s"
    )
    if not TLS.exists():
        print(json.dumps({"skipped": f"{TLS} is not available"}))
        return 0
    methods = args.methods.split(",") if args.methods else [*METHODS, *BASELINES]
    names = set(args.topics.split(",")) if args.topics else None
    datasets = sorted(p for p in TLS.iterdir() if p.is_dir())
    report = {
        d.name: run_dataset(d, methods, names, args.max_articles, args.store_dir and args.store_dir / d.name,
                            Settings(analyse_processes=args.workers), args.rankers.split(","), args.loso)
        for d in datasets
    }
    return emit(report, args.out)


if __name__ == "__main__":
    sys.exit(main())
