"""Ranking by ckanext-spatial's bbox overlap ratio (``bf`` with ``q=*:*``).

The service keeps minx/miny/maxx/maxy of every indexed document in numpy columns keyed by
``_seq`` (``BBoxColumns``), so the ratio of all documents is one vectorised pass, without
reading Tantivy per hit.

* Every other filter of the request in the filter cache (filters.py): ``rank_in_columns``
  evaluates the bbox filter on the columns, intersected with the cached ``_seq`` masks of
  the other filters, and asks the index only for the addresses of the page. The columns
  hold exactly what the bbox filter's range queries read (the same floats, set when a
  document is added); the masks hold only documents of the request's searcher.
* Otherwise the index decides membership. Few candidates (documents whose box overlaps the
  query box at all): one Tantivy pass collects every matching document with the count; the
  ratio is looked up by ``_seq``. Many candidates: one counting pass, then the candidates in
  ratio order are checked against the index in batches until the page (plus ties at its
  edge) is complete.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import tantivy

from jena_search.functions import BBox, Node, evaluate
from jena_search.layout import BBOX_FIELDS, SEQ, Layout
from jena_search.query import Occur

# rank_in_columns leaves pages with more tied hits than this to the index (looking up
# thousands of _seq terms gets slow).
MAX_LOOKUP = 512
# Up to this many overlapping boxes, collecting all matching documents is cheaper than
# counting plus checking candidates in batches.
COLLECT_ALL_UP_TO = 20_000
_BATCHES = 6
_ASC = tantivy.Order.Asc


class BBoxColumns:
    """minx/miny/maxx/maxy per ``_seq`` (NaN when a document has no complete box)."""

    def __init__(self) -> None:
        self.data = np.full((4, 1024), np.nan)
        self.size = 0

    def _grow(self, upto: int) -> None:
        if upto >= self.data.shape[1]:
            grown = np.full((4, max(upto + 1, self.data.shape[1] * 2)), np.nan)
            grown[:, : self.data.shape[1]] = self.data
            self.data = grown
        self.size = max(self.size, upto + 1)

    def set_many(self, seqs: list[int], coords: list[list[float] | None]) -> None:
        if not seqs:
            return
        self._grow(max(seqs))
        for seq, values in zip(seqs, coords, strict=True):
            self.data[:, seq] = np.nan if values is None else values

    def load(self, searcher: tantivy.Searcher, layout: Layout) -> None:
        count = searcher.num_docs
        if count == 0:
            return
        addrs = [a for _, a in searcher.search(tantivy.Query.all_query(), count, count=False).hits]
        seqs = searcher.fast_field_values(SEQ, addrs)
        cols = [searcher.fast_field_values(layout.ref(n).tname, addrs) for n in BBOX_FIELDS]  # type: ignore[union-attr]
        keep = [i for i, s in enumerate(seqs) if s is not None]
        coords: list[list[float] | None] = []
        for i in keep:
            values = [c[i] for c in cols]
            coords.append(None if any(v is None for v in values) else values)  # type: ignore[arg-type]
        self.set_many([int(seqs[i]) for i in keep], coords)  # type: ignore[arg-type]

    def snapshot(self) -> np.ndarray:
        return self.data[:, : self.size]


def _overlapping(data: np.ndarray, box: BBox) -> np.ndarray:
    """Per column: the box overlaps ``box`` and has a positive area (the bbox filter's range queries)."""
    minx, miny, maxx, maxy = data
    with np.errstate(invalid="ignore"):
        mask = (maxx > box.minx) & (minx < box.maxx) & (maxy > box.miny) & (miny < box.maxy)
        mask &= (maxx > minx) & (maxy > miny)
    return mask


def _values(data: np.ndarray, seqs: np.ndarray, bf: Node) -> np.ndarray:
    subset = {name: data[i, seqs] for i, name in enumerate(BBOX_FIELDS)}
    return np.nan_to_num(evaluate(bf, subset, len(seqs)), nan=0.0)


def ratios(columns: BBoxColumns, box: BBox, bf: Node) -> tuple[np.ndarray, np.ndarray]:
    """(seqs of documents whose box overlaps ``box`` with a positive area, their ``bf`` value)."""
    data = columns.snapshot()
    seqs = np.flatnonzero(_overlapping(data, box))
    values = _values(data, seqs, bf)
    keep = values > 0
    return seqs[keep], values[keep]


def rank_in_columns(
    searcher: tantivy.Searcher,
    schema: tantivy.Schema,
    columns: BBoxColumns,
    allowed: np.ndarray,
    box: BBox,
    bf: Node,
    window: int,
) -> tuple[int, list[tuple[Any, float]]] | None:
    """Like ``rank`` for a query that is the bbox filter plus filters matching ``allowed``.

    ``allowed`` is indexed by ``_seq`` (True: the document is in the searcher and matches
    the other filters). None when the page has too many ties at its edge or the columns and
    the index disagree; the caller then asks the index (``rank``).
    """
    data = columns.snapshot()
    size = min(data.shape[1], len(allowed))
    data = data[:, :size]
    seqs = np.flatnonzero(_overlapping(data, box) & allowed[:size])
    count = len(seqs)
    if count == 0 or window <= 0:
        return count, []
    values = _values(data, seqs, bf)
    scores = 1.0 + np.where(values > 0, values, 0.0)
    chosen = _best(scores, window)
    if len(chosen) > MAX_LOOKUP:
        return None
    chosen_seqs = seqs[chosen].tolist()
    # For a page's worth of documents, term queries are several times faster than a term set query.
    member = tantivy.Query.boolean_query(
        [(Occur.Should, tantivy.Query.term_query(schema, SEQ, seq)) for seq in chosen_seqs]
    )
    hits = searcher.search(member, len(chosen_seqs), count=False, order_by_field=SEQ, order=_ASC).hits
    by_seq = {int(s): a for s, a in hits}
    if len(by_seq) != len(chosen_seqs):
        return None
    return count, [(by_seq[s], v) for s, v in zip(chosen_seqs, scores[chosen].tolist(), strict=True)]


def _best(scores: np.ndarray, window: int) -> np.ndarray:
    """Positions of the ``window`` highest scores plus all ties at the edge, in position order."""
    if len(scores) <= window:
        return np.arange(len(scores))
    edge = np.partition(scores, -window)[-window]
    return np.flatnonzero(scores >= edge)


def rank(
    searcher: tantivy.Searcher,
    schema: tantivy.Schema,
    columns: BBoxColumns,
    query: tantivy.Query,
    box: BBox,
    bf: Node,
    window: int,
    collect_all_up_to: int = COLLECT_ALL_UP_TO,
) -> tuple[int, list[tuple[Any, float]]]:
    """(numFound, best hits by 1 + ratio; ties at the window's edge are all included)."""
    seqs, values = ratios(columns, box, bf)
    if len(seqs) <= collect_all_up_to:
        return _collect_all(searcher, query, seqs, values, window)
    counted: Any = searcher.search(query, 1, count=True, order_by_field=SEQ, order=_ASC)
    count = int(counted.count)  # the 0.27 type stub omits SearchResult.count
    return count, _verify_in_batches(searcher, schema, query, seqs, values, window)


def _collect_all(
    searcher: tantivy.Searcher, query: tantivy.Query, seqs: np.ndarray, values: np.ndarray, window: int
) -> tuple[int, list[tuple[Any, float]]]:
    # Ordered by _seq: no scoring (every score is 1 with q=*:*), and the hits carry their _seq.
    result: Any = searcher.search(query, max(1, len(seqs)), count=True, order_by_field=SEQ, order=_ASC)
    hits = result.hits
    if result.count > len(hits):  # only if the column cache missed a box; stay exact
        hits = searcher.search(query, result.count, count=False, order_by_field=SEQ, order=_ASC).hits
    if not hits or window <= 0:
        return result.count, []
    addrs = [a for _, a in hits]
    hit_seqs = np.fromiter((s for s, _ in hits), dtype=np.int64, count=len(hits))
    # Candidates are sorted by seq, so each hit's ratio is found by binary search.
    pos = np.clip(np.searchsorted(seqs, hit_seqs), 0, max(len(seqs) - 1, 0))
    found = seqs[pos] == hit_seqs if len(seqs) else np.zeros(len(hit_seqs), dtype=bool)
    scores = 1.0 + np.where(found, values[pos] if len(values) else 0.0, 0.0)
    chosen = _best(scores, window)
    return result.count, [(addrs[i], float(scores[i])) for i in chosen.tolist()]


def _verify_in_batches(
    searcher: tantivy.Searcher,
    schema: tantivy.Schema,
    query: tantivy.Query,
    seqs: np.ndarray,
    values: np.ndarray,
    window: int,
) -> list[tuple[Any, float]]:
    order = np.argsort(-values, kind="stable")
    picked: list[tuple[Any, float]] = []
    pos, batch = 0, max(8 * window, 256)
    for _ in range(_BATCHES):
        if pos >= len(order):
            return picked
        chunk = order[pos : pos + batch]
        pos += len(chunk)
        chunk_seqs = seqs[chunk]
        member = tantivy.Query.term_set_query(schema, SEQ, chunk_seqs.tolist())
        both = tantivy.Query.boolean_query([(Occur.Must, query), (Occur.Must, member)])
        hits = searcher.search(both, len(chunk), count=False, order_by_field=SEQ, order=_ASC).hits
        if hits:
            by_seq = {int(s): a for s, a in hits}
            for seq, value in zip(chunk_seqs.tolist(), values[chunk].tolist(), strict=True):
                addr = by_seq.get(seq)
                if addr is not None:
                    picked.append((addr, 1.0 + value))
        if len(picked) >= window:
            edge = picked[window - 1][1]
            if pos >= len(order) or 1.0 + float(values[order[pos]]) < edge:
                return picked
        batch *= 4
    # Very selective filters: rank every match instead.
    return _collect_all(searcher, query, seqs, values, window)[1]
