"""Reader comments and live-blog clock lines: pages written for these tests, in several layouts.

Each page holds an article and a comment section laid out as some comment system does it
(WordPress-like, Disqus-like, a stamp-then-"| Reply" thread, a whole page on one line, HTML);
the article's sentences must stay and every comment must go, each removal with its reason.
"""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import pytest

from dateline.clean import clean
from dateline.clean import comments as C
from dateline.data import Article, LineKind, RawDocument
from dateline.evaluate.commentlike import comment_like, count_comment_like

WEBDATES = Path(__file__).resolve().parents[1].parent / "shared" / "webdates"

BRIDGE = [
    "VELMORE, Estria — Engineers closed the Aldous Bridge over the river Vel on Tuesday after inspectors found "
    "cracks in two of its steel supports, cutting the main road link between the city's northern districts and "
    "the port.",
    "The city transport office said buses would be diverted over the Corran Bridge, two kilometres upstream, and "
    "warned drivers to expect delays of up to forty minutes at peak hours for the rest of the month.",
    '"We could not take any risk with a structure that carries thirty thousand vehicles a day," said Lena Morvik, '
    "the deputy mayor in charge of transport, at a news conference at the town hall.",
    "The bridge, opened in 1968, had been due for a full renovation in 2026; the council will vote next week on "
    "bringing the work forward and on an emergency budget of 14 million euros.",
]
COMMENTS = [
    "Finally! I have been saying for years that this bridge was a death trap.",
    "My brother drives a truck over it every day, you cannot imagine the noise it makes.",
    "Typical council, they wait until something breaks and then act surprised.",
    "Does anyone know if the ferry is running again this summer?",
]


def _clean_text(content: str) -> Article:
    return clean(RawDocument(path="page.txt", fmt="text", content=content))


def _assert_article_kept_comments_gone(art: Article) -> None:
    for sentence in BRIDGE:
        assert sentence in art.text, f"article sentence lost: {sentence[:60]}"
    for comment in COMMENTS:
        for piece in re.split(r"(?<=[.!?])\s+", comment):  # a one-line dump may come apart by sentence
            assert piece not in art.text, f"reader comment kept: {piece}"
            removed = [r for r in art.removed if piece in r.line]
            assert removed, f"comment not among the removed lines: {piece}"
            assert all(r.kind is LineKind.COMMENT and "comment" in r.reason for r in removed)


HEADER = "Velmore Daily Courier\nHome\nCity\nPolitics\nSport\n\nAldous Bridge closed after cracks found in supports\n\n"

WORDPRESS = (
    HEADER
    + "\n\n".join(BRIDGE)
    + f"""

Share this:
Facebook
Twitter

4 thoughts on “Aldous Bridge closed after cracks found in supports”

Marta K. says:
March 4, 2024 at 9:12 am
{COMMENTS[0]}

Reply

jon_velmore says:
March 4, 2024 at 10:47 am
{COMMENTS[1]}

Reply

Peter Alsen says:
March 4, 2024 at 1:05 pm
{COMMENTS[2]}

Reply

Ana says:
March 5, 2024 at 8:30 am
{COMMENTS[3]}

Reply

Leave a Reply
Your email address will not be published. Required fields are marked *
Post Comment
"""
)

DISQUS = (
    HEADER
    + "\n\n".join(BRIDGE)
    + f"""

Related stories
Port traffic up for third year

12 Comments
Velmore Daily Courier
Login
Sort by Best
Join the discussion…
Marta K. • 3 hours ago
{COMMENTS[0]}
14 • Reply • Share ›
jon_velmore • 2 hours ago
{COMMENTS[1]}
6 • Reply • Share ›
Peter Alsen • an hour ago
{COMMENTS[2]}
2 • Reply • Share ›
Ana • 40 minutes ago
{COMMENTS[3]}
Reply • Share ›
Subscribe
Privacy
"""
)

# Stamp first, then "| Reply" and the comment (a blog platform of the 2010s), no names kept by the scrape.
STAMP_REPLY = (
    HEADER
    + "\n\n".join(BRIDGE)
    + f"""

March 4, 2024 at 9:12 am | Reply
{COMMENTS[0]}

March 4, 2024 at 10:47 am | Report abuse | Reply
{COMMENTS[1]}

March 4, 2024 at 1:05 pm | Reply
{COMMENTS[2]}

March 5, 2024 at 8:30 am | Reply
{COMMENTS[3]}
"""
)

