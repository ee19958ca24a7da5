"""Fast, streaming RDF writers (Turtle, RDF/XML, JSON-LD) for small per-dataset graphs.

rdflib's serializers work on a whole graph (pretty RDF/XML groups and sorts everything,
which dominates the cost of a catalog page). These writers turn one small graph into a
self-contained *fragment* that can be cached and concatenated with other fragments into a
document: subjects are written one after another, blank nodes get labels unique to the
fragment (derived from a caller-given prefix), and all documents declare the same fixed
prefixes. The output parses back to a graph isomorphic to the input (tested).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from xml.sax.saxutils import escape, quoteattr

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from ckanext.jena.profiles.namespaces import PREFIXES

__all__ = ["FORMATS", "MEDIA_TYPES", "document", "fragment"]

FORMATS = ("rdf", "ttl", "jsonld")
MEDIA_TYPES = {
    "rdf": "application/rdf+xml; charset=utf-8",
    "ttl": "text/turtle; charset=utf-8",
    "jsonld": "application/ld+json; charset=utf-8",
}

_NAMESPACES = sorted(((ns, prefix) for prefix, ns in PREFIXES.items()), key=lambda item: -len(item[0]))
_TURTLE_LOCAL = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")
_NCNAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")
_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')
# Characters XML 1.0 cannot carry at all, not even escaped.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_TURTLE_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"})


def _ordered(graph: Graph, root: Node) -> tuple[list[Node], dict[BNode, int]]:
    """Subjects in a stable order (root, then by first reference) and a number per blank node."""
    subjects: list[Node] = []
    seen: set[Node] = set()
    numbers: dict[BNode, int] = {}

    def visit(node: Node) -> None:
        if node in seen:
            return
        seen.add(node)
        if isinstance(node, BNode):
            numbers[node] = len(numbers)
        if (node, None, None) in graph:
            subjects.append(node)
        children = [o for _, o in sorted(graph.predicate_objects(node), key=_sort_key) if not isinstance(o, Literal)]
        for child in children:
            visit(child)

    visit(root)
    for subject in sorted(set(graph.subjects()) - seen, key=lambda s: (isinstance(s, BNode), str(s))):
        visit(subject)
    return subjects, numbers


def _sort_key(pair: tuple[Node, Node]) -> tuple[str, int, str]:
    predicate, obj = pair
    return str(predicate), isinstance(obj, BNode), "" if isinstance(obj, BNode) else str(obj)


def _split(iri: str) -> tuple[str, str] | None:
    for namespace, prefix in _NAMESPACES:
        if iri.startswith(namespace):
            return prefix, iri[len(namespace) :]
    return None


class _Labels:
    def __init__(self, prefix: str, numbers: dict[BNode, int]) -> None:
        self.prefix = prefix
        self.numbers = numbers

    def __call__(self, node: BNode) -> str:
        return f"{self.prefix}n{self.numbers.setdefault(node, len(self.numbers))}"


# --- Turtle ----------------------------------------------------------------------------------


def _ttl_iri(iri: str) -> str:
    split = _split(iri)
    if split and _TURTLE_LOCAL.match(split[1]):
        return f"{split[0]}:{split[1]}"
    return "<" + _IRI_FORBIDDEN.sub(lambda m: f"\\u{ord(m.group()):04X}", iri) + ">"


def _ttl_term(node: Node, labels: _Labels) -> str:
    if isinstance(node, URIRef):
        return _ttl_iri(str(node))
    if isinstance(node, BNode):
        return "_:" + labels(node)
    assert isinstance(node, Literal)
    text = '"' + str(node).translate(_TURTLE_ESCAPES) + '"'
    if node.language:
        return f"{text}@{node.language}"
    if node.datatype:
        return f"{text}^^{_ttl_iri(str(node.datatype))}"
    return text


def _turtle(graph: Graph, subjects: list[Node], labels: _Labels) -> str:
    out: list[str] = []
    for subject in subjects:
        statements: list[str] = []
        for predicate, obj in sorted(graph.predicate_objects(subject), key=_sort_key):
            verb = "a" if predicate == RDF.type else _ttl_iri(str(predicate))
            statements.append(f"{verb} {_ttl_term(obj, labels)}")
        out.append(f"{_ttl_term(subject, labels)} " + " ;\n    ".join(statements) + " .\n")
    return "".join(out)


# --- RDF/XML ---------------------------------------------------------------------------------


def _xml_text(text: str) -> str:
    # XML parsers turn a literal CR (and CR LF) into LF; as a character reference it survives.
    return escape(_XML_INVALID.sub("", text)).replace("\r", "&#13;")


def _xml_attr(text: str) -> str:
    return quoteattr(_XML_INVALID.sub("", text))


def _xml_property(iri: str) -> tuple[str, str]:
    """The element name for a property and an extra namespace declaration if it needs one."""
    split = _split(iri)
    if split and _NCNAME.match(split[1]):
        return f"{split[0]}:{split[1]}", ""
    cut = max(iri.rfind("#"), iri.rfind("/")) + 1
    local = iri[cut:]
    if not _NCNAME.match(local):
        raise ValueError(f"property IRI {iri!r} cannot be written as RDF/XML")
    return f"j:{local}", f" xmlns:j={_xml_attr(iri[:cut])}"


def _rdfxml(graph: Graph, subjects: list[Node], labels: _Labels) -> str:
    out: list[str] = []
    for subject in subjects:
        if isinstance(subject, BNode):
            out.append(f'<rdf:Description rdf:nodeID="{labels(subject)}">\n')
        else:
            out.append(f"<rdf:Description rdf:about={_xml_attr(str(subject))}>\n")
        for predicate, obj in sorted(graph.predicate_objects(subject), key=_sort_key):
            name, declaration = _xml_property(str(predicate))
            if isinstance(obj, URIRef):
                out.append(f"  <{name}{declaration} rdf:resource={_xml_attr(str(obj))}/>\n")
            elif isinstance(obj, BNode):
                out.append(f'  <{name}{declaration} rdf:nodeID="{labels(obj)}"/>\n')
            else:
                assert isinstance(obj, Literal)
                attribute = ""
                if obj.language:
                    attribute = f' xml:lang="{obj.language}"'
                elif obj.datatype:
                    attribute = f" rdf:datatype={_xml_attr(str(obj.datatype))}"
                out.append(f"  <{name}{declaration}{attribute}>{_xml_text(str(obj))}</{name}>\n")
        out.append("</rdf:Description>\n")
    return "".join(out)


# --- JSON-LD ---------------------------------------------------------------------------------


def _jsonld_value(node: Node, labels: _Labels) -> dict[str, str]:
    if isinstance(node, URIRef):
        return {"@id": str(node)}
    if isinstance(node, BNode):
        return {"@id": "_:" + labels(node)}
    assert isinstance(node, Literal)
    value = {"@value": str(node)}
    if node.language:
        value["@language"] = node.language
    elif node.datatype:
        value["@type"] = str(node.datatype)
    return value


def _jsonld(graph: Graph, subjects: list[Node], labels: _Labels) -> str:
    nodes: list[str] = []
    for subject in subjects:
        node: dict[str, object] = {"@id": _jsonld_value(subject, labels)["@id"]}
        for predicate, obj in sorted(graph.predicate_objects(subject), key=_sort_key):
            if predicate == RDF.type and isinstance(obj, URIRef):
                node.setdefault("@type", []).append(str(obj))  # type: ignore[union-attr]
            else:
                node.setdefault(str(predicate), []).append(_jsonld_value(obj, labels))  # type: ignore[union-attr]
        nodes.append(json.dumps(node, ensure_ascii=False, separators=(",", ":")))
    return ",\n".join(nodes)


_WRITERS = {"ttl": _turtle, "rdf": _rdfxml, "jsonld": _jsonld}


def fragment(graph: Graph, root: Node, fmt: str, label_prefix: str) -> str:
    """``graph`` as a fragment of format ``fmt``; blank node labels start with ``label_prefix``."""
    subjects, numbers = _ordered(graph, root)
    return _WRITERS[fmt](graph, subjects, _Labels(label_prefix, numbers))


def _header(fmt: str) -> str:
    if fmt == "ttl":
        return "".join(f"@prefix {prefix}: <{ns}> .\n" for prefix, ns in PREFIXES.items()) + "\n"
    if fmt == "rdf":
        declarations = "".join(f"\n    xmlns:{prefix}={_xml_attr(ns)}" for prefix, ns in PREFIXES.items())
        return f'<?xml version="1.0" encoding="utf-8"?>\n<rdf:RDF{declarations}>\n'
    return '{"@context":' + json.dumps(PREFIXES, separators=(",", ":")) + ',"@graph":[\n'


_FOOTERS = {"ttl": "", "rdf": "</rdf:RDF>\n", "jsonld": "\n]}\n"}


def document(fmt: str, fragments: Iterable[str]) -> Iterator[str]:
    """A complete document made of fragments (streamed; empty fragments are skipped)."""
    yield _header(fmt)
    separator = ",\n" if fmt == "jsonld" else "\n" if fmt == "ttl" else ""
    first = True
    for text in fragments:
        if not text:
            continue
        if not first:
            yield separator
        first = False
        yield text
    yield _FOOTERS[fmt]
