"""Analyse stage: :class:`~dateline.data.Article` -> :class:`~dateline.data.AnalysedArticle`.

Sentences, entity mentions with canonical keys, time expressions, quotes with speakers,
and the article's publication and main-event dates (see :mod:`dateline.analyse.dating`).
"""

from __future__ import annotations

from collections.abc import Sequence

from dateline.data import AnalysedArticle, Article, Sentence
from dateline.settings import Settings


class Analyser:
    """Runs the per-article analysis; loads the spaCy pipeline lazily, once."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings()

    def analyse(self, articles: Sequence[Article]) -> list[AnalysedArticle]:
        """PLACEHOLDER: naive sentence split only; replaced by the real analyser."""
        out = []
        for art in articles:
            sents = []
            pos = 0
            for i, para in enumerate(art.paragraphs):
                start = art.text.find(para, pos)
                sents.append(Sentence(i, para, start, start + len(para)))
                pos = start + len(para)
            out.append(AnalysedArticle(article=art, sentences=tuple(sents)))
        return out
