"""The HTML path of the clean stage on a page written for the test."""

from __future__ import annotations

import pytest

from dateline.analyse.published import html_published
from dateline.clean import clean
from dateline.clean.html import OUTSIDE_REASON
from dateline.data import LineKind, RawDocument

PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>Wildfire forces evacuation of hill villages | Coast Courier</title>
<meta property="og:site_name" content="Coast Courier">
<meta property="og:title" content="Wildfire forces evacuation of hill villages">
<meta name="author" content="Mira Castell"></head>
<body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<div class="promo"><a href="/subscribe">Subscribe for 1 euro a month</a></div>
<article>
<h1>Wildfire forces evacuation of hill villages</h1>
<p class="byline">By Mira Castell</p>
<figure><img src="fire.jpg"><figcaption>Smoke rises over the ridge above Varo on Saturday. Coast Courier/Jon Mar</figcaption></figure>
<p>VARO, Sardinia (AFP) — Firefighters battled a wildfire in the hills above Varo on Saturday after strong winds pushed the flames towards three villages, whose residents were evacuated overnight.</p>
<p>Civil protection officials said more than 400 people had spent the night in a sports hall in the town, and that no one had been hurt so far.</p>
<p>"The wind changed direction twice in one hour, and that is what made this fire so dangerous," said Paolo Serra, who leads the regional fire service. "We expect a difficult night."</p>
<p>Four water bombers and more than a hundred firefighters were working on the blaze, which has burned about 1,200 hectares of scrub and pine forest since Friday afternoon.</p>
<p>Updated: 21/07/2023 18:40</p>
</article>
<aside><h3>Most read</h3><ul><li><a href="/a">Harbour reopens after storm</a></li><li><a href="/b">Ferry prices rise again</a></li></ul></aside>
<footer><p>Copyright 2023 Coast Courier. All rights reserved.</p><a href="/privacy">Privacy policy</a></footer>
</body></html>
"""


@pytest.fixture(scope="module")
def article():
    return clean(RawDocument(path="fire.html", fmt="html", content=PAGE))


def test_main_text_kept_and_chrome_dropped(article) -> None:
    assert "Firefighters battled a wildfire in the hills above Varo" in article.text
    assert "we expect a difficult night" in article.text.lower()
    assert "burned about 1,200 hectares" in article.text
    for chrome in (
        "Subscribe for 1 euro",
        "Most read",
        "Harbour reopens",
        "Copyright 2023",
        "Privacy policy",
        "Updated: 21/07/2023",
    ):
        assert chrome not in article.text, chrome
    assert len(article.paragraphs) >= 4


def test_metadata_and_structure(article) -> None:
    assert article.title == "Wildfire forces evacuation of hill villages"
    assert article.outlet in {"Coast Courier", "Agence France-Presse"}
    assert article.stamps == ("Updated: 21/07/2023 18:40",)
    assert article.place == "VARO, Sardinia"
    assert article.dateline == "VARO, Sardinia (AFP) —"


def test_removed_lines_have_reasons(article) -> None:
    reasons = {r.line: r for r in article.removed}
    assert reasons["Harbour reopens after storm"].reason == OUTSIDE_REASON
    assert reasons["Updated: 21/07/2023 18:40"].kind is LineKind.STAMP
    assert all(r.reason for r in article.removed)


def test_broken_html_does_not_raise() -> None:
    art = clean(RawDocument(path="x.html", fmt="html", content="<html><body><p>unclosed <b>tags"))
    assert isinstance(art.text, str)
    empty = clean(RawDocument(path="y.html", fmt="html", content=""))
    assert empty.text == ""


def test_an_updated_stamp_vetoes_a_date_htmldate_can_only_have_read_from_it() -> None:
    """No machine-readable date in the markup: htmldate's "original" date is the stamp's day, so it is
    not taken as the publication date."""
    page = PAGE.replace(
        '<p class="byline">By Mira Castell</p>',
        '<p class="byline">By Mira Castell · <span class="updated">Updated 22 July 2023</span></p>',
    ).replace("<p>Updated: 21/07/2023 18:40</p>", "")
    assert html_published(page) == "2023-07-22"
    art = clean(RawDocument(path="fire2.html", fmt="html", content=page))
    assert "Updated 22 July 2023" in art.stamps
    assert art.published_meta is None


def test_an_updated_stamp_does_not_veto_a_date_the_markup_states() -> None:
    """With the day also in the page's metadata the stamp is a same-day update: on the webdates dev
    pages an unconditional veto fired on 11 pages where htmldate was right on all 11."""
    page = PAGE.replace(
        '<meta name="author" content="Mira Castell">',
        '<meta name="author" content="Mira Castell">'
        '<meta property="article:published_time" content="2023-07-22T08:10:00+02:00">',
    ).replace(
        '<p class="byline">By Mira Castell</p>',
        '<p class="byline">By Mira Castell · <span class="updated">Updated 22 July 2023</span></p>',
    ).replace("<p>Updated: 21/07/2023 18:40</p>", "")
    art = clean(RawDocument(path="fire3.html", fmt="html", content=page))
    assert "Updated 22 July 2023" in art.stamps
    assert art.published_meta == "2023-07-22"


REPUBLISHED_PAGE = """<html><head><title>Ferry operator cancels winter crossings | Harbour Weekly</title></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article>
<p class="kicker">Originally published by Coastal Courier</p>
<h1>Ferry operator cancels winter crossings as fuel costs soar</h1>
<p>The island ferry operator said on Tuesday it would cancel every winter crossing after fuel costs doubled in a year, leaving the islands with one boat a week.</p>
<p>Residents said the decision would cut them off from the hospital on the mainland, and the council asked the regional government for an emergency subsidy.</p>
<p>"We cannot sail at a loss all winter," the operator's chief executive said at a packed meeting in the harbour hall.</p>
<p>The regional government said it would study the request and answer before the end of the month.</p>
</article></body></html>"""


def test_a_republisher_line_in_an_html_story_is_an_outlet_line() -> None:
    art = clean(RawDocument(path="ferry.html", fmt="html", content=REPUBLISHED_PAGE))
    assert art.title == "Ferry operator cancels winter crossings as fuel costs soar"
    assert art.text.startswith("The island ferry operator said on Tuesday")
    assert "Originally published" not in art.text
    (line,) = [r for r in art.removed if r.line.startswith("Originally published by")]
    assert line.kind is LineKind.OUTLET and "Coastal Courier" in line.reason
