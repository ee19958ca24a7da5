"""How Solr fields become Tantivy fields.

* A declared, indexed field gets its own Tantivy field ``f_<name>``: strings and booleans
  are raw-tokenized text (single-valued ones fast: sortable, facetable), ints and floats are
  i64/f64 fast fields, dates are i64 fast fields holding epoch milliseconds (Solr's
  precision), text fields use the analyzer mapped from schema.xml (see analysis.py).
  Multi-valued strings and booleans are faceted through slot columns (see slots.py).
* Each dynamicField rule gets one Tantivy JSON field ``d<n>`` keyed by the concrete field
  name, because Tantivy cannot add fields to an existing index.
* Stored values of a document are kept once, as JSON, in the stored bytes field ``_src``.
* ``_fields`` lists the names a document has (``field:*`` queries), ``_seq`` is a unique
  number per added document (the bbox column cache is keyed by it).

``LAYOUT_VERSION`` changes whenever this mapping changes; an index built with another
version is set aside at start like one built from another schema.xml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import tantivy

from jena_search import slots
from jena_search.analysis import FieldAnalysis, build_all
from jena_search.bounded import MISSING, BoundedCache, name_bytes, name_cache
from jena_search.errors import bad_request, snippet
from jena_search.schema import Field, SolrSchema

SRC = "_src"
FIELDS = "_fields"
SEQ = "_seq"
BBOX_OK = "_bbox_ok"
BBOX_FIELDS = ("minx", "miny", "maxx", "maxy")
_IDENT = re.compile(r"^[A-Za-z0-9_]+$")
_FAST_KINDS = ("string", "bool", "int", "float", "date")
LAYOUT_VERSION = 3
TWIN = "__w"  # suffix of the twin field of a compound-splitting text field (see analysis.py)


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
    def twin(self) -> str | None:
        """The field (or JSON path) analysed without compound splitting, if the type splits."""
        if self.analysis is None or self.analysis.whole is None:
            return None
        if self.json_root is None:
            return self.tname + TWIN
        return json_path(self.json_root + TWIN, self.name)

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


def tantivy_name(name: str) -> str:
    """The Tantivy field of a declared Solr field."""
    if _IDENT.match(name):
        return "f_" + name
    return "f_x" + name.encode("utf-8").hex()


def json_path(root: str, name: str) -> str:
    return root + "." + name.replace("\\", "\\\\").replace(".", "\\.")


class Layout:
    def __init__(self, schema: SolrSchema) -> None:
        self.schema = schema
        self.analyses = build_all(schema)
        self.key = schema.unique_key
        self.key_tname = tantivy_name(self.key)
        self.has_bbox = all(
            (f := schema.fields.get(n)) is not None and f.type.kind == "float" and f.indexed and not f.multi_valued
            for n in BBOX_FIELDS
        )
        # Declared multi-valued string/boolean fields faceted through slot columns: tname → slots.
        self.slotted: dict[str, list[str]] = {
            tantivy_name(f.name): slots.slot_names(tantivy_name(f.name))
            for f in schema.fields.values()
            if f.indexed and f.multi_valued and f.type.kind in ("string", "bool")
        }
        self._refs: BoundedCache[str, FieldRef | None] = name_cache()
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
            self._add_field(sb, tantivy_name(f.name), f)
        slots.add_columns(sb, self.slotted)
        for rule in self.schema.dynamic_fields:
            if not rule.indexed or rule.type.kind == "binary":
                continue
            if rule.type.kind == "text":
                sb.add_json_field(f"d{rule.rule}", stored=False, tokenizer_name=self._tokenizer(rule))
                whole = self.analyses[rule.type.name]
                if whole.whole is not None:
                    sb.add_json_field(f"d{rule.rule}{TWIN}", stored=False, tokenizer_name=whole.whole_tokenizer_name)
            else:
                sb.add_json_field(f"d{rule.rule}", stored=False, fast=True, tokenizer_name="raw")
        return sb.build()

    def _add_field(self, sb: tantivy.SchemaBuilder, tname: str, f: Field) -> None:
        kind = f.type.kind
        if kind in ("string", "bool"):
            fast = tname not in self.slotted
            sb.add_text_field(tname, stored=False, fast=fast, tokenizer_name="raw", index_option="freq")
        elif kind in ("int", "date"):
            sb.add_integer_field(tname, stored=False, indexed=True, fast=True)
        elif kind == "float":
            sb.add_float_field(tname, stored=False, indexed=True, fast=True)
        else:
            sb.add_text_field(tname, stored=False, tokenizer_name=self._tokenizer(f))
            analysis = self.analyses[f.type.name]
            if analysis.whole is not None:
                sb.add_text_field(tname + TWIN, stored=False, tokenizer_name=analysis.whole_tokenizer_name)

    def register_tokenizers(self, index: tantivy.Index) -> None:
        for analysis in self.analyses.values():
            index.register_tokenizer(analysis.tokenizer_name, analysis.index)
            if analysis.whole is not None:
                index.register_tokenizer(analysis.whole_tokenizer_name, analysis.whole[0])

    def twins(self) -> list[tuple[str, str]]:
        """(Tantivy field or JSON root, its twin) for every compound-splitting text field."""
        out = []
        for f in self.schema.fields.values():
            if f.indexed and f.type.kind == "text" and self.analyses[f.type.name].whole is not None:
                out.append((tantivy_name(f.name), tantivy_name(f.name) + TWIN))
        for rule in self.schema.dynamic_fields:
            if rule.indexed and rule.type.kind == "text" and self.analyses[rule.type.name].whole is not None:
                out.append((f"d{rule.rule}", f"d{rule.rule}{TWIN}"))
        return out

    # -- lookups --------------------------------------------------------------------------
    def ref(self, name: str) -> FieldRef | None:
        """The searchable field called ``name``; None if the schema does not know it."""
        cached = self._refs.get(name, MISSING)
        if cached is not MISSING:
            return cached  # type: ignore[no-any-return]
        f = self.schema.field(name)
        ref = None
        if f is not None:
            if f.dynamic:
                root = f"d{f.rule}"
                ref = FieldRef(f, json_path(root, name), root, self.analyses.get(f.type.name))
            else:
                ref = FieldRef(f, tantivy_name(name), None, self.analyses.get(f.type.name))
        self._refs.put(name, ref, name_bytes(name))
        return ref

    def searchable(self, name: str) -> FieldRef:
        ref = self.ref(name)
        if ref is None:
            raise bad_request(f"undefined field {snippet(name)}")
        if not ref.field.indexed or ref.kind == "binary":
            raise bad_request(f"can not search on field {snippet(name)}: it is not indexed")
        return ref
