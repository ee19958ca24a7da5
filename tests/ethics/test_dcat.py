"""The data-ethics review in the DCAT-AP.de output: a DQV quality annotation with the
published limitations, conforming to the official shapes, never the confidential answers,
and following checklist changes that leave ``metadata_modified`` alone."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from ckan import model
from ckan.tests.helpers import call_action
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from ckanext.jena.dcat.validation import validate_graph
from ckanext.jena.profiles.namespaces import DCAT, DCT, DQV, OA
from ckanext.jena.release import workflow
from tests.dcat.support import EXPECTED_WARNINGS_3_0, LISTED_CONTRIBUTOR
from tests.ethics.support import PASSING, PERSONAL, answers, signoff, update
from tests.release.support import People, approve, context, make_dataset, publish, submit

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db")


def _graph(app: Any, url: str) -> Graph:
    response = app.get(url)
    assert response.status_code == 200, url
    return Graph().parse(data=response.get_data(as_text=True), format="turtle")


def _dataset_ref(graph: Graph, dataset: dict[str, Any]) -> URIRef:
    refs = [ref for ref in graph.subjects(RDF.type, DCAT.Dataset) if str(ref).endswith(dataset["id"])]
    assert len(refs) == 1, refs
    return URIRef(refs[0])


def _annotation_texts(graph: Graph, ref: URIRef) -> list[str]:
    """The texts of the data-ethics annotations of ``ref`` (empty: no annotation)."""
    texts = []
    for annotation in graph.objects(ref, DQV.hasQualityAnnotation):
        texts += [str(graph.value(body, RDF.value)) for body in graph.objects(annotation, OA.hasBody)]
    return texts


CONFIDENTIAL_MAILBOX = "vertraulich-ethik@jena.de"


def _published_with_personal_data(people: People, dpo: dict[str, Any]) -> dict[str, Any]:
    dataset = make_dataset(people)
    update(people, dataset, answers(PERSONAL, harm_mitigation=f"Rückfragen an {CONFIDENTIAL_MAILBOX}"))
    signoff(dpo, dataset, "data_protection")
    publish(people, dataset)
    return dataset


def test_dataset_document_carries_the_review_as_quality_annotation(
    app: Any, people: People, dpo: dict[str, Any]
) -> None:
    dataset = _published_with_personal_data(people, dpo)
    graph = _graph(app, f"/dataset/{dataset['name']}.ttl")
    ref = _dataset_ref(graph, dataset)

    (annotation,) = graph.objects(ref, DQV.hasQualityAnnotation)
    assert (annotation, RDF.type, DQV.QualityAnnotation) in graph
    assert (annotation, RDF.type, OA.Annotation) in graph
    assert (annotation, OA.motivatedBy, DQV.qualityAssessment) in graph
    assert (annotation, OA.hasTarget, ref) in graph
    created = graph.value(annotation, DCT.created)
    assert isinstance(created, Literal) and created.datatype == XSD.date
    bodies = {graph.value(body, RDF.value) for body in graph.objects(annotation, OA.hasBody)}
    assert Literal(PERSONAL["limitations"], lang="de") in bodies
    german = next(str(b) for b in bodies if str(b).startswith("Vor der Veröffentlichung"))
    assert german == (
        "Vor der Veröffentlichung nach Fassung 1 der Datenethik-Checkliste der Stadt Jena geprüft; "
        f"freigegeben am {created.toPython():%d.%m.%Y}. Geprüft durch: Datenmanagement (Vier-Augen-Prinzip), "
        f"Datenschutz. Die Rohdaten enthielten personenbezogene Daten; Anonymisierung: {PERSONAL['anonymisation']}"
    )
    assert any(b.language == "en" and str(b).startswith("Reviewed before publication") for b in bodies)


def test_catalog_carries_only_the_public_summary(app: Any, people: People, dpo: dict[str, Any]) -> None:
    dataset = _published_with_personal_data(people, dpo)
    text = app.get("/catalog.ttl").get_data(as_text=True)
    graph = Graph().parse(data=text, format="turtle")

    texts = _annotation_texts(graph, _dataset_ref(graph, dataset))

    assert PERSONAL["limitations"] in texts
    for confidential in (PERSONAL["public_benefit"], PERSONAL["dpo"]["name"], CONFIDENTIAL_MAILBOX):
        assert confidential not in text


def test_no_annotation_without_a_passed_review(app: Any, people: People) -> None:
    dataset = make_dataset(people)
    update(people, dataset, answers(rights_cleared="unclear"))
    # Only trusted code paths (demo data) publish past the gates; the failing checklist stays unmentioned.
    workflow.publish_without_review(model.Package.get(dataset["id"]), reason="Demo")
    graph = _graph(app, f"/dataset/{dataset['name']}.ttl")

    assert _annotation_texts(graph, _dataset_ref(graph, dataset)) == []


@pytest.mark.ckan_config("ckanext.jena.dcat.contributor_id", LISTED_CONTRIBUTOR)
def test_catalog_with_reviews_conforms_to_dcat_ap_de_3_0_and_2_0(
    app: Any, people: People, dpo: dict[str, Any], shapes_dir: Path
) -> None:
    personal = _published_with_personal_data(people, dpo)
    plain = make_dataset(people)
    update(people, plain, PASSING)
    publish(people, plain)
    graph = _graph(app, "/catalog.ttl")
    assert len(list(graph.subjects(RDF.type, DQV.QualityAnnotation))) == 2
    assert _annotation_texts(graph, _dataset_ref(graph, personal))

    for version in ("3.0", "2.0"):
        report = validate_graph(graph, version=version, shapes_dir=shapes_dir)
        assert report.violations == (), (version, [f.text("de") for f in report.violations])
        if version == "3.0":
            assert {f.path for f in report.warnings} <= EXPECTED_WARNINGS_3_0


def _public_modified(dataset: dict[str, Any]) -> str:
    return call_action("package_show", context(None), id=dataset["id"])["metadata_modified"]


def test_catalog_follows_checklist_changes_without_a_dataset_edit(app: Any, people: People) -> None:
    """The fragment cache is keyed on the review too: answers saved for a pending revision hide
    the old annotation at once, the approval shows the new one, and ETags change with them."""
    first = "Private Grundstücke fehlen."
    second = "Private Grundstücke fehlen; seit 2026 mit Straßenbäumen der Autobahn."
    dataset = make_dataset(people)
    update(people, dataset, answers(limitations=first))
    publish(people, dataset)
    url = f"/dataset/{dataset['name']}.ttl"
    etag = app.get(url).headers["ETag"]
    graph = _graph(app, "/catalog.ttl")  # built and cached
    assert first in _annotation_texts(graph, _dataset_ref(graph, dataset))
    published_modified = _public_modified(dataset)

    # A pending revision: the public version (and its metadata_modified) stays as it is.
    call_action("package_patch", context(people.editor), id=dataset["id"], notes="Neue Beschreibung.")
    update(people, dataset, answers(limitations=second))
    assert _public_modified(dataset) == published_modified

    graph = _graph(app, "/catalog.ttl")
    assert _annotation_texts(graph, _dataset_ref(graph, dataset)) == []
    assert app.get(url, headers={"If-None-Match": etag}).status_code == 200
    assert second not in app.get(f"/dataset/{dataset['name']}").get_data(as_text=True)

    submit(people, dataset)
    approve(people, dataset)
    graph = _graph(app, "/catalog.ttl")
    assert second in _annotation_texts(graph, _dataset_ref(graph, dataset))
    graph = _graph(app, url)
    assert second in _annotation_texts(graph, _dataset_ref(graph, dataset))
