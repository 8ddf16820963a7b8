"""Content ids: the same document always gets the same id, wherever it was read from."""

from __future__ import annotations

import hashlib
import re

_SPACE = re.compile(r"\s+")


def content_id(content: str) -> str:
    """A 16-hex-digit id from the document's content, insensitive to whitespace changes."""
    normalised = _SPACE.sub(" ", content).strip()
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()[:16]
