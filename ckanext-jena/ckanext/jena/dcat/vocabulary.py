"""The controlled vocabularies as SKOS, for offline SHACL validation.

The DCAT-AP.de shapes check vocabulary values by ``skos:inScheme`` on the value node, so the
data graph must carry those triples. They come from the project's own code lists (URIs and
labels are public facts) plus the two official dcat-ap.de lists kept next to the shapes
(contributors, licences).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS
from rdflib.term import Node

from ckanext.jena.codelists import codelist_names, get_codelist

__all__ = ["OFFICIAL_LISTS", "VocabularyIndex", "codelist_skos_graph"]

OFFICIAL_LISTS = ("dcat-ap-de-contributors.rdf", "dcat-ap-de-licenses-open.rdf")
Triple = tuple[Node, Node, Node]


def codelist_skos_graph() -> Graph:
    """Every code list as a ``skos:ConceptScheme`` with its concepts (type, scheme, labels, notation)."""
    graph = Graph()
    for name in codelist_names():
        codelist = get_codelist(name)
        scheme = URIRef(codelist.scheme_uri)
        graph.add((scheme, RDF.type, SKOS.ConceptScheme))
        for lang, title in codelist.title.items():
            graph.add((scheme, SKOS.prefLabel, Literal(title, lang=lang)))
        for entry in codelist:
            concept = URIRef(entry.uri)
            graph.add((concept, RDF.type, SKOS.Concept))
            graph.add((concept, SKOS.inScheme, scheme))
            graph.add((concept, SKOS.notation, Literal(entry.code)))
            for lang, label in entry.labels.items():
                graph.add((concept, SKOS.prefLabel, Literal(label, lang=lang)))
            if name == "political_geocoding":
                # dcat-ap.de keeps one scheme per key type (.../municipalityKey, .../stateKey, ...).
                graph.add((concept, SKOS.inScheme, URIRef(entry.uri.rsplit("/", 1)[0])))
    return graph


class VocabularyIndex:
    """The vocabulary triples by subject, so a data graph gets only those of the values it uses."""

    # Only what the shapes test on a value node (and what RDFS needs for class checks).
    _PREDICATES = frozenset({RDF.type, SKOS.inScheme})

    def __init__(self, graphs: Iterable[Graph]) -> None:
        self._by_subject: dict[Node, list[Triple]] = {}
        for graph in graphs:
            for triple in graph:
                if triple[1] in self._PREDICATES:
                    self._by_subject.setdefault(triple[0], []).append(triple)

    def __len__(self) -> int:
        return sum(len(triples) for triples in self._by_subject.values())

    def triples_for(self, graph: Graph) -> list[Triple]:
        """Vocabulary triples about every IRI that appears as object in ``graph``."""
        found: list[Triple] = []
        seen: set[Node] = set()
        for node in graph.objects():
            if isinstance(node, URIRef) and node not in seen:
                seen.add(node)
                found.extend(self._by_subject.get(node, ()))
        return found

    @classmethod
    def load(cls, shapes_dir: Path) -> VocabularyIndex:
        return _load_index(str(shapes_dir))


@functools.cache
def _load_index(shapes_dir: str) -> VocabularyIndex:
    graphs = [codelist_skos_graph()]
    for name in OFFICIAL_LISTS:
        path = Path(shapes_dir) / name
        if path.is_file():
            graphs.append(Graph().parse(path, format="xml"))
    return VocabularyIndex(graphs)
