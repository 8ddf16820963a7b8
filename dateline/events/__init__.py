"""Events stage: corpus-level facts about analysed articles.

- :mod:`dateline.events.dedup` — syndicated copies of one story (MinHash-LSH).
- :mod:`dateline.events.cluster` — articles about the same event across outlets.
- :mod:`dateline.events.dating` — cross-document narrowing of dates.
- :mod:`dateline.events.stories` — the developing stories of a pile (not wired into the store yet).
"""
