"""Clustering-based timelines: one entry per same-event cluster, biggest clusters first.

Articles are grouped by :func:`dateline.events.cluster.cluster_events` (syndicated copies
collapsed first). Clusters are ranked by how many distinct kept articles report them
(ties: more day-precise date first, then earlier), and the top ``max_dates`` become
events dated by what all their members' dates support together. Summary sentences come
from the leads of the cluster's articles (centroid + MMR with a bonus for earlier lead
sentences).
"""

from __future__ import annotations

from collections.abc import Sequence

from dateline.data import Collection, Event, Timeline
from dateline.events.cluster import EventCluster, cluster_events
from dateline.timeline.build import CorpusIndex, make_event, ordered, ref
from dateline.timeline.summarise import CentroidSummariser, SpaceFactory, TfidfSpace

# Sentences of each article offered to the summary: a news lead carries the event.
LEAD_SENTENCES = 4
# Bonus for the first lead sentence, falling off as 1/(position+1): journalists put the
# essentials first, so on a tie the earlier sentence wins.
POSITION_BONUS = 0.15


def cluster_summary(index: CorpusIndex, cluster: EventCluster, k: int) -> list[int]:
    """Rows of the chosen lead sentences, in reading order (article rank, then position)."""
    rows: list[int] = []
    prior: list[float] = []
    rank: dict[int, tuple[int, int]] = {}
    for a_rank, aid in enumerate(cluster.ids):
        art = index.by_id[aid]
        for pos, s in enumerate(art.sentences[:LEAD_SENTENCES]):
            row = index.row_of.get((aid, s.index))
            if row is not None:
                rows.append(row)
                prior.append(POSITION_BONUS / (pos + 1))
                rank[row] = (a_rank, s.index)
    texts = [index.rows[r].text for r in rows]
    picked = CentroidSummariser(index.space).select(rows, texts, k, prior=prior)
    return sorted((rows[i] for i in picked), key=lambda r: rank[r])


def cluster_event(index: CorpusIndex, cluster: EventCluster, k: int) -> Event | None:
    chosen = cluster_summary(index, cluster, k)
    if not chosen:
        return None
    refs = [ref(index.rows[r]) for r in chosen]
    return make_event(index, cluster.date, refs, cluster.members)


def rank_clusters(clusters: Sequence[EventCluster]) -> list[EventCluster]:
    """Most reported first; then day-precise before vague dates; then earlier."""
    def key(c: EventCluster) -> tuple[int, int, str]:
        width = c.date.width_days or 10**6
        return (-len(c.ids), width, str(c.date.start))

    return sorted(clusters, key=key)


class ClusteringGenerator:
    """Events from same-event clusters, ranked by size."""

    name = "clustering"

    def __init__(self, distinct_dates: bool = True, space: SpaceFactory = TfidfSpace) -> None:
        self.space = space
        # One entry per date: two clusters on one day are more often one story split in
        # two than two stories, and a timeline has one line per date in the benchmarks.
        self.distinct_dates = distinct_dates

    def predict(self, collection: Collection, max_dates: int, max_sentences: int) -> Timeline:
        index = CorpusIndex(collection, self.space)
        clusters = cluster_events(list(index.by_id.values()), index.groups)
        events: list[Event] = []
        taken: set[tuple[object, object]] = set()
        window = collection.window
        for c in rank_clusters(clusters):
            if len(events) >= max_dates:
                break
            if window is not None and not c.date.within(window):  # overlapping ones: see below
                continue
            when = (c.date.start, c.date.end)
            if self.distinct_dates and when in taken:
                continue
            ev = cluster_event(index, c, max_sentences)
            if ev is not None:
                taken.add(when)
                events.append(ev)
        if window is not None:  # events that only overlap the range, shown apart, as many at most
            overlapping = [c for c in rank_clusters(clusters)
                           if c.date.is_known and not c.date.within(window) and c.date.overlaps(window)]
            events += [ev for c in overlapping[:max_dates] if (ev := cluster_event(index, c, max_sentences))]
        return ordered(index, events)
