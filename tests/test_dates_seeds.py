"""Dating the five seed articles: intervals hold the actual dates; no stamp becomes a date."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from dateline.analyse import timex
from dateline.analyse.dating import date_article
from dateline.clean import clean
from dateline.data import AnalysedArticle, DateInterval, RawDocument, Sentence
from dateline.events.dating import refine_corpus

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEEDS = SHARED / "seeds"
EXPECTED = SHARED / "seeds-expected.json"
pytestmark = pytest.mark.skipif(not EXPECTED.exists(), reason="../shared/seeds not available")


def split(text: str) -> tuple[Sentence, ...]:
    found = re.finditer(r"[^.!?\n]+(?:[.!?]+[\"”’)]?|\n|$)", text)
    return tuple(
        Sentence(i, m.group(0), m.start(), m.end())
        for i, m in enumerate(m for m in found if m.group(0).strip())
    )


@pytest.fixture(scope="module")
def dated() -> dict[str, AnalysedArticle]:
    out = []
    for path in sorted(SEEDS.glob("*.txt")):
        art = clean(RawDocument(path=path.name, fmt="text", content=path.read_text(encoding="utf-8")))
        sents = split(art.text)
        d = date_article(art, sents)
        out.append(AnalysedArticle(art, sents, (), d.times, (), d.published, d.event_date))
    return {a.article.path: a for a in refine_corpus(out)}


@pytest.fixture(scope="module")
def expected() -> dict[str, dict[str, object]]:
    return json.loads(EXPECTED.read_text(encoding="utf-8"))["articles"]


def _actual(value: str) -> DateInterval:
    if re.fullmatch(r"\d{4}", value):
        return DateInterval.year(int(value))
    return DateInterval.day(date.fromisoformat(value))


def test_every_interval_contains_the_actual_date(
    dated: dict[str, AnalysedArticle], expected: dict[str, dict[str, object]]
) -> None:
    for name, exp in expected.items():
        actual = _actual(str(exp["actual"]))
        pub = dated[name].published
        assert pub.overlaps(actual), (name, pub.label())
        if actual.precision.value == "day":
            assert pub.contains(actual.start), (name, pub.label())  # type: ignore[arg-type]


def test_000_is_placed_in_2002_by_001(dated: dict[str, AnalysedArticle]) -> None:
    pub = dated["000_fc938bbad0c974e4.txt"].published
    assert pub.start is not None and pub.end is not None
    assert pub.start.year == pub.end.year == 2002
    cross = [e for e in pub.evidence if e.kind == "cross-document"]
    assert cross and cross[0].article_id == dated["001_b03d1144a9d360f2.txt"].id
    assert "2002" in cross[0].text


def test_001_is_no_wider_than_2003_to_2005(dated: dict[str, AnalysedArticle]) -> None:
    pub = dated["001_b03d1144a9d360f2.txt"].published
    assert pub.start is not None and pub.end is not None
    assert date(2003, 1, 1) <= pub.start and pub.end <= date(2005, 12, 31)


@pytest.mark.parametrize(
    "name", ["002_9c66197dbdb99078.txt", "003_aa13687d7452eebb.txt", "004_417643326fc76677.txt"]
)
def test_002_003_004_are_in_2021(dated: dict[str, AnalysedArticle], name: str) -> None:
    pub = dated[name].published
    assert pub.start is not None and pub.end is not None
    assert pub.start.year == pub.end.year == 2021


def test_004_is_bounded_by_the_26_year_rule_of_003(dated: dict[str, AnalysedArticle]) -> None:
    pub = dated["004_417643326fc76677.txt"].published
    assert pub.contains(date(2021, 4, 22))
    assert pub.start is not None and pub.start >= date(2020, 8, 1)
    assert pub.end is not None and pub.end <= date(2021, 12, 31)
    cross = [e for e in pub.evidence if e.kind == "cross-document"]
    assert cross and cross[0].article_id == dated["003_aa13687d7452eebb.txt"].id


def test_003_event_is_exactly_february_22_2021(dated: dict[str, AnalysedArticle]) -> None:
    ev = dated["003_aa13687d7452eebb.txt"].event_date
    assert (ev.start, ev.end) == (date(2021, 2, 22), date(2021, 2, 22))


def test_no_date_comes_from_a_page_stamp(
    dated: dict[str, AnalysedArticle], expected: dict[str, dict[str, object]]
) -> None:
    for name, exp in expected.items():
        a = dated[name]
        for stamp in exp.get("not_publication_dates", []):  # type: ignore[union-attr]
            day = next(h for h in timex.find(stamp) if h.kind == "date")
            d = date(day.year or 1, day.month or 1, day.day or 1)
            assert a.published.start != d and not (a.event_date.start == a.event_date.end == d), name
            assert not any(
                stamp in e.text
                for e in a.published.evidence
                if e.kind not in ("stamp-upper-bound", "conflict")
            )
