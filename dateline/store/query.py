"""Turn what a user types into a safe FTS5 query."""

from __future__ import annotations

import re

_PHRASE = re.compile(r'"([^"]*)"')
_WORD = re.compile(r"\w+", re.UNICODE)


def fts_query(text: str) -> str:
    """Words become an implicit AND of quoted terms; ``"a b"`` stays a phrase.

    Every term is quoted, so FTS5 operators typed by a user (``AND``, ``*``, ``:``)
    are searched as words instead of raising a syntax error.
    """
    parts: list[str] = []
    for phrase in _PHRASE.findall(text):
        words = _WORD.findall(phrase)
        if words:
            parts.append('"' + " ".join(words) + '"')
    rest = _PHRASE.sub(" ", text)
    parts.extend(f'"{w}"' for w in _WORD.findall(rest))
    if not parts:
        return '""'
    return " ".join(parts)
