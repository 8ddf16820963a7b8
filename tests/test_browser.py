"""End-to-end tests of the web page in headless Chromium (Debian's), driven by Playwright.

A real server (uvicorn in a thread, loopback, free port) serves a real SQLite store. The
seeds corpus is used for the newsroom walk-through; a store of test articles receives a
hostile page through the page's own upload form, and we prove that none of its markup runs.
Screenshots go to tests/artifacts/ (not committed).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from serve_fixtures import CHROMIUM, CHROMIUM_ARGS, HOSTILE_RECORD, HOSTILE_TEXT, TOKEN, build_store

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
WAIT_MS = 60_000  # the first timeline of a store may take a while on a busy 2-core machine


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"{CHROMIUM} is not installed (make system-deps)")
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


def _serve(db: Path) -> Any:
    from dateline.serve.app import create_app
    from dateline.serve.server import BackgroundServer

    return BackgroundServer(create_app(db, token=TOKEN))


@pytest.fixture(scope="module")
def seeds_server(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> Iterator[Any]:
    db = build_store(tmp_path_factory.mktemp("browser-seeds"), with_seeds=seeds_dir)
    with _serve(db) as server:
        yield server


@pytest.fixture()
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    pg = context.new_page()
    pg.set_default_timeout(WAIT_MS)
    pg.dialogs = []  # type: ignore[attr-defined]
    pg.errors = []  # type: ignore[attr-defined]
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    yield pg
    context.close()


def _api(server: Any, path: str) -> Any:
    import httpx

    return httpx.get(server.url + "/api/v1" + path, timeout=WAIT_MS / 1000).json()


def _open_timeline(page: Any, server: Any) -> None:
    page.goto(server.url + "/")
    page.wait_for_selector("body[data-timeline=ready]")


def _entry_article_names(page: Any, server: Any) -> list[str]:
    """For each timeline entry on the page, in page order, the file name of its first source."""
    hrefs = page.eval_on_selector_all(
        "#events li.event, #undated li.event",
        "els => els.map(li => { const a = li.querySelector('.sources a'); return a ? a.getAttribute('href') : ''; })",
    )
    names = []
    for href in hrefs:
        assert href.startswith("#/article/"), href
        names.append(_api(server, "/articles/" + href.split("/")[-1])["name"])
    return names


def _screenshot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name), full_page=True)


# -- the newsroom walk-through on the seeds ---------------------------------------------------


def test_entries_follow_the_timeline(page: Any, seeds_server: Any) -> None:
    _open_timeline(page, seeds_server)
    api_events = _api(seeds_server, "/timeline")["events"]
    api_dated = [[e["date"]["start"] or "", e["date"]["end"] or ""] for e in api_events
                 if e["date"]["start"] or e["date"]["end"]]
    dated = page.eval_on_selector_all("#events li.event", "els => els.map(e => [e.dataset.start, e.dataset.end])")
    undated = page.locator("#undated li.event").count()
    assert dated == api_dated  # the library's order (interval midpoints), undated ones listed apart
    assert len(dated) + undated == len(api_events)
    assert page.locator("#chart-svg g.mark").count() == len(dated)  # each dated entry drawn on the axis
    ranges = [d for d in dated if d[0] != d[1]]
    assert page.locator("#chart-svg g.mark rect").count() == len(ranges)  # intervals as bars, days as dots
    _screenshot(page, "browser-timeline.png")


def test_five_seed_events_in_order(page: Any, seeds_server: Any, seeds_expected: dict) -> None:
    _open_timeline(page, seeds_server)
    names = _entry_article_names(page, seeds_server)
    assert names == seeds_expected["timeline_in_order"]


def test_filter_by_entity(page: Any, seeds_server: Any) -> None:
    _open_timeline(page, seeds_server)
    page.wait_for_selector("body[data-filters=ready]")  # the entity and source lists load on their own
    before = page.locator("li.event").count()
    options = page.eval_on_selector_all("#f-entity option", "os => os.map(o => [o.value, o.textContent])")
    peskov = [value for value, text in options if "Peskov" in text]
    assert peskov, f"no Peskov among the entity options: {[t for _, t in options][:20]}"
    page.select_option("#f-entity", peskov[0])
    page.wait_for_selector("body[data-timeline=ready]")
    expected = _api(seeds_server, "/timeline?entity=" + peskov[0].replace(" ", "%20"))["events"]
    assert 0 < page.locator("li.event").count() == len(expected) < before
    export = page.get_attribute("#export-timelinejs", "href")
    assert "entity=" in export  # exports follow the filters on screen


def test_search_a_phrase_and_open_the_article(page: Any, seeds_server: Any) -> None:
    _open_timeline(page, seeds_server)
    page.fill("#search-input", "Zavidovo")
    page.press("#search-input", "Enter")
    page.wait_for_selector("body[data-search=ready]")
    hits = page.locator("#search-results li.hit")
    assert hits.count() == 1
    assert "Zavidovo" in hits.first.locator(".snippet").inner_text()
    hits.first.locator("a.hit-title").click()
    page.wait_for_selector("body[data-article=ready]")
    assert "Zavidovo" in page.inner_text("#article-text")
    struck = page.eval_on_selector_all(
        "#article-removed del",
        "ds => ds.map(d => [d.textContent, getComputedStyle(d).textDecorationLine])")
    assert struck and all("line-through" in style for _, style in struck)
    assert any("Last Updated" in text for text, _ in struck), struck
    assert "Last Updated" not in page.inner_text("#article-text")
    _screenshot(page, "browser-article.png")


def test_export_timelinejs_download(page: Any, seeds_server: Any) -> None:
    _open_timeline(page, seeds_server)
    dated = page.locator("#events li.event").count()
    with page.expect_download() as info:
        page.click("#export-timelinejs")
    data = json.loads(Path(info.value.path()).read_text(encoding="utf-8"))
    assert info.value.suggested_filename.endswith(".json")
    assert len(data["events"]) == dated
    assert all(isinstance(e["start_date"]["year"], int) for e in data["events"])


def test_keyboard_zoom_and_expand(page: Any, seeds_server: Any) -> None:
    _open_timeline(page, seeds_server)
    ticks = page.eval_on_selector_all(".tick-label", "ts => ts.map(t => t.textContent)")
    page.focus("#chart")
    page.keyboard.press("+")
    page.keyboard.press("+")
    page.keyboard.press("+")
    assert page.eval_on_selector_all(".tick-label", "ts => ts.map(t => t.textContent)") != ticks
    page.keyboard.press("0")
    assert page.eval_on_selector_all(".tick-label", "ts => ts.map(t => t.textContent)") == ticks
    page.focus("#events li.event summary")
    page.keyboard.press("Enter")
    assert page.eval_on_selector("#events li.event details", "d => d.open")
    assert page.locator("#events li.event .sentence").first.is_visible()


def test_phone_width_has_no_sideways_scroll(page: Any, seeds_server: Any) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    _open_timeline(page, seeds_server)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert page.locator("#chart-svg g.mark").count() > 0
    _screenshot(page, "browser-phone.png")


# -- hostile input -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def plain_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    db = build_store(tmp_path_factory.mktemp("browser-hostile"))
    with _serve(db) as server:
        yield server


def test_hostile_page_never_executes(page: Any, plain_server: Any) -> None:
    _open_timeline(page, plain_server)
    page.click("#ingest-panel summary")
    page.set_input_files("#ingest-files", [
        {"name": "hostile.txt", "mimeType": "text/plain", "buffer": HOSTILE_TEXT.encode()},
        {"name": "hostile.jsonl", "mimeType": "application/x-ndjson", "buffer": (json.dumps(HOSTILE_RECORD) + "\n").encode()},
    ])
    page.fill("#ingest-token", TOKEN)
    page.click("#ingest-form button[type=submit]")
    page.wait_for_selector("body[data-ingest=ready]")
    assert page.locator("#ingest-results li.doc.added").count() == 2, page.inner_text("#ingest-results")

    _open_timeline(page, plain_server)  # every entry opened: sentences, quotes, sources
    for summary in page.locator("li.event summary").all():
        summary.click()
    page.fill("#search-input", "harbour road")
    page.press("#search-input", "Enter")
    page.wait_for_selector("body[data-search=ready]")
    hits = page.eval_on_selector_all("#search-results a.hit-title", "as => as.map(a => a.getAttribute('href'))")
    shown_as_text = []
    for href in hits:
        page.goto(plain_server.url + "/" + href)
        page.wait_for_selector("body[data-article=ready]")
        page.wait_for_timeout(200)
        shown_as_text.append(page.inner_text("#article-view"))
    text = "\n".join(shown_as_text)
    assert "<script>window.__dateline_xss" in text  # the markup is there, as text
    assert "onerror" in text
    assert page.evaluate("window.__dateline_xss") is None
    assert page.dialogs == [] and page.errors == []  # type: ignore[attr-defined]
    assert page.locator("#main img, #main iframe, #main script, #main object").count() == 0
    assert page.locator("a[href^='javascript:' i]").count() == 0


# -- filters that mean what they say; the reader's fixes ---------------------------------------------

SAMPLE = Path(__file__).resolve().parents[1] / "dateline" / "sample"
# A scraped page with an unbroken token wider than a phone (a tracking URL pasted as text).
LONG_TOKEN = "https://courts.example.org/rulings/2023/varosk/appeal-" + "x7Rk2" * 30
LONG_RECORD = {
    "title": "Appeal court publishes its ruling online",
    "source": "Court Wire",
    "published": "2023-06-21",
    "text": ("The Varosk Court of Appeal on Wednesday published the full text of its ruling in the embezzlement "
             f"case, a day after it cut the sentence. The ruling can be read at {LONG_TOKEN} and runs to 212 pages."),
}
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def sample_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    import shutil

    from serve_fixtures import write_jsonl

    import dateline

    folder = tmp_path_factory.mktemp("browser-sample")
    shutil.copytree(SAMPLE, folder / "sample")
    extra = write_jsonl(folder / "long.jsonl", [LONG_RECORD])
    with dateline.open(folder / "sample.db") as corpus:
        report = corpus.ingest([str(folder / "sample"), str(extra)], progress=False)
    assert not report.skipped, report.skipped
    with _serve(folder / "sample.db") as server:
        yield server


@pytest.fixture(scope="module")
def dated_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from serve_fixtures import build_dated_store

    with _serve(build_dated_store(tmp_path_factory.mktemp("browser-dated"))) as server:
        yield server


def _apply(page: Any) -> None:
    page.evaluate("document.getElementById('filter-panel').open = true")
    page.click("#filter-form button[type=submit]")
    page.wait_for_selector("body[data-timeline=ready]")


def _entry_dates(page: Any, selector: str) -> list[tuple[str, str]]:
    return [tuple(d) for d in page.eval_on_selector_all(selector, "els => els.map(e => [e.dataset.start, e.dataset.end])")]


def test_date_range_shows_events_inside_and_overlapping_ones_apart(page: Any, dated_server: Any) -> None:
    _open_timeline(page, dated_server)
    assert page.locator("#undated li.event").count() == 1  # without a range the undated event is listed
    page.fill("#f-start", "2021-03")
    page.fill("#f-end", "2021-06")
    _apply(page)
    inside = _entry_dates(page, "#events li.event")
    assert inside == [("2021-04-09", "2021-04-09"), ("2021-05-20", "2021-05-20")]  # exact days in March-June 2021
    overlapping = _entry_dates(page, "#overlapping li.event")
    assert sorted(overlapping) == [("", "2024-01-26"), ("2021-01-01", "2021-12-31")]  # "before 2024-01-26", 2021
    assert page.is_visible("#overlapping-section") and page.is_hidden("#undated-section")  # undated: never
    badges = page.eval_on_selector_all("#overlapping li.event .badge.overlap", "bs => bs.map(b => b.textContent)")
    assert badges == ["overlaps the range"] * 2
    assert page.locator("#chart-svg g.mark").count() == 2  # only the events inside are drawn on the axis
    assert "overlapping" in page.inner_text("#status")
    api = _api(dated_server, "/timeline?start=2021-03&end=2021-06")
    assert len(api["events"]) == 2 and len(api["overlapping"]) == 2
    assert "start=2021-03" in page.get_attribute("#export-json", "href")
    _screenshot(page, "browser-date-range.png")


def test_source_filter_chooses_articles_before_dates(page: Any, sample_server: Any) -> None:
    _open_timeline(page, sample_server)
    page.wait_for_selector("body[data-filters=ready]")
    outlets = page.eval_on_selector_all("#f-source option", "os => os.map(o => o.value).filter(Boolean)")
    assert len(outlets) >= 10
    empty = []
    for outlet in outlets:  # every outlet has entries (were: "No events match" for 9 of 13)
        page.select_option("#f-source", outlet)
        page.wait_for_selector("body[data-timeline=ready]")
        names = page.eval_on_selector_all("li.event .sources .outlet", "os => os.map(o => o.textContent)")
        if page.locator("li.event").count() == 0:
            empty.append(outlet)
        assert all(outlet in n for n in names), (outlet, names)
    assert empty == []
    page.select_option("#f-source", "Free Voice Radio")
    page.wait_for_selector("body[data-timeline=ready]")
    assert "source=Free+Voice+Radio" in page.get_attribute("#export-csv", "href")


def test_the_page_opens_on_the_stories_and_shows_a_storys_timeline(page: Any, sample_server: Any) -> None:
    _open_timeline(page, sample_server)
    page.wait_for_selector("#stories-list button.story[data-story^='s-']")
    stories = _api(sample_server, "/stories")["stories"]
    assert len(stories) >= 3
    buttons = page.eval_on_selector_all(
        "#stories-list button.story", "bs => bs.map(b => [b.dataset.story, b.getAttribute('aria-pressed')])")
    assert buttons[0] == ["", "true"]  # all stories, chosen at first
    assert [b[0] for b in buttons[1:]] == [s["id"] for s in stories[:6]]  # the biggest first
    biggest = stories[0]
    assert biggest["label"] in page.inner_text("#stories-list")
    page.click(f"#stories-list button.story[data-story='{biggest['id']}']")
    page.wait_for_selector("body[data-timeline=ready]")
    pressed = page.eval_on_selector_all("#stories-list button[aria-pressed=true]", "bs => bs.map(b => b.dataset.story)")
    assert pressed == [biggest["id"]]
    assert page.eval_on_selector("#f-story", "s => s.value") == biggest["id"]
    hrefs = page.eval_on_selector_all("li.event .sources a", "as => as.map(a => a.getAttribute('href'))")
    shown = {h.rsplit("/", 1)[-1] for h in hrefs}
    assert shown and shown <= {a["id"] for a in biggest["articles"]}  # only the story's articles
    everything = _api(sample_server, "/timeline?max_dates=40")
    all_sources = {src["id"] for ev in everything["events"] for src in ev["sources"]}
    assert not all_sources <= {a["id"] for a in biggest["articles"]}  # the unfiltered timeline has others
    assert f"story={biggest['id']}" in page.get_attribute("#export-json", "href")
    _screenshot(page, "browser-stories.png")
    page.click("#stories-list button.story[data-story='']")
    page.wait_for_selector("body[data-timeline=ready]")
    assert page.eval_on_selector("#f-story", "s => s.value") == ""


def test_phone_width_layout(page: Any, sample_server: Any) -> None:
    page.set_viewport_size(PHONE)
    _open_timeline(page, sample_server)
    assert not page.eval_on_selector("#filter-panel", "d => d.open")  # filters folded on a phone
    first = page.locator("#events li.event").first.bounding_box()
    chart = page.locator("#chart").bounding_box()
    assert chart["y"] < PHONE["height"] and first["y"] < PHONE["height"], (chart, first)  # timeline on screen one
    page.locator("#events li.event summary").first.click()
    small = page.evaluate("""() => Array.from(document.querySelectorAll(
        'button, select, input, summary, .exports a, .chip, .sources a, .evidence-link'))
      .filter(e => e.offsetParent !== null && getComputedStyle(e).visibility !== 'hidden')
      .map(e => [e.id || e.className || e.tagName, e.getBoundingClientRect().height])
      .filter(([, h]) => h < 40)""")
    assert small == []  # tap targets at least 40px tall
    for summary in page.locator("li.event summary").all()[1:]:
        summary.click()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    for _ in range(4):
        page.click("#zoom-in")
        boxes = page.eval_on_selector_all(".tick-label", "ts => ts.map(t => { const b = t.getBBox(); return [b.x, b.x + b.width]; })")
        assert all(a[1] <= b[0] for a, b in zip(boxes, boxes[1:], strict=False)), boxes  # labels never overlap
    _screenshot(page, "browser-phone-sample.png")
    page.fill("#search-input", "ruling online")
    page.press("#search-input", "Enter")
    page.wait_for_selector("body[data-search=ready]")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.locator("#search-results a.hit-title").first.click()
    page.wait_for_selector("body[data-article=ready]")
    assert LONG_TOKEN[:40] in page.inner_text("#article-text")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")  # the long token wraps


def test_malformed_article_link(page: Any, sample_server: Any) -> None:
    _open_timeline(page, sample_server)
    page.goto(sample_server.url + "/#/article/0000000000000000")
    page.wait_for_selector("body[data-article=error]")
    page.goto(sample_server.url + "/#/search?q=Tavrin")
    page.wait_for_selector("body[data-search=ready]")
    page.locator("#search-results a.hit-title").first.click()
    page.wait_for_selector("body[data-article=ready]")
    assert page.inner_text("#article-text")
    page.goto(sample_server.url + "/#/article/%E0%A4%A")
    page.wait_for_selector("body[data-article=error]")
    assert page.errors == []  # type: ignore[attr-defined]  # no URIError
    assert "malformed" in page.inner_text("#error")
    assert page.inner_text("#article-title") == "Article not available"
    assert page.inner_text("#article-text") == "" and page.is_hidden("#timeline-view")  # nothing left over
    page.click("#article-view a.back")
    page.wait_for_selector("#error", state="hidden")  # going back leaves no error behind
    assert page.is_visible("#timeline-view")


def test_evidence_names_the_entrys_own_source(page: Any, sample_server: Any) -> None:
    _open_timeline(page, sample_server)
    for summary in page.locator("#events li.event summary").all():
        summary.click()
    links = page.eval_on_selector_all("#events li.event", """lis => lis.flatMap(li => {
        const own = Array.from(li.querySelectorAll('.sources a')).map(a => a.getAttribute('href'));
        return Array.from(li.querySelectorAll('.evidence-link')).map(a =>
          [a.textContent, own.includes(a.getAttribute('href'))]); })""")
    assert any(own for _, own in links), links
    for text, own in links:  # "from another article" only where it is one
        assert (text == "from another article") == (not own), (text, own)


def test_republished_article_and_its_names(page: Any, sample_server: Any) -> None:
    page.goto(sample_server.url + "/#/search?q=" + "Tavrin%20ambassador%20recalled")
    page.wait_for_selector("body[data-search=ready]")
    titles = page.eval_on_selector_all("#search-results a.hit-title", "as => as.map(a => a.textContent)")
    assert "Březa tours Tavrin Dam as Ilmara recalls its ambassador" in titles, titles
    assert not any(t.startswith("Republished") for t in titles)
    page.get_by_text("Březa tours Tavrin Dam as Ilmara recalls its ambassador").click()
    page.wait_for_selector("body[data-article=ready]")
    assert page.inner_text("#article-title") == "Březa tours Tavrin Dam as Ilmara recalls its ambassador"
    removed = page.inner_text("#article-removed")
    assert "Republished from Tesk Daily" in removed and "outlet" in removed.split("Republished from Tesk Daily")[1][:40]
    chips = page.eval_on_selector_all("#article-entities .chip", "cs => cs.map(c => c.textContent)")
    assert any(c.startswith("Tesk · GPE") for c in chips), chips
    assert not any(c.startswith("Tesk · PERSON") for c in chips)
    assert any(c.startswith("Anton Březa · PERSON") for c in chips), chips
    _open_timeline(page, sample_server)
    page.wait_for_selector("body[data-filters=ready]")
    options = page.eval_on_selector_all("#f-entity option", "os => os.map(o => o.value)")
    assert "Anton Březa" in options and "Anton Breza" not in options


def test_a_quote_without_a_speaker_is_shown_in_its_sentence(page: Any, sample_server: Any) -> None:
    _open_timeline(page, sample_server)
    for summary in page.locator("li.event summary").all():
        summary.click()
    unattributed = page.eval_on_selector_all(
        "li.event .quotes li.unattributed blockquote", "bs => bs.map(b => b.textContent)")
    attributed = page.eval_on_selector_all("li.event .quotes li.quote cite", "cs => cs.map(c => c.textContent)")
    assert attributed and all(c.startswith("— ") and c != "— speaker not named" for c in attributed
                              if c != "— speaker not named")
    for text in unattributed:  # a whole sentence with its subject, not a fragment
        assert len(text.split()) >= 8 and text[0].isupper(), text
    assert page.locator("li.event blockquote", has_text="a novel, not a legal document").count() >= 1
    cites = page.eval_on_selector_all("li.event blockquote", """bs => bs
        .filter(b => b.textContent.includes('a novel, not a legal document'))
        .map(b => b.nextElementSibling.textContent)""")
    assert cites and all(c == "— Pavlo Marchenko" for c in cites), cites
