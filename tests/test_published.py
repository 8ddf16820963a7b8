"""Publication date of one page: metadata, header lines, stamps as upper bounds only."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

import pytest

from dateline.analyse import published as P
from dateline.analyse.dating import date_article
from dateline.clean import clean
from dateline.data import Article, DateInterval, LineKind, RawDocument, RemovedLine, Sentence


def split(text: str) -> list[Sentence]:
    return [
        Sentence(i, m.group(0), m.start(), m.end())
        for i, m in enumerate(re.finditer(r"[^.!?\n]+[.!?]?", text))
        if m.group(0).strip()
    ]


def article(text: str, **kw: object) -> Article:
    return Article(id=kw.pop("id", "a1"), path="p.txt", fmt="text", text=text, **kw)  # type: ignore[arg-type]


def published(text: str, **kw: object) -> DateInterval:
    a = article(text, **kw)
    return date_article(a, split(a.text)).published


def published_via_cleaner(page: str) -> DateInterval:
    a = clean(RawDocument(path="page.txt", fmt="text", content=page))
    return date_article(a, split(a.text)).published


BODY = (
    "The harbour authority approved the new ferry terminal after a long public debate.\n"
    "Work is expected to take two years, the authority said in a statement on its website.\n"
    "Residents who opposed the plan said they would keep watching the construction closely."
)


@pytest.mark.parametrize(
    ("meta", "expected"),
    [
        ("2019-10-19", DateInterval.day(date(2019, 10, 19))),
        ("2019-10-19T08:15:00+02:00", DateInterval.day(date(2019, 10, 19))),
        ("2019-10", DateInterval.month(2019, 10)),
        ("October 19, 2019", DateInterval.day(date(2019, 10, 19))),
        ("", None),
        ("no date here", None),
    ],
)
def test_metadata_strings_keep_their_precision(meta: str, expected: DateInterval | None) -> None:
    assert P.parse_meta(meta) == expected


def test_metadata_wins_and_is_the_evidence() -> None:
    iv = published(BODY + "\nPosted March 3, 2018", published_meta="2019-10-19")
    assert (iv.start, iv.end) == (date(2019, 10, 19), date(2019, 10, 19))
    assert iv.evidence[0].kind == "metadata"


def test_published_line_gives_the_day() -> None:
    iv = published("Ferry terminal approved\nPublished: March 3, 2018 at 9:14 a.m.\n" + BODY)
    assert iv.start == iv.end == date(2018, 3, 3)
    assert iv.evidence[0].kind == "header-date"


# --- page stamps are upper bounds, never the publication date ------------------------

STAMP_PAGES = [
    "Harbour News\n. Last Updated: 07/27/2016\nFerry terminal approved\n" + BODY,
    "Updated at 13:53,23-12-2024\nFerry terminal approved\n" + BODY,
    "Ferry terminal approved\n" + BODY + "\nPage last modified on 2 March 2019, at 10:04.",
    "Ferry terminal approved\nRetrieved 2023-11-08 14:02 UTC\n" + BODY,
]


@pytest.mark.parametrize("page", STAMP_PAGES)
def test_a_stamp_that_is_the_only_date_is_never_the_publication_date(page: str) -> None:
    for iv in (published(page), published_via_cleaner(page)):
        assert iv.start is None or iv.start != iv.end, iv
        assert not any(e.kind in ("header-date", "metadata") for e in iv.evidence)


def test_stamp_from_the_cleaner_is_an_upper_bound() -> None:
    iv = published(
        BODY,
        stamps=(". Last Updated: 07/27/2016",),
        removed=(RemovedLine(". Last Updated: 07/27/2016", LineKind.STAMP, "page stamp", 1),),
    )
    assert iv.start is None and iv.end == date(2016, 7, 27)
    assert [e.kind for e in iv.evidence] == ["stamp-upper-bound"]


def test_a_bare_date_line_the_cleaner_calls_a_stamp_is_still_a_candidate() -> None:
    iv = published(
        BODY,
        stamps=("March 3, 2018",),
        removed=(RemovedLine("March 3, 2018", LineKind.STAMP, "date line", 1),),
    )
    assert iv.start == iv.end == date(2018, 3, 3)


def test_a_markdown_link_s_address_is_not_read_as_the_line_s_words() -> None:
    """A markdown dump writes the byline's date as a link; read as its visible words it is a
    short labelled header line, not a long line of prose."""
    page = (
        "# Ferry terminal approved\n"
        '[October 19, 2019](https://harbour-news.example/2019/10/ferry-terminal-approved/ "5:05 pm") by '
        '[Ana Ruiz](https://harbour-news.example/author/ana-ruiz/ "View all posts by Ana Ruiz")\n' + BODY
    )
    iv = published(page)
    assert iv.start == iv.end == date(2019, 10, 19)
    assert P.visible('[Ana Ruiz](https://x.example/a_(b) "t") and ![map](m.png)') == "Ana Ruiz and map"


def test_a_label_on_the_line_above_its_date_is_read_as_its_label() -> None:
    """Dumps that break lines at every tag put "PUBLISHED:" and its date on two lines."""
    split_page = "Ferry terminal approved\nPUBLISHED:\nApril 24, 2020 at 9:06 a.m.\n" + BODY
    one_line = "Ferry terminal approved\nPUBLISHED: April 24, 2020 at 9:06 a.m.\n" + BODY
    pub = P.FEATURES.index("pub_word")
    for page in (split_page, one_line):
        (cand,) = P.candidates(article(page))
        assert cand.day == date(2020, 4, 24) and cand.features[pub] == 1.0
    # a long line above is prose, not a label
    prose_above = (
        "Ferry terminal approved\n" + BODY.splitlines()[0] + " It was published.\nApril 24, 2020\n" + BODY
    )
    (cand,) = P.candidates(article(prose_above))
    assert cand.features[pub] == 0.0


def test_a_rival_date_as_plausible_as_the_best_widens_the_interval(monkeypatch: pytest.MonkeyPatch) -> None:
    """Two dates on equal header lines: the interval spans both rather than naming one wrongly."""
    page = "Ferry terminal approved\nMarch 3, 2018\nHarbour desk\nMarch 5, 2018\n" + BODY
    cands = P.candidates(article(page))
    assert {c.day for c in cands} == {date(2018, 3, 3), date(2018, 3, 5)}
    gap = abs(cands[0].score - cands[1].score)
    monkeypatch.setattr(P, "CLOSE_MARGIN", gap + 0.01)
    iv = published(page)
    assert (iv.start, iv.end) == (date(2018, 3, 3), date(2018, 3, 5))
    assert iv.evidence[0].kind == "header-date" and "rivals" in iv.evidence[0].note
    monkeypatch.setattr(P, "CLOSE_MARGIN", 0.0)
    narrow = published(page)
    assert narrow.start == narrow.end and narrow.start in (date(2018, 3, 3), date(2018, 3, 5))


def test_updated_line_does_not_replace_published_line() -> None:
    iv = published("Ferry terminal approved\nPosted: March 3, 2018 | Updated: March 9, 2018\n" + BODY)
    assert iv.start == iv.end == date(2018, 3, 3)


# --- dates that are not this article's ---------------------------------------------------


def test_comment_tweet_and_copyright_dates_are_not_the_page_date() -> None:
    page = (
        "Ferry terminal approved\nBy Ana Ruiz\nJune 4, 2021\n" + BODY + "\n"
        "— Harbour Watch (@harbourwatch) May 30, 2021\n"
        "12 Comments\nJohn wrote: June 9, 2021 at 4:10 pm\n"
        "© 2023 Harbour News Ltd"
    )
    iv = published(page)
    assert iv.start == iv.end == date(2021, 6, 4)


DOCK_HEAD = "Dock strike enters third day as port talks stall\nBy Mara Lind, Harbour Gazette\n"
DOCK_BODY = (
    "PORT SABRIN -- Dock workers stayed away from the cranes for a third day on Wednesday, as talks between "
    "their union and the port authority broke off without a date for the next round.\n"
    "The union wants a pay rise of nine percent over two years and an end to split shifts, which it says "
    "keep members at the docks for fourteen hours a day.\n"
    '"We have waited long enough, and our members know it," union president Karim Okafor told reporters '
    "outside the authority's offices.\n"
    "The port authority said in a statement that it had offered five percent and would not go further "
    "while ships were waiting offshore.\n"
    "The strike began on Monday, March 11, 2019, after a vote in which 87 percent of members backed a walkout.\n"
)
# Two layouts of a small thread (three comments over two days, too few days to read as a list of
# other stories): stamps under the commenter's name with "| Reply", and "NAME says:" above the stamp.
THREADS = {
    "stamp_and_reply": (
        "Comments (3)\nAnn Petrova\nMarch 14, 2019 at 9:12 am | Reply\n"
        "Good for them. I worked those shifts for six years and nobody at the authority ever cared.\n"
        "Tom B\nMarch 14, 2019 at 11:40 am | Reply\n"
        "Five percent is an insult when the directors gave themselves twenty.\n"
        "harbourwatcher\nMarch 15, 2019 at 6:03 pm | Reply\n"
        "My cousin is on one of those ships. You have no idea what this costs the crews.\n"
    ),
    "says_above_the_stamp": (
        '3 thoughts on "Dock strike enters third day as port talks stall"\n'
        "Ann Petrova says:\n14 March 2019 at 09:12\n"
        "Good for them. I worked those shifts for six years and nobody at the authority ever cared.\nReply\n"
        "Tom B says:\n14 March 2019 at 11:40\n"
        "Five percent is an insult when the directors gave themselves twenty.\nReply\n"
        "harbourwatcher says:\n15 March 2019 at 18:03\n"
        "My cousin is on one of those ships. You have no idea what this costs the crews.\nReply\n"
    ),
}


def _cleaned_with_thread(page: str) -> Article:
    a = clean(RawDocument(path="page.txt", fmt="text", content=page))
    stamps = [r.line for r in a.removed if r.kind == LineKind.COMMENT and "2019 at" in r.line]
    assert len(stamps) == 3, "the cleaner no longer removes this thread as comments: the test reads nothing"
    return a


@pytest.mark.parametrize("layout", sorted(THREADS))
def test_a_commenter_s_stamp_never_dates_the_page(layout: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """No header date: the first comment's stamp looked like one (a short line, a "|" or a name
    above, a clock time after) and was taken as the publication day; the body only says the strike
    began on March 11, so the page was published after that and no more is known."""
    a = _cleaned_with_thread(DOCK_HEAD + DOCK_BODY + THREADS[layout])
    assert not any(c.source == LineKind.COMMENT.value for c in P.candidates(a))
    iv = date_article(a, split(a.text)).published
    assert (iv.start, iv.end) == (date(2019, 3, 11), None)
    monkeypatch.setattr(P, "COMMENT_DATES", True)  # what the page gave when comment lines were read
    read = date_article(a, split(a.text)).published
    assert read.start == read.end == date(2019, 3, 14) and "comment" in read.evidence[0].note


def test_a_commenter_s_stamp_does_not_widen_the_header_date(monkeypatch: pytest.MonkeyPatch) -> None:
    """The page's own date line under the byline is the day; the next day's comment stamp scored
    close to it and stretched the interval over both days."""
    a = _cleaned_with_thread(DOCK_HEAD + "March 13, 2019\n" + DOCK_BODY + THREADS["stamp_and_reply"])
    iv = date_article(a, split(a.text)).published
    assert iv.start == iv.end == date(2019, 3, 13)
    assert "comment" not in iv.evidence[0].note
    monkeypatch.setattr(P, "COMMENT_DATES", True)
    read = date_article(a, split(a.text)).published
    assert (read.start, read.end) == (date(2019, 3, 13), date(2019, 3, 14))


def test_comment_stamps_still_tell_the_page_s_day_month_order() -> None:
    """"12/04/2020" alone could be 12 April or 4 December; the thread's "23/04/2020" says the site
    writes the day first. The stamps are no candidates, but that reading of them stays."""
    thread = "".join(
        f"{name}\n{day}/04/2020 at {clock}\n{said}\nReply\n"
        for name, day, clock, said in [
            ("Dana W", 14, "3:00 pm", "I made this for my family on Sunday and we loved it, thank you!"),
            ("Kay", 15, "5:53 pm", "So happy to hear you love it as much as we do, Dana!"),
            ("Rob T", 23, "9:00 am", "My loaf came out flat. Did I use too much water, do you think?"),
        ]
    )
    page = "Olive focaccia with rosemary oil\n12/04/2020 by Kay\n" + BODY + "\nComments\n" + thread
    a = clean(RawDocument(path="page.txt", fmt="text", content=page))
    assert sum(r.kind == LineKind.COMMENT and "/04/2020" in r.line for r in a.removed) == 3
    assert {c.day for c in P.candidates(a)} == {date(2020, 4, 12)}
    iv = date_article(a, split(a.text)).published
    assert iv.start == iv.end == date(2020, 4, 12)


def test_site_clock_above_the_article_is_not_its_date() -> None:
    page = (
        "Thursday, November 9, 2023\nHarbour News\nFerry terminal approved\nBy Ana Ruiz | November 8, 2023\n"
        + BODY
    )
    iv = published(page)
    assert iv.start == iv.end == date(2023, 11, 8)


def test_related_story_list_does_not_date_the_page() -> None:
    page = (
        "Ferry terminal approved\n" + BODY + "\nMore from Harbour News\n"
        "By Tom Lee | Jul 27, 2020\nNew pier opens\nBy Ana Ruiz | Feb 18, 2020\nFish market moves\n"
        "By Sam Ode | Jun 4, 2020\nBridge repairs begin"
    )
    iv = published(page)
    assert not (iv.start == iv.end and iv.start is not None)


def test_event_date_in_a_sentence_is_not_the_page_date() -> None:
    page = (
        "Ferry terminal approved\nThe old terminal was closed on Friday 27th October 2017 after an inspection found "
        "serious damage to the piles under the waiting hall and the ramp.\n" + BODY
    )
    iv = published(page)
    assert iv.start == date(2017, 10, 27) and iv.end is None


def test_a_photo_caption_s_date_is_never_the_page_date() -> None:
    """A caption dates its photo (often years older: "vanished on Sunday, November 3, 2013. (Image:
    ...)" on the tenth anniversary), so even a header-like caption is not the publication day."""
    page = "Harbour vote\nBy Ruth Ellis\nTuesday, 14 March 2023\n" + BODY
    a = clean(RawDocument(path="page.txt", fmt="text", content=page))
    cands = P.candidates(a)
    trusted = P.best_header_date(cands, None)
    assert trusted is not None and trusted.day == date(2023, 3, 14)
    as_captions = [replace(c, source="caption") for c in cands]
    assert P.best_header_date(as_captions, None) is None


# --- metadata against the page's own header line -------------------------------------------


def test_header_date_that_disagrees_with_the_metadata_is_reported_and_the_metadata_kept() -> None:
    page = "Ferry terminal approved\nBy Ana Ruiz | Posted June 4, 2021\n" + BODY
    iv = published(page, published_meta="2021-06-07")
    assert iv.start == iv.end == date(2021, 6, 7)
    said = [e for e in iv.evidence if e.kind == "metadata-disagreement"]
    assert len(said) == 1 and said[0].start == date(2021, 6, 4)
    assert "kept the metadata" in said[0].note


def test_header_date_that_agrees_with_the_metadata_is_no_disagreement() -> None:
    page = "Ferry terminal approved\nBy Ana Ruiz | Posted June 4, 2021\n" + BODY
    iv = published(page, published_meta="2021-06-04")
    assert iv.start == iv.end == date(2021, 6, 4)
    assert not any(e.kind == "metadata-disagreement" for e in iv.evidence)
