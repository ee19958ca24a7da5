"""``facet.field`` counts for ``/select``.

All facet fields of a request are counted by one Tantivy aggregation (one pass over the
matching documents): single-valued strings, numbers and dates by a terms aggregation on their
fast column, multi-valued strings through their slot columns (see slots.py). Text fields
count terms of the inverted index restricted to the matching documents. Counts are exact and
ordered in Python (count desc then term, or index order), like Solr.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import tantivy

from jena_search import slots
from jena_search.errors import bad_request, snippet
from jena_search.layout import FieldRef, Layout
from jena_search.limits import MAX_FACET_FIELDS
from jena_search.values import format_millis, param_int

MAX_FACET_TERMS = 1_000_000
_ON = ("true", "on", "1", "yes")


@dataclass(frozen=True)
class FacetField:
    name: str
    ref: FieldRef
    limit: int
    mincount: int
    offset: int
    sort: str
    slots: list[str] | None  # slot columns when the field is counted through them


def parse(layout: Layout, params: Any) -> list[FacetField] | None:
    """The requested facet fields, or None when faceting is off. Raises 400 for bad params."""
    if (params.get("facet") or "false").lower() not in _ON:
        return None
    names = params.getlist("facet.field")
    if len(names) > MAX_FACET_FIELDS:
        raise bad_request(f"too many facet.field parameters ({len(names)}, at most {MAX_FACET_FIELDS})")
    out = []
    for name in names:
        ref = layout.searchable(name)
        if ref.kind == "text" and ref.is_json:
            raise bad_request(f"faceting on the dynamic text field {snippet(name)} is not supported")

        def param(key: str, default: str, field: str = name) -> str | None:
            return params.get(f"f.{field}.facet.{key}") or params.get(f"facet.{key}") or default

        limit = param_int(param("limit", "100"), "facet.limit", 100, -1, 2**31 - 1)
        mincount = param_int(param("mincount", "0"), "facet.mincount", 0, 0, 2**31 - 1)
        offset = param_int(param("offset", "0"), "facet.offset", 0, 0, 2**31 - 1)
        sort = (param("sort", "count" if limit > 0 else "index") or "count").lower()
        if sort not in ("count", "index"):
            raise bad_request(f"Invalid facet.sort '{sort}': must be count or index")
        slotted = None if ref.is_json else layout.slotted.get(ref.tname)
        out.append(FacetField(name, ref, limit, mincount, offset, sort, slotted))
    return out


def count(searcher: tantivy.Searcher, query: tantivy.Query, fields: list[FacetField]) -> dict[str, list[Any]]:
    """Solr's ``facet_fields``: for every field a flat ``[term, count, ...]`` list."""
    aggs: dict[str, Any] = {}
    overflow: set[str] = set()
    for i, ff in enumerate(fields):
        if ff.ref.kind == "text":
            continue
        if ff.slots is None:
            aggs[f"a{i}"] = _terms(ff.ref.tname, ff.mincount)
            continue
        used, overflows = _slot_info(searcher, ff.name, ff.slots)
        for j, column in enumerate(used):
            aggs[f"a{i}s{j}"] = _terms(column, ff.mincount)
        if overflows:
            overflow.add(ff.name)
    if overflow:
        zeros = any(ff.mincount == 0 for ff in fields if ff.name in overflow)
        aggs["overflow"] = _terms(slots.OVERFLOW, 0 if zeros else 1)
    result = searcher.aggregate(query, aggs) if aggs else {}
    spilled = slots.overflow_counts(_buckets(result, "overflow"), overflow) if overflow else {}
    out: dict[str, list[Any]] = {}
    for i, ff in enumerate(fields):
        counts: dict[str, int] = {}
        if ff.ref.kind == "text":
            for term, n in searcher.terms_with_prefix(ff.ref.tname, "", filter_query=query):
                counts[term] = counts.get(term, 0) + n
        elif ff.slots is None:
            for bucket in _buckets(result, f"a{i}"):
                term = _key(ff.ref, bucket["key"])
                counts[term] = counts.get(term, 0) + int(bucket["doc_count"])
        else:
            for j in range(len(ff.slots)):
                slots.slot_counts(_buckets(result, f"a{i}s{j}"), counts)
            for term, n in spilled.get(ff.name, {}).items():
                counts[term] = counts.get(term, 0) + n
        out[ff.name] = _flat(ff, counts)
    return out


# (searcher, field → (slot columns some document fills, some document overflows)); the
# answers hold as long as the searcher, so they are kept for the latest one (~0.4 ms a request).
_slot_cache: tuple[tantivy.Searcher | None, dict[str, tuple[list[str], bool]]] = (None, {})


def _slot_info(searcher: tantivy.Searcher, name: str, columns: list[str]) -> tuple[list[str], bool]:
    """The slot columns worth aggregating (columns no document fills are skipped) and whether
    the overflow column holds values of the field, for ``searcher``."""
    global _slot_cache
    owner, info = _slot_cache
    if owner is not searcher:
        info = {}
        _slot_cache = (searcher, info)
    found = info.get(name)
    if found is None:
        overflows = searcher.doc_freq(slots.OVERFLOW, slots.overflow_marker(name)) > 0
        found = info[name] = (slots.used(searcher, columns), overflows)
    return found


def _terms(column: str, mincount: int) -> dict[str, Any]:
    return {
        "terms": {
            "field": column,
            "size": MAX_FACET_TERMS,
            "segment_size": MAX_FACET_TERMS,
            "min_doc_count": 0 if mincount == 0 else 1,
        }
    }


def _buckets(result: dict[str, Any], name: str) -> list[dict[str, Any]]:
    return result.get(name, {}).get("buckets", [])


def _key(ref: FieldRef, key: Any) -> str:
    if ref.kind == "date" and isinstance(key, (int, float)):
        return format_millis(int(key))
    if ref.kind == "float" and isinstance(key, (int, float)):
        return repr(float(key))
    if isinstance(key, float) and key.is_integer():
        return str(int(key))
    return str(key)


def _flat(ff: FacetField, counts: dict[str, int]) -> list[Any]:
    items = [(t, n) for t, n in counts.items() if n >= ff.mincount]
    if ff.sort == "count":
        items.sort(key=lambda tn: (-tn[1], tn[0]))
    else:
        items.sort(key=lambda tn: tn[0])
    items = items[ff.offset :] if ff.limit < 0 else items[ff.offset : ff.offset + ff.limit]
    flat: list[Any] = []
    for term, n in items:
        flat += [term, n]
    return flat


def response(fields: dict[str, list[Any]]) -> dict[str, Any]:
    return {
        "facet_queries": {},
        "facet_fields": fields,
        "facet_ranges": {},
        "facet_intervals": {},
        "facet_heatmaps": {},
    }
