"""Solr documents → Tantivy field dicts plus the stored JSON source.

Indexing spends most of its Python time here, so everything that depends only on a field
name (its schema field, Tantivy target, copyField destinations, value conversion) is worked
out once per name and kept in a ``FieldPlan``; converting a document is then a loop over
its fields with one dictionary lookup each.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from jena_search import slots
from jena_search.bounded import MISSING, BoundedCache, name_bytes, name_cache
from jena_search.errors import bad_request
from jena_search.layout import BBOX_FIELDS, BBOX_OK, FIELDS, SRC, Layout, tantivy_name
from jena_search.schema import Field
from jena_search.values import InvalidValue, format_millis, parse_bool, parse_date

# (key, value, now_ms) → (stored value, indexed value)
Converter = Callable[[str, Any, int], tuple[Any, Any]]
# json.dumps with options builds a new encoder per call; one prebuilt encoder gives the same text.
_encode_json = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
_WHAT = {"int": "Invalid Number", "float": "Invalid Number", "date": "Invalid Date String", "bool": "Invalid Boolean"}


@dataclass(frozen=True)
class FieldPlan:
    field: Field
    convert: Converter | None  # None: values are strings, stored and indexed as they are
    target: str | None  # Tantivy field (declared) or JSON root (dynamic); None: not indexed
    dynamic: bool
    copy_to: tuple[str, ...]

    @property
    def name(self) -> str:
        return self.field.name


class DocumentConverter:
    def __init__(self, layout: Layout) -> None:
        self.layout = layout
        self.schema = layout.schema
        self.key = layout.key
        self._plans: BoundedCache[str, FieldPlan | None] = name_cache()
        fields = list(self.schema.fields.values())
        self._defaults = [f for f in fields if f.default is not None]
        self._required = [f.name for f in fields if f.required and f.default is None]
        slotted = [
            (f.name, tantivy_name(f.name), layout.slotted[tantivy_name(f.name)])
            for f in fields
            if tantivy_name(f.name) in layout.slotted
        ]
        self._slots = slots.Filler(slotted) if slotted else None
        self._bbox = layout.has_bbox
        self._twins = layout.twins()

    def plan(self, name: str) -> FieldPlan | None:
        plan = self._plans.get(name, MISSING)
        if plan is not MISSING:
            return plan  # type: ignore[no-any-return]
        f = self.schema.field(name)
        if f is not None:
            kind = f.type.kind
            target = None
            if f.indexed and kind != "binary":
                target = f"d{f.rule}" if f.dynamic else tantivy_name(name)
            plan = FieldPlan(f, _converter(f), target, f.dynamic, self.schema.copy_targets(name))
        self._plans.put(name, plan, name_bytes(name))
        return plan

    def convert(self, doc: Any, now_ms: int) -> tuple[str, dict[str, Any], dict[str, Any]]:
        """(unique key, Tantivy field dict, stored source) for one Solr document.

        Raises SolrError 400 with Solr's wording for invalid documents.
        """
        if not isinstance(doc, dict):
            raise bad_request(f"Document must be a JSON object, got {type(doc).__name__}")
        key = self._key(doc)
        tdoc: dict[str, Any] = {}
        src: dict[str, Any] = {}
        present: dict[str, None] = {}
        copies: dict[str, list[Any]] = {}
        plans = self._plans
        put = self._put
        for name, raw in doc.items():
            if not isinstance(name, str) or not name:
                raise bad_request(f"ERROR: [doc={key}] invalid field name {name!r}")
            if raw is None:
                continue
            kind = type(raw)
            values = _values(key, name, raw) if kind is list or kind is dict else [raw]
            if not values:
                continue
            plan = plans.get(name) or self.plan(name)
            if plan is None:
                raise bad_request(f"ERROR: [doc={key}] unknown field '{name}'")
            if len(values) > 1 and not plan.field.multi_valued:
                raise bad_request(
                    f"ERROR: [doc={key}] multiple values encountered for non multiValued field {name}: {_short(values)}"
                )
            put(key, plan, values, tdoc, src, present, now_ms)
            for dest in plan.copy_to:
                if dest in copies:
                    copies[dest].extend(values)
                else:
                    copies[dest] = list(values)
        for dest, values in copies.items():
            plan = plans.get(dest) or self.plan(dest)
            if plan is not None:
                put(key, plan, values, tdoc, src, present, now_ms)
        for f in self._defaults:
            if f.name not in present:
                plan = self.plan(f.name)
                assert plan is not None and f.default is not None
                self._put(key, plan, [f.default], tdoc, src, present, now_ms)
        for name in self._required:
            if name not in present:
                raise bad_request(f"[doc={key}] missing required field: {name}")
        tdoc[FIELDS] = list(present)
        for target, twin in self._twins:
            if target in tdoc:
                tdoc[twin] = tdoc[target]
        if self._slots is not None:
            self._slots.fill(tdoc)
        if self._bbox:
            coords: list[Any] = [src.get(n) for n in BBOX_FIELDS]
            if all(isinstance(c, float) for c in coords):
                minx, miny, maxx, maxy = coords
                tdoc[BBOX_OK] = [1 if (maxx > minx and maxy > miny) else 0]
        tdoc[SRC] = [_encode_json(src).encode("utf-8")]
        return key, tdoc, src

    def _key(self, doc: dict[str, Any]) -> str:
        raw_key = doc.get(self.key)
        if isinstance(raw_key, list) and len(raw_key) == 1:
            raw_key = raw_key[0]
        if raw_key is None or isinstance(raw_key, (list, dict)) or str(raw_key) == "":
            raise bad_request(f"Document is missing mandatory uniqueKey field: {self.key}")
        return _as_text(raw_key)

    @staticmethod
    def _put(
        key: str,
        plan: FieldPlan,
        values: list[Any],
        tdoc: dict[str, Any],
        src: dict[str, Any],
        present: dict[str, None],
        now_ms: int,
    ) -> None:
        f = plan.field
        convert = plan.convert
        if convert is None:
            stored = indexed = [v if type(v) is str else _as_text(v) for v in values]
        else:
            pairs = [convert(key, v, now_ms) for v in values]
            stored = [p[0] for p in pairs]
            indexed = [p[1] for p in pairs]
        name = f.name
        if f.stored:
            if f.multi_valued:
                src.setdefault(name, []).extend(stored)
            else:
                src[name] = stored[0]
        present[name] = None
        target = plan.target
        if target is None:
            return
        if plan.dynamic:
            bucket = tdoc.setdefault(target, {})
            prev = bucket.get(name)
            if prev is None:
                bucket[name] = indexed if len(indexed) > 1 else indexed[0]
            else:
                bucket[name] = (prev if isinstance(prev, list) else [prev]) + indexed
        else:
            existing = tdoc.get(target)
            if existing is None:
                tdoc[target] = list(indexed)
            else:
                existing.extend(indexed)


def _values(key: str, name: str, raw: Any) -> list[Any]:
    if isinstance(raw, list):
        out = []
        for v in raw:
            if v is None:
                continue
            if isinstance(v, (dict, list)):
                raise bad_request(f"ERROR: [doc={key}] field {name}: nested values are not supported")
            out.append(v)
        return out
    if isinstance(raw, dict):
        raise bad_request(f"ERROR: [doc={key}] field {name}: atomic updates and nested documents are not supported")
    return [raw]


def _as_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _short(values: list[Any]) -> str:
    text = "[" + ", ".join(str(v) for v in values) + "]"
    return text if len(text) <= 200 else text[:200] + "...]"


def _clip(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 100 else text[:100] + "..."


def _bool(value: Any, _now: int) -> tuple[Any, Any]:
    b = value if isinstance(value, bool) else parse_bool(str(value))
    return b, "true" if b else "false"


def _int(value: Any, _now: int) -> tuple[Any, Any]:
    if isinstance(value, bool):
        raise InvalidValue(value)
    if isinstance(value, float):
        if not value.is_integer():
            raise InvalidValue(value)
        out = int(value)
    else:
        out = int(str(value).strip())
    if not -(2**63) <= out < 2**63:
        raise InvalidValue(value)
    return out, out


def _float(value: Any, _now: int) -> tuple[Any, Any]:
    if isinstance(value, bool):
        raise InvalidValue(value)
    out = float(value)
    if math.isnan(out) or math.isinf(out):
        raise InvalidValue(value)
    return out, out


def _date(value: Any, now_ms: int) -> tuple[Any, Any]:
    if not isinstance(value, str):
        raise InvalidValue(value)
    ms = parse_date(value, now_ms)
    return format_millis(ms), ms


_BY_KIND: dict[str, Callable[[Any, int], tuple[Any, Any]]] = {
    "bool": _bool,
    "int": _int,
    "float": _float,
    "date": _date,
}


def _converter(f: Field) -> Converter | None:
    """None for string-like kinds; otherwise a converter raising Solr's 400 for bad values."""
    kind = f.type.kind
    fn = _BY_KIND.get(kind)
    if fn is None:
        return None
    name = f.name

    def convert(key: str, value: Any, now_ms: int) -> tuple[Any, Any]:
        try:
            return fn(value, now_ms)
        except (InvalidValue, ValueError, OverflowError) as exc:
            what = _WHAT.get(kind, "Invalid value")
            raise bad_request(
                f"ERROR: [doc={key}] Error adding field '{name}'='{_clip(value)}' msg={what}:'{_clip(value)}'"
            ) from exc

    return convert
