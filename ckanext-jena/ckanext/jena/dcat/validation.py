"""SHACL validation of a dataset against the official DCAT-AP.de shapes (pyshacl, offline).

``validate_dataset(pkg_dict)`` serializes the dataset with the DCAT-AP.de profile, adds the
vocabulary triples of the values it uses (from the code lists), and runs the shapes that
were parsed once per process. The release workflow calls it before publishing; the CLI
``ckan jena dcat validate`` prints the same findings.

Instead of a full RDFS closure over the vCard/FOAF/ORG ontologies (seconds per dataset),
only their ``rdfs:subClassOf`` closure is applied to the typed nodes; a test checks on all
demo datasets that this gives the same results as pyshacl's ``inference="rdfs"``.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections import OrderedDict
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

from pyshacl import Validator
from pyshacl.graph_abstraction import DataGraph
from rdflib import Graph, URIRef
from rdflib import Literal as RDFLiteral
from rdflib.namespace import RDF
from rdflib.term import Node

from ckanext.jena.profiles.flavours import flavour_of_version
from ckanext.jena.profiles.namespaces import DCAT, DCT, FOAF, VCARD

from .graph import dataset_graph
from .messages import NODE_LABELS, plain_message, short_iri
from .shapes import ShapeSet, load_shapes, resolve_shapes_dir
from .vocabulary import VocabularyIndex

__all__ = ["Finding", "ValidationReport", "raw_results", "result_tuples", "validate_dataset", "validate_graph"]

SH = "http://www.w3.org/ns/shacl#"
Severity = Literal["violation", "warning", "info"]
_SEVERITIES: dict[str, Severity] = {SH + "Violation": "violation", SH + "Warning": "warning", SH + "Info": "info"}
_LOCK = threading.Lock()
_REPORTS: OrderedDict[str, ValidationReport] = OrderedDict()  # most recently used last
_REPORTS_KEPT = 256


@dataclass(frozen=True)
class Finding:
    """One SHACL result, worded for data managers (German) and developers (English)."""

    severity: Severity
    subject_de: str
    subject_en: str
    message_de: str
    message_en: str
    detail: str
    path: str
    focus: str
    value: str = ""
    shape: str = ""

    def text(self, lang: str = "de") -> str:
        if lang == "de":
            return f"{self.subject_de}: {self.message_de}"
        return f"{self.subject_en}: {self.message_en}"


@dataclass(frozen=True)
class ValidationReport:
    """The outcome of validating one dataset; ``conforms`` means no violation (warnings allowed)."""

    dataset: str
    version: str
    violations: tuple[Finding, ...] = ()
    warnings: tuple[Finding, ...] = ()
    infos: tuple[Finding, ...] = ()
    duration_ms: float = 0.0
    messages: dict[str, str] = field(default_factory=dict)

    @property
    def conforms(self) -> bool:
        return not self.violations

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["conforms"] = self.conforms
        return data


def _shape_set(version: str, shapes_dir: Path | None) -> ShapeSet:
    if shapes_dir is None:
        from ckanext.jena import config

        shapes_dir = resolve_shapes_dir(config.dcat_shapes_dir())
    return load_shapes(shapes_dir, version)


def validate_dataset(
    dataset_dict: dict[str, Any], version: str = "3.0", shapes_dir: Path | None = None
) -> ValidationReport:
    """Validate the DCAT-AP.de serialization of a dataset (a ``package_show`` dict).

    The same dict under the same settings gives the same graph (the fragment cache relies on
    that too), so its report is remembered in this process: submit, approve and the release
    page then validate an unchanged dataset once (about 0.1 s each).
    """
    key = _report_key(dataset_dict, version, shapes_dir)
    with _LOCK:
        cached = _REPORTS.get(key)
        if cached is not None:
            _REPORTS.move_to_end(key)
            return cached
    # Each shape set checks the output it is for: 2.0 the DCAT-AP.de 2.0 flavour GovData harvests.
    graph, _ref = dataset_graph(dataset_dict, flavour_of_version(version))
    label = str(dataset_dict.get("name") or dataset_dict.get("id") or "")
    report = validate_graph(graph, version=version, shapes_dir=shapes_dir, label=label)
    with _LOCK:
        _REPORTS[key] = report
        while len(_REPORTS) > _REPORTS_KEPT:
            _REPORTS.popitem(last=False)
    return report


def _report_key(dataset_dict: dict[str, Any], version: str, shapes_dir: Path | None) -> str:
    """The dataset dict, the shapes and everything else the serialization depends on."""
    from ckanext.jena import config

    from .cache import fingerprint

    text = json.dumps(dataset_dict, sort_keys=True, default=str)
    shapes = str(shapes_dir) if shapes_dir is not None else f"configured:{config.dcat_shapes_dir()}"
    parts = (text, version, shapes, fingerprint())
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def validate_graph(
    graph: Graph, version: str = "3.0", shapes_dir: Path | None = None, label: str = ""
) -> ValidationReport:
    """Validate any DCAT graph (one dataset, a catalog page) against the shapes of ``version``."""
    started = time.perf_counter()
    shape_set = _shape_set(version, shapes_dir)
    report, data = _run(graph, shape_set)
    findings = _findings(report, data, shape_set)
    return ValidationReport(
        dataset=label,
        version=version,
        violations=tuple(f for f in findings if f.severity == "violation"),
        warnings=tuple(f for f in findings if f.severity == "warning"),
        infos=tuple(f for f in findings if f.severity == "info"),
        duration_ms=(time.perf_counter() - started) * 1000,
    )


def _run(graph: Graph, shape_set: ShapeSet) -> tuple[Graph, Graph]:
    """Validator.run of pyshacl, restricted to the shapes whose targets occur in the data.

    The other shapes cannot find a focus node; skipping them saves the per-shape focus search.
    The parsed shapes are reused across runs (pyshacl would parse them again every time).
    """
    data = _data_graph(graph, shape_set)
    target = DataGraph.from_rdflib(data)
    validator = Validator(target, shacl_graph=Graph(), options={"allow_warnings": True})
    validator.shacl_graph = shape_set.shapes
    if target.is_multigraph():
        target.default_union = True
    with _LOCK:  # pyshacl keeps per-run state on the shared shapes
        executor = validator.make_executor()
        conforms, reports = True, []
        for shape in shape_set.shapes_for(data):
            shape_conforms, shape_reports = shape.validate(executor, target)
            conforms = conforms and shape_conforms
            reports.extend(shape_reports)
        report, _text = Validator.create_validation_report(shape_set.shapes, conforms, reports)
    return report, data


def result_tuples(report: Graph) -> frozenset[tuple[str, str, str, str]]:
    """``(severity, focus node, path, value)`` of every result of a pyshacl report graph."""
    sh = SH
    return frozenset(
        (
            str(report.value(result, URIRef(sh + "resultSeverity"))),
            str(report.value(result, URIRef(sh + "focusNode"))),
            str(report.value(result, URIRef(sh + "resultPath"))),
            str(report.value(result, URIRef(sh + "value"))),
        )
        for result in report.subjects(RDF.type, URIRef(sh + "ValidationResult"))
    )


def raw_results(graph: Graph, version: str = "3.0", shapes_dir: Path | None = None) -> frozenset[tuple[str, ...]]:
    """The untranslated results of the fast check (to compare it with a full pyshacl run)."""
    report, _data = _run(graph, _shape_set(version, shapes_dir))
    return result_tuples(report)


def _data_graph(graph: Graph, shape_set: ShapeSet) -> Graph:
    data = Graph()
    for triple in graph:
        data.add(triple)
    for triple in VocabularyIndex.load(shape_set.directory).triples_for(graph):
        data.add(triple)
    for node, cls in list(data.subject_objects(RDF.type)):
        for parent in shape_set.superclasses.get(cls, ()):
            data.add((node, RDF.type, parent))
    return data


def _messages(report: Graph, result: Node) -> tuple[str, str]:
    texts = [m for m in report.objects(result, URIRef(SH + "resultMessage")) if isinstance(m, RDFLiteral)]
    german = next((str(m) for m in texts if m.language == "de"), "")
    english = next((str(m) for m in texts if m.language == "en"), "")
    plain = next((str(m) for m in texts if not m.language), "")
    return german or plain or english, english or plain or german


def _node_label(data: Graph, node: Node, lang: str) -> str:
    index = 0 if lang == "de" else 1
    for cls in (DCAT.Dataset, DCAT.Distribution, DCAT.Catalog, VCARD.Kind, FOAF.Agent, DCT.Location):
        if (node, RDF.type, cls) in data:
            kind = NODE_LABELS[str(cls)][index]
            title = data.value(node, DCT.title) or data.value(node, FOAF.name) or data.value(node, VCARD.fn)
            return f"{kind} „{title}“" if title and lang == "de" else f"{kind} “{title}”" if title else kind
    return short_iri(str(node))


def _findings(report: Graph, data: Graph, shape_set: ShapeSet) -> list[Finding]:
    findings: dict[tuple[str, ...], Finding] = {}
    shapes = shape_set.graph
    for result in report.subjects(RDF.type, URIRef(SH + "ValidationResult")):
        severity = _SEVERITIES.get(str(report.value(result, URIRef(SH + "resultSeverity"))), "violation")
        focus = report.value(result, URIRef(SH + "focusNode"))
        path = report.value(result, URIRef(SH + "resultPath"))
        value = report.value(result, URIRef(SH + "value"))
        shape = report.value(result, URIRef(SH + "sourceShape"))
        component = str(report.value(result, URIRef(SH + "sourceConstraintComponent")) or "")
        parent_path = shape_set.parent_paths.get(shape) if shape is not None else None
        subject = focus
        if parent_path is not None and focus is not None:
            # A vocabulary check reports the value node; name the dataset/distribution holding it.
            subject = next(iter(data.subjects(parent_path, focus)), focus)
            value = focus
        params = {name: shapes.value(shape, URIRef(SH + name)) for name in ("minCount", "maxCount", "class")}
        detail_de, detail_en = _messages(report, result)
        path_iri = str(path) if isinstance(path, URIRef) else ""
        parent_iri = str(parent_path) if isinstance(parent_path, URIRef) else ""
        value_text = str(value) if value is not None and not isinstance(value, RDFLiteral) else f"„{value}“"
        finding = Finding(
            severity=severity,
            subject_de=_node_label(data, subject, "de") if subject is not None else "",
            subject_en=_node_label(data, subject, "en") if subject is not None else "",
            message_de=plain_message(component, path_iri, parent_iri, value_text, params, "de"),
            message_en=plain_message(component, path_iri, parent_iri, value_text, params, "en"),
            detail=detail_de or detail_en,
            path=short_iri(parent_iri or path_iri),
            focus=str(subject),
            value=str(value) if value is not None else "",
            shape=str(shape) if isinstance(shape, URIRef) else "",
        )
        findings.setdefault((severity, finding.focus, finding.path, finding.message_de, finding.value), finding)
    order = {"violation": 0, "warning": 1, "info": 2}
    return sorted(findings.values(), key=lambda f: (order[f.severity], f.subject_de, f.path, f.value))
