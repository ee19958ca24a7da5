"""Which documents make up a page of ``/select``, in Solr's order, and how many match.

* Plain sorts: one Tantivy pass returns the count and the top hits by the first sort key
  (score or a fast field). Ties at the page edge are widened until complete and ordered by
  the other keys in Python.
* ``bf``/``boost`` (dismax/edismax): score = (query score + bf) × boost, evaluated with numpy;
  ckanext-spatial's bbox ratio with ``q=*:*`` goes through spatial.py.
* ``{!frange}`` filters other than the spatial one are evaluated over all matching
  documents and turned into a ``_seq`` term-set filter.
"""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import tantivy

from jena_search import spatial
from jena_search.engine import Engine
from jena_search.errors import bad_request
from jena_search.functions import FunctionRange, evaluate, field_names, match_spatial_bbox
from jena_search.layout import BBOX_FIELDS, SEQ, SRC, FieldRef
from jena_search.plan import Plan, SortKey
from jena_search.query import Occur

Hit = tuple[Any, float | None]  # (DocAddress, score or None)
# With several sort keys, the first pass fetches this many pages more (at most 256 hits), so
# ties at the page edge rarely need a second pass.
TIE_EXTRA = 3
ALL_DOCS = "\x00*:*"  # filter cache key of "every document"


def page(
    engine: Engine, searcher: tantivy.Searcher, plan: Plan, query: tantivy.Query, generation: int | None = None
) -> tuple[int, list[Hit]]:
    """(numFound, hits of positions 0 .. start+rows in order).

    ``generation`` is the searcher's (``Engine.view``); with it, cached filters can be used.
    """
    # Never more than the index holds: Tantivy reserves room for the whole window up front.
    window = min(plan.start + plan.rows, max(1, searcher.num_docs))
    if plan.rows == 0:
        return count_matches(searcher, query), []
    if plan.rescoring:
        return _rescored(engine, searcher, plan, query, window, generation)
    return _collect(searcher, query, window, plan.keys, plan.match_all)


def count_matches(searcher: tantivy.Searcher, query: tantivy.Query) -> int:
    """numFound. Ordering by a fast field turns BM25 scoring off, which halves the cost."""
    result: Any = searcher.search(query, 1, count=True, order_by_field=SEQ, order=tantivy.Order.Asc)
    return int(result.count)  # SearchResult.count exists; the 0.27 type stub omits it


# -- plain sorting -------------------------------------------------------------------------
def _fetch(
    searcher: tantivy.Searcher, query: tantivy.Query, limit: int, key: SortKey, count: bool, scoreless: bool
) -> Any:
    if key.ref is None or key.ref.is_json:
        if scoreless:  # scores are all equal or unused: index order, without scoring
            return searcher.search(query, limit, count=count, order_by_field=SEQ, order=tantivy.Order.Asc)
        return searcher.search(query, limit, count=count)
    order = tantivy.Order.Desc if key.desc else tantivy.Order.Asc
    return searcher.search(query, limit, count=count, order_by_field=key.ref.tname, order=order)


def _collect(
    searcher: tantivy.Searcher, query: tantivy.Query, window: int, keys: list[SortKey], match_all: bool
) -> tuple[int, list[Hit]]:
    primary = keys[0]
    json_primary = primary.ref is not None and primary.ref.is_json
    scoreless = match_all or json_primary
    if scoreless and primary.ref is None:
        keys = keys[:1]  # every score is equal; the index order decides
    # Beyond the page when later keys decide ties: widening below costs another full pass.
    limit = window + 1 + min(TIE_EXTRA * window, 256) if len(keys) > 1 else window
    result = _fetch(searcher, query, max(1, limit), primary, True, scoreless)
    count, hits = result.count, result.hits
    window = min(window, count)
    if window == 0:
        return count, []
    if json_primary and len(hits) < count and primary.ref is not None and primary.ref.field.stored:
        hits = _fetch(searcher, query, count, primary, False, scoreless).hits
    while len(keys) > 1 and limit < count and len(hits) > window and hits[-1][0] == hits[window - 1][0]:
        limit = min(count, limit * 4)
        hits = _fetch(searcher, query, limit, primary, False, scoreless).hits
    scored = primary.ref is None and not scoreless
    if len(keys) == 1 and not json_primary:
        return count, [(a, s if scored else None) for s, a in hits[:window]]
    picked = [(a, s if scored else None) for s, a in hits]
    return count, finish(searcher, picked, window, keys)


