"""``dateline eval DIR... [--method NAME] [--format json]``: score a timeline method on benchmark topics.

A thin adapter over :mod:`dateline.evaluate.runner`; ``dateline/cli.py`` registers it.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from dateline.settings import DEFAULT_RANKER, RANKERS, Settings

EVAL_DESCRIPTION = """\
Runs a timeline method on topic folders in the Timeline17 layout (<topic>/articles.json plus
one or more <name>.timeline.json reference timelines) and scores it as the literature does:
as many dates and sentences per date as the reference, articles within the reference's span,
alignment-based ROUGE-1/2 F1 (AR-1, AR-2) and Date-F1, averaged over references and topics.
Each DIR is one topic folder or a folder of topic folders. Articles go through the normal
ingest pipeline into a temporary store.
"""


def add_eval_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Register ``eval`` on the ``dateline`` argument parser's subcommands."""
    from dateline.evaluate.baselines import BASELINES
    from dateline.timeline import DEFAULT_METHOD, METHODS

    p: argparse.ArgumentParser = subparsers.add_parser(
        "eval",
        help="score a timeline method on benchmark topic folders (AR-1, AR-2, Date-F1)",
        description=EVAL_DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("dirs", nargs="+", metavar="DIR", help="a topic folder, or a folder of topic folders")
    p.add_argument("--method", default=DEFAULT_METHOD,
                   help=f"timeline method: {', '.join((*METHODS, *BASELINES))} (default: {DEFAULT_METHOD})")  # fmt: skip
    p.add_argument("--max-articles", type=int, default=None, metavar="N",
                   help="use at most N articles per topic, spread evenly over time (quick runs)")  # fmt: skip
    p.add_argument("--ranker", choices=RANKERS, default=Settings().ranker,
                   help="how sentences are compared (see `dateline timeline --help`; default: %(default)s)")  # fmt: skip
    p.add_argument("--format", choices=["text", "json"], default="text")
    return p


def eval_report(results: list[Any], method: str, ranker: str = DEFAULT_RANKER) -> dict[str, Any]:
    """The JSON contract: per-topic AR-1/AR-2 F1, Date-F1 and seconds, and their means."""
    from dateline.evaluate.runner import mean_scores

    mean = mean_scores(results)
    return {
        "method": method,
        "ranker": ranker,
        "topics": [
            {k: t.to_json()[k] for k in ("topic", "ar1_f", "ar2_f", "date_f1", "seconds")} for t in results
        ],
        "mean": {k: mean[k] for k in ("ar1_f", "ar2_f", "date_f1")},
    }


def _text(report: dict[str, Any]) -> str:
    lines = [
        f"method: {report['method']}",
        f"{'topic':<32} {'AR-1 F':>7} {'AR-2 F':>7} {'Date-F1':>7} {'seconds':>8}",
    ]
    for t in report["topics"]:
        lines.append(
            f"{t['topic']:<32} {t['ar1_f']:7.3f} {t['ar2_f']:7.3f} {t['date_f1']:7.3f} {t['seconds']:8.1f}"
        )
    m = report["mean"]
    lines.append(f"{'mean':<32} {m['ar1_f']:7.3f} {m['ar2_f']:7.3f} {m['date_f1']:7.3f}")
    return "\n".join(lines)


def run_eval(args: argparse.Namespace) -> int:
    """Run ``dateline eval``; errors are :mod:`dateline.errors` exceptions the CLI reports."""
    from dateline.errors import UsageError
    from dateline.evaluate.loaders import find_topics, load_topic
    from dateline.evaluate.runner import resolve_generator, run_topics

    if args.max_articles is not None and args.max_articles < 1:
        raise UsageError("--max-articles must be at least 1")
    resolve_generator(args.method, args.ranker)  # an unknown method or missing model fails before slow work
    topics = [load_topic(p) for p in find_topics(args.dirs)]
    settings = Settings(ranker=args.ranker)
    results = run_topics(topics, [args.method], settings, max_articles=args.max_articles)[args.method]
    report = eval_report(results, args.method, args.ranker)
    if args.format == "json":
        json.dump(report, sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        print(_text(report))
    return 0
