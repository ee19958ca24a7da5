"""``/select``: main query, filters, function ranking, sorting, paging, fields and facets."""

from __future__ import annotations

import fnmatch
import json
import logging
import time
from dataclasses import dataclass
from typing import Any

import numpy as np
import tantivy

from jena_search.engine import Engine
from jena_search.errors import bad_request
from jena_search.functions import BBox, FunctionRange, Node, evaluate, field_names, match_spatial_bbox, parse_function
from jena_search.layout import BBOX_FIELDS, BBOX_OK, SEQ, FieldRef, Layout
from jena_search.parsers import (
    DismaxBuilder,
    DismaxConfig,
    check_parser,
    parse_frange,
    parse_qf,
    split_local_params,
)
from jena_search.query import Occur, QueryBuilder
from jena_search.values import format_millis, param_int

log = logging.getLogger("jena_search.search")

MAX_ROWS = 1_000_000
MAX_START = 10_000_000
MAX_FACET_TERMS = 1_000_000


class Params:
    """Multi-valued request parameters in their original order."""

    def __init__(self, pairs: list[tuple[str, str]]) -> None:
        self.pairs = pairs
        self.multi: dict[str, list[str]] = {}
        for key, value in pairs:
            self.multi.setdefault(key, []).append(value)

    def get(self, name: str, default: str | None = None) -> str | None:
        values = self.multi.get(name)
        return values[0] if values else default

    def getlist(self, name: str) -> list[str]:
        return self.multi.get(name, [])

    def echo(self) -> dict[str, Any]:
        return {k: v[0] if len(v) == 1 else v for k, v in self.multi.items()}


@dataclass
class SortKey:
    ref: FieldRef | None  # None means score
    desc: bool


@dataclass
class Plan:
    main: tantivy.Query
    match_all: bool
    filters: list[tantivy.Query]
    franges: list[FunctionRange]
    bbox_filter: BBox | None
    bf: Node | None
    boost: Node | None


# -- building --------------------------------------------------------------------------
def _main_query(qb: QueryBuilder, params: Params) -> tuple[tantivy.Query, bool, bool]:
    """(query, matches everything with one score, uses dismax/edismax)."""
    q = params.get("q")
    if q is None or not q.strip():
        q = params.get("q.alt") or "*:*"
    lp = split_local_params(q, params.multi)
    def_type = check_parser(params.get("defType") or "lucene")
    body = q
    if lp is not None:
        def_type = check_parser(lp.type or def_type)
        body = lp.body
        if def_type == "frange":
            raise bad_request("{!frange} is only supported in fq by this search service")
    if body.strip() in ("*:*",) and def_type != "bool":
        return tantivy.Query.all_query(), True, def_type in ("dismax", "edismax")
    get = lp.get if lp is not None else (lambda name, default=None: None)
    if def_type in ("dismax", "edismax"):
        config = DismaxConfig(
            qf=parse_qf(get("qf") or params.get("qf")),
            mm=get("mm") or params.get("mm"),
            tie=_float(get("tie") or params.get("tie") or "0", "tie"),
        )
        builder = DismaxBuilder(qb, config)
        query = builder.dismax(body) if def_type == "dismax" else builder.edismax(body)
        return query, False, True
    if def_type == "bool":
        assert lp is not None
        return _bool_query(qb, lp.params), False, False
    return qb.lucene(body, df=get("df"), q_op=_q_op(get("q.op"))), False, False


def _bool_query(qb: QueryBuilder, params: list[tuple[str, str]]) -> tantivy.Query:
    occurs = {"must": Occur.Must, "should": Occur.Should, "must_not": Occur.MustNot, "filter": Occur.Must}
    clauses: list[tuple[tantivy.Occur, tantivy.Query | None]] = []
    for key, value in params:
        if key not in occurs:
            continue
        sub = qb.lucene(value)
        if key == "filter":
            sub = tantivy.Query.const_score_query(sub, 0.0)
        clauses.append((occurs[key], sub))
    return QueryBuilder.combine(clauses) or tantivy.Query.empty_query()


