"""Sentence spaces: the shipped embedding model, its lazy use, and the lexical fallback."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
from timeline_corpus import FERRY_DAY, corpus

from dateline.analyse.embed import EmbeddingSpace, ModelUnavailable, load_static_model
from dateline.data import Collection, DateInterval
from dateline.errors import UsageError
from dateline.events.dedup import duplicate_groups
from dateline.settings import Settings
from dateline.timeline import get_generator
from dateline.timeline.summarise import CentroidSummariser, TfidfSpace, space_factory

SENTENCES = [
    "The ferry capsized on Lake Victoria on Wednesday, killing at least twenty people.",
    "At least twenty passengers died when the boat overturned on the lake on Wednesday.",
    "Police said the vessel was overloaded when it sank near the shore.",
    "The central bank left interest rates unchanged at its monthly meeting.",
]


class CountingModel:
    """The real shipped model, counting the sentences it is asked to encode."""

    def __init__(self) -> None:
        self.model = load_static_model()
        self.dim = self.model.dim
        self.encoded: list[str] = []

    def encode(self, texts: list[str], **kwargs: Any) -> np.ndarray:
        self.encoded.extend(texts)
        return np.asarray(self.model.encode(texts, **kwargs))


def test_the_model_ships_with_the_package_and_loads_offline() -> None:
    model = load_static_model()
    assert model.dim == 256


def test_a_paraphrase_is_closer_than_a_sentence_on_another_subject() -> None:
    space = EmbeddingSpace(SENTENCES)
    v = space.rows(range(len(SENTENCES)))
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-3)
    sims = v @ v.T
    assert sims[0, 1] > 0.6  # same event, no shared content word beyond "Wednesday"/"twenty"
    assert sims[0, 1] > sims[0, 3] + 0.3
    # lexically the paraphrase shares little: TF-IDF sees it as far less similar
    tfidf = TfidfSpace(SENTENCES).rows([0, 1]).toarray()
    assert sims[0, 1] > float(tfidf[0] @ tfidf[1]) + 0.2


def test_rows_are_embedded_only_when_asked_and_only_once() -> None:
    model = CountingModel()
    space = EmbeddingSpace(SENTENCES, model)
    assert model.encoded == []
    space.rows([2, 0, 2])
    assert sorted(model.encoded) == sorted([SENTENCES[0], SENTENCES[2]])
    space.rows([0, 1])
    assert model.encoded.count(SENTENCES[0]) == 1 and SENTENCES[1] in model.encoded
    assert SENTENCES[3] not in model.encoded


def test_the_summariser_never_picks_a_re_edited_copy_of_a_chosen_sentence() -> None:
    texts = [
        SENTENCES[0],
        "A ferry capsized on Lake Victoria on Wednesday, killing at least 20 people, police said.",
        SENTENCES[2],
    ]
    picked = CentroidSummariser(EmbeddingSpace(texts)).select([0, 1, 2], texts, 3)
    assert 2 in picked  # the new fact
    assert len({0, 1} & set(picked)) == 1  # one of the two copies, not both


def test_space_factory_choices() -> None:
    assert space_factory("lexical") is TfidfSpace
    assert isinstance(space_factory("auto")(SENTENCES), EmbeddingSpace)  # the model ships: auto uses it
    assert isinstance(space_factory("embedding")(SENTENCES), EmbeddingSpace)
    with pytest.raises(UsageError, match="unknown ranker"):
        space_factory("bert")


def test_lexical_is_the_default() -> None:
    assert Settings().ranker == "lexical"
    assert space_factory() is TfidfSpace


def test_auto_falls_back_to_tfidf_when_the_model_is_missing(tmp_path: Path, caplog: Any) -> None:
    assert space_factory("auto", tmp_path) is TfidfSpace
    assert "TF-IDF instead" in caplog.text
    with pytest.raises(ModelUnavailable, match="no sentence-embedding model"):
        space_factory("embedding", tmp_path)


@pytest.mark.parametrize("ranker", ["embedding", "lexical"])
def test_both_rankers_give_the_ferry_event_with_all_its_sources(ranker: str) -> None:
    arts = corpus()
    tl = get_generator("default", ranker).predict(Collection(tuple(arts), duplicate_groups(arts)), 20, 2)
    ferry = next(e for e in tl.events if e.date == DateInterval.day(FERRY_DAY))
    assert len(ferry.sources) == 4
    assert any("capsized" in s.text for s in ferry.summary)
    assert len({s.text for s in ferry.summary}) == len(ferry.summary)