# The same thread in a dump that lost every line break (a corpus that stores a page as one string);
# the stamps close their comment here, so the first comment stands before the first stamp.
ONE_LINE = " ".join(
    [
        "Aldous Bridge closed after cracks found in supports.",
        *BRIDGE,
        COMMENTS[0],
        "March 4, 2024 at 9:12 am | Report abuse | Reply",
        COMMENTS[1],
        "March 4, 2024 at 10:47 am | Report abuse | Reply",
        COMMENTS[2],
        "March 4, 2024 at 1:05 pm | Report abuse |",
        COMMENTS[3],
        "March 5, 2024 at 8:30 am | Report abuse | Reply",
    ]
)

# A newspaper's own footer under each comment: "Posted by: name | date | Report abuse".
POSTED_BY = (
    HEADER
    + "\n\n".join(BRIDGE)
    + "\n\n"
    + "\n\n".join(
        f"{c}\n\nPosted by: {who} | March {d}, 2024 {t} | Report abuse"
        for c, who, d, t in zip(
            COMMENTS,
            ["martak", "jon_v", "palsen", "ana1970"],
            [4, 4, 4, 5],
            ["9:12 AM", "10:47 AM", "1:05 PM", "8:30 AM"],
            strict=True,
        )
    )
    + "\n\nThe comments to this entry are closed.\n"
)


@pytest.mark.parametrize(
    "page",
    [WORDPRESS, DISQUS, STAMP_REPLY, ONE_LINE, POSTED_BY],
    ids=["wordpress", "disqus", "stamp-reply", "one-line", "posted-by"],
)
def test_article_kept_and_comment_thread_removed(page: str) -> None:
    _assert_article_kept_comments_gone(_clean_text(page))


def test_commenter_stamps_and_headings_are_named_in_the_reasons() -> None:
    art = _clean_text(WORDPRESS)
    reasons = {r.line: r.reason for r in art.removed if r.kind is LineKind.COMMENT}
    assert reasons["March 4, 2024 at 9:12 am"].startswith("commenter stamp")
    assert (
        reasons["4 thoughts on “Aldous Bridge closed after cracks found in supports”"]
        == "comment section heading"
    )
    assert "Marta K. says:" in reasons


def test_a_page_stamp_and_a_post_header_are_not_a_thread() -> None:
    page = (
        "Velmore Daily Courier\n\nMarch 4, 2024 at 9:12 am\n\n"
        + "\n\n".join(BRIDGE)
        + "\n\nMarch 4, 2024 - 5:41 PM | by: Lena Ostrova\n\n"
        + "The council's transport committee met on Thursday to discuss the repair schedule, and its chair said "
        + "the closure would last at least until the end of the summer.\n\nMarch 5, 2024 at 8:30 am\n"
    )
    art = _clean_text(page)
    assert not [r for r in art.removed if r.kind is LineKind.COMMENT]
    for sentence in BRIDGE:
        assert sentence in art.text


def test_one_line_thread_takes_the_whole_tail_and_keeps_the_article() -> None:
    art = _clean_text(ONE_LINE)
    assert art.text.rstrip().endswith(BRIDGE[-1])
    stamps = [r for r in art.removed if r.reason.startswith("commenter stamp")]
    assert len(stamps) == 4


LIVE_BLOG = """Velmore Daily Courier

Aldous Bridge closure: live updates

14:32 GMT

The transport office has published the diversion map: buses 4, 11 and 27 will cross the Corran Bridge from tomorrow morning.

14:10 GMT

Deputy mayor Lena Morvik says the inspection report will be made public on Friday, once the engineers have checked the remaining supports.

3:17 pm

Traffic on the ring road is already backed up to the port exit, according to the city's traffic cameras.

Updated 13:55

The police have closed both approaches to the bridge and are turning back pedestrians as well as cars.
"""


def test_live_blog_clock_lines_go_and_entries_stay() -> None:
    art = _clean_text(LIVE_BLOG)
    for entry in ("buses 4, 11 and 27", "inspection report will be made public", "backed up to the port exit",
                  "turning back pedestrians"):  # fmt: skip
        assert entry in art.text
    for clock in ("14:32 GMT", "14:10 GMT", "3:17 pm", "Updated 13:55"):
        assert clock not in art.text.splitlines()
        assert any(r.line == clock and r.reason == "live-blog clock line" for r in art.removed), clock