def _q_op(value: str | None) -> str | None:
    if value is None:
        return None
    upper = value.strip().upper()
    if upper not in ("AND", "OR"):
        raise bad_request(f"Invalid q.op '{value}': must be AND or OR")
    return upper


def _float(value: str, name: str) -> float:
    try:
        return float(value)
    except ValueError as exc:
        raise bad_request(f"Invalid value '{value}' for parameter {name}: not a number") from exc


def _filters(qb: QueryBuilder, layout: Layout, params: Params, plan: Plan) -> None:
    for fq in params.getlist("fq"):
        if not fq.strip():
            continue
        lp = split_local_params(fq, params.multi)
        if lp is None:
            plan.filters.append(qb.lucene(fq))
            continue
        kind = check_parser(lp.type)
        if kind == "frange":
            fr = parse_frange(lp)
            _check_function_fields(layout, fr.function)
            fast = _bbox_fast_path(layout, qb, fr)
            if fast is not None:
                plan.filters.append(fast[0])
                plan.bbox_filter = fast[1]
            else:
                plan.franges.append(fr)
        elif kind == "bool":
            plan.filters.append(_bool_query(qb, lp.params))
        elif kind in ("dismax", "edismax"):
            config = DismaxConfig(
                parse_qf(lp.get("qf") or params.get("qf")), lp.get("mm"), _float(lp.get("tie") or "0", "tie")
            )
            builder = DismaxBuilder(qb, config)
            plan.filters.append(builder.dismax(lp.body) if kind == "dismax" else builder.edismax(lp.body))
        else:
            plan.filters.append(qb.lucene(lp.body, df=lp.get("df"), q_op=_q_op(lp.get("q.op"))))


def _check_function_fields(layout: Layout, fn: Node) -> None:
    for name in field_names(fn):
        ref = layout.ref(name)
        if ref is None or ref.kind not in ("int", "float", "date") or ref.is_json or ref.field.multi_valued:
            raise bad_request(f"function query field '{name}' must be a single-valued numeric field")


def _bbox_fast_path(layout: Layout, qb: QueryBuilder, fr: FunctionRange) -> tuple[tantivy.Query, BBox] | None:
    """ckanext-spatial's ``{!frange incl=false l=0 u=1}overlap-ratio`` as range queries.

    The ratio 2·X/(Q+T) is never above 1, so the filter means X > 0: the boxes overlap with
    a positive area, the document box is not degenerate (``_bbox_ok``) and neither is the query box.
    """
    if not layout.has_bbox:
        return None
    bbox = match_spatial_bbox(fr.function)
    if bbox is None or fr.lower != 0 or fr.include_lower:
        return None
    if fr.upper is not None and (fr.upper < 1 or (fr.upper == 1 and not fr.include_upper)):
        return None
    if not (bbox.maxx > bbox.minx and bbox.maxy > bbox.miny):
        return tantivy.Query.empty_query(), bbox
    schema = layout.tantivy_schema
    f = tantivy.FieldType.Float

    def rng(name: str, lo: float | None, hi: float | None) -> tantivy.Query:
        ref = layout.ref(name)
        assert ref is not None
        return tantivy.Query.range_query(
            schema, ref.tname, f, lo, hi, include_lower=lo is None, include_upper=hi is None
        )

    parts = [
        rng("maxx", bbox.minx, None),
        rng("minx", None, bbox.maxx),
        rng("maxy", bbox.miny, None),
        rng("miny", None, bbox.maxy),
        tantivy.Query.term_query(schema, BBOX_OK, 1),
    ]
    return tantivy.Query.boolean_query([(Occur.Must, p) for p in parts]), bbox


def _final_query(plan: Plan) -> tantivy.Query:
    if not plan.filters:
        return plan.main
    clauses = [(Occur.Must, plan.main)]
    clauses += [(Occur.Must, tantivy.Query.const_score_query(f, 0.0)) for f in plan.filters]
    return tantivy.Query.boolean_query(clauses)


