"""Load a Solr ``schema.xml``: the single source of truth for fields and analysis."""

from __future__ import annotations

import hashlib
import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from jena_search.bounded import MISSING, BoundedCache, name_bytes, name_cache

Kind = Literal["string", "bool", "int", "float", "date", "text", "binary"]

# Solr field classes we can represent, by their short class name.
_KINDS: dict[str, Kind] = {
    "StrField": "string",
    "BoolField": "bool",
    "IntPointField": "int",
    "LongPointField": "int",
    "TrieIntField": "int",
    "TrieLongField": "int",
    "FloatPointField": "float",
    "DoublePointField": "float",
    "TrieFloatField": "float",
    "TrieDoubleField": "float",
    "DatePointField": "date",
    "TrieDateField": "date",
    "TextField": "text",
    "BinaryField": "binary",
}


class SchemaError(Exception):
    """schema.xml cannot be used; the message names the offending element."""


@dataclass(frozen=True)
class Component:
    """A tokenizer or filter factory of an analyzer chain."""

    factory: str  # short class name, e.g. "LowerCaseFilterFactory"
    attrs: tuple[tuple[str, str], ...] = ()

    def get(self, name: str, default: str | None = None) -> str | None:
        for key, value in self.attrs:
            if key == name:
                return value
        return default


@dataclass(frozen=True)
class Analyzer:
    tokenizer: Component
    filters: tuple[Component, ...]


@dataclass(frozen=True)
class FieldType:
    name: str
    solr_class: str
    kind: Kind
    multi_valued: bool
    index_analyzer: Analyzer | None = None
    query_analyzer: Analyzer | None = None


@dataclass(frozen=True)
class Field:
    name: str
    type: FieldType
    indexed: bool
    stored: bool
    multi_valued: bool
    required: bool = False
    default: str | None = None
    pattern: str | None = None  # set for fields matched by a dynamicField rule
    rule: int = -1  # index of the dynamicField rule, -1 for declared fields

    @property
    def dynamic(self) -> bool:
        return self.pattern is not None


@dataclass(frozen=True)
class CopyField:
    source: str  # may contain one "*" like Solr's glob
    dest: str


@dataclass
class SolrSchema:
    name: str
    version: str
    unique_key: str
    types: dict[str, FieldType]
    fields: dict[str, Field]
    dynamic_fields: list[Field]
    copy_fields: list[CopyField]
    base_dir: Path
    raw: bytes = b""
    _copy_cache: BoundedCache[str, tuple[str, ...]] = field(default_factory=name_cache)
    _dynamic_cache: BoundedCache[str, Field | None] = field(default_factory=name_cache)

    def field(self, name: str) -> Field | None:
        """The declared field, or the first matching dynamicField rule (Solr's order)."""
        return _lookup(self, name)

    def copy_targets(self, source: str) -> tuple[str, ...]:
        cached = self._copy_cache.get(source)
        if cached is not None:
            return cached
        dests = tuple(cf.dest for cf in self.copy_fields if cf.dest != source and _glob_match(cf.source, source))
        self._copy_cache.put(source, dests, name_bytes(source))
        return dests

    def fingerprint(self) -> str:
        """Changes whenever the index layout derived from this schema would change."""
        desc = {
            "fields": [
                [f.name, f.type.name, f.type.kind, f.indexed, f.stored, f.multi_valued] for f in self.fields.values()
            ],
            "dynamic": [[f.pattern, f.type.name, f.type.kind, f.indexed] for f in self.dynamic_fields],
            "analysis": [[t.name, repr(t.index_analyzer), repr(t.query_analyzer)] for t in self.types.values()],
            "key": self.unique_key,
        }
        return hashlib.sha256(json.dumps(desc, sort_keys=True).encode()).hexdigest()[:16]

    def read_resource(self, name: str) -> list[str]:
        """Lines of a word list shipped next to schema.xml (comments and blanks dropped)."""
        path = (self.base_dir / name).resolve()
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise SchemaError(f"cannot read {name} referenced by schema.xml: {exc}") from exc
        return [ln.strip() for ln in lines if ln.strip() and not ln.lstrip().startswith("#")]


def _glob_match(pattern: str, name: str) -> bool:
    if pattern == "*":
        return True
    if pattern.startswith("*"):
        return name.endswith(pattern[1:])
    if pattern.endswith("*"):
        return name.startswith(pattern[:-1])
    return pattern == name


def _lookup(schema: SolrSchema, name: str) -> Field | None:
    declared = schema.fields.get(name)
    if declared is not None:
        return declared
    found = schema._dynamic_cache.get(name, MISSING)
    if found is MISSING:
        found = _dynamic_lookup(schema.dynamic_fields, name)
        schema._dynamic_cache.put(name, found, name_bytes(name))
    return found


def _dynamic_lookup(rules: list[Field], name: str) -> Field | None:
    for rule in rules:
        assert rule.pattern is not None
        if _glob_match(rule.pattern, name):
            return Field(
                name=name,
                type=rule.type,
                indexed=rule.indexed,
                stored=rule.stored,
                multi_valued=rule.multi_valued,
                pattern=rule.pattern,
                rule=rule.rule,
            )
    return None


