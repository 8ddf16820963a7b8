"""benchmarks/_corpus_scale.py: varied copies of analysed articles for the serving benchmark's large stores."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

import _corpus_scale as scale  # noqa: E402

from dateline.data import (  # noqa: E402
    AnalysedArticle,
    Article,
    DateInterval,
    Evidence,
    Mention,
    Quote,
    Sentence,
    TimeExpression,
)
from dateline.store import Filters
from dateline.store.sqlite import SQLiteStore  # noqa: E402

TEXT = ("Mayor Anna Novak visited Varosk on Monday.\n\n"
        "\u201cWe will not accept the dam,\u201d Novak said in Varosk on March 3, 2021.")


def _span(text: str, needle: str, nth: int = 0) -> tuple[int, int]:
    at = -1
    for _ in range(nth + 1):
        at = text.index(needle, at + 1)
    return at, at + len(needle)


def _article() -> AnalysedArticle:
    s1_end = TEXT.index("\n\n")
    s2_start = s1_end + 2
    novak, varosk = _span(TEXT, "Anna Novak"), _span(TEXT, "Varosk")
    when = _span(TEXT, "March 3, 2021")
    quote = _span(TEXT, "\u201cWe will not accept the dam,\u201d")
    day = date(2021, 3, 3)
    evidence = (Evidence("explicit-date", "March 3, 2021", day, day, "a1", 1),)
    return AnalysedArticle(
        article=Article(id="a1", path="/x/a1.txt", fmt="txt", text=TEXT, title="Novak rejects the dam in Varosk",
                        published_meta="2021-03-04"),
        sentences=(Sentence(0, TEXT[:s1_end], 0, s1_end), Sentence(1, TEXT[s2_start:], s2_start, len(TEXT))),
        mentions=(Mention("Anna Novak", "PERSON", "person:novak", 0, *novak),
                  Mention("Varosk", "GPE", "gpe:varosk", 0, *varosk)),
        times=(TimeExpression("March 3, 2021", 1, *when, DateInterval(day, day, evidence), "explicit"),),
        quotes=(Quote(TEXT[quote[0]:quote[1]], "Novak", 1, *quote, speaker_name="Anna Novak"),),
        published=DateInterval(date(2021, 3, 4), date(2021, 3, 4)),
        event_date=DateInterval(day, day, evidence),
    )


POOLS = scale.name_pools(["Varosk", "Linden", "Tesk"], ["Novak", "Costa", "Weber"], seed=3)


def test_copy_shifts_every_date_by_the_same_days() -> None:
    copy = scale.vary(_article(), "r1", -40, {})
    assert copy.id == "r1" and copy.article.path != "/x/a1.txt"
    assert copy.event_date.start == date(2021, 1, 22) == copy.event_date.end
    assert copy.published.start == date(2021, 1, 23)
    assert copy.times[0].interval.start == date(2021, 1, 22)
    assert copy.event_date.evidence[0].start == date(2021, 1, 22)
    assert copy.article.published_meta == "2021-01-23"


def test_swapped_names_keep_every_span_valid() -> None:
    copy = scale.vary(_article(), "r2", 0, {"Novak": "Weber", "Varosk": "Linden"})
    text = copy.article.text
    assert "Novak" not in text and "Varosk" not in text and "Anna Weber" in text
    assert copy.article.title == "Weber rejects the dam in Linden"
    for s in copy.sentences:
        assert text[s.start:s.end] == s.text
    for m in copy.mentions:
        assert text[m.start:m.end] == m.text
    for t in copy.times:
        assert text[t.start:t.end] == t.text
    assert [m.key for m in copy.mentions] == ["person:weber", "gpe:linden"]
    assert copy.quotes[0].speaker_name == "Anna Weber"


def test_swaps_are_same_length_same_kind_and_only_names_present() -> None:
    import random

    swaps = scale.pick_swaps(TEXT, POOLS, random.Random(5))
    assert swaps and set(swaps) <= {"Novak", "Varosk"}
    places = {n for names in POOLS["place"].values() for n in names}
    people = {n for names in POOLS["person"].values() for n in names}
    for old, new in swaps.items():
        assert len(new) == len(old) and new != old
        assert new in (places if old in places else people)


def test_replicate_grows_a_store_to_the_target_with_searchable_varied_copies(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "s.db")
    store.add_articles([_article()])
    stats = scale.replicate(store, [_article()], 60, POOLS, seed=1)
    assert stats["copies_added"] == 59 and store.count() == 60
    starts = {a.event_date.start for a in store.iter_articles()}
    assert len(starts) > 30  # dates spread, not 60 copies of one day
    varied = store.search(Filters("Novak"), 100, 0).total
    assert 0 < varied < 60  # some copies had the name swapped away
    store.close()


if __name__ == "__main__":
    raise SystemExit(pytest.main([__file__, "-q"]))
