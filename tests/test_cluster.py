"""Same-event clusters: outlets covering one event in their own words end up together."""

from __future__ import annotations

from datetime import date

from timeline_corpus import COURT, FERRY_DAY, corpus, make_article

from dateline.data import DateInterval
from dateline.events.cluster import cluster_events, compatible
from dateline.events.dedup import duplicate_groups


def _cluster_of(clusters, aid):  # type: ignore[no-untyped-def]
    return next(c for c in clusters if aid in c.members)


def test_own_words_report_joins_the_wire_copies() -> None:
    arts = corpus()
    clusters = cluster_events(arts, duplicate_groups(arts))
    ferry = _cluster_of(clusters, "reuters")
    assert set(ferry.members) == {"ap", "herald", "tribune", "reuters"}
    assert set(ferry.ids) == {"ap", "reuters"}  # copies are members, not separate voters
    assert ferry.date == DateInterval.day(FERRY_DAY)


def test_same_story_on_another_day_is_another_event() -> None:
    arts = corpus()
    clusters = cluster_events(arts, duplicate_groups(arts))
    assert _cluster_of(clusters, "court") is not _cluster_of(clusters, "reuters")
    assert len(clusters) == 5  # ferry, court case, budget, festival, history


def test_without_dedup_the_copies_still_cluster_together() -> None:
    clusters = cluster_events(corpus())
    ferry = _cluster_of(clusters, "ap")
    assert {"herald", "tribune", "reuters"} <= set(ferry.ids)


def test_clusters_are_in_date_order_and_keep_vague_dates() -> None:
    clusters = cluster_events(corpus())
    starts = [c.date.start for c in clusters]
    assert starts == sorted(starts)
    history = _cluster_of(clusters, "history")
    assert history.date.label() == "2003–2005"


def test_different_days_never_cluster_even_with_same_text() -> None:
    a = make_article("c1", COURT, published=date(2024, 4, 9), outlet="A", title="t",
                     event=DateInterval.day(date(2024, 4, 8)))
    b = make_article("c2", COURT, published=date(2024, 6, 9), outlet="B", title="t",
                     event=DateInterval.day(date(2024, 6, 8)))
    assert len(cluster_events([a, b])) == 2


def test_joint_date_is_the_intersection_of_member_evidence() -> None:
    month = DateInterval.month(2024, 4)
    a = make_article("m1", COURT, published=None, outlet="A", title="t", event=month)
    b = make_article("m2", COURT, published=date(2024, 4, 9), outlet="B", title="t",
                     event=DateInterval.day(date(2024, 4, 8)))
    (c,) = cluster_events([a, b])
    assert c.date == DateInterval.day(date(2024, 4, 8))


def test_compatible_allows_one_day_of_slack_and_unknown_dates() -> None:
    d = DateInterval.day(date(2024, 3, 13))
    assert compatible(d, DateInterval.day(date(2024, 3, 14)))
    assert not compatible(d, DateInterval.day(date(2024, 3, 16)))
    assert compatible(d, DateInterval.unknown())
    assert compatible(DateInterval.year(2024), d)


def test_vague_dates_need_stronger_similarity_to_merge() -> None:
    from timeline_corpus import OWN_WORDS, WIRE

    year = DateInterval.year(2024)
    wire = make_article("w", WIRE, published=None, outlet="AP", title="t", event=year)
    own = make_article("o", OWN_WORDS, published=None, outlet="Reuters", title="t", event=year)
    assert len(cluster_events([wire, own])) == 2  # same story, but nothing says same day
    day = DateInterval.day(FERRY_DAY)
    wire_d = make_article("w", WIRE, published=None, outlet="AP", title="t", event=day)
    own_d = make_article("o", OWN_WORDS, published=None, outlet="Reuters", title="t", event=day)
    assert len(cluster_events([wire_d, own_d])) == 1


def test_a_copy_lends_its_date_to_the_kept_article() -> None:
    from timeline_corpus import WIRE

    undated = make_article("u", WIRE, published=None, outlet="A", title="t")
    dated = make_article("d", WIRE, published=date(2024, 3, 14), outlet="B", title="t",
                         event=DateInterval.day(FERRY_DAY),
                         chrome=("Read more from our partners at the wire service on the regional page.",))
    (c,) = cluster_events([undated, dated], duplicate_groups([undated, dated]))
    assert c.ids == ("u",)  # the clean copy is kept ...
    assert c.date == DateInterval.day(FERRY_DAY)  # ... and dated by its republication
    assert set(c.members) == {"u", "d"}


def _spread_corpus() -> list:  # type: ignore[type-arg]
    """The test corpus plus reports of its stories on other days, a month-dated and an undated one."""
    from datetime import timedelta

    from timeline_corpus import BUDGET, FESTIVAL

    arts = corpus()
    for i, (text, shift) in enumerate([(COURT, 1), (COURT, 2), (COURT, 40), (BUDGET, 3), (BUDGET, 90),
                                       (FESTIVAL, 2), (FESTIVAL, 200)]):
        day = FERRY_DAY + timedelta(days=shift)
        arts.append(make_article(f"later{i}", text, published=day, outlet=f"O{i}", title="t",
                                 event=DateInterval.day(day - timedelta(days=1))))
    arts.append(make_article("month", COURT, published=None, outlet="M", title="t", event=DateInterval.month(2024, 3)))
    arts.append(make_article("undated", BUDGET, published=None, outlet="U", title="t"))
    return arts


def test_scoring_only_compatible_pairs_gives_their_exact_scores_and_the_same_clusters(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A big collection scores only the pairs whose dates can meet in a cluster, block by block; those
    pairs keep their full-matrix score to the last bit, and the clusters are the same."""
    import numpy as np

    from dateline.events import cluster as C

    arts = _spread_corpus()
    dates = [C.article_date(a) for a in arts]
    full = C.similarity_matrix(arts)
    monkeypatch.setattr(C, "BLOCK_ROWS", 2)  # many blocks on a small corpus
    blocked = C.similarity_matrix(arts, dates)
    n = len(arts)
    meet = np.array([[C.is_vague(a) or C.is_vague(b) or C.compatible(a, b) for b in dates] for a in dates])
    assert meet.sum() < n * n  # some pairs are left out ...
    assert np.array_equal(blocked[meet], full[meet])  # ... and the others are scored exactly
    assert (blocked[~meet] == 0).sum() > 0
    clusters = C.cluster_events(arts)
    monkeypatch.setattr(C, "_pair_blocks", lambda ds: [(np.arange(len(ds)), np.arange(len(ds)))])
    assert C.cluster_events(arts) == clusters
    assert len(clusters) > 5
