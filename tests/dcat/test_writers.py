"""The fast writers: their output is the same graph rdflib would write, for awkward values too."""

from __future__ import annotations

from typing import Any

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, XSD

from ckanext.jena.dcat.graph import dataset_graph
from ckanext.jena.dcat.writers import FORMATS, document, fragment
from ckanext.jena.profiles.namespaces import DCAT, DCT
from tests.dcat import support

AWKWARD = [
    Literal('Anführungszeichen " und \\ Backslash'),
    Literal("Zeile 1\nZeile 2\r\n\tEingerückt"),
    Literal("<b>Markup</b> & Entitäten &amp; ]]> CDATA-Ende"),
    Literal("Umlaute äöüß, Emoji 🚲, Strich –", lang="de"),
    Literal("2024-02-29", datatype=XSD.date),
    Literal("42", datatype=XSD.integer),
    Literal("text with unknown datatype", datatype=URIRef("https://example.org/types#mine")),
]
ODD_PREDICATE = URIRef("https://example.org/vocab/hat-Eigenschaft")


def _graph() -> tuple[Graph, URIRef]:
    graph = Graph()
    ref = URIRef("https://opendata.jena.de/dataset/3f1c2c1e-1111-4222-8333-444455556666")
    graph.add((ref, RDF.type, DCAT.Dataset))
    for value in AWKWARD:
        graph.add((ref, DCT.description, value))
    node = BNode()
    graph.add((ref, DCT.temporal, node))
    graph.add((node, RDF.type, DCT.PeriodOfTime))
    nested = BNode()
    graph.add((node, DCT.relation, nested))
    graph.add((nested, DCT.title, Literal("verschachtelt")))
    graph.add((ref, ODD_PREDICATE, URIRef("https://example.org/straße/a%20b?x=1&y=2")))
    graph.add((ref, DCAT.landingPage, URIRef("https://www.jena.de/suche?q=a&b=c#teil")))
    return graph, ref


@pytest.mark.parametrize("fmt", FORMATS)
def test_awkward_values_survive(fmt: str) -> None:
    graph, ref = _graph()

    text = "".join(document(fmt, [fragment(graph, ref, fmt, "t0")]))

    assert isomorphic(support.parse(text, fmt), graph)


@pytest.mark.parametrize("fmt", FORMATS)
def test_fragments_of_different_datasets_keep_their_blank_nodes_apart(fmt: str) -> None:
    first, ref1 = _graph()
    second = Graph()
    ref2 = URIRef("https://opendata.jena.de/dataset/other")
    for s, p, o in first:
        second.add((ref2 if s == ref1 else s, p, o))

    text = "".join(document(fmt, [fragment(first, ref1, fmt, "ba"), fragment(second, ref2, fmt, "bb")]))

    parsed = support.parse(text, fmt)
    assert len(parsed) == len(first) + len(second)
    assert len(set(parsed.subjects(RDF.type, DCT.PeriodOfTime))) == 2


def test_xml_control_characters_are_dropped_not_written() -> None:
    graph = Graph()
    ref = URIRef("https://opendata.jena.de/dataset/x")
    graph.add((ref, DCT.title, Literal("Vor\x0bher")))

    parsed = support.parse("".join(document("rdf", [fragment(graph, ref, "rdf", "x")])), "rdf")

    assert str(parsed.value(ref, DCT.title)) == "Vorher"


def test_empty_document_is_valid_in_every_format() -> None:
    for fmt in FORMATS:
        assert len(support.parse("".join(document(fmt, [])), fmt)) == 0


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
@pytest.mark.parametrize("fmt", FORMATS)
def test_profile_output_is_isomorphic_to_rdflib(fmt: str, sysadmin: Any, department: Any) -> None:
    shown = support.create(sysadmin, **support.full_dataset(department["id"], "ortsteile", "geodata"))
    graph, ref = dataset_graph(shown)

    ours = support.parse("".join(document(fmt, [fragment(graph, ref, fmt, "d")])), fmt)
    theirs = support.parse(
        graph.serialize(format={"rdf": "pretty-xml", "ttl": "turtle", "jsonld": "json-ld"}[fmt]), fmt
    )

    assert isomorphic(ours, graph)
    assert isomorphic(ours, theirs)
