"""The MQA score in the catalog: DQV quality measurements, as data.europa.eu publishes them,
on released datasets only; the catalog still conforms to the DCAT-AP.de 3.0 and 2.0 shapes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from ckan.tests.helpers import call_action
from rdflib import Graph, Literal
from rdflib.namespace import RDF

from ckanext.jena.dcat.validation import validate_graph
from ckanext.jena.profiles.namespaces import DCAT, DQV
from ckanext.jena.profiles.quality import PV
from tests.dcat.support import EXPECTED_WARNINGS_3_0, LISTED_CONTRIBUTOR
from tests.release.support import People, context, make_dataset, publish


def _graph(app: Any, url: str) -> Graph:
    response = app.get(url)
    assert response.status_code == 200, url
    return Graph().parse(data=response.get_data(as_text=True), format="turtle")


@pytest.mark.ckan_config("ckanext.jena.dcat.contributor_id", LISTED_CONTRIBUTOR)
def test_catalog_carries_the_score_as_dqv_and_still_conforms(app: Any, people: People, shapes_dir: Path) -> None:
    published = make_dataset(people, tag_string="Bäume")
    publish(people, published)
    draft = make_dataset(people, title="Entwurf ohne Freigabe")
    score = call_action("jena_quality_show", context(None), id=published["id"])

    graph = _graph(app, "/catalog.ttl")
    datasets = list(graph.subjects(RDF.type, DCAT.Dataset))
    assert [str(ref).rsplit("/", 1)[-1] for ref in datasets] == [published["id"]]
    assert draft["id"] not in graph.serialize(format="turtle")
    ref = datasets[0]
    scorings = [
        graph.value(m, DQV.value)
        for m in graph.objects(ref, DQV.hasQualityMeasurement)
        if (m, DQV.isMeasurementOf, PV.scoring) in graph
    ]
    assert scorings == [Literal(score["score"])]
    measured = {str(graph.value(m, DQV.isMeasurementOf)) for m in graph.subjects(RDF.type, DQV.QualityMeasurement)}
    expected = {PV[i["metric"]] for i in score["indicators"] if i["met"] is not None} | {PV.scoring}
    assert measured == {str(uri) for uri in expected}
    # Measurements of a distribution indicator hang on the distribution measured.
    distribution = next(graph.objects(ref, DCAT.distribution))
    on_distribution = {
        str(graph.value(m, DQV.isMeasurementOf)) for m in graph.objects(distribution, DQV.hasQualityMeasurement)
    }
    assert str(PV.formatAvailability) in on_distribution

    for version in ("3.0", "2.0"):
        report = validate_graph(graph, version=version, shapes_dir=shapes_dir)
        assert report.violations == (), (version, [f.text("de") for f in report.violations])
        if version == "3.0":
            assert {f.path for f in report.warnings} <= EXPECTED_WARNINGS_3_0
