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
