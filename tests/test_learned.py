"""The learned sentence scorer of date-wise timelines (dateline.timeline.learned).

The shipped trees must load and, on a small corpus written for these tests (the ferry story of
tests/timeline_corpus.py plus a web page of the same day carrying chrome and background), put the
sentence that states the day's fact above page chrome, a live-blog stamp and background.
"""

from __future__ import annotations

import json
from datetime import date

import numpy as np
import pytest

from dateline.data import Collection
from dateline.timeline import get_generator
from dateline.timeline.build import CorpusIndex
from dateline.timeline.datewise import centroid_chooser, day_candidates, query_vector
from dateline.timeline.learned import (
    FEATURE_NAMES,
    MODEL_PATH,
    FeatureContext,
    SentenceModel,
    default_model,
    learned_chooser,
)
from tests.timeline_corpus import FERRY_DAY, corpus, make_article

FACT = "A ferry carrying ninety passengers capsized on Lake Victoria on Wednesday, killing at least 23 people."
STAMP = "Updated 4:32 pm GMT | Share this story | By Daily Wire staff"
NEWSLETTER = "Sign up for our newsletter | Follow us on Twitter | More from Lake Victoria"
BACKGROUND = "Ferry accidents are common on Lake Victoria, where boats are often old and overloaded."
PAGE = [
    STAMP,
    NEWSLETTER,
    FACT,
    "Police spokesman Fred Enanga said divers searched the water near Bukakata through the night.",
    BACKGROUND,
]


def _index() -> CorpusIndex:
    page = make_article("wire-page", PAGE, published=FERRY_DAY, outlet="Daily Wire", title="Ferry capsizes",
                        days={"on Wednesday": FERRY_DAY})  # fmt: skip
    return CorpusIndex(Collection(tuple([*corpus(), page])))


def test_shipped_model_loads_with_this_versions_features() -> None:
    model = default_model()
    data = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    assert data["features"] == list(FEATURE_NAMES)
    assert model.feature.shape[0] == len(data["trees"]) > 0
    assert int(model.feature.max()) < len(FEATURE_NAMES)
    assert model.meta["groups"] > 100  # fitted on hundreds of reference days, not a stub


def test_other_features_are_refused() -> None:
    data = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    data["features"] = data["features"][:-1]
    with pytest.raises(ValueError, match="other features"):
        SentenceModel.from_dict(data)


def test_the_days_fact_beats_chrome_stamps_and_background() -> None:
    index = _index()
    rows = day_candidates(index)[FERRY_DAY]
    texts = [index.rows[r].text for r in rows]
    for needed in (FACT, STAMP, NEWSLETTER):
        assert needed in texts
    ctx = FeatureContext(index, query_vector(index, ["ferry"]))
    scores = dict(zip(texts, default_model().predict(ctx.features(FERRY_DAY, rows)), strict=True))
    assert scores[FACT] > scores[STAMP]
    assert scores[FACT] > scores[NEWSLETTER]
    if BACKGROUND in scores:  # a lead of a page of the day: a candidate too
        assert scores[FACT] > scores[BACKGROUND]


def test_the_learned_choice_states_the_fact() -> None:
    index = _index()
    query = query_vector(index, ["ferry"])
    rows = day_candidates(index)[FERRY_DAY]
    learned = learned_chooser()(index, query)(FERRY_DAY, rows, 3)
    assert len(learned) == 3 == len(centroid_chooser(index, query)(FERRY_DAY, rows, 3))
    assert "capsized" in learned[0].text or "overturned" in learned[0].text
    chosen = [r.text for r in learned]
    for off in (STAMP, NEWSLETTER, BACKGROUND):  # the centroid ranker takes the background here
        assert off not in chosen


def test_features_are_finite_and_name_the_day() -> None:
    index = _index()
    rows = day_candidates(index)[FERRY_DAY]
    x = FeatureContext(index).features(FERRY_DAY, rows)
    assert x.shape == (len(rows), len(FEATURE_NAMES)) and np.isfinite(x).all()
    col = {n: i for i, n in enumerate(FEATURE_NAMES)}
    texts = [index.rows[r].text for r in rows]
    assert x[texts.index(FACT), col["names_day"]] == 1.0
    assert x[texts.index(STAMP), col["clock"]] == 1.0
    assert x[texts.index(FACT), col["clock"]] == 0.0


def test_learned_method_builds_a_datewise_timeline() -> None:
    articles = tuple([*corpus()])
    timeline = get_generator("learned").predict(Collection(articles), max_dates=2, max_sentences=1)
    days = [e.date.start for e in timeline.events]
    assert FERRY_DAY in days
    ferry = next(e for e in timeline.events if e.date.start == FERRY_DAY)
    assert "Lake Victoria" in ferry.summary[0].text or "ferry" in ferry.summary[0].text.lower()
    assert all(isinstance(d, date) for d in days)
