"""dateline: turn a pile of scraped news articles into a trustworthy dated timeline.

>>> import dateline
>>> corpus = dateline.open("news.db")          # doctest: +SKIP
>>> corpus.ingest(["scrapes/belarus/"])        # doctest: +SKIP
>>> corpus.timeline(entity="Lukashenko")       # doctest: +SKIP
"""

from dateline.data import (
    AnalysedArticle,
    Article,
    Collection,
    DateInterval,
    Entity,
    Event,
    Evidence,
    Precision,
    RawDocument,
    Skipped,
    Timeline,
)
from dateline.pipeline import Corpus, IngestReport, process
from dateline.pipeline import open_corpus as open  # noqa: A001 - `dateline.open(path)` is the documented API
from dateline.settings import Settings

__version__ = "0.1.0"

__all__ = [
    "AnalysedArticle",
    "Article",
    "Collection",
    "Corpus",
    "DateInterval",
    "Entity",
    "Event",
    "Evidence",
    "IngestReport",
    "Precision",
    "RawDocument",
    "Settings",
    "Skipped",
    "Timeline",
    "open",
    "process",
]