def _bool(value: str | None, default: bool) -> bool:
    if value is None:
        return default
    return value.strip().lower() in ("true", "1", "yes", "on")


def _short_class(name: str) -> str:
    return name.rsplit(".", 1)[-1]


def _component(el: ET.Element) -> Component:
    cls = el.get("class") or el.get("name")
    if not cls:
        raise SchemaError(f"<{el.tag}> without class attribute")
    attrs = tuple(sorted((k, v) for k, v in el.attrib.items() if k not in ("class", "name")))
    short = _short_class(cls)
    if el.get("name") and not el.get("class"):
        # Solr 9 SPI names ("lowercase") are accepted as well as factory class names.
        short = el.get("name", "")
    return Component(short, attrs)


def _analyzer(el: ET.Element, type_name: str) -> Analyzer:
    tok = el.find("tokenizer")
    if tok is None:
        raise SchemaError(f"fieldType {type_name}: analyzer without tokenizer")
    return Analyzer(_component(tok), tuple(_component(f) for f in el.findall("filter")))


def _field_type(el: ET.Element) -> FieldType:
    name = el.get("name", "")
    cls = _short_class(el.get("class", ""))
    kind = _KINDS.get(cls)
    if kind is None:
        raise SchemaError(f"fieldType {name}: class {el.get('class')} is not supported")
    index_an = query_an = None
    for an in el.findall("analyzer"):
        kind_attr = an.get("type")
        parsed = _analyzer(an, name)
        if kind_attr in (None, "index"):
            index_an = parsed
        if kind_attr in (None, "query"):
            query_an = parsed
    if kind == "text" and index_an is None:
        raise SchemaError(f"fieldType {name}: TextField needs an analyzer")
    return FieldType(
        name=name,
        solr_class=cls,
        kind=kind,
        multi_valued=_bool(el.get("multiValued"), False),
        index_analyzer=index_an,
        query_analyzer=query_an or index_an,
    )


def _field(el: ET.Element, types: dict[str, FieldType], rule: int = -1) -> Field:
    name = el.get("name", "")
    type_name = el.get("type", "")
    ftype = types.get(type_name)
    if ftype is None:
        raise SchemaError(f"field {name}: unknown type {type_name!r}")
    return Field(
        name=name,
        type=ftype,
        indexed=_bool(el.get("indexed"), True),
        stored=_bool(el.get("stored"), True),
        multi_valued=_bool(el.get("multiValued"), ftype.multi_valued),
        required=_bool(el.get("required"), False),
        default=el.get("default"),
        pattern=name if rule >= 0 else None,
        rule=rule,
    )


def load_schema(path: str | Path) -> SolrSchema:
    """Parse schema.xml; raises SchemaError with a readable message."""
    path = Path(path)
    try:
        raw = path.read_bytes()
        root = ET.fromstring(raw)
    except (OSError, ET.ParseError) as exc:
        raise SchemaError(f"cannot read schema {path}: {exc}") from exc
    if root.tag != "schema":
        raise SchemaError(f"{path}: root element must be <schema>")

    types: dict[str, FieldType] = {}
    for el in root.iter():
        if el.tag.lower() == "fieldtype":
            ft = _field_type(el)
            types[ft.name] = ft

    fields: dict[str, Field] = {}
    dynamic: list[Field] = []
    for el in root.iter():
        if el.tag == "field":
            f = _field(el, types)
            fields[f.name] = f
        elif el.tag == "dynamicField":
            dynamic.append(_field(el, types, rule=len(dynamic)))
    # Solr tries longer patterns first; "*" always comes last.
    dynamic.sort(key=lambda f: (f.pattern == "*", -len(f.pattern or "")))

    copies = [CopyField(el.get("source", ""), el.get("dest", "")) for el in root.iter("copyField")]
    for cf in copies:
        if cf.dest not in fields and not any(_glob_match(d.pattern or "", cf.dest) for d in dynamic):
            raise SchemaError(f"copyField dest {cf.dest!r} is not a field")

    key_el = root.find("uniqueKey")
    if key_el is None or not (key_el.text or "").strip():
        raise SchemaError(f"{path}: <uniqueKey> missing")
    unique_key = (key_el.text or "").strip()
    key_field = fields.get(unique_key)
    if key_field is None or key_field.type.kind != "string":
        raise SchemaError(f"uniqueKey {unique_key} must be a declared string field")

    return SolrSchema(
        name=root.get("name", ""),
        version=root.get("version", ""),
        unique_key=unique_key,
        types=types,
        fields=fields,
        dynamic_fields=dynamic,
        copy_fields=copies,
        base_dir=path.parent,
        raw=raw,
    )


def default_schema_path() -> Path:
    """deploy/solr/schema.xml of the repository (the service's default)."""
    here = Path(__file__).resolve()
    for parent in here.parents:
        candidate = parent / "deploy" / "solr" / "schema.xml"
        if candidate.is_file():
            return candidate
    return Path("deploy/solr/schema.xml")
