"""The official DCAT-AP.de SHACL shapes, read from outside the repository and parsed once.

The shapes are third-party data: the install step (``jena-shapes install``) puts them into
the data folder of ``jena_shapes`` (``<virtualenv>/share/jena/dcat-ap-de``), checked against
``MANIFEST.tsv``; ``ckanext.jena.dcat.shapes_dir`` points elsewhere. They are never copied into
the repository. Besides the official files, :data:`JENA_SHAPES` adds the few checks the portal
promises on top (exactly one contributorID, availability with the correct ``dcatap:``
namespace, which several official files misspell so that their own check never fires).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import pyshacl.shape as _pyshacl_shape
from pyshacl.constraints import ALL_CONSTRAINT_PARAMETERS, CONSTRAINT_PARAMETERS_MAP
from pyshacl.shape import Shape
from pyshacl.shapes_graph import ShapesGraph
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS
from rdflib.term import Node

import jena_shapes

__all__ = [
    "JENA_SHAPES",
    "SHAPE_FILES",
    "ShapeSet",
    "ShapesUnavailableError",
    "TargetedShape",
    "load_shapes",
    "resolve_shapes_dir",
]

SHAPE_FILES: dict[str, tuple[str, ...]] = {
    "3.0": (
        "v3.0/dcat-ap-SHACL.ttl",
        "v3.0/dcat-ap-SHACL-DE.ttl",
        "v3.0/dcat-ap-de-imports.ttl",
        "v3.0/dcat-ap-de-deprecated.ttl",
        "v3.0/dcat-ap-spec-german-additions.ttl",
        "v3.0/dcat-ap-de-controlledvocabularies.ttl",
    ),
    "2.0": (
        "v2.0/dcat-ap_2.1.1_shacl_shapes.ttl",
        "v2.0/dcat-ap-de-imports.ttl",
        "v2.0/dcat-ap-de-deprecated.ttl",
        "v2.0/dcat-ap-konventionen.ttl",
        "v2.0/dcat-ap-spec-german-additions.ttl",
        "v2.0/dcat-ap-spec-german-messages.ttl",
    ),
    # DCAT-AP HVD 3.0.0 (EU implementing regulation 2023/138): checked on top of DCAT-AP.de 3.0
    # for datasets with an HVD category.
    "hvd": ("hvd/hvd-SHACL.ttl",),
}
ONTOLOGY_FILES = ("mirror/vcard.ttl", "mirror/foaf_0_1.rdf", "mirror/org.ttl")

_AVAILABILITY = "<http://publications.europa.eu/resource/authority/planned-availability>"

JENA_SHAPES = f"""
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix dcatap: <http://data.europa.eu/r5r/> .
@prefix dcatde: <http://dcat-ap.de/def/dcatde/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix jena: <https://opendata.jena.de/def/shacl/> .

jena:Dataset_Shape a sh:NodeShape ;
    sh:targetClass dcat:Dataset ;
    sh:property jena:Dataset_contributorID_count, jena:Dataset_availability_count,
        jena:Dataset_availability_vocabulary .

jena:Dataset_contributorID_count sh:path dcatde:contributorID ;
    sh:minCount 1 ; sh:maxCount 1 ; sh:severity sh:Violation ;
    sh:message "Jena: dcat:Dataset: MUSS genau eine dcatde:contributorID haben."@de,
        "Jena: dcat:Dataset: must have exactly one dcatde:contributorID."@en .

jena:Dataset_availability_count sh:path dcatap:availability ;
    sh:minCount 1 ; sh:maxCount 1 ; sh:severity sh:Violation ;
    sh:message "Jena: dcat:Dataset: MUSS genau eine dcatap:availability haben."@de,
        "Jena: dcat:Dataset: must have exactly one dcatap:availability."@en .

jena:Dataset_availability_vocabulary sh:path dcatap:availability ;
    sh:property [ sh:path skos:inScheme ; sh:hasValue {_AVAILABILITY} ; sh:severity sh:Violation ;
        sh:message "Jena: dcat:Dataset: dcatap:availability MUSS das Vokabular planned-availability benutzen."@de,
            "Jena: dcat:Dataset: dcatap:availability must use the planned-availability vocabulary."@en ] .

jena:Distribution_Shape a sh:NodeShape ;
    sh:targetClass dcat:Distribution ;
    sh:property jena:Distribution_availability_count, jena:Distribution_availability_vocabulary .

jena:Distribution_availability_count sh:path dcatap:availability ;
    sh:minCount 1 ; sh:maxCount 1 ; sh:severity sh:Violation ;
    sh:message "Jena: dcat:Distribution: MUSS genau eine dcatap:availability haben."@de,
        "Jena: dcat:Distribution: must have exactly one dcatap:availability."@en .

jena:Distribution_availability_vocabulary sh:path dcatap:availability ;
    sh:property [ sh:path skos:inScheme ; sh:hasValue {_AVAILABILITY} ; sh:severity sh:Violation ;
        sh:message "Jena: dcat:Distribution: dcatap:availability MUSS das Vokabular planned-availability benutzen."@de,
            "Jena: dcat:Distribution: dcatap:availability must use the planned-availability vocabulary."@en ] .