def finish(searcher: tantivy.Searcher, picked: list[Hit], window: int, keys: list[SortKey]) -> list[Hit]:
    """Order ``picked`` by all sort keys (missing values last) and keep the first ``window``."""
    addrs = [a for a, _ in picked]
    scores = [s for _, s in picked]
    items = [[a, s] for a, s in picked]
    stored: list[dict[str, Any]] | None = None  # stored documents, read once for all keys that need them
    for key in keys:
        if stored is None and _reads_stored(key):
            stored = [json.loads(searcher.doc(addr)[SRC][0]) for addr in addrs]
        values = _key_values(searcher, key, addrs, scores, stored)
        for it, v in zip(items, values, strict=True):
            it.append(v)
    for i in reversed(range(len(keys))):
        col = i + 2
        present = [it for it in items if it[col] is not None]
        missing = [it for it in items if it[col] is None]
        present.sort(key=lambda it: it[col], reverse=keys[i].desc)
        items = present + missing
    return [(it[0], it[1]) for it in items[:window]]


def _reads_stored(key: SortKey) -> bool:
    """The key's values come from the stored documents (not from the score or a fast column)."""
    ref = key.ref
    if ref is None or (not ref.is_json and ref.kind in ("int", "float", "date")):
        return False
    return ref.field.stored


def _key_values(
    searcher: tantivy.Searcher,
    key: SortKey,
    addrs: list[Any],
    scores: list[float | None],
    stored: list[dict[str, Any]] | None,
) -> list[Any]:
    if key.ref is None:
        return list(scores)
    ref = key.ref
    if not ref.is_json and ref.kind in ("int", "float", "date"):
        return list(searcher.fast_field_values(ref.tname, addrs))
    if stored is None or not ref.field.stored:  # no stored values: missing everywhere
        return [None] * len(addrs)
    return [_sortable(ref, src.get(ref.name)) for src in stored]


def _sortable(ref: FieldRef, value: Any) -> Any:
    if value is None:
        return None
    if ref.kind == "bool":
        return "true" if value else "false"
    return value


# -- function scores ---------------------------------------------------------------------
def _rescored(
    engine: Engine, searcher: tantivy.Searcher, plan: Plan, query: tantivy.Query, window: int, generation: int | None
) -> tuple[int, list[Hit]]:
    """Score = (query score + bf) × boost, then the remaining sort keys."""
    spatial_bf = plan.bf is not None and plan.boost is None and match_spatial_bbox(plan.bf) is not None
    if plan.match_all and plan.bbox_filter is not None and spatial_bf and engine.columns is not None:
        assert plan.bf is not None
        schema = engine.layout.tantivy_schema
        allowed = _cached_filter_mask(engine, searcher, plan, generation)
        if allowed is not None:
            ranked_in_columns = spatial.rank_in_columns(
                searcher, schema, engine.columns, allowed, plan.bbox_filter, plan.bf, window
            )
            if ranked_in_columns is not None:
                count, ranked = ranked_in_columns
                return count, finish(searcher, ranked, window, plan.keys)
        count, ranked = spatial.rank(
            searcher, schema, engine.columns, query, plan.bbox_filter, plan.bf, window, engine.bbox_collect_all
        )
        return count, finish(searcher, [(a, s) for a, s in ranked], window, plan.keys)
    count = count_matches(searcher, query)
    if min(window, count) == 0:
        return count, []
    fn_fields = (field_names(plan.bf) if plan.bf else set()) | (field_names(plan.boost) if plan.boost else set())
    # The bbox ratio never exceeds 1, so text scores below the page edge minus 1 cannot reach it.
    bound = 1.0 if spatial_bf else None
    limit = min(count, max(4 * window, 64)) if bound is not None else count
    while True:
        hits = searcher.search(query, limit, count=False).hits
        addrs = [a for _, a in hits]
        scores = np.array([s for s, _ in hits], dtype=float)
        cols = function_columns(engine, searcher, fn_fields, addrs)
        total = scores.copy()
        if plan.bf is not None:
            total = total + np.nan_to_num(evaluate(plan.bf, cols, len(addrs)), nan=0.0)
        if plan.boost is not None:
            total = total * np.nan_to_num(evaluate(plan.boost, cols, len(addrs)), nan=0.0)
        if limit >= count or bound is None or len(total) < window:
            break
        kth = np.partition(total, -window)[-window]
        if scores[-1] + bound < kth:
            break
        limit = min(count, limit * 4)
    picked: list[Hit] = list(zip(addrs, total.tolist(), strict=True))
    return count, finish(searcher, picked, window, plan.keys)


