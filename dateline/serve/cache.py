"""A small cache for timelines: the same question on an unchanged store gets the same answer.

A timeline is seconds of CPU on a large store, and a newsroom asks the same few (the
default view, a handful of entities) again and again. Entries are keyed by the checked
parameters and the store's article count (any ingest changes it, from this server or
the CLI), expire after a while anyway, and concurrent identical requests are computed
once (the others wait for that result). Timelines are frozen dataclasses: safe to share.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

V = TypeVar("V")

# Entries kept; a timeline response is tens of KB, so 128 entries stay within a few MB.
DEFAULT_ENTRIES = 128
# Seconds an entry is trusted even if the article count did not change (cross-document
# dating may be re-run by a CLI `dateline ingest` that only added duplicates).
DEFAULT_TTL = 300.0


class ResultCache(Generic[V]):
    """LRU + TTL cache with single-flight computation per key; ``entries=0`` disables it."""

    def __init__(self, entries: int = DEFAULT_ENTRIES, ttl: float = DEFAULT_TTL) -> None:
        self.entries = entries
        self.ttl = ttl
        self._data: OrderedDict[Hashable, tuple[float, V]] = OrderedDict()
        self._lock = threading.Lock()
        self._inflight: dict[Hashable, threading.Lock] = {}
        self.hits = 0
        self.misses = 0

    def _get(self, key: Hashable) -> tuple[bool, V | None]:
        with self._lock:
            found = self._data.get(key)
            if found is None or time.monotonic() - found[0] > self.ttl:
                return False, None
            self._data.move_to_end(key)
            self.hits += 1
            return True, found[1]

    def _put(self, key: Hashable, value: V) -> None:
        with self._lock:
            self._data[key] = (time.monotonic(), value)
            self._data.move_to_end(key)
            while len(self._data) > self.entries:
                self._data.popitem(last=False)

    def get_or_compute(self, key: Hashable, compute: Callable[[], V]) -> V:
        if self.entries <= 0:
            return compute()
        hit, value = self._get(key)
        if hit:
            return value  # type: ignore[return-value]
        with self._lock:
            gate = self._inflight.setdefault(key, threading.Lock())
        with gate:  # the first caller computes; the others find its result when they get in
            hit, value = self._get(key)
            if hit:
                return value  # type: ignore[return-value]
            with self._lock:
                self.misses += 1
            try:
                value = compute()
                self._put(key, value)
            finally:
                with self._lock:
                    self._inflight.pop(key, None)
        return value

    def clear(self) -> None:
        with self._lock:
            self._data.clear()

    def stats(self) -> dict[str, int]:
        with self._lock:
            return {"entries": len(self._data), "hits": self.hits, "misses": self.misses}
