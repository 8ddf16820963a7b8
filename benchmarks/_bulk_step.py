"""The corpus step's state for a store grown by ``add_articles`` (benchmarks/scale.py), in one pass.

A grown store lists every copy as pending; the real step (:func:`dateline.pipeline.Corpus.update_corpus`)
takes them in 2,000 at a time, and each chunk re-orders every duplicate group it touches, so its cost
grows with the store (a 100,000-article store of copies of 3,238 seeds holds groups of ~30). This
writes the same tables in one pass:

- **keys**: each article's LSH band and dating-evidence rows (:func:`dateline.events.incremental.key_rows`,
  what the step writes; they depend on the article alone), and the article off the pending list;
- **duplicate groups**: each article's band keys are looked up among the articles before it; a
  candidate not already in its component is confirmed with :func:`dateline.events.dedup.is_copy`, and
  the components are put in keep order once at the end (:func:`dateline.events.dedup.keep_order`), as
  the step orders them. The components of the confirmed candidate pairs are those the step finds;
- **stories**: the real :func:`dateline.events.incremental.update_stories` (detection over the
  first ids, then placement);
- **dates** are left as each copy's own: cross-document dating is not re-run over the grown store
  (the step reads each article's own dates, so what is stored does not change its cost).

:func:`compare` checks the result against a store that went through the real step.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from typing import Any

from dateline.events import dedup, incremental
from dateline.store.base import CorpusUpdate

log = logging.getLogger(__name__)

BATCH = 500


def settle(store: Any) -> dict[str, float]:
    """Bring ``store`` to the state the corpus step leaves (dates apart, see the module doc); a store
    settled before and grown since has only its new articles taken in."""
    started, cpu = time.perf_counter(), time.process_time()
    comps = incremental.Groups()
    for group in store.duplicate_groups():  # settled before: a store grown in steps is settled in steps
        for m in group[1:]:
            comps.union(group[0], m)
    ids = store.pending(10**9)
    for i in range(0, len(ids), BATCH):
        _take(store, ids[i : i + BATCH], comps)
    keyed = time.perf_counter() - started
    groups = []
    for members in comps.components():
        if len(members) > 1:
            groups.append(dedup.keep_order([dedup.body(a) for a in store.iter_articles(members, own=True)]))
    version = store.state("corpus_version") or "0"
    store.apply_update(CorpusUpdate((), regroup=tuple(m for g in groups for m in g), groups=tuple(sorted(groups)),
                                    version=version, finish=False))
    grouped = time.perf_counter() - started
    incremental.update_stories(store)
    version = store.state("corpus_version") or "0"
    store.apply_update(CorpusUpdate((), version=version, generation=store.state("generation")))
    return {"keys_s": round(keyed, 1), "groups_s": round(grouped - keyed, 1),
            "stories_s": round(time.perf_counter() - started - grouped, 1),
            "cpu_s": round(time.process_time() - cpu, 1), "groups": len(groups)}


def _take(store: Any, ids: list[str], comps: incremental.Groups) -> None:
    """Keys of one batch written, its copies joined to the components of the articles before it."""
    rows: list[tuple[int, str]] = []
    here: dict[int, list[str]] = {}
    bodies: dict[str, dedup.Body] = {}
    for a in sorted(store.iter_articles(ids, own=True), key=lambda x: x.id):
        bands, evidence = incremental.key_rows(a)
        bodies[a.id] = body = dedup.body(a)
        keys = [k for k, _ in bands]
        candidates = {h for _, h in store.key_holders(keys)} | {h for k in keys for h in here.get(k, ())}
        for c in sorted(candidates - {a.id}):
            if comps.find(a.id) == comps.find(c):
                continue
            other = bodies.get(c) or next((dedup.body(x) for x in store.iter_articles([c], own=True)), None)
            if other is not None and dedup.is_copy(body, other):
                comps.union(a.id, c)
        for k in keys:
            here.setdefault(k, []).append(a.id)
        rows += bands + evidence
    version = store.state("corpus_version") or "0"
    store.apply_update(CorpusUpdate(tuple(ids), keys=tuple(rows), version=version, finish=False))


def compare(bulk: str, real: str) -> dict[str, Any]:
    """How the tables of a settled store and of one through the real step differ."""
    a, b = sqlite3.connect(bulk), sqlite3.connect(real)
    out: dict[str, Any] = {}
    for name, sql in (("corpus_keys", "SELECT key, article_id FROM corpus_keys"),
                      ("duplicates", "SELECT article_id, group_id, rank FROM duplicates"),
                      ("corpus_pending", "SELECT article_id FROM corpus_pending"),
                      ("story_pending", "SELECT article_id FROM story_pending"),
                      ("story_articles", "SELECT article_id, story_id FROM story_articles"),
                      ("dates", "SELECT id, pub_start, pub_end, ev_start, ev_end FROM articles")):
        x, y = set(a.execute(sql)), set(b.execute(sql))
        out[name] = {"rows": len(x), "only_bulk": len(x - y), "only_real": len(y - x)}
    return out
