"""Development harness for the timeline algorithms on Timeline17 (quick, not the benchmark).

The benchmark of record is ``benchmarks/tls.py`` / ``dateline eval`` (``dateline.evaluate``).
This harness scores with tilse's own pure-Python ROUGE re-implementation
(``rouge_computation="reimpl"``) and takes the *mean of per-timeline F1* (the official
runner takes F1 of averaged precision and recall, so its figures are higher); it exists to
compare timeline settings fast on cached analyses. Protocol as in the literature:
number of dates and sentences per date from the reference timeline, articles restricted
to the reference timeline's span, scores averaged over reference timelines and topics.

Two ways to build the analysed articles:

- ``--analyser light`` (default): a small harness-only analysis of the PTB-tokenised text
  (sentence split on final punctuation, explicit dates / weekdays / yesterday resolved
  against the article's ``dct``), so the timeline part can be measured on its own;
- ``--analyser real``: the product pipeline (ingest reader, clean, analyse, cross-document
  dating) on the detokenised text, cached per topic under /tmp/dateline_dev_tls_cache.

    .venv/bin/python benchmarks/_dev_tls.py [--method default] [--topics a,b] [--json]
"""

from __future__ import annotations

import argparse
import calendar
import json
import re
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dateline.data import (  # noqa: E402
    AnalysedArticle,
    Article,
    Collection,
    DateInterval,
    Sentence,
    TimeExpression,
    Timeline,
)
from dateline.timeline import get_generator  # noqa: E402

T17 = ROOT.parent / "shared" / "tls" / "t17"

_MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
_MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
_MONTHS["sept"] = 9
_MON = r"(January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
_WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}
_PATTERNS = [
    ("dmy", re.compile(rf"\b(\d{{1,2}}) {_MON} (\d{{4}})\b")),
    ("mdy", re.compile(rf"\b{_MON} (\d{{1,2}}) , (\d{{4}})\b")),
    ("md", re.compile(rf"\b{_MON} (\d{{1,2}})\b(?! , \d{{4}})")),
    ("dm", re.compile(rf"\b(\d{{1,2}}) {_MON}\b(?! \d{{4}})")),
    ("wd", re.compile(r"\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")),
    ("rel", re.compile(r"\b(yesterday|today|tonight|last night)\b", re.I)),
]