"""


# pyshacl looks every shape's predicates up in this list of ~40 constraint parameters on each
# validation (rdflib term comparisons dominate its run time); a frozenset answers the same
# membership questions. pyshacl fills the attribute lazily, so setting it first is enough.
_pyshacl_shape.CONSTRAINT_PARAMS = (frozenset(ALL_CONSTRAINT_PARAMETERS), CONSTRAINT_PARAMETERS_MAP)  # type: ignore[attr-defined]


@dataclass(frozen=True)
class TargetedShape:
    """A node shape with targets, and what a data graph must contain for it to find any focus node."""

    shape: Shape
    classes: frozenset[Node]
    subjects_of: frozenset[Node]
    objects_of: frozenset[Node]
    has_target_nodes: bool

    def applies(self, types: set[Node], predicates: set[Node]) -> bool:
        return (
            self.has_target_nodes
            or not self.classes.isdisjoint(types)
            or not self.subjects_of.isdisjoint(predicates)
            or not self.objects_of.isdisjoint(predicates)
        )


class ShapesUnavailableError(RuntimeError):
    """The official shapes are not where the configuration says."""

    def __init__(self, path: Path, missing: str) -> None:
        self.path = path
        self.missing = missing
        self.message_de = (
            f"Die offiziellen DCAT-AP.de-Prüfregeln (SHACL) fehlen: {missing} wurde in {path} nicht gefunden. "
            "Die Installation bringt sie mit: bitte „make install“ ausführen (ohne Internet mit JENA_SHAPES_DIR)."
        )
        self.message_en = (
            f"The official DCAT-AP.de SHACL shapes are missing: {missing} not found in {path}. "
            "The install step brings them: run 'make install' (offline: with JENA_SHAPES_DIR set)."
        )
        super().__init__(self.message_en)


@dataclass(frozen=True)
class ShapeSet:
    """Parsed shapes of one DCAT-AP.de version plus what validation needs around them."""

    version: str
    directory: Path
    graph: Graph
    shapes: ShapesGraph
    # rdfs:subClassOf closure of the mirrored ontologies (vCard, FOAF, ORG): class -> superclasses.
    superclasses: dict[Node, frozenset[Node]]
    # property shape -> path of the property shape it is nested in (vocabulary checks).
    parent_paths: dict[Node, Node]
    # The shapes that can have focus nodes at all, with their targets (checked before running them).
    targeted: tuple[TargetedShape, ...] = ()

    def shapes_for(self, data: Graph) -> list[Shape]:
        types = set(data.objects(None, RDF.type))
        predicates = set(data.predicates())
        return [t.shape for t in self.targeted if t.applies(types, predicates)]


def resolve_shapes_dir(configured: str) -> Path:
    """``configured`` as an absolute path; empty means the installed data folder of ``jena_shapes``."""
    return Path(configured).expanduser().resolve() if configured else jena_shapes.default_directory()


def load_shapes(directory: Path, version: str = "3.0") -> ShapeSet:
    """The shapes of ``version`` ("3.0" or "2.0") from ``directory``, parsed once per process."""
    if version not in SHAPE_FILES:
        raise ValueError(f"unknown DCAT-AP.de version {version!r}; known: {', '.join(SHAPE_FILES)}")
    for name in (*SHAPE_FILES[version], *ONTOLOGY_FILES):
        if not (directory / name).is_file():
            raise ShapesUnavailableError(directory, name)
    return _load(str(directory), version)


@functools.cache
def _load(directory: str, version: str) -> ShapeSet:
    graph = Graph()
    for name in SHAPE_FILES[version]:
        graph.parse(Path(directory) / name, format="turtle")
    graph.parse(data=JENA_SHAPES, format="turtle")
    shapes = ShapesGraph(graph)
    _ = shapes.shapes  # harvest the shapes now, not during the first validation
    return ShapeSet(
        version=version,
        directory=Path(directory),
        graph=graph,
        shapes=shapes,
        superclasses=_superclasses(directory),
        parent_paths=_parent_paths(graph),
        targeted=_targeted(shapes),
    )


def _targeted(shapes: ShapesGraph) -> tuple[TargetedShape, ...]:
    found = []
    for shape in shapes.shapes:
        nodes, classes, implicit, objects_of, subjects_of = shape.target()
        has_nodes = any(True for _ in nodes)
        entry = TargetedShape(
            shape=shape,
            classes=frozenset([*classes, *implicit]),
            subjects_of=frozenset(subjects_of),
            objects_of=frozenset(objects_of),
            has_target_nodes=has_nodes,
        )
        if entry.has_target_nodes or entry.classes or entry.subjects_of or entry.objects_of:
            found.append(entry)
    return tuple(found)


@functools.cache
def _superclasses(directory: str) -> dict[Node, frozenset[Node]]:
    ontology = Graph()
    for name in ONTOLOGY_FILES:
        path = Path(directory) / name
        ontology.parse(path, format="xml" if name.endswith(".rdf") else "turtle")
    direct: dict[Node, set[Node]] = {}
    for cls, parent in ontology.subject_objects(RDFS.subClassOf):
        if isinstance(cls, URIRef) and isinstance(parent, URIRef):
            direct.setdefault(cls, set()).add(parent)
    closure: dict[Node, frozenset[Node]] = {}
    for cls in direct:
        seen: set[Node] = set()
        todo = list(direct[cls])
        while todo:
            parent = todo.pop()
            if parent not in seen:
                seen.add(parent)
                todo.extend(direct.get(parent, ()))
        closure[cls] = frozenset(seen - {cls})
    return closure


def _parent_paths(graph: Graph) -> dict[Node, Node]:
    sh = "http://www.w3.org/ns/shacl#"
    parents: dict[Node, Node] = {}
    for parent, child in graph.subject_objects(URIRef(sh + "property")):
        path = graph.value(parent, URIRef(sh + "path"))
        if path is not None and (parent, RDF.type, URIRef(sh + "NodeShape")) not in graph:
            parents[child] = path
    return parents
