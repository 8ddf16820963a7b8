"""Dating benchmark: publication intervals on real pages and on T17, with baselines in the same run.

Prints JSON: per set, the share of documents whose ``published`` interval contains the
true date, the share dated to exactly the true day, the median width in days (open
intervals count as infinite), and beside them the baselines: the first date
``dateparser.search.search_dates`` finds in the first 4,000 characters, and htmldate
(``original_date=True``) for HTML. Documents go through ``dateline.clean.clean`` and then
``date_article`` — the real path. ``RECENCY_DAYS`` (the only value fitted on these
pages) is chosen on four folds and scored on the fifth (``--cv``).

    .venv/bin/python benchmarks/dates.py [--sets webdates-txt,webdates-html,t17,t17-nodateline]
        [--baseline-every 5] [--limit N]
"""

from __future__ import annotations

import argparse
import dataclasses
import gzip
import json
import re
import statistics
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dateline.analyse import constraints as C  # noqa: E402
from dateline.analyse.dating import date_article  # noqa: E402
from dateline.analyse.published import html_published  # noqa: E402
from dateline.clean import clean  # noqa: E402
from dateline.data import AnalysedArticle, Article, DateInterval, RawDocument, Sentence  # noqa: E402
from dateline.events.dating import refine_corpus  # noqa: E402

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
_SENT = re.compile(r"[^.!?\n]+(?:[.!?]+[\"”’)]?|\n|$)")
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


def split_sentences(text: str) -> list[Sentence]:
    """A regex sentence splitter (the analyser's splitter is used when it is ready)."""
    out = []
    for m in _SENT.finditer(text):
        if m.group(0).strip():
            out.append(Sentence(len(out), m.group(0), m.start(), m.end()))
    return out


@dataclasses.dataclass
class Row:
    true: date
    interval: DateInterval
    has_year: bool = True


def score(rows: Sequence[Row], only_with_year: bool = False) -> dict[str, float | int | None]:
    rows = [r for r in rows if r.has_year or not only_with_year]
    if not rows:
        return {"n": 0}
    inside = sum(r.interval.contains(r.true) for r in rows)
    exact = sum(r.interval.start == r.interval.end == r.true for r in rows)
    widths = [r.interval.width_days if r.interval.width_days is not None else float("inf") for r in rows]
    med = statistics.median(widths)
    return {
        "n": len(rows),
        "contains": round(inside / len(rows), 3),
        "exact_day": round(exact / len(rows), 3),
        "median_width_days": None if med == float("inf") else med,
        "open_ended": sum(w == float("inf") for w in widths),
    }


def baseline_first_date(text: str) -> DateInterval:
    from dateparser.search import search_dates

    found = search_dates(text[:4000], settings={"STRICT_PARSING": True}) or []
    return DateInterval.day(found[0][1].date()) if found else DateInterval.unknown()


def analyse(doc: RawDocument, extra_meta: Callable[[Article], str | None] | None = None) -> AnalysedArticle:
    art = clean(doc)
    if extra_meta is not None and not art.published_meta:
        art = dataclasses.replace(art, published_meta=extra_meta(art))
    sents = split_sentences(art.text)
    d = date_article(art, sents)
    return AnalysedArticle(art, tuple(sents), (), d.times, (), d.published, d.event_date)


def webdates(fmt: str, limit: int | None, baseline_every: int) -> dict[str, object]:
    root = SHARED / "webdates"
    truth = json.loads((root / "truth.json").read_text())
    ours, first, hd = [], [], []
    t0 = time.perf_counter()
    spent = 0.0
    for i, key in enumerate(sorted(truth)[:limit]):
        true = date.fromisoformat(truth[key]["published"])
        if fmt == "txt":
            content = (root / "txt" / f"{key}.txt").read_text(encoding="utf-8", errors="replace")
        else:
            content = gzip.decompress((root / "html" / f"{key}.html.gz").read_bytes()).decode("utf-8", "replace")
        doc = RawDocument(path=key, fmt="text" if fmt == "txt" else "html", content=content)
        s = time.perf_counter()
        meta = html_published(content) if fmt == "html" else None
        a = analyse(doc, (lambda _a: meta) if fmt == "html" else None)
        spent += time.perf_counter() - s
        ours.append(Row(true, a.published))
        if i % baseline_every == 0:
            first.append(Row(true, baseline_first_date(a.article.text if fmt == "html" else content)))
        if fmt == "html":
            hd.append(Row(true, DateInterval.day(date.fromisoformat(meta)) if meta else DateInterval.unknown()))
    out: dict[str, object] = {"ours": score(ours), "baseline_first_date_found": score(first), "ms_per_doc": round(1000 * spent / max(len(ours), 1), 1)}
    if fmt == "html":
        out["baseline_htmldate"] = score(hd)
        out["note"] = "ours: htmldate on the raw HTML passed as published_meta when the cleaner gives none, plus text evidence"
    out["seconds"] = round(time.perf_counter() - t0, 1)
    return out