# -- function values ---------------------------------------------------------------------
def _function_columns(
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


def _apply_frange(engine: Engine, searcher: tantivy.Searcher, query: tantivy.Query, fr: FunctionRange) -> tantivy.Query:
    count = searcher.search(query, 1, count=True).count
    if count == 0:
        return query
    addrs = [a for _, a in searcher.search(query, count, count=False).hits]
    cols = _function_columns(engine, searcher, field_names(fr.function), addrs)
    values = evaluate(fr.function, cols, len(addrs))
    keep = [addrs[i] for i in np.flatnonzero(fr.mask(values))]
    if not keep:
        return tantivy.Query.empty_query()
    seqs = [int(s) for s in searcher.fast_field_values(SEQ, keep)]
    seq_filter = tantivy.Query.term_set_query(engine.layout.tantivy_schema, SEQ, seqs)
    return tantivy.Query.boolean_query(
        [(Occur.Must, query), (Occur.Must, tantivy.Query.const_score_query(seq_filter, 0.0))]
    )


# -- sorting -----------------------------------------------------------------------------
def _sort_keys(layout: Layout, spec: str | None) -> list[SortKey]:
    if spec is None or not spec.strip():
        return [SortKey(None, True)]
    keys: list[SortKey] = []
    for part in spec.split(","):
        bits = part.split()
        if not bits:
            continue
        if len(bits) != 2 or bits[1].lower() not in ("asc", "desc"):
            raise bad_request(f"Can't determine a Sort Order (asc or desc) in sort spec '{part.strip()}'")
        name, desc = bits[0], bits[1].lower() == "desc"
        if name == "score":
            keys.append(SortKey(None, desc))
            continue
        if "(" in name:
            raise bad_request(f"sorting by functions is not supported: '{name}'")
        ref = layout.ref(name)
        if ref is None or not ref.field.indexed:
            log.info("ignoring sort on unknown field %s", name, extra={"event": "sort_ignored"})
            continue
        if ref.kind in ("text", "binary"):
            raise bad_request(f"can not sort on a field of type {ref.field.type.name}: {name}")
        if ref.field.multi_valued:
            raise bad_request(f"can not sort on multivalued field: {name}")
        keys.append(SortKey(ref, desc))
    return keys or [SortKey(None, True)]


def _key_values(
    engine: Engine, searcher: tantivy.Searcher, key: SortKey, addrs: list[Any], scores: list[float]
) -> list[Any]:
    if key.ref is None:
        return list(scores)
    ref = key.ref
    if not ref.is_json and ref.kind in ("int", "float", "date"):
        return list(searcher.fast_field_values(ref.tname, addrs))
    out = []
    for addr in addrs:
        src = json.loads(searcher.doc(addr)[SRC_FIELD][0])
        value = src.get(ref.name)
        out.append(_sortable(ref, value))
    return out


SRC_FIELD = "_src"


def _sortable(ref: FieldRef, value: Any) -> Any:
    if value is None:
        return None
    if ref.kind == "bool":
        return "true" if value else "false"
    return value


def _order(items: list[list[Any]], keys: list[SortKey]) -> list[list[Any]]:
    """items are [addr, score, v0, v1, ...]; stable multi-key sort, missing values last."""
    for i in reversed(range(len(keys))):
        col = i + 2
        present = [it for it in items if it[col] is not None]
        missing = [it for it in items if it[col] is None]
        present.sort(key=lambda it: it[col], reverse=keys[i].desc)
        items = present + missing
    return items


def _collect(
    engine: Engine, searcher: tantivy.Searcher, query: tantivy.Query, count: int, window: int, keys: list[SortKey]
) -> list[tuple[Any, float | None]]:
    """The first ``window`` hits in sort order: Tantivy orders by the first key, ties at the
    window's edge are widened until complete and then ordered by the other keys."""
    primary = keys[0]
    json_primary = primary.ref is not None and primary.ref.is_json

    def fetch(limit: int) -> list[tuple[Any, Any]]:
        if primary.ref is None or json_primary:
            return searcher.search(query, limit, count=False).hits
        order = tantivy.Order.Desc if primary.desc else tantivy.Order.Asc
        return searcher.search(query, limit, count=False, order_by_field=primary.ref.tname, order=order).hits

    limit = count if json_primary else min(count, window + 1 if len(keys) > 1 else window)
    while True:
        hits = fetch(limit)
        if len(keys) == 1 or limit >= count or len(hits) <= window:
            break
        if hits[-1][0] != hits[window - 1][0]:
            break
        limit = min(count, limit * 4)
    if len(keys) == 1 and not json_primary:
        return [(a, s if primary.ref is None else None) for s, a in hits[:window]]
    addrs = [a for _, a in hits]
    scores = [s if primary.ref is None else None for s, _ in hits]
    items = [[a, s] for a, s in zip(addrs, scores, strict=True)]
    for key in keys:
        values = _key_values(engine, searcher, key, addrs, scores)
        for it, v in zip(items, values, strict=True):
            it.append(v)
    ordered = _order(items, keys)
    return [(it[0], it[1]) for it in ordered[:window]]


def _rescored(
    engine: Engine,
    searcher: tantivy.Searcher,
    plan: Plan,
    query: tantivy.Query,
    count: int,
    window: int,
    keys: list[SortKey],
) -> list[tuple[Any, float | None]]:
    """Score = (query score + bf) × boost, then the remaining sort keys."""
    fn_fields = (field_names(plan.bf) if plan.bf else set()) | (field_names(plan.boost) if plan.boost else set())
    bound = 1.0 if plan.bf is not None and plan.boost is None and match_spatial_bbox(plan.bf) else None
    if plan.match_all and plan.bbox_filter is not None and bound is not None and engine.columns is not None:
        picked = _bbox_column_first(engine, searcher, plan, query, window)
        if picked is not None:
            return _finish(engine, searcher, picked, window, keys)
    limit = min(count, max(4 * window, 64)) if bound is not None else count
    while True:
        hits = searcher.search(query, limit, count=False).hits
        addrs = [a for _, a in hits]
        scores = np.array([s for s, _ in hits], dtype=float)
        cols = _function_columns(engine, searcher, fn_fields, addrs)
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
    picked = list(zip(addrs, total.tolist(), strict=True))
    return _finish(engine, searcher, picked, window, keys)


def _finish(
    engine: Engine, searcher: tantivy.Searcher, picked: list[tuple[Any, float]], window: int, keys: list[SortKey]
) -> list[tuple[Any, float | None]]:
    addrs = [a for a, _ in picked]
    scores = [s for _, s in picked]
    items = [[a, s] for a, s in picked]
    for key in keys:
        values = _key_values(engine, searcher, key, addrs, scores)
        for it, v in zip(items, values, strict=True):
            it.append(v)
    ordered = _order(items, keys)
    return [(it[0], it[1]) for it in ordered[:window]]


def _bbox_column_first(
    engine: Engine, searcher: tantivy.Searcher, plan: Plan, query: tantivy.Query, window: int
) -> list[tuple[Any, float]] | None:
    """Rank by the overlap ratio straight from the column cache, checking candidates against
    the index in batches (the main query matches everything with score 1)."""
    assert engine.columns is not None and plan.bf is not None
    data = engine.columns.snapshot()
    cols = {name: data[i] for i, name in enumerate(BBOX_FIELDS)}
    values = np.nan_to_num(evaluate(plan.bf, cols, data.shape[1]), nan=0.0)
    candidates = np.flatnonzero(values > 0)
    order = candidates[np.argsort(-values[candidates], kind="stable")]
    schema = engine.layout.tantivy_schema
    picked: list[tuple[Any, float]] = []
    pos, batch = 0, max(8 * window, 256)
    for _ in range(6):
        if pos >= len(order):
            return picked
        chunk = order[pos : pos + batch]
        pos += len(chunk)
        chunk_q = tantivy.Query.boolean_query(
            [
                (Occur.Must, query),
                (Occur.Must, tantivy.Query.term_set_query(schema, SEQ, chunk.tolist())),
            ]
        )
        hits = searcher.search(chunk_q, len(chunk), count=False).hits
        if hits:
            addrs = [a for _, a in hits]
            by_seq = dict(zip((int(s) for s in searcher.fast_field_values(SEQ, addrs)), addrs, strict=True))
            for seq in chunk.tolist():
                addr = by_seq.get(seq)
                if addr is not None:
                    picked.append((addr, 1.0 + float(values[seq])))
        if len(picked) >= window:
            edge = picked[window - 1][1]
            if pos >= len(order) or 1.0 + float(values[order[pos]]) < edge:
                return picked
        batch *= 4
    return None


# -- facets ------------------------------------------------------------------------------
def _facet_param(params: Params, field: str, name: str, default: str | None) -> str | None:
    return params.get(f"f.{field}.facet.{name}") or params.get(f"facet.{name}") or default


def _facet_key(ref: FieldRef, key: Any) -> str:
    if ref.kind == "date" and isinstance(key, (int, float)):
        return format_millis(int(key))
    if ref.kind == "float" and isinstance(key, (int, float)):
        return repr(float(key))
    if isinstance(key, float) and key.is_integer():
        return str(int(key))
    return str(key)


def _facets(engine: Engine, searcher: tantivy.Searcher, query: tantivy.Query, params: Params) -> dict[str, Any] | None:
    if (params.get("facet") or "false").lower() not in ("true", "on", "1", "yes"):
        return None
    fields: dict[str, list[Any]] = {}
    aggs: dict[str, Any] = {}
    refs: dict[str, FieldRef] = {}
    for i, name in enumerate(params.getlist("facet.field")):
        ref = engine.layout.searchable(name)
        refs[name] = ref
        mincount = param_int(_facet_param(params, name, "mincount", "0"), "facet.mincount", 0, 0, 2**31 - 1)
        if ref.kind == "text":
            continue
        aggs[f"a{i}"] = {
            "terms": {
                "field": ref.tname,
                "size": MAX_FACET_TERMS,
                "segment_size": MAX_FACET_TERMS,
                "min_doc_count": 0 if mincount == 0 else 1,
            }
        }
    result = searcher.aggregate(query, aggs) if aggs else {}
    for i, name in enumerate(params.getlist("facet.field")):
        ref = refs[name]
        if ref.kind == "text":
            if ref.is_json:
                raise bad_request(f"faceting on the dynamic text field {name} is not supported")
            counts = searcher.terms_with_prefix(ref.tname, "", filter_query=query)
        else:
            buckets = result.get(f"a{i}", {}).get("buckets", [])
            counts = [(_facet_key(ref, b["key"]), int(b["doc_count"])) for b in buckets]
        fields[name] = _facet_list(params, name, counts)
    return {
        "facet_queries": {},
        "facet_fields": fields,
        "facet_ranges": {},
        "facet_intervals": {},
        "facet_heatmaps": {},
    }


def _facet_list(params: Params, name: str, counts: list[tuple[str, int]]) -> list[Any]:
    limit = param_int(_facet_param(params, name, "limit", "100"), "facet.limit", 100, -1, 2**31 - 1)
    mincount = param_int(_facet_param(params, name, "mincount", "0"), "facet.mincount", 0, 0, 2**31 - 1)
    offset = param_int(_facet_param(params, name, "offset", "0"), "facet.offset", 0, 0, 2**31 - 1)
    sort = (_facet_param(params, name, "sort", "count" if limit > 0 else "index") or "count").lower()
    if sort not in ("count", "index"):
        raise bad_request(f"Invalid facet.sort '{sort}': must be count or index")
    merged: dict[str, int] = {}
    for term, n in counts:
        merged[term] = merged.get(term, 0) + n
    items = [(t, n) for t, n in merged.items() if n >= mincount]
    if sort == "count":
        items.sort(key=lambda tn: (-tn[1], tn[0]))
    else:
        items.sort(key=lambda tn: tn[0])
    items = items[offset:] if limit < 0 else items[offset : offset + limit]
    flat: list[Any] = []
    for term, n in items:
        flat += [term, n]
    return flat


# -- fields ------------------------------------------------------------------------------
def _field_list(params: Params) -> tuple[list[str], bool, bool]:
    """(patterns, wants all stored fields, wants score)."""
    names: list[str] = []
    for value in params.getlist("fl") or ["*"]:
        names += [n for n in value.replace(",", " ").split() if n]
    if not names:
        names = ["*"]
    return [n for n in names if n != "score"], "*" in names, "score" in names


def _project(src: dict[str, Any], patterns: list[str], everything: bool) -> dict[str, Any]:
    if everything:
        return src
    out = {}
    for pat in patterns:
        if "*" in pat or "?" in pat:
            for key, value in src.items():
                if fnmatch.fnmatchcase(key, pat):
                    out[key] = value
        elif pat in src:
            out[pat] = src[pat]
    return out


# -- entry point -------------------------------------------------------------------------
def select(engine: Engine, params: Params) -> dict[str, Any]:
    started = time.perf_counter()
    layout = engine.layout
    q_op = _q_op(params.get("q.op")) or "OR"
    df = params.get("df") or ("text" if layout.ref("text") is not None else None)
    qb = QueryBuilder(layout, engine.index, df=df, q_op=q_op, now_ms=int(time.time() * 1000))
    start = param_int(params.get("start"), "start", 0, 0, MAX_START)
    rows = param_int(params.get("rows"), "rows", 10, 0, MAX_ROWS)
    main, match_all, dismax = _main_query(qb, params)
    plan = Plan(main, match_all, [], [], None, None, None)
    _filters(qb, layout, params, plan)
    if dismax:
        for value in params.getlist("bf"):
            if value.strip():
                fn = parse_function(value.split("^")[0])
                _check_function_fields(layout, fn)
                plan.bf = fn if plan.bf is None else plan.bf
        boost = params.get("boost")
        if boost and boost.strip():
            plan.boost = parse_function(boost)
            _check_function_fields(layout, plan.boost)
    keys = _sort_keys(layout, params.get("sort"))
    patterns, everything, want_score = _field_list(params)

    searcher = engine.searcher()
    query = _final_query(plan)
    for fr in plan.franges:
        query = _apply_frange(engine, searcher, query, fr)
    count = searcher.search(query, 1, count=True).count
    window = min(start + rows, count)
    rescoring = (plan.bf is not None or plan.boost is not None) and any(k.ref is None for k in keys)
    if plan.match_all and not rescoring:
        keys = [k for k in keys if k.ref is not None] or keys
    hits: list[tuple[Any, float | None]] = []
    if window > start:
        if rescoring:
            hits = _rescored(engine, searcher, plan, query, count, window, keys)
        else:
            hits = _collect(engine, searcher, query, count, window, keys)
    docs = []
    for addr, score in hits[start:]:
        src = json.loads(searcher.doc(addr)[SRC_FIELD][0])
        doc = _project(src, patterns, everything)
        if want_score:
            doc["score"] = score if score is not None else 1.0
        docs.append(doc)
    response: dict[str, Any] = {
        "responseHeader": {"status": 0, "QTime": 0, "params": params.echo()},
        "response": {"numFound": count, "start": start, "numFoundExact": True, "docs": docs},
    }
    if want_score:
        response["response"]["maxScore"] = max((d.get("score", 0.0) for d in docs), default=0.0)
    facets = _facets(engine, searcher, query, params)
    if facets is not None:
        response["facet_counts"] = facets
    response["responseHeader"]["QTime"] = int((time.perf_counter() - started) * 1000)
    return response
