"""Analyse stage: :class:`~dateline.data.Article` -> :class:`~dateline.data.AnalysedArticle`.

Sentences (rule-based, :mod:`.sentences`), entity mentions with canonical keys
(:mod:`.entities`, :mod:`.aliases`; only spaCy's NER runs, :mod:`.nlp`), quotes with
speakers (:mod:`.quotes`), and the article's publication and main-event dates and time
expressions from :func:`dateline.analyse.dating.date_article`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

from dateline.analyse.entities import find_mentions
from dateline.analyse.nlp import EntitySpan, EntityTagger
from dateline.analyse.quotes import find_quotes
from dateline.analyse.sentences import split_sentences
from dateline.analyse.terms import pack, term_ids
from dateline.data import AnalysedArticle, Article, DateInterval, Evidence, Mention, Quote, Sentence
from dateline.errors import DatelineError
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
        problems: list[list[str]] = [[] for _ in articles]
        all_sents = [_sentences(a, found) for a, found in zip(articles, problems, strict=True)]
        tagged = self._tag(articles, all_sents, problems)
        return [
            self._finish(art, sents, spans, found)
            for art, sents, spans, found in zip(articles, all_sents, tagged, problems, strict=True)
        ]

    def _finish(
        self, art: Article, sents: list[Sentence], spans: list[tuple[EntitySpan, ...]], found: list[str]
    ) -> AnalysedArticle:
        """Entities, quotes and dates of one article, each step degrading on its own."""
        mentions: list[Mention] = _guarded(found, "entities", lambda: find_mentions(art.text, sents, spans), list)
        quotes: list[Quote] = _guarded(found, "quotes", lambda: find_quotes(art.text, sents, mentions), list)
        published, event_date, times = _guarded(
            found, "dates", lambda: self._dates(art, sents), lambda: _no_dates(found[-1])
        )
        terms: bytes = _guarded(found, "terms", lambda: pack([term_ids(s.text) for s in sents]), bytes)
        for problem in found:
            log.warning("%s: %s", art.path, problem)
        return AnalysedArticle(
            article=art, sentences=tuple(sents), mentions=tuple(mentions), times=times,
            quotes=tuple(quotes), published=published, event_date=event_date, problems=tuple(found), terms=terms,
        )

    def _tag(
        self, articles: Sequence[Article], all_sents: list[list[Sentence]], problems: list[list[str]]
    ) -> list[list[tuple[EntitySpan, ...]]]:
        """Entity spans per sentence of each article: the whole chunk in one pass, else article by
        article, so that a text the tagger cannot take costs only that article its entities."""
        flat = [s.text for sents in all_sents for s in sents]
        try:
            tagged = self.tagger.tag(flat)
        except DatelineError:  # the model itself is missing: a setup error, not a bad article
            raise
        except Exception:
            log.debug("entity tagging failed for a chunk; tagging its articles one by one", exc_info=True)
        else:
            out, pos = [], 0
            for sents in all_sents:
                out.append(list(tagged[pos:pos + len(sents)]))
                pos += len(sents)
            return out
        return [self._tag_one(sents, found) for sents, found in zip(all_sents, problems, strict=True)]

    def _tag_one(self, sents: list[Sentence], found: list[str]) -> list[tuple[EntitySpan, ...]]:
        return _guarded(found, "entities", lambda: list(self.tagger.tag([s.text for s in sents])),
                        lambda: [() for _ in sents])

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


T = TypeVar("T")


def _guarded(problems: list[str], step: str, run: Callable[[], T], fallback: Callable[[], T]) -> T:
    """``run()``, or ``fallback()`` when it raises: one step's failure on one article costs that
    article that step's result only, and the failure is recorded in ``problems``."""
    try:
        return run()
    except DatelineError:
        raise
    except Exception as exc:  # any failure of a recogniser on arbitrary text: degrade, report
        problems.append(f"{step} failed ({type(exc).__name__}: {exc}); left out")
        log.debug("%s failed", step, exc_info=True)
        return fallback()


def _sentences(art: Article, found: list[str]) -> list[Sentence]:
    return _guarded(found, "sentences", lambda: split_sentences(art.text), lambda: _one_sentence(art.text))


def _one_sentence(text: str) -> list[Sentence]:
    """The whole body as one sentence (when the splitter fails)."""
    stripped = text.strip()
    if not stripped:
        return []
    start = text.index(stripped)
    return [Sentence(0, stripped, start, start + len(stripped))]


def _no_dates(problem: str) -> tuple[DateInterval, DateInterval, tuple[()]]:
    """Unknown dates whose evidence says which step failed and why."""
    ev = Evidence("failed", "", note=problem)
    unknown = DateInterval(None, None, (ev,))
    return unknown, unknown, ()
