"""Long-story benchmark: Date-F1 of dateline's timeline against PubCount on one story told over 18 years.

The story is generated (benchmarks/_long_story.py: a fictional cyclist's career, routine seasons,
turning points with bursts of coverage, later articles referring back to them with explicit
dates); it goes through the normal ingest path and the Timeline17 protocol
(:mod:`dateline.evaluate.runner`), so the figures are comparable with benchmarks/tls.py's.

    .venv/bin/python benchmarks/long_story.py [--seeds 7,8,9] [--methods default,default-plain,pubcount]
                                              [--store-dir DIR] [--out docs/results/long-story.json]

Prints JSON: per seed and mean, AR-1 F, Date-F1 and how many chosen dates fall in the year the
story turns, for every method; ``default-plain`` is the default with the long-story weighting of
dateline.timeline.datewise switched off (no reference counted as late, BURST_DAYS and
SAME_EVENT_DAYS at 0): the selection as it was before them.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from _long_story import TURN_YEAR, write_long_story  # noqa: E402

from benchmarks._report import emit, patched  # noqa: E402
from dateline.evaluate.loaders import load_topic  # noqa: E402
from dateline.evaluate.runner import predict_for_reference, prepared, resolve_generator  # noqa: E402
from dateline.evaluate.tls_metrics import evaluate  # noqa: E402
from dateline.timeline import datewise  # noqa: E402

# "default-plain": the default method with the long-story weighting and the neighbouring-day
# check of dateline.timeline.datewise switched off (what the default did before them).
# No reference is late (so every one counts once, per article), plain publication counts, no
# neighbouring-day check: the date-wise selection as it was before these settings.
PLAIN = {"RECALL_DAYS": 10**9, "BURST_DAYS": 0, "SAME_EVENT_DAYS": 0}


def plain() -> AbstractContextManager[None]:
    return patched(datewise, PLAIN)


def run_seed(seed: int, methods: list[str], store_dir: Path | None) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="dateline-long-story-") as tmp:
        topic = load_topic(write_long_story(Path(tmp) / f"long_story_{seed}", seed))
        ref = topic.references[0]
        out: dict[str, Any] = {
            "seed": seed,
            "articles": len(topic.articles),
            "reference_dates": len(ref.dates),
            "reference_in_turn_year": sum(d.year == TURN_YEAR for d in ref.dates),
            "methods": {},
        }
        with prepared(topic, store_dir=store_dir) as prep:
            for m in methods:
                with plain() if m == "default-plain" else nullcontext():
                    timeline = predict_for_reference(prep, resolve_generator(m.removesuffix("-plain")), ref)
                scores = evaluate(timeline, ref)
                days = [e.date.start for e in timeline.events if e.date.start is not None]
                out["methods"][m] = {
                    "date_f1": round(scores.date_f1, 4),
                    "ar1_f": round(scores.ar1_f, 4),
                    "dates": len(days),
                    "in_turn_year": sum(d.year == TURN_YEAR for d in days),
                }
        return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seeds", default="7,8,9", help="comma-separated corpus seeds (default: %(default)s)")
    parser.add_argument("--methods", default="default,default-plain,pubcount,random")
    parser.add_argument("--store-dir", type=Path, help="keep the ingested stores here and re-use them")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    methods = args.methods.split(",")
    runs = [run_seed(int(s), methods, args.store_dir) for s in args.seeds.split(",")]
    mean = {m: {k: round(sum(r["methods"][m][k] for r in runs) / len(runs), 4) for k in ("date_f1", "ar1_f")}
            for m in methods}  # fmt: skip
    report = {"story": "generated cyclist career, 2000-2017 (benchmarks/_long_story.py)", "mean": mean, "runs": runs}
    if "default" in mean and "pubcount" in mean and mean["pubcount"]["date_f1"]:
        report["date_f1_ratio_default_to_pubcount"] = round(mean["default"]["date_f1"] / mean["pubcount"]["date_f1"], 3)
    return emit(report, args.out)


if __name__ == "__main__":
    sys.exit(main())
