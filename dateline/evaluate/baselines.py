"""Two simple timeline baselines, run beside the real algorithms on the same data.

Both implement the timeline interface ``predict(collection, max_dates, max_sentences) -> Timeline``:

- :class:`PubCount` — the days on which most articles were published, each summarised by
  the first sentences of that day's articles (the PubCount baseline of Gholipour Ghalandari
  & Ifrim 2020, with lead sentences instead of a summariser);
- :class:`RandomDates` — days drawn at random (seeded) among the publication days, each
  summarised by the first sentences of randomly chosen articles of that day.

Syndicated copies (``Collection.duplicates``) count once, like in the real algorithms.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from dateline.data import (
    AnalysedArticle,
    Collection,
    DateInterval,
    Event,
    Precision,
    SentenceRef,
    SourceRef,
    Timeline,
)

# A lead sentence shorter than this many words is a byline or a dateline fragment, not news;
# 5 is the smallest length of a reference-timeline sentence in Timeline17 bar a handful.
MIN_SENTENCE_WORDS = 5


def published_day(article: AnalysedArticle) -> date | None:
    """The publication day, when it is known to the day."""
    interval = article.published
    return interval.start if interval.precision is Precision.DAY else None


def kept_articles(collection: Collection) -> list[AnalysedArticle]:
    """The articles that vote: one per group of syndicated copies, in collection order."""
    dropped = {i for group in collection.duplicates or () for i in group[1:]}
    seen: set[str] = set()
    kept = []
    for art in collection.articles:
        if art.id not in dropped and art.id not in seen:
            seen.add(art.id)
            kept.append(art)
    return kept


def articles_by_day(collection: Collection) -> dict[date, list[AnalysedArticle]]:
    by_day: dict[date, list[AnalysedArticle]] = {}
    for art in kept_articles(collection):
        day = published_day(art)
        if day is not None:
            by_day.setdefault(day, []).append(art)
    return by_day


def lead_sentence(article: AnalysedArticle) -> SentenceRef | None:
    """The first sentence of the article long enough to be news."""
    for s in article.sentences:
        if len(s.text.split()) >= MIN_SENTENCE_WORDS:
            return SentenceRef(article.id, s.index, s.text)
    return None


def day_event(day: date, articles: Sequence[AnalysedArticle], max_sentences: int) -> Event | None:
    """An event for ``day`` from the lead sentences of ``articles`` (in the given order)."""
    refs: list[SentenceRef] = []
    seen_text: set[str] = set()
    for art in articles:
        ref = lead_sentence(art)
        if ref is not None and ref.text not in seen_text:
            seen_text.add(ref.text)
            refs.append(ref)
        if len(refs) >= max_sentences:
            break
    if not refs:
        return None
    used = {r.article_id for r in refs}
    sources = tuple(
        SourceRef(a.id, a.article.path, a.article.title, a.article.outlet) for a in articles if a.id in used
    )
    return Event(DateInterval.day(day), tuple(refs), sources)


def _timeline(days: Sequence[date], by_day: dict[date, list[AnalysedArticle]], max_sentences: int,
              order: random.Random | None = None) -> Timeline:  # fmt: skip
    events = []
    for day in sorted(days):
        articles = list(by_day[day])
        if order is not None:
            order.shuffle(articles)
        event = day_event(day, articles, max_sentences)
        if event is not None:
            events.append(event)
    return Timeline(tuple(events))


@dataclass(frozen=True, slots=True)
class PubCount:
    """The days with most articles; lead sentences."""

    def predict(self, collection: Collection, max_dates: int, max_sentences: int) -> Timeline:
        by_day = articles_by_day(collection)
        counts = Counter({day: len(arts) for day, arts in by_day.items()})
        # Ties broken by the earlier day, so that the result does not depend on input order.
        ranked = sorted(counts, key=lambda d: (-counts[d], d))
        return _timeline(ranked[:max_dates], by_day, max_sentences)


@dataclass(frozen=True, slots=True)
class RandomDates:
    """Random publication days (seeded); lead sentences of randomly ordered articles."""

    seed: int = 0

    def predict(self, collection: Collection, max_dates: int, max_sentences: int) -> Timeline:
        by_day = articles_by_day(collection)
        rng = random.Random(self.seed)
        days = sorted(by_day)
        chosen = rng.sample(days, min(max_dates, len(days)))
        return _timeline(chosen, by_day, max_sentences, order=rng)


BASELINES = {"pubcount": PubCount, "random": RandomDates}
