"""The evaluation protocol: dates and sentences from the reference, articles within its span, averaging."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dateline.data import Collection, DateInterval, Event, SentenceRef, Timeline
from dateline.errors import UsageError
from dateline.evaluate.loaders import load_topic
from dateline.evaluate.runner import mean_prf, mean_scores, prepared, resolve_generator, run_topic
from dateline.evaluate.tls_metrics import PRF, ReferenceTimeline

ARTICLES = [
    {"uid": "1", "dct": "2011-01-25", "text": "Tens of thousands of protesters filled Tahrir Square in Cairo on Tuesday ."},
    {"uid": "2", "dct": "2011-01-28", "text": "Police fired tear gas as protests spread across Egypt on Friday ."},
    {"uid": "3", "dct": "2011-02-11", "text": "Hosni Mubarak resigned as president and handed power to the army ."},
    {"uid": "4", "dct": "2011-03-19", "text": "Egyptians voted in a referendum on changes to the constitution ."},
]  # fmt: skip
REF_A = [
    {
        "date": "2011-01-25",
        "text": " Protesters fill Tahrir Square .  Police use water cannon .  Dozens are hurt . ",
    },
    {"date": "2011-02-11", "text": " Mubarak resigns . "},
]
REF_B = [{"date": "2011-03-19", "text": " Egyptians vote in a referendum . "}]


@pytest.fixture()
def topic_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "EgyptProtest_test"
    folder.mkdir()
    (folder / "articles.json").write_text(json.dumps(ARTICLES))
    (folder / "a.timeline.json").write_text(json.dumps(REF_A))
    (folder / "b.timeline.json").write_text(json.dumps(REF_B))
    return folder


class Recorder:
    """A generator that notes what it was asked and answers with the reference itself (an oracle)."""

    def __init__(self, refs: dict[int, ReferenceTimeline]) -> None:
        self.refs = refs
        self.calls: list[tuple[set[str], int, int, tuple[str, ...]]] = []

    def predict(self, collection: Collection, max_dates: int, max_sentences: int) -> Timeline:
        published = {a.article.published_meta or "" for a in collection.articles}
        self.calls.append((published, max_dates, max_sentences, collection.keywords))
        ref = self.refs[max_dates]
        return Timeline(tuple(Event(DateInterval.day(d), tuple(SentenceRef("x", i, s) for i, s in enumerate(sents)))
                              for d, sents in ref.entries))  # fmt: skip


def test_protocol_per_reference_and_oracle_scores_one(topic_dir: Path) -> None:
    topic = load_topic(topic_dir)
    ref_a, ref_b = topic.references
    recorder = Recorder({2: ref_a, 1: ref_b})
    with prepared(topic) as prep:
        result = run_topic(prep, "oracle", recorder)
    (pub_a, dates_a, sents_a, kw_a), (pub_b, dates_b, sents_b, _) = recorder.calls
    # Reference a: 2 dates, 4 sentences / 2 dates = 2 per date, articles from Jan 25 to Feb 11 only.
    assert (dates_a, sents_a) == (2, 2)
    assert pub_a == {"2011-01-25", "2011-01-28", "2011-02-11"}
    assert kw_a == ("Egypt", "Protest")
    assert (pub_b, dates_b, sents_b) == ({"2011-03-19"}, 1, 1)
    report = result.to_json()
    assert report["ar1_f"] == pytest.approx(1.0) and report["date_f1"] == pytest.approx(1.0)
    assert report["references"] == 2 and report["articles"] == 4
    assert report["seconds"] >= report["ingest_seconds"] > 0


def test_means_average_precision_and_recall_then_take_f1() -> None:
    averaged = mean_prf([PRF(1.0, 0.0), PRF(0.0, 1.0)])
    assert (averaged.precision, averaged.recall, averaged.f1) == (0.5, 0.5, 0.5)
    assert mean_scores([])["ar1_f"] == 0.0


def test_unknown_method_names_every_choice() -> None:
    with pytest.raises(UsageError, match="pubcount, random"):
        resolve_generator("nope")


def test_span_only_ingests_just_the_articles_inside_the_reference_spans(topic_dir: Path) -> None:
    late = {
        "uid": "5",
        "dct": "2011-06-01",
        "text": "Mubarak went on trial in Cairo on charges of ordering killings .",
    }
    (topic_dir / "articles.json").write_text(json.dumps([*ARTICLES, late]))
    topic = load_topic(topic_dir)
    with prepared(topic, span_only=True) as prep:
        # The reference spans cover Jan 25 - Mar 19; the June article is left out.
        assert prep.articles == 4
        assert len(prep.corpus.collection().articles) == 4  # type: ignore[attr-defined]


def test_kept_stores_are_reused_per_article_selection(topic_dir: Path, tmp_path: Path) -> None:
    topic = load_topic(topic_dir)
    stores = tmp_path / "stores"
    with prepared(topic, store_dir=stores) as first:
        assert len(first.corpus.collection().articles) == 4  # type: ignore[attr-defined]
    with prepared(topic, store_dir=stores) as again:
        assert len(again.corpus.collection().articles) == 4  # type: ignore[attr-defined]
    with prepared(topic, max_articles=2, store_dir=stores) as fewer:
        assert len(fewer.corpus.collection().articles) == 2  # type: ignore[attr-defined]
    assert len(list(stores.glob("*.db"))) == 2  # one store per selection, the full one re-used
