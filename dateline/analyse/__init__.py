"""Analyse stage: :class:`~dateline.data.Article` -> :class:`~dateline.data.AnalysedArticle`.

Sentences (rule-based, :mod:`.sentences`), entity mentions with canonical keys
(:mod:`.entities`, :mod:`.aliases`; only spaCy's NER runs, :mod:`.nlp`), quotes with
speakers (:mod:`.quotes`), and the article's publication and main-event dates and time
expressions from :func:`dateline.analyse.dating.date_article`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from typing import Any

from dateline.analyse.entities import find_mentions
from dateline.analyse.nlp import EntityTagger
from dateline.analyse.quotes import find_quotes
from dateline.analyse.sentences import split_sentences
from dateline.data import AnalysedArticle, Article, DateInterval, Sentence
from dateline.settings import Settings

log = logging.getLogger(__name__)

# Articles whose sentences go through the NER together (bounds memory on big inputs).
CHUNK_ARTICLES = 256


class Analyser:
    """Runs the per-article analysis; loads the spaCy pipeline lazily, once."""

    def __init__(self, settings: Settings | None = None, processes: int | None = None) -> None:
        """``processes`` (default: ``settings.analyse_processes`` if present, else 1) > 1 runs
        the NER of large batches in that many forked worker processes (2 on a 2-core machine)."""
        self.settings = settings or Settings()
        if processes is None:
            processes = int(getattr(self.settings, "analyse_processes", 1))
        self.tagger = EntityTagger(self.settings.spacy_model, processes=processes)
        self._warned_dating = False

    def analyse(self, articles: Sequence[Article]) -> list[AnalysedArticle]:
        """Analyse ``articles``; the result is in the same order."""
        out: list[AnalysedArticle] = []
        for i in range(0, len(articles), CHUNK_ARTICLES):
            out.extend(self._analyse_chunk(articles[i:i + CHUNK_ARTICLES]))
        return out

    def iter_analyse(self, articles: Sequence[Article]) -> Iterator[AnalysedArticle]:
        """Like :meth:`analyse`, yielding each chunk's results as soon as they are ready."""
        for i in range(0, len(articles), CHUNK_ARTICLES):
            yield from self._analyse_chunk(articles[i:i + CHUNK_ARTICLES])

    def _analyse_chunk(self, articles: Sequence[Article]) -> list[AnalysedArticle]:
        all_sents = [split_sentences(a.text) for a in articles]
        flat = [s.text for sents in all_sents for s in sents]
        tagged = self.tagger.tag(flat)
        out = []
        pos = 0
        for art, sents in zip(articles, all_sents, strict=True):
            spans = tagged[pos:pos + len(sents)]
            pos += len(sents)
            mentions = find_mentions(art.text, sents, spans)
            quotes = find_quotes(art.text, sents, mentions)
            published, event_date, times = self._dates(art, sents)
            out.append(AnalysedArticle(
                article=art, sentences=tuple(sents), mentions=tuple(mentions), times=times,
                quotes=tuple(quotes), published=published, event_date=event_date,
            ))
        return out

    def _dates(self, article: Article, sentences: list[Sentence]) -> tuple[DateInterval, DateInterval, Any]:
        """``(published, event_date, times)`` from the dating stage, unknown while it is absent."""
        try:
            from dateline.analyse.dating import date_article
        except ImportError as exc:
            if not self._warned_dating:
                log.warning("dating stage unavailable (%s); dates left unknown", exc)
                self._warned_dating = True
            return DateInterval.unknown(), DateInterval.unknown(), ()
        dates = date_article(article, sentences)
        return dates.published, dates.event_date, tuple(dates.times)
