"""A bounded, thread-safe cache of complete answers, one per web worker.

An answer is keyed by everything that decides its bytes: the query text, the dataset (default
and named graphs), the format asked for, the row limit, the base IRI and the bound values;
and it belongs to a release: the first lookup under a new release empties the cache, so an
answer never outlives the data it was computed from (coopgraph.releasecache). When the byte
budget is full the least recently used answers go first; an answer larger than a quarter of
the budget is not kept.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, replace

from coopgraph.answers import Answer
from coopgraph.releasecache import ReleaseCache


@dataclass(frozen=True)
class Cached:
    content_type: str
    answer: Answer


def _size(entry: Cached) -> int:
    return len(entry.answer.body)


class ResultCache(ReleaseCache[Cached]):
    """Answers of one release, within `max_bytes`."""

    def __init__(self, max_bytes: int) -> None:
        super().__init__(max_bytes, weigh=_size)

    def get(self, release_id: str, key: Hashable) -> Cached | None:
        found = super().get(release_id, key)
        if found is None:
            return None
        return Cached(found.content_type, replace(found.answer, source="cached"))

    def put(self, release_id: str, key: Hashable, entry: Cached) -> None:
        if _size(entry) <= self.capacity // 4:
            super().put(release_id, key, entry)
