"""How Solr fields become Tantivy fields, and Solr documents become Tantivy documents.

* A declared, indexed field gets its own Tantivy field ``f_<name>``: strings and booleans
  are raw-tokenized fast text (sortable, facetable), ints and floats are i64/f64 fast
  fields, dates are i64 fast fields holding epoch milliseconds (Solr's precision), text
  fields use the analyzer mapped from schema.xml (see analysis.py).
* Each dynamicField rule gets one Tantivy JSON field ``d<n>`` keyed by the concrete field
  name, because Tantivy cannot add fields to an existing index.
* Stored values of a document are kept once, as JSON, in the stored bytes field ``_src``.
* ``_fields`` lists the names a document has (``field:*`` queries), ``_seq`` is a unique
  number per added document (the bbox column cache is keyed by it).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import tantivy

from jena_search.analysis import FieldAnalysis, build_all
from jena_search.errors import SolrError, bad_request
from jena_search.schema import Field, SolrSchema
from jena_search.values import InvalidValue, format_millis, parse_bool, parse_date

SRC = "_src"
FIELDS = "_fields"
SEQ = "_seq"
BBOX_OK = "_bbox_ok"
BBOX_FIELDS = ("minx", "miny", "maxx", "maxy")
_IDENT = re.compile(r"^[A-Za-z0-9_]+$")
_FAST_KINDS = ("string", "bool", "int", "float", "date")


@dataclass(frozen=True)
class FieldRef:
    """Where a Solr field lives in the Tantivy index."""

    field: Field
    tname: str  # Tantivy field, or JSON path "d<n>.<escaped name>" for dynamic fields
    json_root: str | None
    analysis: FieldAnalysis | None

    @property
    def name(self) -> str:
        return self.field.name

    @property
    def kind(self) -> str:
        return self.field.type.kind

    @property
    def is_json(self) -> bool:
        return self.json_root is not None

    @property
    def fast(self) -> bool:
        return self.kind in _FAST_KINDS

    @property
    def qp_name(self) -> str:
        """The field as written in Tantivy's own query syntax."""
        if self.json_root is None:
            return self.tname
        key = self.tname[len(self.json_root) + 1 :]
        return self.json_root + "." + re.sub(r"([^A-Za-z0-9_\\])", r"\\\1", key)


def _tname(name: str) -> str:
    if _IDENT.match(name):
        return "f_" + name
    return "f_x" + name.encode("utf-8").hex()


def _json_path(root: str, name: str) -> str:
    return root + "." + name.replace("\\", "\\\\").replace(".", "\\.")


