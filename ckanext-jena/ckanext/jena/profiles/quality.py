"""Quality in DCAT: the data-ethics review as a DQV quality annotation, the MQA score as DQV
quality measurements.

The public summary of the checklist (``ckanext.jena.ethics.summary``), given to the
serializer under :data:`ETHICS_SUMMARY_KEY`, becomes one ``dqv:QualityAnnotation``
(a W3C Web Annotation) motivated by ``dqv:qualityAssessment``, dated with ``dct:created``
(the day the release was approved), with textual bodies: the published limitations
("Hinweise zur Nutzung") and a statement of the review in German and English.
DCAT-AP and DCAT-AP.de define no quality properties; their shapes are open and leave
the annotation alone, and harvesters that do not know DQV ignore it.

The text is fixed German and English (no request language): fragments are cached.
"""

from __future__ import annotations

import datetime
from typing import Any

from ckanext.dcat.profiles import CleanedURIRef
from ckanext.dcat.utils import resource_uri
from rdflib import BNode, Graph, Literal, Namespace
from rdflib.term import Node

from .namespaces import DCT, DQV, OA, RDF, XSD

__all__ = [
    "ETHICS_SUMMARY_KEY",
    "MQA_KEY",
    "add_ethics_review",
    "add_quality_measurements",
    "review_statement",
]

ETHICS_SUMMARY_KEY = "jena_ethics_summary"

_ROLES = {
    "data_management": ("Datenmanagement (Vier-Augen-Prinzip)", "data management (four-eyes principle)"),
    "data_protection": ("Datenschutz", "data protection"),
    "ethics": ("Datenethik", "data ethics"),
}


def _roles(summary: dict[str, Any], index: int) -> str:
    return ", ".join(_ROLES.get(role, (role, role))[index] for role in summary.get("reviewed_by_roles") or [])


def review_statement(summary: dict[str, Any], day: datetime.date) -> tuple[str, str]:
    """The fact of the review in German and English (what the dataset page says, in one paragraph)."""
    version = summary["checklist_version"]
    german = [
        f"Vor der Veröffentlichung nach Fassung {version} der Datenethik-Checkliste der Stadt Jena geprüft; "
        f"freigegeben am {day.strftime('%d.%m.%Y')}.",
        f"Geprüft durch: {_roles(summary, 0)}.",
    ]
    english = [
        f"Reviewed before publication against version {version} of the City of Jena's data-ethics checklist; "
        f"approved on {day.isoformat()}.",
        f"Reviewed by: {_roles(summary, 1)}.",
    ]
    if summary.get("personal_data"):
        method = str(summary.get("anonymisation") or "").strip()
        german.append(
            f"Die Rohdaten enthielten personenbezogene Daten; Anonymisierung: {method}"
            if method
            else "Die Rohdaten enthielten personenbezogene Daten; ihre Veröffentlichung erlaubt eine Rechtsvorschrift."
        )
        english.append(
            f"The raw data contained personal data; anonymisation (in German): {method}"
            if method
            else "The raw data contained personal data; a legal provision allows publishing them."
        )
    else:
        german.append("Die Daten enthalten keine personenbezogenen Daten.")
        english.append("The data contain no personal data.")
    return " ".join(german), " ".join(english)


def _body(g: Graph, annotation: Node, text: str, lang: str, title: tuple[str, str] | None = None) -> None:
    body = BNode()
    g.add((annotation, OA.hasBody, body))
    g.add((body, RDF.type, OA.TextualBody))
    g.add((body, RDF.value, Literal(text, lang=lang)))
    if title:
        g.add((body, DCT.title, Literal(title[0], lang="de")))
        g.add((body, DCT.title, Literal(title[1], lang="en")))


def add_ethics_review(g: Graph, dataset_ref: Node, summary: dict[str, Any] | None) -> None:
    """Add the quality annotation of a passed review; nothing without a public summary."""
    if not summary:
        return
    day = datetime.datetime.fromisoformat(str(summary["passed_at"])).date()
    annotation = BNode()
    g.add((dataset_ref, DQV.hasQualityAnnotation, annotation))
    g.add((annotation, RDF.type, DQV.QualityAnnotation))
    # dqv:QualityAnnotation is an oa:Annotation; stated for consumers without RDFS inference.
    g.add((annotation, RDF.type, OA.Annotation))
    g.add((annotation, OA.motivatedBy, DQV.qualityAssessment))
    g.add((annotation, OA.hasTarget, dataset_ref))
    g.add((annotation, DCT.created, Literal(day.isoformat(), datatype=XSD.date)))
    g.add((annotation, DCT.title, Literal("Datenethische Prüfung", lang="de")))
    g.add((annotation, DCT.title, Literal("Data-ethics review", lang="en")))
    limitations = str(summary.get("limitations") or "").strip()
    if limitations:
        _body(g, annotation, limitations, "de", ("Hinweise zur Nutzung", "Notes on use"))
    german, english = review_statement(summary, day)
    _body(g, annotation, german, "de")
    _body(g, annotation, english, "en")


# The MQA score (ckanext.jena.quality.mqa) of a released dataset, handed to the serializer
# under this key by the catalog (dcat/serializer.py); absent: no measurements written.
MQA_KEY = "jena_mqa"
PV = Namespace("https://piveau.eu/ns/voc#")


def add_quality_measurements(g: Graph, dataset_ref: Node, quality: dict[str, Any] | None) -> None:
    """The MQA result as DQV measurements, as data.europa.eu publishes its own: one
    ``dqv:QualityMeasurement`` per measured indicator (``dqv:isMeasurementOf`` the piveau metric,
    ``dqv:value`` true/false) on the dataset or on the distribution it was measured on, plus the
    total (``pv:scoring``). Indicators not measurable yet (links not checked) are left out."""
    if not quality:
        return
    dataset_id = str(quality.get("id") or "")
    for item in quality.get("indicators") or []:
        if item.get("met") is None:
            continue
        target = dataset_ref
        if item.get("resource_id") and dataset_id:
            target = CleanedURIRef(resource_uri({"id": item["resource_id"], "package_id": dataset_id}))
        _measurement(g, target, PV[item["metric"]], Literal(bool(item["met"])))
    _measurement(g, dataset_ref, PV.scoring, Literal(int(quality["score"]), datatype=XSD.integer))


def _measurement(g: Graph, target: Node, metric: Node, value: Literal) -> None:
    node = BNode()
    g.add((target, DQV.hasQualityMeasurement, node))
    g.add((node, RDF.type, DQV.QualityMeasurement))
    g.add((node, DQV.isMeasurementOf, metric))
    g.add((node, DQV.computedOn, target))
    g.add((node, DQV.value, value))
