"""Per-line decisions of the cleaner, their readable reasons, and the :class:`Article` built from them."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from dateline.clean import lines as L
from dateline.clean import structure as S
from dateline.data import Article, LineKind, RawDocument, RemovedLine

_TERMINAL = (".", "!", "?", "…", '"', "”", "’", ")", ":", ";")
_SHARE = {
    "share",
    "tweet",
    "facebook",
    "twitter",
    "whatsapp",
    "linkedin",
    "pinterest",
    "reddit",
    "telegram",
    "email",
    "print",
}
_MORE = {
    "read",
    "more",
    "related",
    "next",
    "previous",
    "recent",
    "popular",
    "trending",
    "tags",
    "category",
    "categories",
    "comments",
    "comment",
    "reply",
}
_ACCOUNT = {"login", "log", "sign", "register", "account", "password"}
_LEGAL = {"cookie", "cookies", "privacy", "policy", "terms", "copyright", "rights", "reserved"}
_ADS = {"advertisement", "advertising", "ad", "ads", "sponsored"}
# outlet evidence, strongest first
OUTLET_RANKS = {"byline": 0, "dateline": 1, "line": 2, "appeal": 3}


@dataclass
class Labels:
    """Mutable working state while one page is cleaned (never leaves this package)."""

    lines: list[L.Line]
    keep: np.ndarray
    p: np.ndarray
    kinds: dict[int, tuple[LineKind, str]] = field(default_factory=dict)
    title: str | None = None
    stamps: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    bylines: list[str] = field(default_factory=list)
    outlets: list[tuple[int, str]] = field(default_factory=list)

    def is_body(self, i: int) -> bool:
        return bool(self.keep[i]) and i not in self.kinds

    def kind(self, i: int) -> LineKind | None:
        return self.kinds[i][0] if i in self.kinds else None

    def remove(self, i: int, kind: LineKind, reason: str, force: bool = False) -> None:
        if force or i not in self.kinds:
            self.kinds[i] = (kind, reason)

    def first_body(self) -> int:
        return next((i for i in range(len(self.lines)) if self.is_body(i)), len(self.lines))

    def next_body(self, i: int) -> int | None:
        return next((j for j in range(i + 1, len(self.lines)) if self.is_body(j)), None)

    def add_outlet(self, source: str, name: str) -> None:
        self.outlets.append((OUTLET_RANKS[source], name.strip()))


def generic_reason(labels: Labels, i: int, first: int, last: int) -> tuple[LineKind, str]:
    """Why the line model left a line out, in words a reader can check."""
    text = labels.lines[i].text
    ws = {w.lower() for w in L.words(text)}
    if ws & _SHARE and len(ws) <= 6:
        return LineKind.CHROME, "share link"
    if ws & _MORE and len(ws) <= 8:
        return LineKind.CHROME, "read-more / related / comments link"
    if S.appeal_count(text) and len(ws) <= 25:
        return LineKind.CHROME, "newsletter/donation appeal"
    if ws & _ACCOUNT and len(ws) <= 6:
        return LineKind.CHROME, "account link"
    if ws & _LEGAL:
        return LineKind.CHROME, "legal or cookie notice"
    if ws & _ADS and len(ws) <= 4:
        return LineKind.CHROME, "advertisement"
    where = "before the article" if i < first else "after the article" if i > last else "inside the article"
    shape = "short line, likely navigation" if len(ws) <= 4 else "not article prose"
    return LineKind.CHROME, f"{shape} {where} (body score {labels.p[i]:.2f})"


def _paragraphs(labels: Labels, body: list[int]) -> list[str]:
    """Body lines as paragraphs; a line that continues a sentence broken by the dump is re-joined."""
    paras: list[str] = []
    prev: int | None = None
    for i in body:
        ln = labels.lines[i]
        text = ln.text
        joined = (
            prev is not None
            and paras
            and prev == i - 1
            and not ln.blank_before
            and not paras[-1].endswith(_TERMINAL)
            and (text[:1].islower() or text[:1] in ",.;:)!?")
        )
        if joined:
            sep = "" if text[:1] in ",.;:)!?" else " "
            paras[-1] = paras[-1] + sep + text
        else:
            paras.append(text)
        prev = i
    return paras


def build_article(doc: RawDocument, labels: Labels) -> Article:
    body = [i for i in range(len(labels.lines)) if labels.is_body(i)]
    first, last = (body[0], body[-1]) if body else (len(labels.lines), -1)
    removed = []
    for i, ln in enumerate(labels.lines):
        if labels.is_body(i):
            continue
        kind, reason = labels.kinds.get(i) or generic_reason(labels, i, first, last)
        removed.append(RemovedLine(ln.text, kind, reason, ln.index))
    paras = _paragraphs(labels, body)
    found = S.dateline(paras[0]) if paras else None
    if found and found.agency:
        labels.add_outlet("dateline", found.agency)
    outlet = doc.source or (min(labels.outlets, key=lambda o: o[0])[1] if labels.outlets else None)
    return Article(
        id=doc.id,
        path=doc.path,
        fmt=doc.fmt,
        text="\n\n".join(paras),
        title=doc.title or labels.title,
        byline=labels.bylines[0] if labels.bylines else None,
        dateline=found.text if found else None,
        place=found.place if found else None,
        outlet=outlet,
        url=doc.url,
        published_meta=doc.published,
        stamps=tuple(dict.fromkeys(labels.stamps)),
        captions=tuple(labels.captions),
        removed=tuple(removed),
    )