HTML = (
    """<!doctype html><html><head><meta charset="utf-8"><title>Aldous Bridge closed after cracks found in supports</title>
<meta property="og:site_name" content="Velmore Daily Courier"></head><body>
<nav><a href="/">Home</a> <a href="/city">City</a></nav>
<article><h1>Aldous Bridge closed after cracks found in supports</h1>
"""
    + "\n".join(f"<p>{s}</p>" for s in BRIDGE)
    + """</article>
<section id="comments" class="comments-area"><h2 class="comments-title">4 thoughts on “Aldous Bridge closed”</h2>
<ol class="comment-list">"""
    + "\n".join(
        f'<li class="comment"><article class="comment-body"><footer class="comment-meta"><b class="fn">{who}</b> '
        f'<span class="says">says:</span><div class="comment-metadata"><time>March {d}, 2024 at {t}</time></div></footer>'
        f'<div class="comment-content"><p>{c}</p></div><div class="reply"><a class="comment-reply-link">Reply</a></div>'
        "</article></li>"
        for c, who, d, t in zip(
            COMMENTS,
            ["Marta K.", "jon_v", "Peter Alsen", "Ana"],
            [4, 4, 4, 5],
            ["9:12 am", "10:47 am", "1:05 pm", "8:30 am"],
            strict=True,
        )  # fmt: skip
    )
    + """</ol><div id="respond"><h3>Leave a Reply</h3><form><textarea></textarea><input type="submit" value="Post Comment"></form></div>
</section><footer>© 2024 Velmore Daily Courier</footer></body></html>"""
)


def test_html_comment_section_is_named_as_comments() -> None:
    art = clean(RawDocument(path="page.html", fmt="html", content=HTML))
    _assert_article_kept_comments_gone(art)


def test_comment_recognisers_on_single_lines() -> None:
    assert C.commenter_stamp("January 31, 2011 at 3:17 pm | Reply")
    assert C.commenter_stamp("Posted by: ana1970 | March 5, 2024 8:30 AM | Report abuse")
    assert C.commenter_stamp("Marta K. • 3 hours ago")
    assert not C.commenter_stamp("Last updated: March 5, 2024 at 8:30 am")
    assert not C.commenter_stamp("March 4, 2024 - 5:41 PM | by: Lena Ostrova")
    assert not C.commenter_stamp(BRIDGE[0])
    assert C.action_line("14 • Reply • Share ›") and C.action_line("Report abuse")
    assert not C.action_line("Reply to the council's letter was sent on Monday.")
    assert C.clock_line("14:32 GMT") and C.clock_line("3:17 pm") and not C.clock_line("Kick-off at 3:17 pm")
    assert C.comment_heading("12 Comments") and C.comment_heading("Leave a Reply")
    assert not C.comment_heading("Comments by the mayor drew criticism from the opposition.")


def test_benchmark_counter_recognises_comment_sentences_apart_from_the_cleaner() -> None:
    assert comment_like("January 31, 2011 at 3:30 pm | None!")
    assert comment_like("Posted by: jon_v | May 28, 2010 7:17 PM | Report abuse The comments are closed.")
    assert not comment_like(BRIDGE[2])
    assert not comment_like("The vote is set for 10:30 am on Thursday, the council said.")
    assert count_comment_like([BRIDGE[0], "February 1, 2011 at 5:18 pm | What?????"]) == 1


# Lists of dated headlines look like threads (stamps a few lines apart) but hold no reader's words.
HEADLINE_LISTS = (
    "Velmore Daily Courier\nHome\nNews\nWeather\n\nLatest headlines\n1 hour ago\n"
    "Ferry timetable changes from Monday The harbour company will add two evening crossings.\n"
    "2 hours ago\nCouncil approves new cycle lanes Work starts in April on the ring road.\n"
    "7 hours ago\nSchool meals price rises by 20 cents\n\n"
    "Aldous Bridge closed after cracks found in supports\n\n"
    + "\n\n".join(BRIDGE)
    + "\n\nMore from the city desk\n"
    + "".join(
        f"{title}\nBy {who}\nMarch {d}, 2024 {t}\n"
        for title, who, d, t in [
            ("Port traffic up for the third year running", "Lena Ostrova", 3, "10:08 AM"),
            ("Tram line extension delayed again", "Ivo Petrak", 2, "4:51 PM"),
            ("New mayor of Orsk sworn in", "Lena Ostrova", 1, "9:30 AM"),
            ("Velmore market hall to reopen in May", "Tom Reyes", 1, "8:02 AM"),
        ]
    )
    + "\nLatest news\n3 hours ago\nStorm warning for the coast tonight. Winds of up to 90 km/h are expected after dark.\n"
    + "5 hours ago\nHospital strike called off after late deal. Nurses will vote on the offer next week.\n"
    + "9 hours ago\nVelmore FC sign Danish striker. The club paid a record fee, according to local media.\n"
)


