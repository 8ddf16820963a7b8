"""Timeline17-layout loaders: detokenisation, topic folders, references, and the normal ingest path."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from dateline.errors import NotFound, UsageError
from dateline.evaluate import loaders
from dateline.ingest import read_paths

# Written for the test in the style of Timeline17 (Penn-Treebank tokens, byline run into the text).
ARTICLES = [
    {"uid": "11", "dct": "2010-04-21", "dates": ["2010-04-20"],
     "text": "By Jane Doe HOUSTON | Wed Apr 21 , 2010 -LRB- Reuters -RRB- - An explosion on BP 's "
             "Deepwater Horizon rig left 11 workers missing , the U.S. Coast Guard said on Wednesday . "
             "`` We 're hoping for the best , '' a spokesman said ."},
    {"uid": "12", "dct": "2010-04-23", "dates": [],
     "text": "The rig sank on Thursday and officials said oil was n't leaking . Crews ca n't reach the well ."},
    {"uid": "13", "dct": "2010-05-02", "dates": [],
     "text": "President Obama visited the Gulf coast , promising $ 20 billion -LRB- at least -RRB- in aid ."},
    {"uid": "14", "dct": "2010-07-16", "dates": [],
     "text": "BP said the cap held for a second day , stopping 100 % of the flow in the U.S. ."},
]  # fmt: skip
TIMELINE = [
    {
        "date": "2010-04-20",
        "text": " An explosion on the Deepwater Horizon rig kills 11 workers .  The rig burns . ",
    },
    {"date": "2010-04-22", "text": " The rig sinks . "},
    {"date": "2010-04-20", "text": " BP 's shares fall . "},
    {"date": "2010-07-15", "text": " A cap stops the flow . "},
]


@pytest.fixture()
def topic_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "t17" / "OilSpill_reuters"
    folder.mkdir(parents=True)
    (folder / "articles.json").write_text(json.dumps(ARTICLES))
    (folder / "oil.txt.timeline.json").write_text(json.dumps(TIMELINE))
    return folder


@pytest.mark.parametrize(
    ("tokenised", "expected"),
    [
        ("-LRB- Reuters -RRB- - BP 's rig", "(Reuters) - BP's rig"),
        ("`` We 're hoping , '' he said .", '"We\'re hoping," he said.'),
        ("oil was n't leaking ; crews ca n't go", "oil wasn't leaking; crews can't go"),
        ("$ 20 billion , 100 % of it", "$20 billion, 100% of it"),
        ("in the U.S. .", "in the U.S."),
        ("the players ' union -- finally", "the players' union — finally"),
        ("a -LSB- sic -RSB- note", "a [sic] note"),
    ],
)
def test_detokenize(tokenised: str, expected: str) -> None:
    assert loaders.detokenize(tokenised) == expected


def test_load_topic_reads_articles_references_and_keywords(topic_dir: Path) -> None:
    topic = loaders.load_topic(topic_dir)
    assert topic.name == "OilSpill_reuters"
    assert topic.keywords == ("Oil", "Spill")  # source suffix dropped, CamelCase split
    assert [a.uid for a in topic.articles] == ["11", "12", "13", "14"]
    assert topic.articles[0].published == date(2010, 4, 21)
    assert "BP's Deepwater Horizon" in topic.articles[0].text and "-LRB-" not in topic.articles[0].text
    (ref,) = topic.references
    assert ref.name == "oil.txt"
    assert ref.dates == (date(2010, 4, 20), date(2010, 4, 22), date(2010, 7, 15))  # repeated date merged
    assert ref.summaries[date(2010, 4, 20)] == (
        "An explosion on the Deepwater Horizon rig kills 11 workers.",
        "The rig burns.",
        "BP's shares fall.",
    )
    assert ref.sentences_per_date() == 2  # 5 sentences over 3 dates, rounded


def test_keywords_file_wins_over_the_folder_name(topic_dir: Path) -> None:
    (topic_dir / "keywords.json").write_text(json.dumps(["oil spill", "BP"]))
    assert loaders.load_topic(topic_dir).keywords == ("oil spill", "BP")


def test_find_topics_accepts_a_topic_or_a_folder_of_topics(topic_dir: Path) -> None:
    assert loaders.find_topics([topic_dir]) == [topic_dir]
    assert loaders.find_topics([topic_dir.parent]) == [topic_dir]
    with pytest.raises(NotFound):
        loaders.find_topics([topic_dir.parent / "missing"])
    with pytest.raises(UsageError, match="not a topic folder"):
        loaders.find_topics([topic_dir.parent.parent])  # a folder with no topic directly inside


def test_bad_timeline_entry_is_reported_with_its_file(topic_dir: Path) -> None:
    (topic_dir / "oil.txt.timeline.json").write_text(json.dumps([{"date": "April 2010", "text": "x"}]))
    with pytest.raises(UsageError, match=r"oil.txt.timeline.json: entry 0"):
        loaders.load_topic(topic_dir)


def test_single_spaced_reference_text_is_split_into_sentences() -> None:
    assert loaders.split_reference_sentences("The rig sinks . Oil leaks . `` Bad , '' he says .") == [
        "The rig sinks .", "Oil leaks .", "`` Bad , '' he says ."]  # fmt: skip


def test_select_articles_keeps_the_span_and_thins_evenly(topic_dir: Path) -> None:
    topic = loaders.load_topic(topic_dir)
    in_span = loaders.select_articles(topic, start=date(2010, 4, 22), end=date(2010, 5, 31))
    assert [a.uid for a in in_span] == ["12", "13"]
    assert [a.uid for a in loaders.select_articles(topic, limit=2)] == ["11", "13"]


def test_jsonl_goes_through_the_normal_reader(topic_dir: Path, tmp_path: Path) -> None:
    topic = loaders.load_topic(topic_dir)
    path = loaders.write_jsonl(topic.articles, tmp_path / "topic.jsonl")
    docs = list(read_paths([str(path)]))
    assert len(docs) == 4
    assert [d.published for d in docs] == ["2010-04-21", "2010-04-23", "2010-05-02", "2010-07-16"]  # type: ignore[union-attr]
    assert docs[2].content.startswith("President Obama visited the Gulf coast, promising $20 billion")  # type: ignore[union-attr]


def test_prepared_topic_is_ingested_into_a_store(topic_dir: Path) -> None:
    from dateline.evaluate.runner import prepared

    topic = loaders.load_topic(topic_dir)
    with prepared(topic) as prep:
        collection = prep.corpus.collection()  # type: ignore[attr-defined]
        assert len(collection.articles) == 4
        assert {a.article.published_meta for a in collection.articles} == {
            "2010-04-21", "2010-04-23", "2010-05-02", "2010-07-16"}  # fmt: skip
