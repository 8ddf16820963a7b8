"""Timeline algorithms: one event per story on small corpora, date selection on big ones,
syndicated copies never voting twice, every sentence traceable to its article."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from timeline_corpus import FERRY_DAY, WIRE, corpus, make_article

from dateline.data import AnalysedArticle, Collection, DateInterval, RawDocument, Timeline
from dateline.errors import UsageError
from dateline.events.dedup import duplicate_groups
from dateline.timeline import DEFAULT_METHOD, METHODS, get_generator
from dateline.timeline.build import CorpusIndex
from dateline.timeline.datewise import count_votes


def _collection(arts: list[AnalysedArticle], dedup: bool = True) -> Collection:
    return Collection(tuple(arts), duplicate_groups(arts) if dedup else ())


def _assert_traceable(tl: Timeline, arts: list[AnalysedArticle]) -> None:
    by_id = {a.id: a for a in arts}
    for ev in tl.events:
        assert ev.summary
        for s in ev.summary:
            assert by_id[s.article_id].sentences[s.sentence].text == s.text


def test_methods_are_listed_and_unknown_is_a_usage_error() -> None:
    assert set(METHODS) == {"default", "datewise", "clustering", "learned"}
    assert DEFAULT_METHOD in METHODS
    with pytest.raises(UsageError, match="unknown timeline method"):
        get_generator("magic")


def test_default_gives_one_event_per_story_with_all_four_sources() -> None:
    arts = corpus()
    tl = get_generator("default").predict(_collection(arts), 20, 2)
    assert len(tl.events) == 5
    ferry = next(e for e in tl.events if e.date == DateInterval.day(FERRY_DAY))
    assert {s.id for s in ferry.sources} == {"ap", "herald", "tribune", "reuters"}
    assert {s.outlet for s in ferry.sources} == {"AP", "Daily Herald", "Star Tribune", "Reuters"}
    assert "Fred Enanga" in ferry.entities
    assert any(q.speaker == "Fred Enanga" and "life jackets" in q.text for q in ferry.quotes)
    # the wire copies offer their sentences once: no sentence text twice in the summary
    assert len({s.text for s in ferry.summary}) == len(ferry.summary)
    _assert_traceable(tl, arts)


def test_default_finds_duplicates_itself_when_the_caller_gave_none() -> None:
    arts = corpus()
    tl = get_generator("default").predict(_collection(arts, dedup=False), 20, 2)
    ferry = next(e for e in tl.events if e.date == DateInterval.day(FERRY_DAY))
    assert len(ferry.sources) == 4
    assert sum(1 for e in tl.events if any(s.id == "herald" for s in e.sources)) == 1


def test_events_are_in_date_order_and_never_more_precise_than_evidence() -> None:
    tl = get_generator("default").predict(_collection(corpus()), 20, 3)
    labels = [e.date.label() for e in tl.events]
    assert labels == ["2003–2005", "2024-02-01", "2024-03-13", "2024-04-08", "2024-05-18"]
    for e in tl.events:
        assert 1 <= len(e.summary) <= 3


def test_summary_comes_from_the_lead() -> None:
    tl = get_generator("default").predict(_collection(corpus()), 20, 1)
    budget = next(e for e in tl.events if e.date.start == date(2024, 2, 1))
    assert budget.summary[0].sentence == 0


def test_copies_do_not_vote_twice_in_datewise() -> None:
    # Three copies name day A; two independent articles name day B. One vote for A.
    day_a, day_b = date(2024, 3, 13), date(2024, 3, 20)
    copies = [
        make_article(f"copy{i}", WIRE, published=day_a, outlet=f"Outlet {i}", title=f"Headline {i}",
                     days={"on Wednesday": day_a})
        for i in range(3)
    ]
    others = [
        make_article(f"ind{i}", [f"Talks between the {who} resumed in Nairobi on Wednesday, officials said.",
                                 f"The {who} delegations met for six hours behind closed doors."],
                     published=day_b, outlet="X", title="t", days={"on Wednesday": day_b})
        for i, who in enumerate(["Kenyan and Ugandan", "Rwandan and Tanzanian"])
    ]
    arts = copies + others
    votes = count_votes(CorpusIndex(_collection(arts)))
    assert votes.refs[day_a] == 1 and votes.refs[day_b] == 2
    tl = get_generator("datewise").predict(_collection(arts), 1, 1)
    assert [e.date.start for e in tl.events] == [day_b]
    # the same corpus with dedup switched off (an empty group stands for "no copies known")
    naive = get_generator("datewise").predict(Collection(tuple(arts), ((),)), 1, 1)
    assert naive.events[0].date.start == day_a


def _big_corpus() -> list[AnalysedArticle]:
    """Forty short reports over forty days; three days are referred to again and again."""
    start = date(2024, 1, 1)
    hot = [start + timedelta(days=d) for d in (5, 17, 30)]
    who = ["Farmers", "Drivers", "Traders", "Students", "Nurses", "Miners", "Pilots", "Teachers"]
    what = ["protested", "complained", "rallied", "petitioned", "marched"]
    where = ["Busia", "Malaba", "Mutukula", "Katuna", "Elegu"]
    why = ["fuel prices", "border delays", "new taxes", "unpaid wages", "road closures", "power cuts", "school fees"]
    arts = []
    for i in range(40):
        pub = start + timedelta(days=i)
        ref_day = hot[i % 3] if i % 2 == 0 else pub
        w, v, p, y = who[i % 8], what[i % 5], where[(i // 5) % 5], why[i % 7]
        lines = [
            f"{w} {v} in {p} over {y}; trouble started on the day in question.",
            f"Officials in {p} promised {w.lower()} more talks about {y} within {i + 2} days.",
            f"About {i * 37 + 120} {w.lower()} joined, police in {p} estimated.",
        ]
        arts.append(make_article(f"b{i:02d}", lines, published=pub, outlet="Wire", title=f"Report {i}",
                                 event=DateInterval.day(pub), days={"day in question": ref_day}))
    return arts


def test_default_on_a_big_corpus_selects_the_most_referred_days() -> None:
    arts = _big_corpus()
    tl = get_generator("default").predict(_collection(arts), 3, 2)
    assert [e.date.start for e in tl.events] == [date(2024, 1, 6), date(2024, 1, 18), date(2024, 1, 31)]
    for e in tl.events:
        assert e.date.precision == "day"
        assert 1 <= len(e.summary) <= 2
    _assert_traceable(tl, arts)


@pytest.mark.parametrize("method", ["default", "datewise", "clustering", "learned"])
def test_every_method_respects_sizes_and_traceability(method: str) -> None:
    arts = _big_corpus() + corpus()
    tl = get_generator(method).predict(_collection(arts), 4, 2)
    assert 1 <= len(tl.events) <= 4
    assert all(len(e.summary) <= 2 for e in tl.events)
    _assert_traceable(tl, arts)
    keys = [e.date.midpoint() for e in tl.events]
    assert keys == sorted(keys)


@pytest.mark.parametrize("method", ["default", "datewise", "clustering", "learned"])
def test_empty_collection_gives_empty_timeline(method: str) -> None:
    assert get_generator(method).predict(Collection(()), 5, 2) == Timeline(())


def test_keywords_steer_sentence_choice() -> None:
    arts = corpus()
    plain = get_generator("datewise").predict(_collection(arts), 20, 1)
    steered = get_generator("datewise").predict(
        Collection(tuple(arts), duplicate_groups(arts), ("overloaded", "crew", "weather", "warnings")), 20, 1
    )
    ferry = next(e for e in steered.events if e.date.start == FERRY_DAY)
    assert "overloaded" in ferry.summary[0].text
    assert ferry.summary != next(e for e in plain.events if e.date.start == FERRY_DAY).summary


def test_integration_with_the_clean_and_analyse_stages() -> None:
    from dateline.analyse import Analyser
    from dateline.clean import clean_batch

    body = "\n\n".join(WIRE)
    docs = [
        RawDocument(path="ap.txt", fmt="text", content=f"Ferry capsizes on Lake Victoria\n\n{body}",
                    published="2024-03-13", source="AP"),
        RawDocument(path="herald.txt", fmt="text",
                    content=f"Dozens missing after ferry sinks\n\nBy Staff Writer\n\n{body}\n\nSubscribe now.",
                    published="2024-03-14", source="Daily Herald"),
    ]
    arts = Analyser().analyse(clean_batch(docs))
    tl = get_generator("default").predict(_collection(arts), 10, 2)
    assert len(tl.events) == 1
    assert {s.path for s in tl.events[0].sources} == {"ap.txt", "herald.txt"}
    _assert_traceable(tl, arts)


def test_undated_events_come_last() -> None:
    arts = corpus() + [make_article("nodate", ["A ferry company in Entebbe announced new safety rules for "
                                               "passengers and crews on all of its routes."],
                                    published=None, outlet="Y", title="Rules")]
    tl = get_generator("default").predict(_collection(arts), 20, 1)
    assert not tl.events[-1].date.is_known
    assert all(e.date.is_known for e in tl.events[:-1])


def test_pieces_of_multi_sentence_quotes_are_not_offered_as_summaries() -> None:
    from dateline.data import Article, Sentence
    from dateline.timeline.build import offered_sentences, readable

    assert readable("The mayor said the bridge “will open in May,” officials confirmed.")
    assert not readable("“The investigation is complete.")
    assert not readable('Every account is documented," the prosecutor said.')
    text = ("Prosecutors sent the case to court on Thursday. “The investigation is complete. "
            "Every account is documented,” the prosecutor said.")
    parts = ["Prosecutors sent the case to court on Thursday.", "“The investigation is complete.",
             "Every account is documented,” the prosecutor said."]
    sents, pos = [], 0
    for i, p in enumerate(parts):
        start = text.index(p, pos)
        sents.append(Sentence(i, p, start, start + len(p)))
        pos = start + len(p)
    art = AnalysedArticle(article=Article(id="q", path="q.txt", fmt="text", text=text), sentences=tuple(sents))
    assert [s.index for s in offered_sentences(art)] == [0]
    only_quotes = AnalysedArticle(article=art.article, sentences=tuple(sents[1:]))
    assert len(offered_sentences(only_quotes)) == 2  # nothing readable in the lead: keep everything


def test_a_sentence_carrying_a_commenter_stamp_is_never_offered() -> None:
    """A store cleaned before comment threads were removed may still hold them; the timeline skips them."""
    from dateline.data import Article, Sentence
    from dateline.timeline.build import offered_sentences

    parts = ["The harbour reopened on Monday after a week of storms.",
             "March 4, 2024 at 9:12 am | Reply About time, the ferry was the only way in!",
             "“Nobody is to blame,” the harbour master said."]
    text = " ".join(parts)
    sents = [Sentence(i, p, text.index(p), text.index(p) + len(p)) for i, p in enumerate(parts)]
    art = AnalysedArticle(article=Article(id="c", path="c.txt", fmt="text", text=text), sentences=tuple(sents))
    assert [s.index for s in offered_sentences(art)] == [0, 2]
    stamp_only_lead = AnalysedArticle(article=art.article, sentences=tuple(sents[1:2]))
    assert offered_sentences(stamp_only_lead) == []  # not even when the lead has nothing else


def test_l2_norm_is_the_euclidean_norm_without_blas() -> None:
    import numpy as np

    from dateline.timeline.summarise import centroid_scores, l2_norm

    assert l2_norm(np.array([3.0, 4.0])) == 5.0
    assert l2_norm(np.array([[1.0, 2.0], [2.0, 4.0]])) == 5.0  # a matrix: all its entries
    assert l2_norm(np.zeros(7)) == 0.0
    long = np.linspace(-1.0, 1.0, 40_001).reshape(1, -1)  # a centroid's length: BLAS would use threads
    assert abs(l2_norm(long) - float(np.linalg.norm(long))) < 1e-9
    rows = np.array([[1.0, 0.0], [0.0, 1.0], [0.6, 0.8]])
    assert np.allclose(centroid_scores(rows), rows @ (np.array([1.6, 1.8]) / l2_norm(np.array([1.6, 1.8]))))
