"""A bounded, thread-safe cache of complete answers, one per web worker.

An answer is keyed by everything that decides its bytes: the query text, the dataset (default
and named graphs), the format asked for, the row limit, the base IRI and the bound values;
and it belongs to a release: the first lookup under a new release empties the cache, so an
answer never outlives the data it was computed from. When the byte budget is full the least
recently used answers go first; an answer larger than a quarter of the budget is not kept.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass, replace

from coopgraph.answers import Answer


@dataclass(frozen=True)
class Cached:
    content_type: str
    answer: Answer


class ResultCache:
    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self._entries: OrderedDict[Hashable, Cached] = OrderedDict()
        self._release: str | None = None
        self._bytes = 0
        self._lock = threading.Lock()

    def _follow(self, release_id: str) -> None:
        """Forget every answer of another release (call with the lock held)."""
        if release_id != self._release:
            self._entries.clear()
            self._bytes, self._release = 0, release_id

    def get(self, release_id: str, key: Hashable) -> Cached | None:
        with self._lock:
            self._follow(release_id)
            found = self._entries.get(key)
            if found is None:
                return None
            self._entries.move_to_end(key)
            return Cached(found.content_type, replace(found.answer, source="cached"))

    def put(self, release_id: str, key: Hashable, entry: Cached) -> None:
        size = len(entry.answer.body)
        if size > self.max_bytes // 4:
            return
        with self._lock:
            self._follow(release_id)
            old = self._entries.pop(key, None)
            self._bytes += size - (0 if old is None else len(old.answer.body))
            self._entries[key] = entry
            while self._bytes > self.max_bytes:
                _, dropped = self._entries.popitem(last=False)
                self._bytes -= len(dropped.answer.body)

    def __len__(self) -> int:
        return len(self._entries)
