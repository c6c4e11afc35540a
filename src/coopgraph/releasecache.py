"""The one cache of the server: values that belong to a release, kept per worker process.

Whatever a reader computes from a release (a page, the search index, the answer to a query, the
figures of the home page) stays true until the release changes, and only then: each lookup
names the release its request reads (`store.release().release_id`), and the first lookup under
another release empties the cache, so nothing outlives the data it was computed from. The cache
is bounded (least recently used entries go first, by count or by a weight such as bytes) and
safe to share between a worker's threads; a value asked for by several threads at once is made
once (the others wait for it), since the costly ones (the search index) take seconds.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

V = TypeVar("V")


def _one(_: object) -> int:
    return 1


class ReleaseCache(Generic[V]):
    """At most `capacity` entries (or a total `weigh` of the values) of one release at a time;
    a value is never None (None is what `get` answers for a value not kept)."""

    def __init__(self, capacity: int, weigh: Callable[[V], int] = _one) -> None:
        self.capacity = capacity
        self._weigh = weigh
        self._entries: OrderedDict[Hashable, V] = OrderedDict()
        self._release: str | None = None
        self.weight = 0  # of the values kept
        self._lock = threading.Lock()
        self._making: dict[Hashable, threading.Lock] = {}

    def _follow(self, release_id: str) -> None:
        """Forget every value of another release (call with the lock held)."""
        if release_id != self._release:
            self._entries.clear()
            self.weight, self._release = 0, release_id

    def get(self, release_id: str, key: Hashable) -> V | None:
        with self._lock:
            self._follow(release_id)
            found = self._entries.get(key)
            if found is None:
                return None
            self._entries.move_to_end(key)
            return found

    def put(self, release_id: str, key: Hashable, value: V) -> None:
        """Keep `value`, dropping the least recently used values to make room; a value heavier
        than the whole capacity is not kept (it would push out every other)."""
        weight = self._weigh(value)
        if weight > self.capacity:
            return
        with self._lock:
            self._follow(release_id)
            old = self._entries.pop(key, None)
            self.weight += weight - (0 if old is None else self._weigh(old))
            self._entries[key] = value
            while self.weight > self.capacity:
                _, dropped = self._entries.popitem(last=False)
                self.weight -= self._weigh(dropped)

    def get_or_make(self, release_id: str, key: Hashable, make: Callable[[], V]) -> V:
        """The value of `key` in this release, made by `make` (once) when it is not kept."""
        found = self.get(release_id, key)
        if found is not None:
            return found
        with self._lock:
            making = self._making.setdefault(key, threading.Lock())
        try:
            with making:
                found = self.get(release_id, key)
                if found is None:
                    found = make()
                    self.put(release_id, key, found)
                return found
        finally:
            with self._lock:
                if self._making.get(key) is making:
                    del self._making[key]

    def __len__(self) -> int:
        return len(self._entries)


def kept_in(registry: dict[str, object], name: str, capacity: int) -> ReleaseCache:
    """The cache called `name` in `registry` (a Flask app's `extensions`: one cache per worker
    process and app), made on first use."""
    found = registry.get(name)
    if not isinstance(found, ReleaseCache):
        found = registry.setdefault(name, ReleaseCache(capacity))  # atomic: one cache wins
    return found  # type: ignore[return-value]
