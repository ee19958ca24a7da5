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
new searcher generation (every commit) empties the cache.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

import numpy as np
import tantivy

from jena_search.layout import SEQ

MAX_MASKS = 64
MAX_COUNTS = 10_000


class FilterCache:
    def __init__(self, max_masks: int = MAX_MASKS) -> None:
        self._lock = threading.Lock()
        self._generation = -1
        self._counts: dict[str, int] = {}
        self._masks: OrderedDict[str, np.ndarray] = OrderedDict()
        self._max_masks = max_masks

    def _reset_if_stale(self, generation: int) -> None:
        # Callers hold the lock.
        if generation != self._generation:
            self._generation = generation
            self._counts = {}
            self._masks = OrderedDict()

    def matches_all(self, searcher: tantivy.Searcher, generation: int, key: str, query: tantivy.Query) -> bool:
        """True when ``query`` matches every document of ``searcher`` (of ``generation``)."""
        with self._lock:
            self._reset_if_stale(generation)
            count = self._counts.get(key)
        if count is None:
            result: object = searcher.search(query, 1, count=True, order_by_field=SEQ, order=tantivy.Order.Asc)
            count = int(result.count)  # type: ignore[attr-defined]  # the 0.27 stub omits SearchResult.count
            with self._lock:
                if generation == self._generation:
                    if len(self._counts) >= MAX_COUNTS:
                        self._counts = {}
                    self._counts[key] = count
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
        with self._lock:
            if generation == self._generation:
                self._masks[key] = mask
                while len(self._masks) > self._max_masks:
                    self._masks.popitem(last=False)
        return mask


def seq_mask(searcher: tantivy.Searcher, query: tantivy.Query) -> np.ndarray:
    """Boolean array indexed by ``_seq`` of the documents matching ``query``."""
    hits = searcher.search(query, max(1, searcher.num_docs), count=False, order_by_field=SEQ, order=tantivy.Order.Asc)
    seqs = np.fromiter((s for s, _ in hits.hits), dtype=np.int64, count=len(hits.hits))
    mask = np.zeros(int(seqs[-1]) + 1 if len(seqs) else 0, dtype=bool)
    mask[seqs] = True
    return mask
