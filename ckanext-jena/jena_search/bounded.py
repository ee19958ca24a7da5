"""A cache bounded by entries and by bytes, for everything the service keeps between requests.

Keys of the service's caches come from requests (field names, filter texts, function texts),
so a cache bounded only by its number of entries can be filled with large hostile keys. Each
``BoundedCache`` also bounds the bytes of its entries (as estimated by the caller) and does not
keep single entries above ``max_item_bytes`` at all. When full, the oldest entries go first
(insertion order). Reads take no lock (one dict lookup); writes are serialised.
"""

from __future__ import annotations

import threading
from typing import Any, Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")
MISSING: Any = object()  # ``get(key, MISSING)`` tells a cached None from an absent key


class BoundedCache(Generic[K, V]):
    def __init__(self, max_entries: int, max_bytes: int, max_item_bytes: int | None = None) -> None:
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self.max_item_bytes = max_bytes // 16 if max_item_bytes is None else max_item_bytes
        self._data: dict[K, tuple[V, int]] = {}
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: K, default: Any = None) -> Any:
        found = self._data.get(key)
        return default if found is None else found[0]

    def __contains__(self, key: object) -> bool:
        return key in self._data

    def __len__(self) -> int:
        return len(self._data)

    @property
    def bytes(self) -> int:
        return self._bytes

    def put(self, key: K, value: V, nbytes: int) -> None:
        """Keep ``value`` (about ``nbytes`` bytes with its key) unless it alone is too big."""
        if nbytes > self.max_item_bytes:
            return
        with self._lock:
            old = self._data.pop(key, None)
            if old is not None:
                self._bytes -= old[1]
            while self._data and (len(self._data) >= self.max_entries or self._bytes + nbytes > self.max_bytes):
                oldest = next(iter(self._data))
                self._bytes -= self._data.pop(oldest)[1]
            self._data[key] = (value, nbytes)
            self._bytes += nbytes

    def clear(self) -> None:
        with self._lock:
            self._data = {}
            self._bytes = 0


# Caches keyed by field names (schema lookups, field references, conversion plans): CKAN
# uses a few hundred names; names from requests can be anything. Names above 256 characters
# are looked up every time instead of being kept.
MAX_NAMES = 20_000
MAX_NAME_CHARS = 256


def name_cache() -> BoundedCache[str, Any]:
    return BoundedCache(MAX_NAMES, MAX_NAMES * name_bytes("x" * 64), max_item_bytes=name_bytes("x" * MAX_NAME_CHARS))


def name_bytes(name: str) -> int:
    """Rough memory of one entry keyed by ``name``: the key, derived names and a small object."""
    return 8 * len(name) + 600
