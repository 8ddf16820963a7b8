"""PubCount and random-date baselines on a small hand-built collection."""

from __future__ import annotations

from datetime import date

from dateline.data import AnalysedArticle, Article, Collection, DateInterval, Sentence
from dateline.evaluate.baselines import PubCount, RandomDates


def article(aid: str, day: date | None, *sentences: str) -> AnalysedArticle:
    text = " ".join(sentences)
    sents, pos = [], 0
    for i, s in enumerate(sentences):
        sents.append(Sentence(i, s, pos, pos + len(s)))
        pos += len(s) + 1
    published = DateInterval.day(day) if day else DateInterval.unknown()
    return AnalysedArticle(Article(aid, f"{aid}.txt", "text", text), tuple(sents), published=published)


APR20, APR21, APR22, MAY2 = date(2010, 4, 20), date(2010, 4, 21), date(2010, 4, 22), date(2010, 5, 2)
WIRE = "An explosion on the Deepwater Horizon rig left eleven workers missing on Tuesday night."
ARTICLES = (
    article("a1", APR21, "By Jane Doe", WIRE, "The Coast Guard searched through the night."),
    article("a2", APR21, WIRE),  # syndicated copy of a1
    article("a3", APR21, WIRE),  # another copy
    article("b1", APR22, "The burning rig sank into the Gulf of Mexico on Thursday morning."),
    article("b2", APR22, "Officials said oil was not leaking from the well after the sinking."),
    article("c1", MAY2, "President Obama visited the Gulf coast and promised federal help for fishermen."),
    article("u1", None, "An undated explainer about offshore drilling and its long history."),
    article("d1", APR20, "Rig workers were celebrating a safety award on the day of the blast."),
)
DUPLICATES = (("a1", "a2", "a3"),)


def test_pubcount_ranks_days_by_articles_and_counts_syndicated_copies_once() -> None:
    collection = Collection(ARTICLES, duplicates=DUPLICATES)
    timeline = PubCount().predict(collection, max_dates=1, max_sentences=2)
    # Without the duplicate groups Apr 21 would win with 3 articles; deduplicated it has 1, Apr 22 has 2.
    (event,) = timeline.events
    assert event.date == DateInterval.day(APR22)
    assert [s.text for s in event.summary] == [ARTICLES[3].sentences[0].text, ARTICLES[4].sentences[0].text]


def test_pubcount_takes_lead_sentences_skipping_bylines_and_breaks_ties_by_earlier_day() -> None:
    timeline = PubCount().predict(Collection(ARTICLES, duplicates=DUPLICATES), max_dates=3, max_sentences=1)
    # Apr 22 (2 articles), then the 1-article days Apr 20 and Apr 21 (earlier first); shown in date order.
    assert [e.date.start for e in timeline.events] == [APR20, APR21, APR22]
    apr21 = timeline.events[1]
    assert [s.text for s in apr21.summary] == [WIRE]  # "By Jane Doe" is too short to be the lead
    assert apr21.summary[0].article_id == "a1"


def test_without_duplicate_groups_every_copy_votes() -> None:
    timeline = PubCount().predict(Collection(ARTICLES), max_dates=1, max_sentences=3)
    (event,) = timeline.events
    assert event.date.start == APR21
    assert [s.text for s in event.summary] == [WIRE]  # identical lead sentences are not repeated


def test_random_dates_are_seeded_publication_days() -> None:
    collection = Collection(ARTICLES, duplicates=DUPLICATES)
    first = RandomDates(seed=7).predict(collection, max_dates=2, max_sentences=1)
    again = RandomDates(seed=7).predict(collection, max_dates=2, max_sentences=1)
    assert first == again
    assert len(first.events) == 2
    assert {e.date.start for e in first.events} <= {APR20, APR21, APR22, MAY2}
    seeds = {
        tuple(e.date.start for e in RandomDates(seed=s).predict(collection, 2, 1).events) for s in range(12)
    }
    assert len(seeds) > 1  # the seed matters


def test_asking_for_more_dates_than_exist_returns_every_day() -> None:
    timeline = RandomDates().predict(
        Collection(ARTICLES, duplicates=DUPLICATES), max_dates=50, max_sentences=1
    )
    assert [e.date.start for e in timeline.events] == [APR20, APR21, APR22, MAY2]
