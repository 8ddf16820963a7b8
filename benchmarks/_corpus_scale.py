"""Grow a store to a large size from a small, really analysed seed set (for the serving benchmark).

The serving benchmark measures query latency, not ingest (benchmarks/ingest.py does that), and the
full pipeline manages only a few articles a second on two cores. So: a seed set of generated articles
goes through the real ``Corpus.ingest``; then *varied copies* of those analysed articles are written
straight into the store with its own ``add_articles``. Each copy gets

- a new unique id and path,
- every date (published, event date, each time expression and each piece of evidence) shifted by
  one random number of days, so copies spread over the calendar,
- a few place and person names swapped for other names of the same length and kind (from the
  generator's vocabulary plus invented names), in the text, title, sentences, quotes and mentions
  (keys included), so full-text postings and entity lists are not N identical copies. Equal lengths
  keep every character span (sentences, mentions, time expressions, quotes) valid.

Copies are not re-analysed: their sentences, mentions and time expressions are the seed's.
"""

from __future__ import annotations

import dataclasses
import random
import re
import time
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from typing import Any

from dateline.data import AnalysedArticle, DateInterval

# Largest shift of a copy's dates, in days either way: two years keeps most copies inside the
# generator's 2015-2024 span, which the benchmark's date-range queries cover.
MAX_SHIFT_DAYS = 730
# Names swapped per copy (at most; only names that occur in the article are swapped).
SWAPS_PER_COPY = 3
# Articles per add_articles call (one transaction each).
BATCH = 2000
# Invented names per length and kind added to the generator's own, so that copies bring new words.
INVENTED_PER_LENGTH = 12
SYLLABLES = ["ka", "ro", "ve", "lin", "mar", "tes", "do", "ra", "bel", "os", "un", "gar", "mi", "sk", "ton", "er"]


def _invented(r: random.Random, length: int, count: int) -> list[str]:
    out: set[str] = set()
    tries = 0
    while len(out) < count and tries < count * 200:
        tries += 1
        word = ""
        while len(word) < length:
            word += r.choice(SYLLABLES)
        word = word[:length]
        if word[-1] not in "aeiou" or r.random() < 0.5:
            out.add(word.capitalize())
    return sorted(out)


def name_pools(places: Sequence[str], surnames: Sequence[str], seed: int) -> dict[str, dict[int, list[str]]]:
    """{"place"|"person": {length: names}} from the generator's vocabulary plus invented names."""
    r = random.Random(seed)
    pools: dict[str, dict[int, list[str]]] = {}
    for kind, names in (("place", places), ("person", surnames)):
        by_len: dict[int, set[str]] = {}
        for name in names:
            by_len.setdefault(len(name), set()).add(name)
        for length in list(by_len):
            if " " not in next(iter(by_len[length])):
                by_len[length].update(_invented(r, length, INVENTED_PER_LENGTH))
        pools[kind] = {n: sorted(v) for n, v in by_len.items()}
    return pools


def _shift(d: date | None, days: int) -> date | None:
    if d is None:
        return None
    try:
        return d + timedelta(days=days)
    except OverflowError:
        return d


def shift_interval(iv: DateInterval, days: int) -> DateInterval:
    evidence = tuple(
        dataclasses.replace(e, start=_shift(e.start, days), end=_shift(e.end, days)) for e in iv.evidence
    )
    return DateInterval(_shift(iv.start, days), _shift(iv.end, days), evidence)


class Renamer:
    """Same-length substitution of whole words, applied to every text field of an article."""

    def __init__(self, pairs: dict[str, str]) -> None:
        self.pairs = pairs
        self.lower = {k.lower(): v.lower() for k, v in pairs.items()}
        self.rx = re.compile(r"\b(" + "|".join(map(re.escape, sorted(pairs, key=len, reverse=True))) + r")\b") \
            if pairs else None
        self.rx_lower = re.compile(r"\b(" + "|".join(map(re.escape, sorted(self.lower, key=len, reverse=True)))
                                   + r")\b") if pairs else None

    def __call__(self, text: str | None) -> str | None:
        if text is None or self.rx is None:
            return text
        return self.rx.sub(lambda m: self.pairs[m.group(1)], text)

    def key(self, key: str) -> str:
        if self.rx_lower is None:
            return key
        return self.rx_lower.sub(lambda m: self.lower[m.group(1)], key)


def pick_swaps(text: str, pools: dict[str, dict[int, list[str]]], r: random.Random) -> dict[str, str]:
    candidates = [(kind, name) for kind, by_len in pools.items() for names in by_len.values() for name in names
                  if name in text]
    r.shuffle(candidates)
    swaps: dict[str, str] = {}
    for kind, name in candidates[:SWAPS_PER_COPY]:
        others = [n for n in pools[kind][len(name)] if n != name]
        if others:
            swaps[name] = r.choice(others)
    return swaps


def vary(a: AnalysedArticle, new_id: str, days: int, swaps: dict[str, str]) -> AnalysedArticle:
    """A copy of ``a`` under ``new_id`` with its dates shifted by ``days`` and names swapped."""
    rn = Renamer(swaps)
    art = a.article
    published = shift_interval(a.published, days)
    article = dataclasses.replace(
        art, id=new_id, path=f"replica/{new_id}{'.' + art.fmt if art.fmt else ''}", text=rn(art.text) or "",
        title=rn(art.title), dateline=rn(art.dateline), place=rn(art.place), url=None,
        published_meta=published.start.isoformat() if art.published_meta and published.start else art.published_meta,
        captions=tuple(rn(c) or "" for c in art.captions),
    )
    return dataclasses.replace(
        a,
        article=article,
        sentences=tuple(dataclasses.replace(s, text=rn(s.text) or "") for s in a.sentences),
        mentions=tuple(dataclasses.replace(m, text=rn(m.text) or "", key=rn.key(m.key)) for m in a.mentions),
        times=tuple(dataclasses.replace(t, text=rn(t.text) or "", interval=shift_interval(t.interval, days))
                    for t in a.times),
        quotes=tuple(dataclasses.replace(q, text=rn(q.text) or "", speaker=rn(q.speaker),
                                         speaker_name=rn(q.speaker_name)) for q in a.quotes),
        published=published,
        event_date=shift_interval(a.event_date, days),
    )


def replicate(store: Any, seeds: Sequence[AnalysedArticle], target: int, pools: dict[str, dict[int, list[str]]],
              seed: int, progress: Callable[[int], None] | None = None) -> dict[str, Any]:
    """Add varied copies of ``seeds`` to ``store`` until it holds ``target`` articles; returns counts."""
    r = random.Random(seed)
    have = store.count()
    started = time.perf_counter()
    added, swapped, k = 0, 0, 0
    batch: list[AnalysedArticle] = []
    while have + added + len(batch) < target:
        src = seeds[k % len(seeds)]
        swaps = pick_swaps(src.article.text, pools, r)
        swapped += len(swaps)
        batch.append(vary(src, f"rep{k:07d}-{src.id[:16]}", r.randint(-MAX_SHIFT_DAYS, MAX_SHIFT_DAYS), swaps))
        k += 1
        if len(batch) >= BATCH:
            added += store.add_articles(batch)
            batch = []
            if progress:
                progress(have + added)
    if batch:
        added += store.add_articles(batch)
    return {"copies_added": added, "names_swapped_per_copy": round(swapped / max(k, 1), 2),
            "replicate_seconds": round(time.perf_counter() - started, 2)}

