"""The corpus-level step, incremental: new articles meet the stored ones through indexed keys.

After an ingest the store lists the articles the step has not taken in yet (``Store.pending``).
The step takes them in chunks of :data:`CHUNK`, in id order, and for each chunk:

- **near-duplicates**: each article's MinHash-LSH band keys (:func:`dateline.events.dedup.band_keys`)
  are looked up among the stored ones (and the chunk's own); every candidate is confirmed with the
  exact containment test on re-read bodies, and the groups touched are merged (connected components
  of the confirmed pairs) and put in keep order again, as :func:`~dateline.events.dedup.duplicate_groups`
  orders a group. The components of a set of pairs do not depend on the order the pairs were found
  in, so the groups are those a full recompute gives.

Everything the chunk changes (its keys, the groups touched, dates) is written in one transaction
(``Store.apply_update``) that also takes the chunk off the pending list. A step killed midway
leaves the chunk pending; a step that read the store before another step wrote writes nothing and
reads again, so two steps at once (a server's and a CLI's) never merge over each other's results.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence

from dateline.data import AnalysedArticle
from dateline.events import dedup
from dateline.store.base import CorpusUpdate, Store

log = logging.getLogger(__name__)

# Pending articles taken in per round: bounds the step's memory whatever the backlog (a store
# migrated from a release without incremental state has every article pending once).
CHUNK = 2000
# A step that keeps losing the race with other steps gives up after this many tries (it stays due).
MAX_TRIES = 5


class Groups:
    """Duplicate groups as connected components, merged by confirmed copy pairs."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)

    def components(self) -> list[list[str]]:
        out: dict[str, list[str]] = {}
        for x in sorted(self.parent):
            out.setdefault(self.find(x), []).append(x)
        return list(out.values())


def _read(store: Store, ids: Iterable[str]) -> dict[str, AnalysedArticle]:
    wanted = sorted(set(ids))
    return {a.id: a for a in store.iter_articles(wanted, own=True)} if wanted else {}


def regroup(store: Store, new: Sequence[AnalysedArticle]) -> tuple[list[tuple[int, str]], list[str], list[tuple[str, ...]]]:
    """The chunk's band keys, the articles whose groups change, and their new groups (two or more ids)."""
    bodies = {a.id: dedup.body(a) for a in new}
    keys = {a.id: dedup.band_keys(bodies[a.id].shingles) for a in new}
    rows = [(k, aid) for aid, ks in keys.items() for k in ks]
    holders: dict[int, set[str]] = {}
    for k, aid in [*store.key_holders(k for k, _ in rows), *rows]:
        holders.setdefault(k, set()).add(aid)
    pairs = {(min(a, b), max(a, b)) for a, ks in keys.items() for k in ks for b in holders[k] if b != a}
    bodies.update((aid, dedup.body(a)) for aid, a in _read(store, {x for p in pairs for x in p} - bodies.keys()).items())
    copies = sorted(p for p in pairs if dedup.is_copy(bodies[p[0]], bodies[p[1]]))
    if not copies:
        return rows, [], []
    touched = {x for p in copies for x in p}
    stored = store.groups_of(touched)
    comps = Groups()
    for group in {*stored.values()}:
        for m in group[1:]:
            comps.union(group[0], m)
    for a, b in copies:
        comps.union(a, b)
    members = [m for c in comps.components() for m in c]
    bodies.update((aid, dedup.body(a)) for aid, a in _read(store, set(members) - bodies.keys()).items())
    groups = [dedup.keep_order([bodies[m] for m in c]) for c in comps.components() if len(c) > 1]
    return rows, members, sorted(groups)


def take_in(store: Store, ids: Sequence[str], version: str, generation: str | None,
            finish: bool = True) -> CorpusUpdate:
    """The update one chunk of pending articles makes (nothing written)."""
    new = sorted(_read(store, ids).values(), key=lambda a: a.id)
    keys, members, groups = regroup(store, new)
    return CorpusUpdate(done=tuple(ids), keys=tuple(keys), regroup=tuple(members), groups=tuple(groups),
                        version=version, generation=generation, finish=finish)


def update(store: Store, generation: str | None, finish: bool = True) -> int:
    """Take every pending article in (chunk by chunk); returns how many were taken in. ``finish``:
    mark the step done when nothing is left (False when the caller writes more of the step after)."""
    taken, tries = 0, 0
    while True:
        version = store.state("corpus_version") or "0"
        ids = store.pending(CHUNK)
        step = (take_in(store, ids, version, generation, finish) if ids
                else CorpusUpdate((), version=version, generation=generation, finish=finish))
        if store.apply_update(step):
            taken += len(ids)
            tries = 0
            if not ids or len(ids) < CHUNK:
                return taken
        else:
            tries += 1
            log.info("corpus step: another step wrote meanwhile; reading again (%d)", tries)
            if tries >= MAX_TRIES:
                return taken
