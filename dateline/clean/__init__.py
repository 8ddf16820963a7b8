"""Clean stage: raw page (plain text or HTML) -> :class:`~dateline.data.Article`.

Entry points (stable interface, used by the pipeline, the CLI and the benchmarks):

- :func:`clean` — one document; ``repeated`` is the set of normalised lines seen on other
  pages of the same site (site chrome), computed by :func:`clean_batch`.
- :func:`clean_batch` — several documents at once, so that lines repeated across a
  site's pages count as evidence of chrome.
"""

from __future__ import annotations

from collections.abc import Sequence

from dateline.data import Article, LineKind, RawDocument, RemovedLine


def clean_plain(doc: RawDocument, repeated: frozenset[str] = frozenset(), model: object = None) -> Article:
    from dateline.clean.textclean import clean_plain as _clean_plain

    return _clean_plain(doc, repeated, model)  # type: ignore[arg-type]


def clean(doc: RawDocument, repeated: frozenset[str] = frozenset()) -> Article:
    """PLACEHOLDER: keeps every non-empty line; replaced by the real cleaner."""
    lines = doc.content.splitlines()
    body = [ln.strip() for ln in lines if ln.strip()]
    title = doc.title or (body[0] if body else None)
    removed = []
    if body and doc.title is None:
        removed.append(RemovedLine(body[0], LineKind.TITLE, "headline", 0))
        body = body[1:]
    return Article(
        id=doc.id, path=doc.path, fmt=doc.fmt, text="\n\n".join(body), title=title,
        outlet=doc.source, url=doc.url, published_meta=doc.published, removed=tuple(removed),
    )


def clean_batch(docs: Sequence[RawDocument]) -> list[Article]:
    return [clean(d) for d in docs]
