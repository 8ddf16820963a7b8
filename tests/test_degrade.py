"""Analysis never loses an article: a step that fails on one document degrades that step only.

The failures here are of two kinds: a real contradiction in a text's own dates (a weekday whose
only fitting years end before the other evidence begins), which must be an ordinary, reported
conflict; and a recogniser that raises on one article (injected by replacing the recogniser with
one that fails on a marked article), which must cost that article that step and nothing else.
Documents that hold no article text at all are reported as skipped, never stored.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

import dateline
from dateline.analyse import dating, quotes
from dateline.analyse.sentences import split_sentences
from dateline.cli import main
from dateline.data import Article

# A concert-tour story: "Friday, Dec. 6" fits 2019 (the last show before the break), while the
# rest of the text puts the article late in 2020. The weekday cannot hold: a reported conflict.
TOUR = """The Lanterns are back on the road after a year away from the stage.

The band played what was then its last show on Friday, Dec. 6, in front of a sold-out hall in Leeds.

The new tour opened on July 22 in Glasgow, the promoter said, and the band has played 30 shows in 2020 so far.

The band will play Tokyo in December 2020, the promoter said.

Singer Mara Quist said on Monday night that the break had been good for them."""

DAM = """Engineers inspect dam after heavy rain

Engineers inspected the Velna dam on Tuesday after three days of heavy rain raised the reservoir
to its highest level in a decade, the regional water authority said.

"The structure is sound, but we are watching the spillway closely," chief engineer Ilse Marnik said.

Residents of two villages downstream were told to prepare for a possible evacuation."""

STRIKE = """Bus drivers begin two-day strike

Bus drivers in Korvath walked out on Monday, March 3, 2025, in a dispute over shift patterns, leaving most routes
without service, the transport union said.

"Nobody wants a strike, but the rosters are unsafe," union secretary Piet Alder said on Monday.

The city council said talks would resume on Wednesday."""

SCRIPT_ONLY = """<!doctype html><html><head><script>var a = 1; function f() { return a; }</script>
<style>body { color: red }</style></head><body><script>document.write('x')</script></body></html>"""

CHROME_ONLY = """Subscribe
Share
Sign up for our newsletter
Follow us on Twitter
Donate
Privacy policy
"""

NESTED_ONE_LETTER = "<html><body>" + "<div>" * 400 + "x" + "</div>" * 400 + "</body></html>"


def _article(text: str, path: str = "tour.txt") -> Article:
    return Article(id=path, path=path, fmt="text", text=text)


def test_contradictory_weekday_is_a_reported_conflict_not_an_exception() -> None:
    art = _article(TOUR)
    dates = dating.date_article(art, split_sentences(art.text))
    pub = dates.published
    assert pub.start is not None and pub.end is not None
    assert date(2020, 1, 1) <= pub.start <= pub.end <= date(2020, 12, 31)
    conflicts = [e for e in pub.evidence if e.kind == "conflict"]
    assert any("weekday" in e.note for e in conflicts), [e.note for e in pub.evidence]


def _write(folder: Path, files: dict[str, str]) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for name, text in files.items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        out.append(path)
    return out


def test_a_failing_date_step_keeps_the_article_with_an_unknown_date(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = dating.date_article

    def fails_on_dam(article: Article, sentences, extra=()):  # type: ignore[no-untyped-def]
        if "Velna" in article.text:
            raise ValueError("interval start 2020-07-22 is after its end 2020-01-31")
        return real(article, sentences, extra)

    monkeypatch.setattr(dating, "date_article", fails_on_dam)
    _write(tmp_path / "in", {"dam.txt": DAM, "strike.txt": STRIKE})
    with dateline.open(tmp_path / "c.db") as corpus:
        report = corpus.ingest([tmp_path / "in"], progress=False)
        assert report.added == 2 and not report.skipped
        assert any("dam.txt" in w and "dates failed" in w for w in report.warnings), report.warnings
        dam = next(corpus.article(i) for i in report.ids if "Velna" in corpus.article(i).article.text)
        strike = next(corpus.article(i) for i in report.ids if "Korvath" in corpus.article(i).article.text)
    assert not dam.published.is_known
    assert [e.kind for e in dam.published.evidence] == ["failed"]
    assert "ValueError" in dam.published.evidence[0].note
    assert dam.quotes and dam.mentions, "the steps that did not fail are kept"
    assert any("dates failed" in p for p in dam.problems)
    assert strike.published.is_known and strike.times, "the other article is untouched"
    assert not strike.problems and strike.quotes


def test_a_failing_quote_step_costs_only_that_articles_quotes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    real = quotes.find_quotes

    def fails_on_strike(text, sentences, mentions):  # type: ignore[no-untyped-def]
        if "Korvath" in text:
            raise IndexError("list index out of range")
        return real(text, sentences, mentions)

    import dateline.analyse as analyse_module

    monkeypatch.setattr(analyse_module, "find_quotes", fails_on_strike)
    _write(tmp_path / "in", {"dam.txt": DAM, "strike.txt": STRIKE})
    code = main(["extract", str(tmp_path / "in"), "--format", "json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 1, "a document with a failed step is reported in the exit code"
    by_name = {Path(d["path"]).name: d for d in out["documents"]}
    assert set(by_name) == {"dam.txt", "strike.txt"}
    assert by_name["strike.txt"]["quotes"] == []
    assert any("quotes failed" in p and "IndexError" in p for p in by_name["strike.txt"]["problems"])
    assert by_name["strike.txt"]["published"]["start"], "its dates still come through"
    assert by_name["dam.txt"]["quotes"] and by_name["dam.txt"]["problems"] == []


@pytest.mark.parametrize(
    ("name", "content"),
    [("script.html", SCRIPT_ONLY), ("chrome.txt", CHROME_ONLY), ("nested.html", NESTED_ONE_LETTER)],
)
def test_documents_without_article_text_are_reported_not_stored(tmp_path: Path, name: str, content: str) -> None:
    _write(tmp_path / "in", {name: content, "dam.txt": DAM})
    with dateline.open(tmp_path / "c.db") as corpus:
        report = corpus.ingest([tmp_path / "in"], progress=False)
        assert report.added == 1 and len(corpus) == 1
    (skip,) = report.skipped
    assert skip.path.endswith(name)
    assert "no article text" in skip.reason


def test_extract_on_real_pages_gives_a_document_per_page(capsys: pytest.CaptureFixture[str]) -> None:
    from tests.conftest import shared_path

    folder = shared_path("aeb", "txt")
    pages = sorted(p.name for p in folder.iterdir())
    code = main(["extract", str(folder), "--format", "json"])
    out = json.loads(capsys.readouterr().out)
    assert code in (0, 1)
    found = sorted(Path(d["path"]).name for d in out["documents"]) + sorted(
        Path(s["path"]).name for s in out["skipped"]
    )
    assert sorted(found) == pages
    for doc in out["documents"]:
        for iv in (doc["published"], doc["event_date"]):
            if iv["start"] and iv["end"]:
                assert iv["start"] <= iv["end"]
