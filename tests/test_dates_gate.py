"""CI gate: publication dating on the webdates dev pages must not drop below the recorded minimums.

Two parts, both on the real path (``dateline.clean.clean`` then ``date_article``):
- the plain-text dumps (``txt/``): share of pages whose interval contains the true day, and share
  dated to exactly that day;
- the HTML of a fixed subset: dateline's exact-day rate divided by htmldate's on the same pages
  in the same run (dateline must not fall below htmldate).

The subset and the minimums live in tests/dates_floor.json with the reason each was set. A
minimum is raised when the code gets better and only lowered on purpose, in its own commit that
says why. The text figures use the shipped header-date weights, which were fitted on these
pages: this is a regression gate, not a generalisation figure (``benchmarks/dates.py`` gives
the grouped-by-site cross-validated ones).
"""

from __future__ import annotations

import gzip
import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from dateline.analyse import published as P
from dateline.analyse.dating import date_article
from dateline.analyse.published import html_published
from dateline.clean import clean
from dateline.data import DateInterval, RawDocument, Sentence

FLOOR_FILE = Path(__file__).with_name("dates_floor.json")
WEBDATES = Path(__file__).resolve().parents[1].parent / "shared" / "webdates"
_SENT = re.compile(r"[^.!?\n]+(?:[.!?]+[\"”’)]?|\n|$)")


def _floor() -> dict[str, Any]:
    return json.loads(FLOOR_FILE.read_text(encoding="utf-8"))


def _truth() -> dict[str, Any]:
    if not (WEBDATES / "truth.json").exists():
        pytest.skip("../shared/webdates is not here")
    return json.loads((WEBDATES / "truth.json").read_text(encoding="utf-8"))


def _published(doc: RawDocument) -> DateInterval:
    art = clean(doc)
    sents = [Sentence(i, m.group(0), m.start(), m.end()) for i, m in enumerate(_SENT.finditer(art.text))]
    return date_article(art, sents).published


def _html(key: str) -> str:
    return gzip.decompress((WEBDATES / "html" / f"{key}.html.gz").read_bytes()).decode("utf-8", "replace")


def _text_scores(every: int) -> tuple[int, float, float]:
    truth = _truth()
    keys = sorted(truth)[::every]
    inside = exact = 0
    for key in keys:
        content = (WEBDATES / "txt" / f"{key}.txt").read_text(encoding="utf-8", errors="replace")
        iv = _published(RawDocument(path=f"{key}.txt", fmt="text", content=content))
        true = date.fromisoformat(truth[key]["published"])
        inside += iv.contains(true)
        exact += iv.start == iv.end == true
    return len(keys), inside / len(keys), exact / len(keys)


@pytest.mark.slow
def test_text_dumps_stay_above_the_floor() -> None:
    floor = _floor()["text"]
    n, inside, exact = _text_scores(floor["every"])
    assert n >= 40
    assert inside >= floor["contains"], f"contains {inside:.3f} below {floor['contains']}"
    assert exact >= floor["exact_day"], f"exact day {exact:.3f} below {floor['exact_day']}"


@pytest.mark.slow
def test_the_text_gate_can_fail(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without the header-date reader (no date trusted as the page's) the same pages fall under the floor."""
    floor = _floor()["text"]
    monkeypatch.setattr(P, "TRUST_SCORE", float("inf"))
    _n, _inside, exact = _text_scores(floor["every"] * 3)
    assert exact < floor["exact_day"] - 0.2


@pytest.mark.slow
def test_html_stays_at_least_at_htmldate() -> None:
    truth, floor = _truth(), _floor()["html"]
    keys = sorted(truth)[:: floor["every"]]
    ours = theirs = 0
    for key in keys:
        html, true = _html(key), truth[key]["published"]
        iv = _published(RawDocument(path=f"{key}.html", fmt="html", content=html))
        ours += iv.start == iv.end == date.fromisoformat(true)
        theirs += html_published(html) == true
    assert len(keys) >= 25 and theirs > 0
    ratio = ours / theirs
    assert ratio >= floor["exact_day_ratio_to_htmldate"], f"{ours} exact against htmldate's {theirs}"
