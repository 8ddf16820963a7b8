"""Story detection (dateline/events/stories.py): the bundled sample corpus's three stories, and
small hand-written piles whose stories share words or run for years."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

import dateline
from dateline.data import AnalysedArticle, Article, DateInterval, Mention
from dateline.events.stories import Story, assign, detect_stories

SAMPLE = Path(__file__).resolve().parents[1] / "dateline" / "sample"
# The answer key of docs/sample-corpus.md, by file name.
SAMPLE_STORIES = {
    "dam": {"kvt_tavrin_dam_envoy.txt", "psh_filling_begins.html", "eurasia_digest_breza_visits_dam.txt",
            "rbw_geneva_talks_collapse.txt", "kvt_ilmara_water_emergency.txt", "wire_and_feeds.jsonl#L1",
            "kvt_kessa_accord_signed.txt", "rbw_what_the_accord_means.txt"},
    "strike": {"ledger_strike_vote.txt", "wire_and_feeds.jsonl#L3", "ledger_talks_break_off.txt",
               "mns_transit_strike_begins.txt", "wire_and_feeds.jsonl#L2", "kcbr_strike_day_four.txt",
               "ledger_talks_resume.html", "ledger_tentative_deal.txt", "ledger_contract_ratified.txt.gz"},
    "trial": {"observer_kovalenko_arrested.txt", "wire_and_feeds.jsonl#L4", "observer_trial_opens.html",
              "fvr_star_witness.txt", "worldwire_kovalenko_sentenced.txt", "continental_kovalenko_nine_years.html",
              "newspulse_ex_minister_sentenced.txt", "fvr_kovalenka_verdict.txt", "observer_appeal_cuts_sentence.txt"},
}


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[AnalysedArticle], list[tuple[str, ...]]]:
    with dateline.open(tmp_path_factory.mktemp("stories") / "s.db") as corpus:
        corpus.ingest([SAMPLE], progress=False)
        return list(corpus.store.iter_articles()), corpus.store.duplicate_groups()


def _names(story: Story, articles: list[AnalysedArticle]) -> set[str]:
    path = {a.id: a.article.path for a in articles}
    return {Path(path[i]).name for i in story.article_ids}


def test_the_sample_corpus_has_its_three_stories(sample: tuple) -> None:
    articles, groups = sample
    stories = detect_stories(articles, groups)
    assert sorted((_names(s, articles) for s in stories), key=sorted) == sorted(SAMPLE_STORIES.values(), key=sorted)
    by_key = {next(k for k, v in SAMPLE_STORIES.items() if v == _names(s, articles)): s for s in stories}
    assert "Kovalenko" in by_key["trial"].label and "Ilmara" in by_key["dam"].label
    assert "Anton Březa" in by_key["dam"].entities  # the key names, with their diacritics
    assert "strike" in by_key["strike"].terms
    assert {"The Lesovian Observer", "Free Voice Radio", "NewsPulse"} <= set(by_key["trial"].outlets)
    assert by_key["strike"].start is not None and date(2022, 9, 1) <= by_key["strike"].start <= date(2022, 10, 31)
    assert [s.size for s in stories] == sorted((s.size for s in stories), reverse=True)  # biggest first


def test_story_ids_stay_when_later_articles_arrive(sample: tuple) -> None:
    articles, groups = sample
    full = {frozenset(s.article_ids): s.id for s in detect_stories(articles, groups)}
    late = [a for a in articles if Path(a.article.path).name in ("observer_appeal_cuts_sentence.txt",
                                                                 "ledger_contract_ratified.txt.gz")]
    earlier = [a for a in articles if a not in late]
    before = detect_stories(earlier, groups)
    assert {s.id for s in before} == set(full.values())
    placed = assign(before, earlier, late)
    trial = next(s.id for s in before if "Kovalenko" in s.label)
    strike = next(s.id for s in before if "strike" in s.terms)
    by_name = {Path(a.article.path).name: placed[a.id] for a in late}
    assert by_name == {"observer_appeal_cuts_sentence.txt": trial, "ledger_contract_ratified.txt.gz": strike}


# -- hand-written piles ---------------------------------------------------------------------------


def _art(aid: str, day: date, text: str, *names: tuple[str, str]) -> AnalysedArticle:
    mentions = tuple(Mention(n, label, f"{label.lower()}:{n.lower().replace(' ', '-')}", 0, 0, len(n))
                     for n, label in names)
    when = DateInterval.day(day)
    return AnalysedArticle(Article(id=aid, path=f"{aid}.txt", fmt="text", text=text, title=None, outlet="Wire"),
                           mentions=mentions, published=when, event_date=when)


HARBOUR = [("Port of Halden", "ORG"), ("Maria Keller", "PERSON"), ("Halden", "GPE")]
COUNCIL = [("Halden", "GPE"), ("Jonas Berg", "PERSON"), ("Halden City Council", "ORG")]
PILE = [
    _art("h1", date(2019, 3, 4), "Dockworkers at the Port of Halden walked off the job over pay, their union said; "
         "container ships waited outside the harbour.", *HARBOUR),
    _art("c1", date(2019, 3, 6), "The Halden city council voted on a budget that cuts school spending; the mayor "
         "said the vote followed months of debate.", *COUNCIL),
    _art("h2", date(2019, 3, 20), "The dockworkers' strike at the Port of Halden ended after the union accepted a "
         "pay rise of six percent.", *HARBOUR),
    _art("c2", date(2021, 11, 2), "Two years on, the Halden city council approved a new budget, and the mayor said "
         "schools would get their money back.", *COUNCIL),
    _art("h3", date(2023, 5, 9), "Four years after the long strike, dockworkers at the Port of Halden voted for a "
         "new contract as their union leader retired.", *HARBOUR),
    _art("c3", date(2023, 6, 1), "The council of Halden elected a new mayor after the budget row; the vote was "
         "close.", *COUNCIL),
]


def test_stories_that_share_a_city_stay_apart_and_years_do_not_split_them() -> None:
    stories = detect_stories(PILE, duplicates=())
    assert sorted(sorted(s.article_ids) for s in stories) == [["c1", "c2", "c3"], ["h1", "h2", "h3"]]
    harbour = next(s for s in stories if "h1" in s.article_ids)
    assert harbour.start == date(2019, 3, 4) and harbour.end == date(2023, 5, 9)  # a story can run for years
    assert "Maria Keller" in harbour.label or "Port of Halden" in harbour.label


def test_syndicated_copies_follow_their_kept_copy() -> None:
    copy = _art("h1-copy", date(2019, 3, 4), PILE[0].article.text, *HARBOUR)
    stories = detect_stories([*PILE, copy], duplicates=[("h1", "h1-copy")])
    harbour = next(s for s in stories if "h1" in s.article_ids)
    assert "h1-copy" in harbour.article_ids and harbour.size == 4


def test_an_unrelated_article_starts_no_existing_story() -> None:
    stories = detect_stories(PILE, duplicates=())
    stray = _art("x1", date(2023, 7, 1), "A rare orchid flowered in the botanical garden of Lund for the first "
                 "time in forty years.", ("Lund", "GPE"))
    assert assign(stories, PILE, [stray]) == {"x1": None}
    assert detect_stories([], duplicates=()) == []


def test_a_story_known_only_as_before_a_day_has_no_span() -> None:
    """An article dated only "before 2027-12-30" (its one date is a future reference) tells nothing of
    when its story ran: no start, no end, rather than a one-day span on the open bound."""
    open_ended = DateInterval(None, date(2027, 12, 30))
    art = _art("b1", date(2024, 1, 1), "The city council approved a new river bridge; the mayor said the bridge "
               "would open in 2027.", ("Lyon", "GPE"))
    art = AnalysedArticle(art.article, mentions=art.mentions, published=open_ended, event_date=open_ended)
    (story,) = detect_stories([art], duplicates=())
    assert story.start is None and story.end is None
    # beside a dated report, the story runs over the dated one's days only
    dated = _art("b2", date(2024, 5, 2), "The council's new river bridge got its first girders, the mayor said.",
                 ("Lyon", "GPE"))
    (both,) = detect_stories([art, dated], duplicates=())
    assert (both.start, both.end) == (date(2024, 5, 2), date(2024, 5, 2))
