"""Cross-document dating on small corpora written for the test."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

import pytest

from dateline.analyse import constraints as C
from dateline.analyse.dating import date_article
from dateline.data import AnalysedArticle, Article, DateInterval, RawDocument, Sentence
from dateline.events.dating import refine_corpus
from dateline.pipeline import process


def analysed(aid: str, text: str, stamps: tuple[str, ...] = ()) -> AnalysedArticle:
    sents = tuple(
        Sentence(i, m.group(0), m.start(), m.end())
        for i, m in enumerate(re.finditer(r"[^.!?]+[.!?]?", text))
        if m.group(0).strip()
    )
    art = Article(id=aid, path=f"{aid}.txt", fmt="text", text=text, stamps=stamps)
    d = date_article(art, sents)
    return AnalysedArticle(art, sents, (), d.times, (), d.published, d.event_date)


UNDATED = analysed(
    "undated",
    (
        "Governor Halvorsen met Chancellor Brandt on Wednesday to settle the harbour dispute. "
        "The talks eased a quarrel that began in March when Brandt proposed a scheme under which Norland "
        "would essentially take over the Vessel harbour authority. "
        "Both sides said the meeting was friendly."
    ),
    stamps=("Last Updated: 07/27/2016",),
)

DATED = analysed(
    "dated",
    (
        "Governor Halvorsen visited the capital for talks with Chancellor Brandt. "
        "Relations were strained in 2011, when Brandt floated a plan under which the Vessel harbour authority "
        "would essentially be absorbed by Norland. "
        "Officials said the visit went well."
    ),
)

OTHER = analysed(
    "other",
    (
        "Farmers in the valley harvested a record crop of apples in 2011, the cooperative said. "
        "Prices fell in March as supermarkets cut orders."
    ),
)


def test_dated_reference_narrows_the_undated_article() -> None:
    before = UNDATED.published
    assert before.start is None and before.end == date(2016, 7, 27)  # only the stamp bounds it
    out = refine_corpus([UNDATED, DATED, OTHER])
    pub = out[0].published
    assert (pub.start, pub.end) == (date(2011, 3, 1), date(2011, 12, 31))
    cross = [e for e in pub.evidence if e.kind == "cross-document"]
    assert len(cross) == 1
    assert cross[0].article_id == "dated"
    assert "strained in 2011" in cross[0].text
    assert cross[0].sentence == 1
    # the event date follows the narrowed publication date: a Wednesday of 2011
    assert out[0].event_date.start is not None and out[0].event_date.start.year in (2011, 2010)


def test_the_article_s_own_dated_past_outranks_a_cross_document_match() -> None:
    """The match reads "in March" as March 2011, but the article itself tells a December 2012 event
    as past: its own evidence wins (the match would contradict it, so it does not narrow the date)."""
    own = analysed(
        "own",
        UNDATED.article.text + " The harbour strike of December 2012 ended after two weeks of talks.",
        stamps=("Last Updated: 07/27/2016",),
    )
    pub = refine_corpus([own, DATED, OTHER])[0].published
    assert pub.start is not None and pub.start >= date(2012, 12, 1)
    assert pub.end == date(2016, 7, 27)
    assert not any(e.kind == "cross-document" for e in pub.evidence)


def test_unrelated_article_does_not_move_the_date() -> None:
    out = refine_corpus([UNDATED, OTHER])
    assert out[0].published == UNDATED.published
    assert out[1] is OTHER


def test_dated_articles_are_left_alone() -> None:
    out = refine_corpus([DATED, UNDATED])
    assert out[0] is DATED


def test_counted_durations_move_the_date_by_their_difference() -> None:
    a = analysed(
        "a",
        (
            "The regional assembly condemned the March 2015 vote that extended Governor Halvorsen's 12-year rule. "
            "Observers said the count was flawed."
        ),
    )
    b = analysed(
        "b",
        (
            "Governor Halvorsen met the chancellor on Thursday. "
            "The opposition has protested against his 14-year rule since a disputed March 2015 vote."
        ),
    )
    assert b.published.end is None
    out = refine_corpus([a, b])
    pub = out[1].published
    assert (pub.start, pub.end) == (date(2017, 1, 1), date(2017, 12, 31))  # 2015 + 2 years
    ev = next(e for e in pub.evidence if e.kind == "cross-document")
    assert ev.article_id == "a" and "12-year" in ev.text


@pytest.mark.parametrize(("holder", "dated"), [("Halvorsen", True), ("Brekke", False)])
def test_a_counted_rule_dates_only_the_same_holder_s_article(holder: str, dated: bool) -> None:
    """Through the real analyser (people recognised): "his 14-year rule" in an article about
    Brekke is not Halvorsen's "12-year rule", though the article names Halvorsen too."""
    a = RawDocument(path="a.txt", fmt="text", content=(
        "Assembly condemns vote\n\nThe regional assembly condemned the March 2015 vote that extended "
        "Governor Erik Halvorsen's 12-year rule. Governor Lars Brekke of the southern province watched.\n"
    ))  # fmt: skip
    b = RawDocument(path="b.txt", fmt="text", content=(
        f"Opposition protests\n\nGovernor {holder} met the chancellor on Thursday. {holder} spoke for an hour. "
        "The opposition has protested against his 14-year rule since a disputed March 2015 vote. "
        f"Governor {'Lars Brekke' if holder == 'Halvorsen' else 'Erik Halvorsen'} did not comment.\n"
    ))  # fmt: skip
    pub = process([a, b])[1].published
    assert any(e.kind == "cross-document" for e in pub.evidence) is dated, pub
    if dated:
        assert (pub.start, pub.end) == (date(2017, 1, 1), date(2017, 12, 31))


