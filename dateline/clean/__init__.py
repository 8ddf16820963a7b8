"""Clean stage: raw page (plain text or HTML) -> :class:`~dateline.data.Article`.

Entry points (stable interface, used by the pipeline, the CLI and the benchmarks):

- :func:`clean` — one document; ``repeated`` is the set of normalised lines seen on other
  pages of the same site (site chrome), computed by :func:`clean_batch`.
- :func:`clean_batch` — several documents at once, so that lines repeated across a
  site's pages count as evidence of chrome.

Plain text goes through the line model and structure recognisers
(:mod:`dateline.clean.textclean`); HTML through trafilatura (:mod:`dateline.clean.html`).
"""

from __future__ import annotations

from collections.abc import Sequence

from dateline.clean.sites import repeated_lines, site_key
from dateline.clean.textclean import clean_plain
from dateline.data import Article, RawDocument

__all__ = ["clean", "clean_batch", "clean_plain"]


def clean(doc: RawDocument, repeated: frozenset[str] = frozenset()) -> Article:
    """Clean one document; ``repeated`` holds normalised lines seen on other pages of its site."""
    if doc.fmt == "html":
        from dateline.clean.html import clean_html

        return clean_html(doc, repeated)
    return clean_plain(doc, repeated)


def clean_batch(docs: Sequence[RawDocument]) -> list[Article]:
    """Clean several documents, using lines repeated across pages of the same site as chrome evidence."""
    shared = repeated_lines(docs)
    return [clean(d, shared.get(site_key(d), frozenset())) for d in docs]
