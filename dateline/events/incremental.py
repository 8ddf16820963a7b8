"""The corpus-level step, incremental: new articles meet the stored ones through indexed keys.

After an ingest the store lists the articles the step has not taken in yet (``Store.pending``).
The step takes them in chunks of :data:`CHUNK`, in id order, and for each chunk:

- **near-duplicates**: each article's MinHash-LSH band keys (:func:`dateline.events.dedup.band_keys`)
  are looked up among the stored ones (and the chunk's own); every candidate is confirmed with the
  exact containment test on re-read bodies, and the groups touched are merged (connected components
  of the confirmed pairs) and put in keep order again, as :func:`~dateline.events.dedup.duplicate_groups`
  orders a group. The components of a set of pairs do not depend on the order the pairs were found
  in, so the groups are those a full recompute gives.

- **cross-document dates**: each article gives keys others can be dated by and takes (when vague) those
  it can be dated by (:func:`dateline.events.dating.partner_keys`: entity pairs of dated and undated
  clauses, long sentences, counted nouns with an entity). The chunk re-dates its own articles and the
  stored ones that take what it gives, each from itself and every article giving what it takes (read
  back from the store), with the three rules of :mod:`dateline.events.dating`. The rules compare
  clauses with a weighting that does not depend on the corpus, and a sentence found in more than
  ``COPY_MAX_POSTINGS`` articles, or an entity pair in more than ``SAME_MAX_POSTINGS`` articles'
  clauses, is counted in the store, so each article gets the dates a full recompute would give it.
  Such evidence counts for nobody, so its holders are not read: what one article makes the step
  read is bounded by those limits, not by the store's size.

- **stories** (:func:`update_stories`): detection (:func:`dateline.events.stories.detect_stories`)
  is global, so it runs over every article only while the store holds at most
  :data:`STORY_DETECT_MAX` (where it is what makes stories the same whatever order articles came in).
  Beyond that, a store never detected seeds its stories by detecting over its first
  STORY_DETECT_MAX articles (by id); every other article is then placed with the story its vector
  (in the last detection's weights) is most alike, through the stories' stored centroid features,
  or starts one; a copy goes with its group's story. Placement depends on arrival order, as any
  single-pass clustering does: a big store trades that for a cost that does not grow with it.

Everything the chunk changes (its keys, the groups touched, dates) is written in one transaction
(``Store.apply_update``) that also takes the chunk off the pending list. A step killed midway
leaves the chunk pending; a step that read the store before another step wrote writes nothing and
reads again, so two steps at once (a server's and a CLI's) never merge over each other's results.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable, Sequence

from dateline.data import AnalysedArticle, DateInterval
from dateline.events import dating, dedup, stories
from dateline.store.base import CorpusUpdate, Store

log = logging.getLogger(__name__)

# Pending articles taken in per round: bounds the step's memory whatever the backlog (a store
# migrated from a release without incremental state has every article pending once).
CHUNK = 2000
# Stored candidates whose bodies are read (and dropped) at a time: the step's memory holds this many
# bodies and one duplicate group's, however many copies a big store holds of the articles taken in.
READ_BATCH = 200
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
    """The chunk's band keys, the articles whose groups change, and their new groups (two or more ids).

    Stored candidates are confirmed a batch at a time, and a pair whose two articles are already in
    one component (a stored group, or joined by a pair confirmed before) is not compared: an edge
    inside a component changes no component. Each changed group is put in keep order on its own."""
    bodies = {a.id: dedup.body(a) for a in new}
    keys = {a.id: dedup.band_keys(bodies[a.id].shingles) for a in new}
    rows = [(k, aid) for aid, ks in keys.items() for k in ks]
    holders: dict[int, set[str]] = {}
    for k, aid in [*store.key_holders(k for k, _ in rows), *rows]:
        holders.setdefault(k, set()).add(aid)
    pairs = {(min(a, b), max(a, b)) for a, ks in keys.items() for k in ks for b in holders[k] if b != a}
    comps = Groups()
    for group in {*store.groups_of({x for p in pairs for x in p}).values()}:
        for m in group[1:]:
            comps.union(group[0], m)
    with_stored: dict[str, list[str]] = {}
    for a, b in sorted(pairs):
        if a in bodies and b in bodies:
            _confirm(comps, bodies[a], bodies[b])
        else:
            new_id, other = (a, b) if a in bodies else (b, a)
            with_stored.setdefault(other, []).append(new_id)
    others = sorted(with_stored)
    for i in range(0, len(others), READ_BATCH):
        due = [b for b in others[i : i + READ_BATCH] if any(comps.find(a) != comps.find(b) for a in with_stored[b])]
        for b, art in sorted(_read(store, due).items()):
            stored_body = dedup.body(art)
            for a in with_stored[b]:
                _confirm(comps, bodies[a], stored_body)
    changed = [c for c in comps.components() if len(c) > 1 and any(m in bodies for m in c)]
    groups = [_keep_order(store, c, bodies) for c in changed]
    return rows, [m for c in changed for m in c], sorted(groups)


def _confirm(comps: Groups, a: dedup.Body, b: dedup.Body) -> None:
    if comps.find(a.id) != comps.find(b.id) and dedup.is_copy(a, b):
        comps.union(a.id, b.id)


def _keep_order(store: Store, members: Sequence[str], bodies: dict[str, dedup.Body]) -> tuple[str, ...]:
    """A changed group in keep order, its stored members' bodies read for it alone."""
    read = {aid: dedup.body(a) for aid, a in _read(store, set(members) - bodies.keys()).items()}
    return dedup.keep_order([bodies[m] if m in bodies else read[m] for m in members])


