"""Filter cache (Solr's filterCache): what a ``fq`` matches, per searcher generation.

CKAN sends the same filters with nearly every request (``+dataset_type:dataset
+state:(active)``, ``+site_id:"default"``, ``+permission_labels:(...)``). For the current
searcher generation the cache keeps

* how many documents a filter matches: a filter that matches every document changes neither
  the matches nor the scores (filters score 0), so it is left out of the query;
* on demand, which ``_seq`` numbers it matches (a boolean numpy mask), for the bbox ranking
  that works on the column cache alone (spatial.py).

Keys are the filter text plus what its parsing depends on (``df``, ``q.op``); plan.py does not
give a key to filters whose meaning changes with the clock (``NOW``) or other parameters. A
new searcher generation (every commit) empties the cache. Both parts are bounded by entries
and by bytes (filter texts come from requests); filters longer than ``MAX_COUNT_KEY`` are not kept.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

import numpy as np
import tantivy

from jena_search.bounded import BoundedCache
from jena_search.layout import SEQ

MAX_MASKS = 64
MAX_MASK_BYTES = 64 * 2**20  # one byte per _seq and mask: 64 masks of 1M documents
MAX_COUNTS = 10_000
MAX_COUNT_BYTES = 4 * 2**20  # the keys are filter texts
MAX_COUNT_KEY = 8_000  # longer filters are evaluated, not remembered (CKAN's are a few hundred characters)


class FilterCache:
    """Counts and masks of filters for the latest searcher generation, bounded by entries and bytes."""

    def __init__(self, max_masks: int = MAX_MASKS, max_mask_bytes: int = MAX_MASK_BYTES) -> None:
        self._lock = threading.Lock()
        self._generation = -1
        self._counts = self._new_counts()
        self._masks: OrderedDict[str, np.ndarray] = OrderedDict()
        self._mask_bytes = 0
        self._max_masks = max_masks
        self._max_mask_bytes = max_mask_bytes

    @staticmethod
    def _new_counts() -> BoundedCache[str, int]:
        return BoundedCache(MAX_COUNTS, MAX_COUNT_BYTES, max_item_bytes=_count_bytes("x" * MAX_COUNT_KEY))

    def _reset_if_stale(self, generation: int) -> None:
        # Callers hold the lock.
        if generation != self._generation:
            self._generation = generation
            self._counts = self._new_counts()
            self._masks = OrderedDict()
            self._mask_bytes = 0

    def sizes(self) -> dict[str, int]:
        """Entries and bytes held (for tests and the memory benchmark)."""
        with self._lock:
            return {
                "counts": len(self._counts),
                "count_bytes": self._counts.bytes,
                "masks": len(self._masks),
                "mask_bytes": self._mask_bytes,
            }

    def matches_all(self, searcher: tantivy.Searcher, generation: int, key: str, query: tantivy.Query) -> bool:
        """True when ``query`` matches every document of ``searcher`` (of ``generation``)."""
        with self._lock:
            self._reset_if_stale(generation)
            counts = self._counts
        count = counts.get(key)
        if count is None:
            result: object = searcher.search(query, 1, count=True, order_by_field=SEQ, order=tantivy.Order.Asc)
            count = int(result.count)  # type: ignore[attr-defined]  # the 0.27 stub omits SearchResult.count
            with self._lock:
                if generation == self._generation:
                    self._counts.put(key, count, _count_bytes(key))
        return count == searcher.num_docs

    def mask(self, searcher: tantivy.Searcher, generation: int, key: str, query: tantivy.Query) -> np.ndarray:
        """Boolean array indexed by ``_seq``: True where the document matches ``query``."""
        with self._lock:
            self._reset_if_stale(generation)
            mask = self._masks.get(key)
            if mask is not None:
                self._masks.move_to_end(key)
                return mask
        mask = seq_mask(searcher, query)
        size = mask.nbytes + len(key)
        with self._lock:
            if generation == self._generation and size <= self._max_mask_bytes and len(key) <= MAX_COUNT_KEY:
                old = self._masks.pop(key, None)
                if old is not None:
                    self._mask_bytes -= old.nbytes + len(key)
                self._masks[key] = mask
                self._mask_bytes += size
                while len(self._masks) > self._max_masks or self._mask_bytes > self._max_mask_bytes:
                    dropped_key, dropped = self._masks.popitem(last=False)
                    self._mask_bytes -= dropped.nbytes + len(dropped_key)
        return mask


def _count_bytes(key: str) -> int:
    """Memory of one count entry: the key string (1-4 bytes a character), the int, the dict slot."""
    return 4 * len(key) + 150


def seq_mask(searcher: tantivy.Searcher, query: tantivy.Query) -> np.ndarray:
    """Boolean array indexed by ``_seq`` of the documents matching ``query``."""
    hits = searcher.search(query, max(1, searcher.num_docs), count=False, order_by_field=SEQ, order=tantivy.Order.Asc)
    seqs = np.fromiter((s for s, _ in hits.hits), dtype=np.int64, count=len(hits.hits))
    mask = np.zeros(int(seqs[-1]) + 1 if len(seqs) else 0, dtype=bool)
    mask[seqs] = True
    return mask
