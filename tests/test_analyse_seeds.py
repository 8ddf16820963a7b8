"""The real Analyser on the seed articles (cleaned by the real cleaner), scored from seeds-expected.json."""

from __future__ import annotations

from pathlib import Path

import pytest

from dateline.analyse import Analyser
from dateline.analyse.aliases import build_entities, entity_key_for
from dateline.clean import clean
from dateline.data import AnalysedArticle, RawDocument

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
# The end-to-end issue asks for at least 8 of the 10 listed quotes with the listed speaker.
MIN_QUOTE_SPEAKERS = 8


@pytest.fixture(scope="module")
def seeds(seeds_dir: Path) -> dict[str, AnalysedArticle]:
    docs = [RawDocument(path=str(p), fmt="text", content=p.read_text(encoding="utf-8"))
            for p in sorted(seeds_dir.glob("*.txt"))]
    analysed = Analyser().analyse([clean(d) for d in docs])
    return {Path(a.article.path).name: a for a in analysed}


def test_quote_speakers(seeds: dict[str, AnalysedArticle], seeds_expected: dict) -> None:
    right, wrong = 0, []
    for item in seeds_expected["quotes"]:
        quotes = [q for q in seeds[item["article"]].quotes if item["starts"] in q.text]
        got = quotes[0].speaker if quotes else None
        if got == entity_key_for(item["speaker"]):
            right += 1
        else:
            wrong.append((item["starts"][:40], item["speaker"], got))
    assert right >= MIN_QUOTE_SPEAKERS, wrong


def test_lukashenko_and_lukashenka_are_one_entity(seeds: dict[str, AnalysedArticle]) -> None:
    forms = {m.text: m.key for a in seeds.values() for m in a.mentions if m.label == "PERSON"}
    assert forms["Alexander Lukashenko"] == forms["Lukashenka"] == forms["Alyaksandr Lukashenka"]
    assert forms["Lukashenko"] == forms["Lukashenka"] == entity_key_for("Lukashenka")
    (luka,) = [e for e in build_entities(seeds.values()) if e.key == forms["Lukashenko"]]
    assert {"Alexander Lukashenko", "Alyaksandr Lukashenka", "Lukashenko", "Lukashenka"} <= set(luka.aliases)
    assert luka.name in {"Alexander Lukashenko", "Alyaksandr Lukashenka"}
    assert luka.label == "PERSON"


def test_same_person_groups(seeds: dict[str, AnalysedArticle], seeds_expected: dict) -> None:
    by_text: dict[str, set[str]] = {}
    for a in seeds.values():
        for m in a.mentions:
            if m.label == "PERSON":
                by_text.setdefault(m.text, set()).add(m.key)
    groups = seeds_expected["same_person"]
    keys_per_group = []
    for group in groups:
        keys = set().union(*(by_text.get(name, set()) for name in group))
        assert len(keys) == 1, (group, keys)
        keys_per_group.append(keys.pop())
    assert len(set(keys_per_group)) == len(groups)  # and different people stay apart


def test_belarussian_and_belarusian_are_belarus(seeds: dict[str, AnalysedArticle], seeds_expected: dict) -> None:
    keys = {m.text: m.key for a in seeds.values() for m in a.mentions}
    for group in seeds_expected["same_place_adjectives"]:
        assert {keys[form] for form in group if form in keys} == {"gpe:belarus"}
        assert sum(form in keys for form in group) == len(group)


def test_peskov_has_his_role(seeds: dict[str, AnalysedArticle]) -> None:
    roles = {m.role for a in seeds.values() for m in a.mentions if m.key == entity_key_for("Peskov")}
    assert "Kremlin spokesman" in roles
    (peskov,) = [e for e in build_entities(seeds.values()) if e.key == entity_key_for("Dmitry Peskov")]
    assert "Kremlin spokesman" in peskov.roles
    assert peskov.name == "Dmitry Peskov"

