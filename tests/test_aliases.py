"""Canonical keys and alias merging (no model needed)."""

from __future__ import annotations

import pytest

from dateline.analyse.aliases import (
    build_entities,
    country_key,
    entity_key_for,
    entity_keys_for,
    first_names_compatible,
    mention_key,
)
from dateline.data import AnalysedArticle, Article, Mention


@pytest.mark.parametrize("variants", [
    ["Alexander Lukashenko", "Lukashenko", "Alyaksandr Lukashenka", "Lukashenka"],
    ["Volodymyr Zelensky", "Zelenskyy", "Zelenskiy", "Vladimir Zelensky", "Zelenskyi"],
    ["Alexei Navalny", "Aleksei Navalny", "Navalnyi", "Navalny"],
    ["Boris Yeltsin", "Boris Eltsin", "Jeltsin"],
    ["Mikhail Khodorkovsky", "Mikhail Hodorkovskij", "Khodorkovskiy"],
    ["Lech Wałęsa", "Walesa"],
    ["Bashar al-Assad", "Assad"],
    ["Rosa Delgado-Finch", "Rosa Delgado Finch", "Delgado-Finch"],
])
def test_person_variants_share_one_key(variants: list[str]) -> None:
    keys = {mention_key(v, "PERSON") for v in variants}
    assert len(keys) == 1, keys


@pytest.mark.parametrize("a, b", [
    ("Volodymyr Zelensky", "Olena Zelenska"),  # husband and wife
    ("Alexei Navalny", "Yulia Navalnaya"),
    ("Sergei Tsikhanouski", "Svyatlana Tsikhanouskaya"),
    ("Igor Ivanov", "Maria Ivanova"),
    ("Vladimir Putin", "Vladimir Peskov"),
    ("Ban Ki-moon", "Ban Soon-taek"),  # hyphenated given names are not double surnames
])
def test_different_people_keep_different_keys(a: str, b: str) -> None:
    assert mention_key(a, "PERSON") != mention_key(b, "PERSON")


@pytest.mark.parametrize("form, country", [
    ("Belarussian", "gpe:belarus"), ("Belarusian", "gpe:belarus"), ("Belarusians", "gpe:belarus"),
    ("Belarus", "gpe:belarus"), ("Byelorussian", "gpe:belarus"), ("Ukrainian", "gpe:ukraine"),
    ("the Ukraine", "gpe:ukraine"), ("U.S.", "gpe:united-states"), ("American", "gpe:united-states"),
    ("British", "gpe:united-kingdom"), ("Dutch", "gpe:netherlands"), ("Syrians", "gpe:syria"),
    ("Nigerien", "gpe:niger"), ("Nigerian", "gpe:nigeria"),
])
def test_demonyms_and_other_names_map_to_the_country(form: str, country: str) -> None:
    assert country_key(form) == country
    assert mention_key(form, "NORP") == country


def test_not_every_group_is_a_country() -> None:
    assert country_key("Muslims") is None
    assert mention_key("Republicans", "NORP").startswith("norp:")
    assert country_key("Niger") != country_key("Nigeria")


def test_city_spellings_agree_without_a_table() -> None:
    assert mention_key("Kyiv", "GPE") == mention_key("Kiev", "GPE")
    assert mention_key("Odesa", "GPE") == mention_key("Odessa", "GPE")
    assert mention_key("Kyiv", "GPE") != mention_key("Kuwait", "GPE")


def test_entity_key_for_user_queries() -> None:
    assert entity_key_for("Lukashenka") == mention_key("Alexander Lukashenko", "PERSON")
    assert entity_key_for("Belarusian") == "gpe:belarus"
    assert "org:gazprom" in entity_keys_for("Gazprom")
    assert entity_key_for("Lukashenka") == entity_key_for("Lukashenka")  # pure function


def test_first_names() -> None:
    assert first_names_compatible("Alexander", "Alyaksandr")
    assert first_names_compatible("Vladimir", "Volodymyr")
    assert first_names_compatible("A.", "Alexander")
    assert not first_names_compatible("Hosni", "Gamal")


def _analysed(mentions: list[Mention]) -> AnalysedArticle:
    return AnalysedArticle(article=Article(id="a", path="a", fmt="text", text=""), mentions=tuple(mentions))


def test_build_entities_groups_aliases_roles_and_display_name() -> None:
    def m(text: str, label: str = "PERSON", role: str | None = None) -> Mention:
        return Mention(text, label, mention_key(text, label), 0, 0, len(text), role)

    arts = [
        _analysed([m("Svyatlana Tsikhanouskaya", role="opposition leader"), m("Tsikhanouskaya"),
                   m("Belarusian", "NORP"), m("Belarus", "GPE")]),
        _analysed([m("Sviatlana Tsikhanouskaya"), m("Svetlana Tikhanovskaya"), m("Tikhanovskaya"),
                   m("Sergei Tsikhanouski", role="blogger"), m("Minsk", "GPE")]),
    ]
    ents = {e.key: e for e in build_entities(arts)}
    she = ents[mention_key("Svyatlana Tsikhanouskaya", "PERSON")]
    assert she.label == "PERSON" and she.count == 3
    assert she.roles == ("opposition leader",)
    assert she.name in {"Svyatlana Tsikhanouskaya", "Sviatlana Tsikhanouskaya"}
    # her husband is not merged into her, nor she into him
    assert mention_key("Sergei Tsikhanouski", "PERSON") in ents
    assert "Sergei Tsikhanouski" not in she.aliases
    place = ents["gpe:belarus"]
    assert place.label == "GPE" and set(place.aliases) == {"Belarusian", "Belarus"}
    assert place.name == "Belarus"  # the country, not its demonym
    assert list(ents)[0] == she.key  # most mentioned first


def test_display_name_prefers_the_full_spelling_with_diacritics() -> None:
    from dateline.analyse.aliases import display_name

    assert display_name({"Anton Breza": 5, "Anton Březa": 1, "Březa": 9}) == "Anton Březa"
    assert display_name({"HALDEN": 4, "Halden": 1}, full_name_first=False) == "Halden"  # a dateline's capitals
    assert display_name({"Lukashenko": 9, "Alexander Lukashenko": 2}) == "Alexander Lukashenko"
    assert display_name({"Lukashenko": 9, "Alexander Lukashenko": 2}, full_name_first=False) == "Lukashenko"
    # different spellings (not just accents) still go by frequency
    assert display_name({"Zelenskyy": 3, "Zelenskiy": 1, "Zełenski": 1}, full_name_first=False) == "Zelenskyy"