def test_lists_of_dated_headlines_are_not_threads() -> None:
    art = _clean_text(HEADLINE_LISTS)
    assert not [r for r in art.removed if r.kind is LineKind.COMMENT]
    for sentence in BRIDGE:
        assert sentence in art.text


def test_a_list_of_news_dated_hours_ago_is_not_a_thread() -> None:
    latest = HEADLINE_LISTS[HEADLINE_LISTS.index("Latest news") :]
    art = _clean_text(HEADER + "\n\n".join(BRIDGE) + "\n\n" + latest)
    assert not [r for r in art.removed if r.kind is LineKind.COMMENT]
    for sentence in BRIDGE:
        assert sentence in art.text


def test_commenter_stamped_finds_the_stamped_sentences_among_many() -> None:
    """The batch test answers like :func:`has_commenter_stamp` on each sentence: clock times that are
    no stamp (a kick-off, a rate, a score) stay, stamped sentences go wherever they stand."""
    sents = [
        "March 4, 2024 at 9:12 am | Reply First! Who else read this at breakfast?",
        "The central bank held its rate at 4.75 per cent on Thursday.",
        "Kick-off at 3:17 pm was delayed by the storm.",
        "The minister said the decision was final.",
        "Posted by: ana1970 | March 5, 2024 8:30 AM | Report abuse\nShame on the council.",
        "Dockers voted 14:3 to return to work.",
        "",
        "Marta K. • March 5, 2024 at 10:02 pm | Reply The ferry was the only way in!",
    ]
    expected = [True, False, False, False, True, False, False, True]
    assert [C.has_commenter_stamp(s) for s in sents] == expected  # the sentences say what they are meant to
    assert C.commenter_stamped(sents) == expected
    assert C.commenter_stamped(sents[1:4]) == [False, False, False]
    assert C.commenter_stamped(sents[-1:]) == [True]
    assert C.commenter_stamped([]) == []


# The article's own header stamps: published and updated, the way news sites print them.
BYLINE = "By Lena Ostrova | lostrova@velmorecourier.example | Velmore Daily Courier\n"
UPDATED_ONE_LINE = BYLINE + "March 4, 2024 at 9:06 am | UPDATED: March 4, 2024 at 9:26 am\n\n"
# the same header from a dump that breaks at every tag (BeautifulSoup get_text("\n")): labels on lines of their own
UPDATED_BROKEN = BYLINE + "PUBLISHED:\nMarch 4, 2024 at 9:06 a.m.\n| UPDATED:\nMarch 4, 2024 at 9:26 a.m.\n"
# stamps with no label at all, published then updated: one header
UNLABELLED_PAIR = BYLINE + "March 4, 2024 at 9:06 a.m.\nMarch 4, 2024 at 9:26 a.m.\n"
MORE_BRIDGE = [
    "Inspectors first noticed rust on the lower girders during a routine check in January, according to a "
    "report published by the transport office on Wednesday, and recommended load limits that were never applied.",
    "Shopkeepers near the northern approach said trade had already fallen since the lane closures began, and the "
    "chamber of commerce asked the council to waive parking fees in the district until the bridge reopens.",
]
# comments under bare stamps: no names, no actions, only the date and the reader's text
BARE_THREAD = "\n\nComments\n\n" + "\n\n".join(
    f"{stamp}\n{c}"
    for stamp, c in zip(
        ["March 4, 2024 at 9:12 am", "March 4, 2024 at 10:47 am", "March 4, 2024 at 1:05 pm", "March 5, 2024 at 8:30 am"],
        COMMENTS,
        strict=True,
    )
)
STAMP_REPLY_THREAD = STAMP_REPLY[len(HEADER + "\n\n".join(BRIDGE)) :]
WORDPRESS_THREAD = WORDPRESS[len(HEADER + "\n\n".join(BRIDGE)) :]


