"""Shape recognisers of the clean stage on lines written for the tests."""

from __future__ import annotations

import pytest

from dateline.clean import structure as S


@pytest.mark.parametrize(
    "line",
    [
        ". Last Updated: 07/27/2016",
        "Updated at 13:53,23-12-2024",
        "Last modified on 3 March 2021",
        "UPDATED: Nov 4, 2019 10:02 am",
        "Retrieved 2020-01-05",
    ],
)
def test_stamps(line: str) -> None:
    assert S.is_stamp(line)


@pytest.mark.parametrize(
    "line",
    [
        "Updated",
        "The updated plan was approved by parliament in March after months of talks.",
        "Modified crops are grown widely",
    ],
)
def test_not_stamps(line: str) -> None:
    assert not S.is_stamp(line)


def test_stamp_text_drops_leading_punctuation() -> None:
    assert S.stamp_text(". Last Updated: 07/27/2016") == "Last Updated: 07/27/2016"


@pytest.mark.parametrize(
    "line",
    ["March 3, 2021", "03/11/2019 14:05", "Tuesday, 12 March 2024, 09:41", "October 9, 2018 at 4:02 pm"],
)
def test_bare_dates(line: str) -> None:
    assert S.is_bare_date(line)


def test_bare_date_is_not_a_sentence_with_a_date() -> None:
    assert not S.is_bare_date("On March 3, 2021 the council met.")


@pytest.mark.parametrize("line", ["___", "* * *", "-----", "•"])
def test_separators(line: str) -> None:
    assert S.is_separator(line)


def test_bylines() -> None:
    assert S.byline("By Jonas Keller") == ("By Jonas Keller", None)
    assert S.byline("By Anna Weiss and Tom Berg") == ("By Anna Weiss and Tom Berg", None)
    assert S.byline("Lena Brandt, The Associated Press") == (
        "Lena Brandt, The Associated Press",
        "The Associated Press",
    )
    assert S.byline("By the end of the week, prices had fallen.") is None
    assert S.byline("Berlin, Germany") is None  # a place, not a name and an outlet


def test_datelines() -> None:
    d = S.dateline("MOSCOW (AP) — The authoritarian leader of Belarus visited Russia on Tuesday.")
    assert d is not None and (d.text, d.place, d.agency) == (
        "MOSCOW (AP) —",
        "MOSCOW",
        "The Associated Press",
    )
    d = S.dateline("KYIV, Ukraine (Reuters) - Officials said on Monday that ...")
    assert d is not None and d.place == "KYIV, Ukraine" and d.agency == "Reuters"
    d = S.dateline("WASHINGTON — The Senate voted on Friday.")
    assert d is not None and d.place == "WASHINGTON" and d.agency is None
    assert S.dateline("The US — and its allies — disagreed.") is None
    assert S.dateline("NATO said on Monday it would meet.") is None


def test_caption_credits() -> None:
    assert S.caption_credit("APBelarussian President meets his counterpart outside Minsk on Friday.") == "AP"
    assert S.caption_credit("The two leaders met in Sochi on Monday. Kremlin.ru") == "Kremlin.ru"
    assert (
        S.caption_credit("Flood water in the old town on Sunday. Marta Lind/Valley Press")
        == "Marta Lind/Valley Press"
    )
    assert S.caption_credit("The two leaders met in Sochi on Monday.") is None
    assert S.caption_credit("NATO allies met in Brussels on Monday to discuss the plan.") is None


def test_photo_cues() -> None:
    assert S.has_photo_cue("Anna Weiss speaks in Lindau. (Photo: Harbour Post)")
    assert S.has_photo_cue("Vladimir Putin (left) and his counterpart ride snowmobiles.")
    assert not S.has_photo_cue("The photographer left the building at noon.")


def test_caption_that_retells_the_first_paragraph() -> None:
    caption = "Rescue workers carry residents through flooded streets in Orvik on Sunday."
    para = (
        "Rescue workers carried residents through the flooded streets of Orvik on Sunday as the river rose."
    )
    assert S.echoes(caption, para)
    assert not S.echoes(caption, "The council approved the budget after a long debate on Monday.")
    assert not S.echoes(para, para)


def test_outlets() -> None:
    assert S.looks_like_outlet("ThinkPol")
    assert S.looks_like_outlet("The Harbour Post")
    assert not S.looks_like_outlet("Read more")
    assert not S.looks_like_outlet("By Jonas Keller")
    assert not S.looks_like_outlet("March 2021")
    assert not S.looks_like_outlet("The council met today.")
    assert S.outlet_in_appeal("Support The Moscow Times!") == "The Moscow Times"
    assert S.outlet_in_appeal("Subscribe to The Valley Ledger") == "The Valley Ledger"
    assert S.outlet_in_appeal("We support the new plan, the minister said on Friday in Paris.") is None


def test_glued_and_parenthesised_credits() -> None:
    glued = "Harbour Post/Ann LeeCranes unload the first ship at the new terminal in Lindau on Monday."
    assert S.caption_credit(glued) == "Harbour Post/Ann Lee"
    paren = (
        "Dock workers cheer as the first ship arrives at the new terminal on Monday. (Valley Press/Jo Kim)"
    )
    assert S.caption_credit(paren) == "Valley Press/Jo Kim"
    assert S.caption_credit("McDonald's said on Monday it would close 40 stores in the region.") is None
    assert S.caption_credit("He said the deal was done and the ship would sail (eventually).") is None


def test_related_links() -> None:
    assert S.is_link_line("Related: How the port became the region's busiest")
    assert S.is_link_line("READ MORE: Ferry prices rise again")
    assert not S.is_link_line("More than 300 people came to the opening on Monday.")


def test_stamps_inside_short_lines() -> None:
    assert S.find_stamp("By Ann Lee · Updated 3 March 2024") == "Updated 3 March 2024"
    assert S.find_stamp("Posted by Jo | Updated: 14:05, 03/11/2019") == "Updated: 14:05, 03/11/2019"
    assert S.find_stamp("The rules were updated on 3 March 2021.") is None


@pytest.mark.parametrize(("line", "origin"), [
    ("Republished from Tesk Daily", "Tesk Daily"),
    ("Originally published by The Conversation.", "The Conversation"),
    ("This article first appeared in Foreign Policy", "Foreign Policy"),
    ("Reprinted with permission from the Kyiv Independent", "the Kyiv Independent"),
    ("Courtesy of Reuters", "Reuters"),
])
def test_republisher_lines_name_the_original_outlet(line: str, origin: str) -> None:
    assert S.republished_from(line) == origin


@pytest.mark.parametrize("line", [
    "Published in Nature on Monday.",  # prose that goes on in lower case
    "The study was published in March by researchers at two universities in the region.",
    "Published on 2021-03-01",
    "Republished from Tesk Daily with the permission of its editors and its staff today",
])
def test_prose_about_publishing_is_no_republisher_line(line: str) -> None:
    assert S.republished_from(line) is None