def _strip_datelines(text: str, dct: date) -> str:
    """Drop the sentences near the top that state the publication date (byline/dateline)."""
    sents = split_sentences(text)
    keep = []
    for s in sents:
        head = s.start < 600
        if head and _states(s.text, dct):
            continue
        keep.append(s.text)
    return " ".join(keep)


def _states(sentence: str, dct: date) -> bool:
    from dateline.analyse import timex

    for h in timex.find(sentence):
        if h.kind == "date" and (h.year, h.month, h.day) == (dct.year, dct.month, dct.day):
            return True
    return False


def t17_topics(limit: int | None) -> Iterable[tuple[str, list[dict[str, str]]]]:
    for path in sorted((SHARED / "tls" / "t17").glob("*/articles.json")):
        arts = json.loads(path.read_text())
        yield path.parent.name, arts[:limit]


def t17(strip_datelines: bool, limit: int | None, baseline_every: int) -> tuple[dict[str, object], list[tuple[str, Row, list[date]]]]:
    rows, first, samples = [], [], []
    t0 = time.perf_counter()
    spent = 0.0
    n_docs = 0
    for topic, arts in t17_topics(limit):
        analysed, truths = [], []
        for i, a in enumerate(arts):
            dct = date.fromisoformat(a["dct"])
            text = _strip_datelines(a["text"], dct) if strip_datelines else a["text"]
            s = time.perf_counter()
            analysed.append(analyse(RawDocument(path=f"{topic}/{a['uid']}", fmt="text", content="x\n" + text)))
            spent += time.perf_counter() - s
            truths.append((dct, bool(_YEAR.search(text))))
            if i % baseline_every == 0:
                first.append(Row(dct, baseline_first_date(text)))
        s = time.perf_counter()
        refined = refine_corpus(analysed)
        spent += time.perf_counter() - s
        n_docs += len(arts)
        for a, (dct, has_year) in zip(refined, truths, strict=True):
            rows.append(Row(dct, a.published, has_year))
            samples.append((topic, rows[-1], _past_dates(a)))
    out = {
        "ours": score(rows),
        "ours_where_text_has_a_year": score(rows, only_with_year=True),
        "baseline_first_date_found": score(first),
        "ms_per_doc": round(1000 * spent / max(n_docs, 1), 1),
        "seconds": round(time.perf_counter() - t0, 1),
    }
    return out, samples


def _past_dates(a: AnalysedArticle) -> list[date]:
    return [e.start for e in a.published.evidence if e.kind == "date-past" and e.start]


def main(argv: Sequence[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sets", default="webdates-txt,webdates-html,t17,t17-nodateline")
    ap.add_argument("--limit", type=int, default=None, help="documents per set (per topic for T17)")
    ap.add_argument("--baseline-every", type=int, default=1, help="run the slow dateparser baseline on every k-th document")
    args = ap.parse_args(argv)
    sets = args.sets.split(",")
    result: dict[str, object] = {"recency_days": C.RECENCY_DAYS}
    if "webdates-txt" in sets:
        result["webdates-txt"] = webdates("txt", args.limit, args.baseline_every)
    if "webdates-html" in sets:
        result["webdates-html"] = webdates("html", args.limit, args.baseline_every)
    if "t17" in sets:
        result["t17"], _ = t17(False, args.limit, args.baseline_every)
    if "t17-nodateline" in sets:
        result["t17-nodateline"], _ = t17(True, args.limit, args.baseline_every)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