def _key(role: str, kind: str, what: str) -> int:
    raw = f"{role}\x01{kind}\x01{what}".encode()
    return int.from_bytes(hashlib.blake2b(raw, digest_size=8, person=b"dl-date").digest(), "big", signed=True)


Dates = dict[str, tuple[DateInterval, DateInterval, bool]]


def _evidence_rows(aid: str, keys: tuple[set[tuple[str, str]], set[tuple[str, str]]]) -> list[tuple[int, str]]:
    gives, takes = keys
    return [(_key(role, *x), aid) for role, xs in (("g", gives), ("t", takes)) for x in xs]


def key_rows(a: AnalysedArticle) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """``(band rows, evidence rows)``: the ``(key, id)`` index entries the step writes for ``a``
    (its own; what it writes never depends on the other articles)."""
    bands = [(k, a.id) for k in dedup.band_keys(dedup.body(a).shingles)]
    return bands, _evidence_rows(a.id, dating.partner_keys(a))


Key = tuple[str, str]


def _postings(store: Store, xs: Iterable[Key], here: dict[int, set[str]]) -> dict[Key, int]:
    """Articles counted for each evidence key, in the store and the chunk (``here``): a sentence's
    givers (:data:`dating.COPY_MAX_POSTINGS`), a pair's givers and takers (:data:`dating.SAME_MAX_POSTINGS`)."""
    keys = {x: [_key("g", *x), *([_key("t", *x)] if x[0] == "same" else [])] for x in xs}
    counts = store.key_counts(k for ks in keys.values() for k in ks)
    return {x: sum(counts.get(k, 0) + len(here.get(k, ())) for k in ks) for x, ks in keys.items()}


def _counts(x: Key, n: int) -> bool:
    """Whether evidence held by ``n`` articles counts (a sentence not boilerplate, a pair not common)."""
    limit = {"copy": dating.COPY_MAX_POSTINGS, "same": dating.SAME_MAX_POSTINGS}.get(x[0])
    return limit is None or n <= limit


def redate(store: Store, new: Sequence[AnalysedArticle]) -> tuple[list[tuple[int, str]], Dates]:
    """The chunk's evidence keys, and the dates of every article it touches (own ones where the
    evidence no longer moves them).

    Evidence held by too many articles (a boilerplate sentence, a common entity pair) counts for
    nobody, so its holders are neither read nor re-dated, except once, when the chunk takes it over
    the limit: what each article reads is bounded by those limits, not by the store's size."""
    keys = {a.id: dating.partner_keys(a) for a in new}
    rows = [row for aid, k in keys.items() for row in _evidence_rows(aid, k)]
    here: dict[int, set[str]] = {}
    for k, aid in rows:
        here.setdefault(k, set()).add(aid)
    # stored articles the chunk may date: they take what it gives where that counted before (it
    # counted for them, and now counts more or not at all), or what the chunk takes over the limit
    gives = {x for g, _ in keys.values() for x in g}
    pairs = {x for g, t in keys.values() for x in g | t if x[0] == "same"}
    before = _postings(store, gives | pairs, {})
    after = _postings(store, pairs - gives, here)
    asked = [_key("t", *x) for x in gives if _counts(x, before[x])]
    asked += [_key("t", *x) for x in pairs - gives if _counts(x, before[x]) and not _counts(x, after[x])]
    arts = {a.id: a for a in new}
    touched = {aid for _, aid in store.key_holders(asked)} | {aid for aid, (_, t) in keys.items() if t}
    arts.update(_read(store, touched - arts.keys()))
    takes = {x for aid in touched for x in (keys[aid][1] if aid in keys else dating.partner_keys(arts[aid])[1])}
    held = _postings(store, {x for x in takes if x[0] != "count"}, here)
    boilerplate = frozenset(x[1] for x, n in held.items() if x[0] == "copy" and not _counts(x, n))
    common = frozenset(x[1] for x, n in held.items() if x[0] == "same" and not _counts(x, n))
    wanted = [_key("g", *x) for x in takes if _counts(x, held.get(x, 0))]
    partners = {aid for k in wanted for aid in here.get(k, ())} | {aid for _, aid in store.key_holders(wanted)}
    arts.update(_read(store, partners - arts.keys()))
    pool = sorted((arts[i] for i in touched | partners), key=lambda a: a.id)
    found = dating.corpus_evidence(pool, boilerplate, common) if len(pool) > 1 else {}
    dates: Dates = {}
    for i, a in enumerate(pool):
        if a.id in touched:
            r = dating.redate(a, found.get(i, ()))
            dates[a.id] = (r.published, r.event_date, (r.published, r.event_date) != (a.published, a.event_date))
    log.debug("corpus step: %d articles re-dated from %d", len(touched), len(pool))
    return rows, dates