def test_a_single_article_is_returned_unchanged() -> None:
    assert refine_corpus([UNDATED]) == [UNDATED]


WIRE_BODY = (
    "The harbour authority of Norland closed the northern channel to cargo ships after a crane collapsed. "
    "Port officials said the channel would stay closed until divers had inspected the quay wall. "
    "Shipping companies diverted at least twelve vessels to the southern terminal on Tuesday. "
    "The dockworkers' union called for an independent inquiry into the maintenance of the cranes."
)


def test_a_copy_of_a_dated_story_is_dated_like_it() -> None:
    original = replace(analysed("wire", WIRE_BODY), published=DateInterval.day(date(2018, 4, 11)))
    copy = analysed(
        "copy", "Crane collapse shuts Norland channel. " + WIRE_BODY, stamps=("Updated 3 March 2024",)
    )
    assert copy.published.start is None  # nothing in its own text dates it
    out = refine_corpus([original, copy])
    pub = out[1].published
    assert (pub.start, pub.end) == (
        date(2018, 4, 11),
        date(2018, 4, 18),
    )  # that day, or republished within a week
    (ev,) = [e for e in pub.evidence if e.kind == "cross-document"]
    assert ev.article_id == "wire" and "northern channel" in ev.text
    assert "4 of this article's 4 sentences" in ev.note
    assert out[0] is original


def test_a_report_sharing_a_few_sentences_is_not_a_copy() -> None:
    original = replace(analysed("wire", WIRE_BODY), published=DateInterval.day(date(2018, 4, 11)))
    other = analysed(
        "other",
        (
            "The harbour authority of Norland closed the northern channel to cargo ships after a crane collapsed. "
            "Fishermen in the bay said the closure would cost them a week of landings at the busiest time. "
            "The regional council promised compensation for boats that could not reach the fish market. "
            "Its members will meet the harbour master next month to agree on the terms of the scheme."
        ),
    )
    out = refine_corpus([original, other])
    assert out[1] is other


def test_hard_cross_document_evidence_overrides_the_recency_prior(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(C, "RECENCY_DAYS", 14)
    undated = analysed(
        "undated",
        (
            "Governor Halvorsen met Chancellor Brandt on Wednesday to settle the harbour dispute. "
            "The talks eased a quarrel that began in March when Brandt proposed a scheme under which Norland "
            "would essentially take over the Vessel harbour authority. "
            "The ferry strike of May 2009 was recalled by both delegations at the start of the meeting."
        ),
    )
    prior = undated.published
    assert (prior.start, prior.end) == (date(2009, 5, 1), date(2009, 6, 14))  # May 2009 + 14 days
    assert "recency" in {e.kind for e in prior.evidence}
    pub = refine_corpus([undated, DATED, OTHER])[0].published
    # the same-event reference dates "in March" to 2011: hard evidence, so the prior gives way
    assert (pub.start, pub.end) == (date(2011, 3, 1), date(2011, 12, 31))
    kinds = {e.kind for e in pub.evidence}
    assert "cross-document" in kinds and "recency" not in kinds and "conflict" not in kinds