def _safe(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _resolve(kind: str, g: tuple[str, ...], dct: date) -> date | None:
    if kind == "dmy":
        return _safe(int(g[2]), _MONTHS[g[1].lower()], int(g[0]))
    if kind == "mdy":
        return _safe(int(g[2]), _MONTHS[g[0].lower()], int(g[1]))
    if kind in ("md", "dm"):
        mon, day = (g[0], g[1]) if kind == "md" else (g[1], g[0])
        d = _safe(dct.year, _MONTHS[mon.lower()], int(day))
        if d and d > dct + timedelta(days=60):
            d = _safe(dct.year - 1, _MONTHS[mon.lower()], int(day))
        return d
    if kind == "wd":
        back = (dct.weekday() - _WEEKDAYS[g[0].lower()]) % 7
        return dct - timedelta(days=back)
    word = g[0].lower()
    return dct - timedelta(days=1) if word in ("yesterday", "last night") else dct


def split_sentences(text: str) -> list[str]:
    toks = text.split()
    out, cur = [], []
    for i, t in enumerate(toks):
        cur.append(t)
        nxt = toks[i + 1] if i + 1 < len(toks) else ""
        ends = t in (".", "!", "?") and nxt != "''"
        if ends or (t == "''" and len(cur) > 1 and cur[-2] in (".", "!", "?")):
            out.append(" ".join(cur))
            cur = []
    if cur:
        out.append(" ".join(cur))
    return out


def light_article(uid: str, dct: date, text: str, outlet: str) -> AnalysedArticle:
    sents_txt = split_sentences(text)
    body = " ".join(sents_txt)
    sents, times, pos = [], [], 0
    for i, s in enumerate(sents_txt):
        sents.append(Sentence(i, s, pos, pos + len(s)))
        for kind, pat in _PATTERNS:
            for m in pat.finditer(s):
                d = _resolve(kind, m.groups(), dct)
                if d is not None:
                    iv = DateInterval.day(d)
                    times.append(TimeExpression(m.group(0), i, pos + m.start(), pos + m.end(), iv, kind))
        pos += len(s) + 1
    art = Article(id=uid, path=f"{uid}.txt", fmt="text", text=body, outlet=outlet)
    return AnalysedArticle(article=art, sentences=tuple(sents), times=tuple(times), published=DateInterval.day(dct))


CACHE = Path("/tmp/dateline_dev_tls_cache")


def real_articles(topic: Path) -> list[AnalysedArticle]:
    """The product pipeline (ingest reader, clean, analyse, cross-document dating), cached
    per topic in /tmp so that timeline settings can be compared quickly."""
    import pickle
    import tempfile

    from dateline.evaluate.loaders import load_topic, write_jsonl
    from dateline.ingest.readers import read_paths
    from dateline.pipeline import process

    cache = CACHE / f"{topic.name}.pkl"
    if cache.is_file():
        return pickle.loads(cache.read_bytes())
    t = load_topic(topic)
    with tempfile.TemporaryDirectory() as tmp:
        path = write_jsonl(list(t.articles), Path(tmp) / f"{topic.name}.jsonl")
        docs = [d for d in read_paths([str(path)]) if not hasattr(d, "reason")]
        arts = process(docs)  # type: ignore[arg-type]
    CACHE.mkdir(exist_ok=True)
    cache.write_bytes(pickle.dumps(arts))
    return arts


def load_refs(topic: Path) -> list[dict[date, list[str]]]:
    refs = []
    for f in sorted(topic.glob("*.timeline.json")):
        tl: dict[date, list[str]] = {}
        for e in json.loads(f.read_text()):
            tl.setdefault(date.fromisoformat(e["date"][:10]), []).append(e["text"])
        refs.append(tl)
    return refs


def _n_sents(texts: list[str]) -> int:
    return sum(len([s for s in re.split(r"\s{2,}", t.strip()) if s]) for t in texts)


def score(pred: Timeline, ref: dict[date, list[str]], evaluator) -> dict[str, float]:
    from tilse.data.timelines import GroundTruth
    from tilse.data.timelines import Timeline as TT

    ptl: dict[date, list[str]] = {}
    for e in pred.events:
        if e.date.start is not None:
            ptl.setdefault(e.date.start, []).extend(s.text for s in e.summary)
    gt = GroundTruth([TT(ref)])
    p = TT(ptl)
    ar = evaluator.evaluate_align_date_content_costs_many_to_one(p, gt)
    pd, rd = set(ptl), set(ref)
    prec = len(pd & rd) / len(pd) if pd else 0.0
    rec = len(pd & rd) / len(rd) if rd else 0.0
    df1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return {"ar1_f": ar["rouge_1"]["f_score"], "ar2_f": ar["rouge_2"]["f_score"], "date_f1": df1}


def run_topic(topic: Path, method: str, analyser: str, evaluator) -> dict:
    raw = json.loads((topic / "articles.json").read_text())
    outlet = topic.name.split("_")[-1]
    t0 = time.perf_counter()
    if analyser == "real":
        arts = real_articles(topic)
    else:
        arts = [light_article(str(a["uid"]), date.fromisoformat(a["dct"][:10]), a["text"], outlet) for a in raw]
    t_an = time.perf_counter() - t0
    rows = []
    gen = get_generator(method)
    t_pred = 0.0
    for ref in load_refs(topic):
        lo, hi = min(ref), max(ref)
        keep = tuple(a for a in arts if a.published.start is None or lo <= a.published.start <= hi)
        k_dates = len(ref)
        k_sents = max(1, round(statistics.mean(_n_sents(v) for v in ref.values())))
        t1 = time.perf_counter()
        tl = gen.predict(Collection(keep), k_dates, k_sents)
        t_pred += time.perf_counter() - t1
        rows.append(score(tl, ref, evaluator))
    res = {k: statistics.mean(r[k] for r in rows) for k in rows[0]}
    res.update(topic=topic.name, timelines=len(rows), analyse_s=round(t_an, 2), predict_s=round(t_pred, 2))
    res["_per_timeline"] = rows
    return res


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--method", default="default")
    ap.add_argument("--analyser", choices=["light", "real"], default="light")
    ap.add_argument("--topics", default="")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    from tilse.evaluation import rouge

    evaluator = rouge.TimelineRougeEvaluator(measures=["rouge_1", "rouge_2"], rouge_computation="reimpl")
    topics = sorted(p for p in T17.iterdir() if p.is_dir())
    if args.topics:
        wanted = set(args.topics.split(","))
        topics = [t for t in topics if t.name in wanted]
    results = []
    for t in topics:
        r = run_topic(t, args.method, args.analyser, evaluator)
        results.append(r)
        print(f"{r['topic']:24s} AR1 {r['ar1_f']:.3f} AR2 {r['ar2_f']:.3f} DF1 {r['date_f1']:.3f} "
              f"an {r['analyse_s']:.1f}s pred {r['predict_s']:.1f}s", file=sys.stderr)
    per_tl = [x for r in results for x in r["_per_timeline"]]
    summary = {
        "method": args.method,
        "analyser": args.analyser,
        "mean_topics": {k: round(statistics.mean(r[k] for r in results), 4) for k in ("ar1_f", "ar2_f", "date_f1")},
        "mean_timelines": {k: round(statistics.mean(r[k] for r in per_tl), 4) for k in ("ar1_f", "ar2_f", "date_f1")},
        "seconds_per_topic": round(statistics.mean(r["analyse_s"] + r["predict_s"] for r in results), 2),
    }
    print(json.dumps(summary, indent=1))


if __name__ == "__main__":
    main()