def take_in(store: Store, ids: Sequence[str], version: str, generation: str | None,
            finish: bool = True) -> CorpusUpdate:
    """The update one chunk of pending articles makes (nothing written)."""
    new = sorted(_read(store, ids).values(), key=lambda a: a.id)
    keys, members, groups = regroup(store, new)
    evidence, dates = redate(store, new)
    return CorpusUpdate(done=tuple(ids), keys=(*keys, *evidence), regroup=tuple(members), groups=tuple(groups),
                        dates=dates, version=version, generation=generation, finish=finish)


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


# Stories are detected over the whole store up to this many articles (order independent) and placed
# incrementally beyond it. Detection holds dense article x term arrays: about 0.5 GB at 2,000 articles
# and 1 GB at 5,000; Timeline17 whole (3,246 articles, benchmarks/stories.py) stays under the bound.
STORY_DETECT_MAX = 5000


def update_stories(store: Store) -> None:
    """Stories for every article (see the module doc); nothing is left waiting for a story."""
    small = store.count() <= STORY_DETECT_MAX
    if small or store.state("story_model") is None:
        seed = None if small else store.story_pending(STORY_DETECT_MAX)  # the first ids: no order dependence
        arts = sorted(store.iter_articles(seed), key=lambda a: a.id)
        found, features, model = stories.detect_with_model(arts, store.duplicate_groups())
        store.set_stories(found, features, model.to_json())
        if small:
            return
    for _ in range(10**6):  # chunks, until none is left; a lost race reads again
        version = store.state("corpus_version") or "0"
        ids = store.story_pending(CHUNK)
        if not ids:
            return
        changed, features = place(store, ids)
        if not store.put_stories(changed, features, ids, version):
            log.info("stories: another step wrote meanwhile; reading again")


def rebuild_stories(store: Store) -> None:
    """Detect every story anew: over the whole store up to :data:`STORY_DETECT_MAX` articles, else
    over its first articles by id with the others placed in id order. Either way the stories depend
    only on what is stored, not on the order it arrived in (placement as articles arrive does)."""
    store.restart_stories()
    update_stories(store)


def place(store: Store, ids: Sequence[str]) -> tuple[list[stories.Story], stories.Features]:
    """The stories changed by placing ``ids``, and the centroid features of those it starts."""
    model = stories.StoryModel.from_json(store.state("story_model") or '{"terms": {}, "entities": {}}')
    arts = sorted(store.iter_articles(list(ids)), key=lambda a: a.id)
    groups = store.groups_of(ids)
    where = store.stories_of({m for g in groups.values() for m in g})
    started: dict[str, stories.Story] = {}
    features: stories.Features = {}
    joining: dict[str, list[str]] = {}
    for a in arts:
        sid = next((where[m] for m in groups.get(a.id, ()) if m in where), None)  # a copy goes with its group
        if sid is None:
            vec = stories.article_features(model, a)
            near = store.story_features(f for f, _ in vec)
            for s, fs in features.items():
                near[s] = dict(fs)
            best = max(((stories.similarity(vec, c), s) for s, c in near.items()), default=(0.0, ""),
                       key=lambda x: (x[0], x[1]))
            if best[0] >= stories.JOIN_THRESHOLD:
                sid = best[1]
            else:
                story = stories.new_story(a, model)
                sid, started[story.id] = story.id, story
                features[sid] = vec
        where[a.id] = sid
        joining.setdefault(sid, []).append(a.id)
    out = []
    for sid, new in sorted(joining.items()):
        base = started.get(sid) or store.story(sid)
        if base is None:
            continue
        out.append(stories.joined(base, store.member_dates({*base.article_ids, *new})))
    return out, features
