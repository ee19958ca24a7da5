"""``/select`` request → Plan: main query, filters, function params, sort keys, fields, facets."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field

import tantivy

from jena_search import facets
from jena_search.errors import bad_request, snippet
from jena_search.functions import BBox, FunctionRange, Node, field_names, match_spatial_bbox, parse_function
from jena_search.layout import BBOX_OK, FieldRef, Layout
from jena_search.limits import MAX_FIELD_LIST, MAX_PARAMS, MAX_QUERY_CHARS, MAX_SORT_FIELDS
from jena_search.params import Params
from jena_search.parsers import (
    DismaxBuilder,
    DismaxConfig,
    check_parser,
    parse_frange,
    parse_qf,
    split_local_params,
)
from jena_search.query import Occur, QueryBuilder
from jena_search.values import param_int

log = logging.getLogger("jena_search.search")

MAX_ROWS = 1_000_000
MAX_START = 10_000_000


@dataclass
class SortKey:
    ref: FieldRef | None  # None means score
    desc: bool


@dataclass
class Plan:
    main: tantivy.Query
    match_all: bool
    start: int = 0
    rows: int = 10
    filters: list[tantivy.Query] = field(default_factory=list)
    # Per filter: its filter cache key, or None when it must not be cached (see filters.py).
    filter_keys: list[str | None] = field(default_factory=list)
    franges: list[FunctionRange] = field(default_factory=list)
    bbox_filter: BBox | None = None
    bbox_query: tantivy.Query | None = None  # the filter that stands for bbox_filter
    bf: Node | None = None
    boost: Node | None = None
    keys: list[SortKey] = field(default_factory=list)
    patterns: list[str] = field(default_factory=list)
    everything: bool = True
    want_score: bool = False
    facet_fields: list[facets.FacetField] | None = None

    def add_filter(self, query: tantivy.Query, key: str | None = None) -> None:
        self.filters.append(query)
        self.filter_keys.append(key)

    @property
    def rescoring(self) -> bool:
        """Function scores take part in the order (Solr adds bf and multiplies boost)."""
        return (self.bf is not None or self.boost is not None) and any(k.ref is None for k in self.keys)

    def query(self) -> tantivy.Query:
        """The main query with every filter as a non-scoring clause."""
        if not self.filters:
            return self.main
        clauses = [(Occur.Must, self.main)]
        clauses += [(Occur.Must, tantivy.Query.const_score_query(f, 0.0)) for f in self.filters]
        return tantivy.Query.boolean_query(clauses)


def build(layout: Layout, index: tantivy.Index, params: Params) -> Plan:
    """Parse and check every parameter of a /select request; raises 400 on bad input."""
    _check_sizes(params)
    q_op = _q_op(params.get("q.op")) or "OR"
    df = params.get("df") or ("text" if layout.ref("text") is not None else None)
    qb = QueryBuilder(layout, index, df=df, q_op=q_op, now_ms=int(time.time() * 1000))
    start = param_int(params.get("start"), "start", 0, 0, MAX_START)
    rows = param_int(params.get("rows"), "rows", 10, 0, MAX_ROWS)
    main, match_all, dismax = _main_query(qb, params)
    plan = Plan(main, match_all, start, rows)
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
    plan.keys = _sort_keys(layout, params.get("sort"))
    if plan.match_all and not plan.rescoring:
        # Every document scores the same: the score key orders nothing.
        plan.keys = [k for k in plan.keys if k.ref is not None] or plan.keys
    plan.patterns, plan.everything, plan.want_score = _field_list(params)
    plan.facet_fields = facets.parse(layout, params)
    return plan


def _check_sizes(params: Params) -> None:
    """Refuse requests above the size limits (limits.py) before any parsing."""
    if len(params.pairs) > MAX_PARAMS:
        raise bad_request(f"too many request parameters ({len(params.pairs)}, at most {MAX_PARAMS})")
    for key, value in params.pairs:
        if len(value) > MAX_QUERY_CHARS:
            raise bad_request(
                f"parameter {snippet(key)} is too long ({len(value)} characters, at most {MAX_QUERY_CHARS})"
            )


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
    if def_type == "bool":  # without local params: no clauses, like Solr's empty BooleanQuery
        return _bool_query(qb, lp.params if lp is not None else []), False, False
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
        raise bad_request(f"Invalid q.op '{snippet(value)}': must be AND or OR")
    return upper


def _float(value: str, name: str) -> float:
    try:
        return float(value)
    except ValueError as exc:
        raise bad_request(f"Invalid value '{snippet(value)}' for parameter {name}: not a number") from exc


def _filters(qb: QueryBuilder, layout: Layout, params: Params, plan: Plan) -> None:
    for fq in params.getlist("fq"):
        if not fq.strip():
            continue
        lp = split_local_params(fq, params.multi)
        if lp is None:
            plan.add_filter(qb.lucene(fq), _cache_key(qb, fq))
            continue
        kind = check_parser(lp.type)
        if kind == "frange":
            fr = parse_frange(lp)
            _check_function_fields(layout, fr.function)
            fast = _bbox_fast_path(layout, qb, fr)
            if fast is not None:
                plan.add_filter(fast[0])
                plan.bbox_filter = fast[1]
                plan.bbox_query = fast[0]
            else:
                plan.franges.append(fr)
        elif kind == "bool":
            plan.add_filter(_bool_query(qb, lp.params))
        elif kind in ("dismax", "edismax"):
            config = DismaxConfig(
                parse_qf(lp.get("qf") or params.get("qf")), lp.get("mm"), _float(lp.get("tie") or "0", "tie")
            )
            builder = DismaxBuilder(qb, config)
            plan.add_filter(builder.dismax(lp.body) if kind == "dismax" else builder.edismax(lp.body))
        else:
            plan.add_filter(qb.lucene(lp.body, df=lp.get("df"), q_op=_q_op(lp.get("q.op"))))


def _cache_key(qb: QueryBuilder, fq: str) -> str | None:
    """Filter cache key of a plain Lucene ``fq``: its text read with this request's df and q.op.

    None for date math relative to NOW, whose meaning changes with the clock.
    """
    if "NOW" in fq.upper():
        return None
    return f"{qb.df}\x00{qb.q_op}\x00{fq}"


def _check_function_fields(layout: Layout, fn: Node) -> None:
    for name in field_names(fn):
        ref = layout.ref(name)
        if ref is None or ref.kind not in ("int", "float", "date") or ref.is_json or ref.field.multi_valued:
            raise bad_request(f"function query field '{snippet(name)}' must be a single-valued numeric field")


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


def _sort_keys(layout: Layout, spec: str | None) -> list[SortKey]:
    if spec is None or not spec.strip():
        return [SortKey(None, True)]
    parts = spec.split(",")
    if len(parts) > MAX_SORT_FIELDS:
        raise bad_request(f"too many sort fields ({len(parts)}, at most {MAX_SORT_FIELDS})")
    keys: list[SortKey] = []
    for part in parts:
        bits = part.split()
        if not bits:
            continue
        if len(bits) != 2 or bits[1].lower() not in ("asc", "desc"):
            raise bad_request(f"Can't determine a Sort Order (asc or desc) in sort spec '{snippet(part.strip())}'")
        name, desc = bits[0], bits[1].lower() == "desc"
        if name == "score":
            keys.append(SortKey(None, desc))
            continue
        if "(" in name:
            raise bad_request(f"sorting by functions is not supported: '{snippet(name)}'")
        ref = layout.ref(name)
        if ref is None or not ref.field.indexed:
            log.info("ignoring sort on unknown field %s", snippet(name), extra={"event": "sort_ignored"})
            continue
        if ref.kind in ("text", "binary"):
            raise bad_request(f"can not sort on a field of type {ref.field.type.name}: {snippet(name)}")
        if ref.field.multi_valued:
            raise bad_request(f"can not sort on multivalued field: {snippet(name)}")
        keys.append(SortKey(ref, desc))
    # Dynamic fields are sorted by their stored value; a field that is not stored (the
    # catch-all ``*`` rule: any unknown name) is missing in every document and orders nothing.
    # Such keys are left out; if no other key is left, one of them stays: index order.
    kept = [k for k in keys if k.ref is None or not k.ref.is_json or k.ref.field.stored]
    if not kept and keys:
        kept = keys[:1]
    return kept or [SortKey(None, True)]


def _field_list(params: Params) -> tuple[list[str], bool, bool]:
    """(patterns, wants all stored fields, wants score)."""
    names: list[str] = []
    for value in params.getlist("fl") or ["*"]:
        names += [n for n in value.replace(",", " ").split() if n]
        if len(names) > MAX_FIELD_LIST:
            raise bad_request(f"too many field names in fl (at most {MAX_FIELD_LIST})")
    if not names:
        names = ["*"]
    return [n for n in names if n != "score"], "*" in names, "score" in names