class Layout:
    def __init__(self, schema: SolrSchema) -> None:
        self.schema = schema
        self.analyses = build_all(schema)
        self.key = schema.unique_key
        self.key_tname = _tname(self.key)
        self.has_bbox = all(
            (f := schema.fields.get(n)) is not None and f.type.kind == "float" and f.indexed and not f.multi_valued
            for n in BBOX_FIELDS
        )
        self._refs: dict[str, FieldRef | None] = {}
        self.tantivy_schema = self._build()

    # -- schema ---------------------------------------------------------------------------
    def _tokenizer(self, field: Field) -> str:
        return self.analyses[field.type.name].tokenizer_name

    def _build(self) -> tantivy.Schema:
        sb = tantivy.SchemaBuilder()
        sb.add_bytes_field(SRC, stored=True, indexed=False)
        sb.add_text_field(FIELDS, stored=False, tokenizer_name="raw", index_option="basic")
        sb.add_integer_field(SEQ, stored=False, indexed=True, fast=True)
        if self.has_bbox:
            sb.add_integer_field(BBOX_OK, stored=False, indexed=True, fast=False)
        for f in self.schema.fields.values():
            if not f.indexed or f.type.kind == "binary":
                continue
            self._add_field(sb, _tname(f.name), f)
        for rule in self.schema.dynamic_fields:
            if not rule.indexed or rule.type.kind == "binary":
                continue
            if rule.type.kind == "text":
                sb.add_json_field(f"d{rule.rule}", stored=False, tokenizer_name=self._tokenizer(rule))
            else:
                sb.add_json_field(f"d{rule.rule}", stored=False, fast=True, tokenizer_name="raw")
        return sb.build()

    def _add_field(self, sb: tantivy.SchemaBuilder, tname: str, f: Field) -> None:
        kind = f.type.kind
        if kind in ("string", "bool"):
            sb.add_text_field(tname, stored=False, fast=True, tokenizer_name="raw", index_option="freq")
        elif kind in ("int", "date"):
            sb.add_integer_field(tname, stored=False, indexed=True, fast=True)
        elif kind == "float":
            sb.add_float_field(tname, stored=False, indexed=True, fast=True)
        else:
            sb.add_text_field(tname, stored=False, tokenizer_name=self._tokenizer(f))

    def register_tokenizers(self, index: tantivy.Index) -> None:
        for analysis in self.analyses.values():
            index.register_tokenizer(analysis.tokenizer_name, analysis.index)

    # -- lookups --------------------------------------------------------------------------
    def ref(self, name: str) -> FieldRef | None:
        """The searchable field called ``name``; None if the schema does not know it."""
        if name in self._refs:
            return self._refs[name]
        f = self.schema.field(name)
        ref = None
        if f is not None:
            if f.dynamic:
                root = f"d{f.rule}"
                ref = FieldRef(f, _json_path(root, name), root, self.analyses.get(f.type.name))
            else:
                ref = FieldRef(f, _tname(name), None, self.analyses.get(f.type.name))
        if len(self._refs) < 100_000:
            self._refs[name] = ref
        return ref

    def searchable(self, name: str) -> FieldRef:
        ref = self.ref(name)
        if ref is None:
            raise bad_request(f"undefined field {name}")
        if not ref.field.indexed or ref.kind == "binary":
            raise bad_request(f"can not search on field {name}: it is not indexed")
        return ref

    # -- documents ------------------------------------------------------------------------
    def convert(self, doc: Any, now_ms: int) -> tuple[str, dict[str, Any], dict[str, Any]]:
        """(unique key, Tantivy field dict, stored source) for one Solr document.

        Raises SolrError 400 with Solr's wording for invalid documents.
        """
        if not isinstance(doc, dict):
            raise bad_request(f"Document must be a JSON object, got {type(doc).__name__}")
        raw_key = doc.get(self.key)
        if isinstance(raw_key, list) and len(raw_key) == 1:
            raw_key = raw_key[0]
        if raw_key is None or isinstance(raw_key, (list, dict)) or str(raw_key) == "":
            raise bad_request(f"Document is missing mandatory uniqueKey field: {self.key}")
        key = _as_text(raw_key)
        tdoc: dict[str, Any] = {}
        src: dict[str, Any] = {}
        present: list[str] = []
        copies: dict[str, list[Any]] = {}
        for name, raw in doc.items():
            if not isinstance(name, str) or not name:
                raise bad_request(f"ERROR: [doc={key}] invalid field name {name!r}")
            values = self._values(key, name, raw)
            if not values:
                continue
            f = self.schema.field(name)
            if f is None:
                raise bad_request(f"ERROR: [doc={key}] unknown field '{name}'")
            if len(values) > 1 and not f.multi_valued:
                raise bad_request(
                    f"ERROR: [doc={key}] multiple values encountered for non multiValued field {name}: {_short(values)}"
                )
            self._put(key, f, values, tdoc, src, present, now_ms)
            for dest in self.schema.copy_targets(name):
                copies.setdefault(dest, []).extend(values)
        for dest, values in copies.items():
            f = self.schema.field(dest)
            if f is not None:
                self._put(key, f, values, tdoc, src, present, now_ms, copy=True)
        for f in self.schema.fields.values():
            if f.name in src or f.name in present:
                continue
            if f.default is not None:
                self._put(key, f, [f.default], tdoc, src, present, now_ms)
            elif f.required:
                raise bad_request(f"[doc={key}] missing required field: {f.name}")
        tdoc[FIELDS] = present
        if self.has_bbox:
            coords = [src.get(n) for n in BBOX_FIELDS]
            if all(isinstance(c, float) for c in coords):
                minx, miny, maxx, maxy = coords
                tdoc[BBOX_OK] = [1 if (maxx > minx and maxy > miny) else 0]
        tdoc[SRC] = [json.dumps(src, ensure_ascii=False, separators=(",", ":")).encode("utf-8")]
        return key, tdoc, src

    @staticmethod
    def _values(key: str, name: str, raw: Any) -> list[Any]:
        if raw is None:
            return []
        if isinstance(raw, dict):
            raise bad_request(f"ERROR: [doc={key}] field {name}: atomic updates and nested documents are not supported")
        values = raw if isinstance(raw, list) else [raw]
        out = []
        for v in values:
            if v is None:
                continue
            if isinstance(v, (dict, list)):
                raise bad_request(f"ERROR: [doc={key}] field {name}: nested values are not supported")
            out.append(v)
        return out

    def _put(
        self,
        key: str,
        f: Field,
        values: list[Any],
        tdoc: dict[str, Any],
        src: dict[str, Any],
        present: list[str],
        now_ms: int,
        copy: bool = False,
    ) -> None:
        kind = f.type.kind
        typed = [_typed(key, f, kind, v, now_ms) for v in values]
        stored = [_stored(kind, v) for v in typed]
        if (f.stored and not copy) or (copy and f.stored):
            if f.multi_valued:
                src.setdefault(f.name, []).extend(stored)
            else:
                src[f.name] = stored[0]
        if f.name not in present:
            present.append(f.name)
        if not f.indexed or kind == "binary":
            return
        ivalues = [_indexed(kind, v) for v in typed]
        if f.dynamic:
            bucket = tdoc.setdefault(f"d{f.rule}", {})
            prev = bucket.get(f.name)
            if prev is None:
                bucket[f.name] = ivalues if len(ivalues) > 1 else ivalues[0]
            else:
                bucket[f.name] = (prev if isinstance(prev, list) else [prev]) + ivalues
        else:
            tdoc.setdefault(_tname(f.name), []).extend(ivalues)


