"""Entity mentions: cleaning, relabelling, missed surnames, roles, keys (own articles)."""

from __future__ import annotations

import pytest

from dateline.analyse import Analyser
from dateline.analyse.aliases import build_entities, mention_key
from dateline.analyse.entities import find_mentions
from dateline.analyse.sentences import split_sentences
from dateline.data import AnalysedArticle, Article, Mention


def _spans(text: str, sents: list, tagged: list[tuple[str, str]]) -> list[list[tuple[int, int, str]]]:
    """NER output written by hand: each (surface, label) at its next occurrence, per sentence."""
    out: list[list[tuple[int, int, str]]] = [[] for _ in sents]
    pos = 0
    for surface, label in tagged:
        start = text.index(surface, pos)
        pos = start + len(surface)
        k = next(i for i, s in enumerate(sents) if s.start <= start < s.end)
        out[k].append((start - sents[k].start, pos - sents[k].start, label))
    return out


def _find(text: str, tagged: list[tuple[str, str]]) -> list[Mention]:
    sents = split_sentences(text)
    return find_mentions(text, sents, _spans(text, sents, tagged))


def test_noisy_labels_are_corrected_by_the_article_itself() -> None:
    text = ("Russian opposition leader Alexei Navalny returned to Moscow. Navalny was detained at the airport, "
            "the Kremlin said. Belarus offered no comment, the Kommersant daily wrote. The Kremlin denied it.")
    tagged = [("Russian", "NORP"), ("Alexei Navalny", "PERSON"), ("Moscow", "GPE"), ("Navalny", "ORG"),
              ("Kremlin", "ORG"), ("Belarus", "PERSON"), ("Kommersant", "PERSON"), ("Kremlin", "PERSON")]
    ms = _find(text, tagged)
    by_text = {(m.text, m.start): m for m in ms}
    navalny = [m for m in ms if m.text == "Navalny"]
    assert navalny and all(m.label == "PERSON" and m.key == "person:navaln" for m in navalny)
    assert next(m for m in ms if m.text == "Belarus").key == "gpe:belarus"
    assert next(m for m in ms if m.text == "Kommersant").label == "ORG"  # "the Kommersant" is no person
    assert {m.label for m in ms if m.text == "Kremlin"} == {"ORG"}  # the article's majority wins
    russian = next(m for m in ms if m.text == "Russian")
    assert russian.key == "gpe:russia" and russian.label == "NORP"
    assert all(text[m.start:m.end] == m.text for m in by_text.values())


def test_surnames_the_model_missed_are_added() -> None:
    text = "Sergei Karaganov spoke first. Later Karaganov's deputy read a statement that Karaganov wrote."
    ms = _find(text, [("Sergei Karaganov", "PERSON")])
    assert [m.text for m in ms] == ["Sergei Karaganov", "Karaganov", "Karaganov"]
    assert {m.key for m in ms} == {"person:karaganov"}
    assert [m.sentence for m in ms] == [0, 1, 1]


def test_titles_are_stripped_into_roles_and_articles_and_possessives_trimmed() -> None:
    text = "President Emmanuel Macron's visit to the European Union's summit was brief."
    ms = _find(text, [("President Emmanuel Macron's", "PERSON"), ("the European Union's", "ORG")])
    assert [m.text for m in ms] == ["Emmanuel Macron", "European Union"]
    assert ms[0].role == "President"
    assert ms[1].key == "org:european-union"


@pytest.mark.parametrize("sentence, name, role", [
    ("Kremlin spokesman Dmitry Peskov declined to comment.", "Dmitry Peskov", "Kremlin spokesman"),
    ("U.S. Secretary of State Antony Blinken arrived in Kyiv.", "Antony Blinken", "U.S. Secretary of State"),
    ("The talks were led by political analyst Tatiana Stanovaya.", "Tatiana Stanovaya", "political analyst"),
    ("Oleksandr Syrskyi, the army commander, said the line held.", "Oleksandr Syrskyi", "army commander"),
    ("On Tuesday Olaf Scholz flew to Vilnius.", "Olaf Scholz", None),
    ("At the start of the meeting, Putin spoke.", "Putin", None),
])
def test_roles_before_and_after_names(sentence: str, name: str, role: str | None) -> None:
    (m,) = [m for m in _find(sentence, [(name, "PERSON")]) if m.text == name]
    assert m.role == role


@pytest.fixture(scope="module")
def corpus() -> list[AnalysedArticle]:
    texts = [
        "Ukrainian President Volodymyr Zelenskyy addressed parliament in Kyiv on Tuesday. Zelenskyy said "
        "the Belarusian border was quiet. The Ukrainian army reinforced positions near Kharkiv.",
        "Russian forces shelled Kiev overnight, Ukraine's President Volodymyr Zelenskiy said. Zelenskiy's "
        "office said the Russians had also fired drones from Belarussian territory.",
        "Opposition leader Alexei Navalny was jailed again. Navalnyi's lawyers appealed. His wife, Yulia "
        "Navalnaya, told supporters in Berlin that the Kremlin feared him.",
    ]
    arts = [Article(id=f"t{i}", path=f"t{i}.txt", fmt="text", text=t) for i, t in enumerate(texts)]
    return Analyser().analyse(arts)


def test_transliterations_merge_across_the_corpus(corpus: list[AnalysedArticle]) -> None:
    ents = {e.key: e for e in build_entities(corpus)}
    zelensky = ents["person:zelensk"]
    assert {"Volodymyr Zelenskyy", "Volodymyr Zelenskiy", "Zelenskyy"} <= set(zelensky.aliases)
    assert zelensky.name in {"Volodymyr Zelenskyy", "Volodymyr Zelenskiy"}
    assert any("President" in r for r in zelensky.roles)
    assert {"Kyiv", "Kiev"} <= set(ents[mention_key("Kyiv", "GPE")].aliases)
    belarus = ents["gpe:belarus"]
    assert {"Belarusian", "Belarussian"} <= set(belarus.aliases)
    assert "Navalnyi" in ents["person:navaln"].aliases
    # his wife is a different person; places and groups are not people
    assert "Yulia Navalnaya" not in ents["person:navaln"].aliases
    assert not any(k.startswith("person:") and k.endswith(("kyiv", "kiv", "belarus")) for k in ents)


def test_a_lone_name_after_a_place_preposition_is_a_place() -> None:
    text = ("Ilmara recalled its ambassador from Tesk on Thursday. The minister told parliament in Tesk that the "
            "dam was safe. Prime Minister Anton Breza met Voss. Breza said a letter from Voss had arrived.")
    tagged = [("Ilmara", "GPE"), ("Tesk", "PERSON"), ("Tesk", "PERSON"), ("Anton Breza", "PERSON"),
              ("Voss", "PERSON"), ("Breza", "PERSON"), ("Voss", "PERSON")]
    ms = _find(text, tagged)
    assert [m.label for m in ms if m.text == "Tesk"] == ["GPE", "GPE"]
    assert {m.key for m in ms if m.text == "Tesk"} == {"gpe:tesk"}
    assert all(m.label == "PERSON" for m in ms if m.text in ("Anton Breza", "Breza"))
    # "a letter from Voss": Voss was met as a person in this article; the majority keeps him one
    assert [m.label for m in ms if m.text == "Voss"] == ["PERSON", "PERSON"]
