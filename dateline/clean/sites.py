"""Which documents come from one site, and which lines repeat across that site's pages.

A line that appears on two or more pages of the same site (menus, newsletter prompts,
"Last Updated" stamps) is site chrome. A site is the URL's host, else the document's
``source``, else the folder (or JSONL file) the document was read from.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import PurePath
from urllib.parse import urlsplit

from dateline.clean.lines import normalise, split_lines, words
from dateline.data import RawDocument

MIN_PAGES = 2  # a line on this many pages of one site counts as repeated
MAX_WORDS = 15  # longer lines are not collected: syndicated copies of one story share long sentences


def site_key(doc: RawDocument) -> str:
    if doc.url:
        host = urlsplit(doc.url).netloc.lower().removeprefix("www.")
        if host:
            return f"host:{host}"
    if doc.source:
        return f"source:{doc.source.strip().lower()}"
    path = doc.path.split("#", 1)[0]
    return f"dir:{PurePath(path).parent}" if "#" not in doc.path else f"file:{path}"


def repeated_lines(docs: Sequence[RawDocument]) -> dict[str, frozenset[str]]:
    """For each site with several plain-text pages, the normalised lines found on two or more of them."""
    per_site: dict[str, Counter[str]] = defaultdict(Counter)
    pages: Counter[str] = Counter()
    for doc in docs:
        if doc.fmt != "text":
            continue
        key = site_key(doc)
        pages[key] += 1
        seen = {normalise(ln.text) for ln in split_lines(doc.content) if len(words(ln.text)) < MAX_WORDS}
        per_site[key].update(s for s in seen if s)
    return {
        key: frozenset(line for line, n in counts.items() if n >= MIN_PAGES)
        for key, counts in per_site.items()
        if pages[key] >= MIN_PAGES
    }