def _as_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _short(values: Iterable[Any]) -> str:
    text = "[" + ", ".join(str(v) for v in values) + "]"
    return text if len(text) <= 200 else text[:200] + "...]"


def _typed(key: str, f: Field, kind: str, value: Any, now_ms: int) -> Any:
    try:
        if kind in ("string", "text", "binary"):
            return _as_text(value)
        if kind == "bool":
            return value if isinstance(value, bool) else parse_bool(str(value))
        if kind == "int":
            if isinstance(value, bool):
                raise InvalidValue(value)
            if isinstance(value, float):
                if not value.is_integer():
                    raise InvalidValue(value)
                return int(value)
            out = int(str(value).strip())
            if not -(2**63) <= out < 2**63:
                raise InvalidValue(value)
            return out
        if kind == "float":
            if isinstance(value, bool):
                raise InvalidValue(value)
            out = float(value)
            if math.isnan(out) or math.isinf(out):
                raise InvalidValue(value)
            return out
        if kind == "date":
            if not isinstance(value, str):
                raise InvalidValue(value)
            return parse_date(value, now_ms)
    except (InvalidValue, ValueError, OverflowError) as exc:
        what = {
            "int": "Invalid Number",
            "float": "Invalid Number",
            "date": "Invalid Date String",
            "bool": "Invalid Boolean",
        }.get(kind, "Invalid value")
        raise bad_request(
            f"ERROR: [doc={key}] Error adding field '{f.name}'='{_clip(value)}' msg={what}:'{_clip(value)}'"
        ) from exc
    raise SolrError(500, f"unsupported kind {kind}")


def _clip(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 100 else text[:100] + "..."


def _stored(kind: str, value: Any) -> Any:
    if kind == "date":
        return format_millis(value)
    return value


def _indexed(kind: str, value: Any) -> Any:
    if kind == "bool":
        return "true" if value else "false"
    return value
