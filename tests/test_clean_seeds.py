"""The clean stage on the five seed scrapes, checked against ../shared/seeds-expected.json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dateline.clean import clean_batch
from dateline.data import Article, LineKind, RawDocument

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEEDS = SHARED / "seeds"
EXPECTED = SHARED / "seeds-expected.json"


@pytest.fixture(scope="module")
def expected() -> dict:
    if not EXPECTED.exists():
        pytest.skip("../shared/seeds-expected.json is not here")
    return json.loads(EXPECTED.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def articles(expected: dict) -> dict[str, Article]:
    names = sorted(expected["articles"])
    docs = [
        RawDocument(path=str(SEEDS / n), fmt="text", content=(SEEDS / n).read_text(encoding="utf-8"))
        for n in names
    ]
    return {n: a for n, a in zip(names, clean_batch(docs), strict=True)}


def _body_lines(article: Article) -> set[str]:
    return {ln.strip() for ln in article.text.splitlines() if ln.strip()}


def test_no_boilerplate_line_stays_in_the_body(expected: dict, articles: dict[str, Article]) -> None:
    for name, info in expected["articles"].items():
        body = _body_lines(articles[name])
        for line in info.get("boilerplate_lines", []):
            assert line.strip() not in body, f"{name}: {line!r} kept"
        for line in info.get("duplicate_lines", []):
            assert line.strip() not in body, f"{name}: duplicate {line!r} kept"


def test_no_caption_stays_in_the_body_and_captions_are_named(
    expected: dict, articles: dict[str, Article]
) -> None:
    for name, info in expected["articles"].items():
        art = articles[name]
        for start in info.get("caption_lines_start_with", []):
            assert start not in art.text, f"{name}: caption {start!r} kept"
            assert any(c.startswith(start) for c in art.captions), f"{name}: caption {start!r} not recognised"
            kinds = [r.kind for r in art.removed if r.line.startswith(start)]
            assert kinds == [LineKind.CAPTION]


def test_every_quote_stays_in_the_body(expected: dict, articles: dict[str, Article]) -> None:
    for quote in expected["quotes"]:
        assert quote["starts"] in articles[quote["article"]].text, quote


def test_titles(expected: dict, articles: dict[str, Article]) -> None:
    for name, info in expected["articles"].items():
        assert articles[name].title == info["title"], name
        assert info["title"] not in _body_lines(articles[name])


def test_outlets(expected: dict, articles: dict[str, Article]) -> None:
    got = {name: articles[name].outlet for name in expected["articles"]}
    assert got["002_9c66197dbdb99078.txt"] == "The Associated Press"
    assert (got["003_aa13687d7452eebb.txt"] or "").lower().replace("/", "") in {"rferl", "rfe/rl"}
    assert got["004_417643326fc76677.txt"] == "The Moscow Times"


def test_byline_dateline_and_stamps(expected: dict, articles: dict[str, Article]) -> None:
    for name, info in expected["articles"].items():
        art = articles[name]
        if "byline" in info:
            assert art.byline == info["byline"]
        if "dateline_place" in info:
            assert art.place == info["dateline_place"]
            assert art.text.startswith(art.dateline or "~")
        for stamp in info.get("not_publication_dates", []):
            assert any(stamp in s for s in art.stamps), f"{name}: stamp {stamp} not kept"
            assert stamp not in art.text


def test_every_removed_line_has_a_reason(articles: dict[str, Article]) -> None:
    for art in articles.values():
        assert all(r.reason for r in art.removed)
        stamps = [r for r in art.removed if r.kind is LineKind.STAMP]
        assert all("upper bound" in r.reason for r in stamps)
