"""Direct quotes and speakers on articles written for these tests (other stories than the seeds)."""

from __future__ import annotations

import pytest

from dateline.analyse import Analyser
from dateline.analyse.aliases import entity_key_for
from dateline.analyse.quotes import quote_spans
from dateline.data import AnalysedArticle, Article

KYIV = """German Chancellor Olaf Scholz arrived in Kyiv on Monday for talks with Ukrainian President Volodymyr Zelenskyy.

"We will not give up a single meter of our land," Zelenskyy told reporters after the talks.

"The sanctions will stay in place for as long as it takes," said Scholz, who later visited a hospital.

Foreign Minister Dmytro Kuleba spoke after meeting Antony Blinken. "Blinken and I agreed on every point that matters," he said.

Kremlin spokesman Dmitry Peskov was unimpressed. “Nothing new was said in Kiev today,” Peskov was quoted as saying by the Interfax news agency.

The talks were "constructive and honest in every respect," according to Kuleba.

“We need weapons, not words," Zelenskiy said. "Air defence first. Everything else comes after that.”

"This is a turning point for Europe," Scholz said.

"We will deliver more air defence systems before the winter."

The ministry has called the plan a "peace formula" since spring. The document, titled "A Path Toward Lasting Security in Europe," was published on Friday."""

NAVALNY = """Yulia Navalnaya spoke in Munich on Friday, hours after the news from the Arctic prison.

"I want Putin to know that he will be punished," she said. Her voice was steady.

Russian prison authorities said Alexei Navalny, 47, collapsed after a walk. The Kremlin's Dmitry Peskov told reporters that "all the necessary checks are being carried out."

Navalnyi's spokeswoman Kira Yarmysh confirmed the death. “Alexei was murdered,” Yarmysh wrote on X, adding that his lawyer was flying to the prison.

However, some European governments must act now, including the summoning of ambassadors,” he said, referring to Germany's Foreign Minister, who had spoken earlier."""


@pytest.fixture(scope="module")
def articles() -> dict[str, AnalysedArticle]:
    arts = [Article(id="kyiv", path="kyiv.txt", fmt="text", text=KYIV),
            Article(id="navalny", path="navalny.txt", fmt="text", text=NAVALNY)]
    return {a.id: a for a in Analyser().analyse(arts)}


def _speaker(art: AnalysedArticle, starts: str) -> str | None:
    (q,) = [q for q in art.quotes if q.text.startswith(starts)]
    return q.speaker


@pytest.mark.parametrize("starts, speaker", [
    ("We will not give up", "Zelenskyy"),            # "…," X told reporters
    ("The sanctions will stay", "Scholz"),           # "…," said X, who ...
    ("Blinken and I agreed", "Kuleba"),              # "…," he said: nearest preceding subject, not Blinken
    ("Nothing new was said", "Peskov"),              # curly, X was quoted as saying
    ("constructive and honest", "Kuleba"),           # according to X
    ("We need weapons, not words", "Zelenskiy"),     # mixed curly/straight marks
    ("Air defence first", "Zelenskiy"),              # second quote of the same paragraph
    ("This is a turning point", "Scholz"),
    ("We will deliver more air defence", "Scholz"),  # a paragraph that continues the quote
])
def test_speakers_in_kyiv_story(articles: dict[str, AnalysedArticle], starts: str, speaker: str) -> None:
    assert _speaker(articles["kyiv"], starts) == entity_key_for(speaker)


@pytest.mark.parametrize("starts, speaker", [
    ("I want Putin to know", "Navalnaya"),           # "she said"; Putin inside the quote is no antecedent
    ("all the necessary checks", "Peskov"),          # X told reporters that "…"
    ("Alexei was murdered", "Yarmysh"),              # X wrote on X, adding ...
])
def test_speakers_in_navalny_story(articles: dict[str, AnalysedArticle], starts: str, speaker: str) -> None:
    assert _speaker(articles["navalny"], starts) == entity_key_for(speaker)


def test_speaker_name_is_the_fullest_form(articles: dict[str, AnalysedArticle]) -> None:
    (q,) = [q for q in articles["kyiv"].quotes if q.text.startswith("Nothing new")]
    assert q.speaker_name == "Dmitry Peskov"
    (q,) = [q for q in articles["navalny"].quotes if q.text.startswith("I want Putin")]
    assert q.speaker_name == "Yulia Navalnaya"


def test_scare_quotes_and_titles_are_not_attributed(articles: dict[str, AnalysedArticle]) -> None:
    kyiv = articles["kyiv"]
    assert not [q for q in kyiv.quotes if q.text == "peace formula"]  # two words: a scare quote
    (title,) = [q for q in kyiv.quotes if q.text.startswith("A Path Toward")]
    assert title.speaker is None


def test_quote_spans_and_sentences_point_into_the_text(articles: dict[str, AnalysedArticle]) -> None:
    for art in articles.values():
        for q in art.quotes:
            assert art.article.text[q.start:q.end] == q.text
            sent = art.sentences[q.sentence]
            assert sent.start <= q.start < sent.end


def test_quote_missing_its_opening_mark_starts_the_paragraph(articles: dict[str, AnalysedArticle]) -> None:
    (q,) = [q for q in articles["navalny"].quotes if q.text.startswith("However, some European")]
    assert q.text.endswith("summoning of ambassadors")


def test_quote_marks_pairing() -> None:
    text = 'He called it "a disgrace." Then: “It ends now," she said.\n\n"An open quote runs on'
    spans = quote_spans(text)
    assert [text[a + 1:b] for a, b, _ in spans] == ["a disgrace.", "It ends now,", "An open quote runs on"]
    assert [closed for _, _, closed in spans] == [True, True, False]


CAIRO = """Vice President Omar Suleiman met opposition groups on Sunday. "The dialogue has begun and it will continue," Suleiman said. "He is playing the same old game and nothing has changed," a protester told reporters in the square.

Crowds gathered again near the ministry. Demonstrators chanted, "Down with the regime and all of its men," as troops watched."""


HARBOUR = """The harbour authority's lawyer, Daniel Weber, said the lawsuit was "a fishing expedition, nothing more" and asked the court to dismiss it.

Mayor Tomas Lind welcomed the ruling but said the closure "is a setback for every family on the waterfront."

A spokesman for the port, who declined to be named, said the company would "review every option before it appeals."

Lind met the dockworkers on Friday and the union said the meeting "went better than anyone expected."
"""


def test_apposed_names_and_joined_verbs_speak() -> None:
    (art,) = Analyser().analyse([Article(id="harbour", path="harbour.txt", fmt="text", text=HARBOUR)])
    assert _speaker(art, "a fishing expedition") == entity_key_for("Daniel Weber")  # X's lawyer, Name, said
    assert _speaker(art, "is a setback") == entity_key_for("Tomas Lind")  # Name welcomed ... but said
    assert _speaker(art, "review every option") is None  # an unnamed spokesman
    assert _speaker(art, "went better than") is None  # the union said it, not Lind


def test_unnamed_sources_and_chants_borrow_no_speaker() -> None:
    (art,) = Analyser().analyse([Article(id="cairo", path="cairo.txt", fmt="text", text=CAIRO)])
    assert _speaker(art, "The dialogue has begun") == entity_key_for("Suleiman")
    assert _speaker(art, "He is playing the same old game") is None  # "a protester told reporters"
    assert _speaker(art, "Down with the regime") is None