@pytest.mark.parametrize("header", [UPDATED_ONE_LINE, UPDATED_BROKEN], ids=["one-line", "broken"])
@pytest.mark.parametrize(
    "thread", [WORDPRESS_THREAD, STAMP_REPLY_THREAD, BARE_THREAD], ids=["wordpress", "stamp-reply", "bare"]
)
def test_the_articles_updated_stamp_does_not_start_the_thread(header: str, thread: str) -> None:
    _assert_article_kept_comments_gone(_clean_text(HEADER + header + "\n\n".join(BRIDGE) + thread))


HEADERS = [UPDATED_ONE_LINE, UPDATED_BROKEN, UNLABELLED_PAIR]
HEADER_IDS = ["one-line", "broken", "unlabelled"]


@pytest.mark.parametrize("header", HEADERS, ids=HEADER_IDS)
@pytest.mark.parametrize(
    "thread", [WORDPRESS_THREAD, STAMP_REPLY_THREAD, BARE_THREAD], ids=["wordpress", "stamp-reply", "bare"]
)
def test_a_thread_searched_from_the_top_starts_after_the_articles_header(header: str, thread: str) -> None:
    """Searched from the page's first line (where the article's text begins above its header, as a
    caption or a lead does), the thread still starts under the article, not at its header stamps."""
    lines = (HEADER + header + "\n\n".join(BRIDGE + MORE_BRIDGE) + thread).split("\n")
    found = C.thread_start(lines, 0)
    assert found is not None
    assert found.start > lines.index(MORE_BRIDGE[-1])
    assert all(lines.index(next(ln for ln in lines if c in ln)) > found.start for c in COMMENTS)


@pytest.mark.parametrize("header", HEADERS, ids=HEADER_IDS)
def test_the_articles_header_stamps_alone_are_no_thread(header: str) -> None:
    page = HEADER + header + "\n\n".join(BRIDGE + MORE_BRIDGE) + "\n\nShare this:\nFacebook\nTwitter\n"
    assert C.thread_start(page.split("\n"), 0) is None
    art = _clean_text(page)
    assert not [r for r in art.removed if r.kind is LineKind.COMMENT]
    for sentence in BRIDGE + MORE_BRIDGE:
        assert sentence in art.text


@pytest.mark.parametrize("header", [UPDATED_ONE_LINE, UPDATED_BROKEN], ids=["one-line", "broken"])
def test_a_labelled_header_stamp_over_a_short_article_is_not_the_threads_start(header: str) -> None:
    """Under a short article the words after the header do not tell it from a comment: its label does."""
    lines = (HEADER + header + "\n\n".join(BRIDGE) + STAMP_REPLY_THREAD).split("\n")
    found = C.thread_start(lines, 0)
    assert found is not None
    assert found.start > lines.index(BRIDGE[-1])


def test_webdates_page_header_stamps_in_a_tag_broken_dump_do_not_start_a_thread() -> None:
    """The bug report: a news page's "PUBLISHED: <date at time> | UPDATED: <date at time>" header,
    dumped with BeautifulSoup get_text("\\n") (labels and dates on lines of their own), was read as a
    thread's start and the whole article went as comments. No line removed as a comment from that dump
    may be a paragraph the cleaner keeps from the same page's html-text dump."""
    bs4 = pytest.importorskip("bs4")
    if not (WEBDATES / "html" / "1588027676.html.gz").is_file():
        pytest.skip("../shared/webdates is not here")
    html = gzip.decompress((WEBDATES / "html" / "1588027676.html.gz").read_bytes())
    soup = bs4.BeautifulSoup(html.decode("utf-8", "replace"), "html.parser")
    for tag in soup(["script", "style", "noscript"]):
        tag.decompose()
    art = _clean_text(soup.get_text("\n"))
    kept = _clean_text((WEBDATES / "txt" / "1588027676.txt").read_text(encoding="utf-8")).text
    paragraphs = {p.strip() for p in kept.split("\n") if len(p.split()) >= 12}
    lost = [r.line for r in art.removed if r.kind is LineKind.COMMENT and r.line.strip() in paragraphs]
    assert not lost, f"{len(lost)} article paragraphs removed as comments, first: {lost[0][:80]}"