def _cached_filter_mask(
    engine: Engine, searcher: tantivy.Searcher, plan: Plan, generation: int | None
) -> np.ndarray | None:
    """``_seq`` mask of the documents matching every filter but the bbox one, from the filter
    cache; None unless the query is exactly ``*:*``, the bbox filter and cacheable filters."""
    box = plan.bbox_filter
    if generation is None or plan.franges or plan.bbox_query is None or box is None:
        return None
    if not (box.maxx > box.minx and box.maxy > box.miny):
        return None  # the plan's filter is then the empty query
    others = [(q, k) for q, k in zip(plan.filters, plan.filter_keys, strict=True) if q is not plan.bbox_query]
    if len(others) != len(plan.filters) - 1 or any(k is None for _, k in others):
        return None
    cache = engine.filter_cache
    if not others:
        return cache.mask(searcher, generation, ALL_DOCS, tantivy.Query.all_query())
    allowed: np.ndarray | None = None
    for query, key in others:
        assert key is not None
        mask = cache.mask(searcher, generation, key, query)
        if allowed is None:
            allowed = mask
        else:
            size = min(len(allowed), len(mask))
            allowed = allowed[:size] & mask[:size]
    return allowed


def function_columns(
    engine: Engine, searcher: tantivy.Searcher, names: set[str], addrs: list[Any]
) -> dict[str, np.ndarray]:
    cols: dict[str, np.ndarray] = {}
    if engine.columns is not None and names <= set(BBOX_FIELDS) and addrs:
        seqs = np.array(searcher.fast_field_values(SEQ, addrs), dtype=np.int64)
        data = engine.columns.snapshot()
        for i, name in enumerate(BBOX_FIELDS):
            cols[name] = data[i, seqs] if len(seqs) else np.empty(0)
        return cols
    for name in names:
        ref = engine.layout.ref(name)
        if ref is None or ref.kind not in ("int", "float", "date") or ref.is_json or ref.field.multi_valued:
            raise bad_request(f"function query field '{name}' must be a single-valued numeric field")
        raw = searcher.fast_field_values(ref.tname, addrs) if addrs else []
        cols[name] = np.array([np.nan if v is None else float(v) for v in raw], dtype=float)
    return cols


def apply_frange(engine: Engine, searcher: tantivy.Searcher, query: tantivy.Query, fr: FunctionRange) -> tantivy.Query:
    """``query`` restricted to documents whose function value lies in the range."""
    count = count_matches(searcher, query)
    if count == 0:
        return query
    hits = searcher.search(query, count, count=False, order_by_field=SEQ, order=tantivy.Order.Asc).hits
    addrs = [a for _, a in hits]
    cols = function_columns(engine, searcher, field_names(fr.function), addrs)
    values = evaluate(fr.function, cols, len(addrs))
    seqs = [int(hits[i][0]) for i in np.flatnonzero(fr.mask(values))]
    if not seqs:
        return tantivy.Query.empty_query()
    seq_filter = tantivy.Query.term_set_query(engine.layout.tantivy_schema, SEQ, seqs)
    return tantivy.Query.boolean_query(
        [(Occur.Must, query), (Occur.Must, tantivy.Query.const_score_query(seq_filter, 0.0))]
    )
