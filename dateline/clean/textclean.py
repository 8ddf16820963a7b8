"""Plain-text pages: decide line by line what is article body (draft)."""

from __future__ import annotations

from dateline.clean import lines as L
from dateline.clean.model import TreeModel, default_model
from dateline.data import Article, LineKind, RawDocument, RemovedLine


def clean_plain(doc: RawDocument, repeated: frozenset[str] = frozenset(), model: TreeModel | None = None) -> Article:
    model = model or default_model()
    lines = L.split_lines(doc.content)
    x = L.features(lines, repeated, model.vocab)
    p = model.proba(x)
    keep = p >= model.threshold_body
    body = [ln.text for ln, k in zip(lines, keep, strict=True) if k]
    removed = tuple(RemovedLine(ln.text, LineKind.CHROME, f"not body ({pp:.2f})", ln.index)
                    for ln, k, pp in zip(lines, keep, p, strict=True) if not k)
    return Article(id=doc.id, path=doc.path, fmt=doc.fmt, text="\n\n".join(body), title=doc.title,
                   url=doc.url, outlet=doc.source, published_meta=doc.published, removed=removed)
