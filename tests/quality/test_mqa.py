"""The MQA score (data.europa.eu methodology) of a fully filled and of a minimal dataset,
indicator by indicator; no database needed (the score reads the DCAT view of a dict)."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from ckanext.jena.quality import mqa

GEOJSON_URL = "https://opendata.jena.de/data/baustellen.geojson"
CSV_URL = "https://opendata.jena.de/data/baustellen.csv"

FULL: dict[str, Any] = {
    "id": "0c6a3c1e-0000-4000-8000-000000000001",
    "name": "baustellen",
    "type": "dataset",
    "title": "Baustellen",
    "notes": "Baustellen im Straßenraum.",
    "tags": [{"name": "Baustellen"}, {"name": "Verkehr"}],
    "theme": ["TRAN"],
    "political_geocoding": ["16053000"],
    "temporal_start": "2019-01-01",
    "issued": "2019-03-04",
    "modified": "2025-11-20",
    "license_id": "dl-by-de/2.0",
    "access_rights": "PUBLIC",
    "contact_point_name": "Baustellenkoordination",
    "contact_point_email": "baustellen@jena.de",
    "publisher_name": "Stadt Jena",
    "metadata_created": "2019-03-04T10:00:00",
    "metadata_modified": "2025-11-20T10:00:00",
    "resources": [
        {
            "id": "r-geojson",
            "url": GEOJSON_URL,
            "format": "GEOJSON",
            "mimetype": "application/geo+json",
            "created": "2019-03-04T10:00:00",
        },
        {"id": "r-csv", "url": CSV_URL, "format": "CSV", "created": "2019-03-04T10:00:00"},
    ],
}
MINIMAL: dict[str, Any] = {
    "id": "0c6a3c1e-0000-4000-8000-000000000002",
    "name": "minimal",
    "type": "dataset",
    "title": "Minimal",
    "metadata_created": "2025-01-01T10:00:00",
    "metadata_modified": "2025-01-01T10:00:00",
    "resources": [{"id": "r-min", "url": "https://example.org/file", "created": "2025-01-01T10:00:00"}],
}
ALL_OK = {GEOJSON_URL: 200, CSV_URL: 200}

FULL_POINTS = {
    "keywordAvailability": 30,
    "categoryAvailability": 30,
    "spatialAvailability": 20,
    "temporalAvailability": 20,
    "accessUrlStatusCode": 50,
    "downloadUrlAvailability": 20,
    "downloadUrlStatusCode": 30,
    "formatAvailability": 20,
    "mediaTypeAvailability": 10,
    "formatMediaTypeVocabularyAlignment": 10,
    "formatMediaTypeNonProprietary": 20,
    "formatMediaTypeMachineInterpretable": 20,
    "dcatApCompliance": 30,
    "licenceAvailability": 20,
    "knownLicence": 10,
    "accessRightsAvailability": 10,
    "accessRightsVocabularyAlignment": 5,
    "contactPointAvailability": 20,
    "publisherAvailability": 10,
    "rightsAvailability": 0,  # not in our DCAT output (no form field)
    "byteSizeAvailability": 0,  # not in our DCAT output (DCAT-AP.de 2.0/3.0 disagree on its type)
    "dateIssuedAvailability": 5,
    "dateModifiedAvailability": 5,
}
MINIMAL_POINTS = dict.fromkeys(FULL_POINTS, 0) | {
    "downloadUrlAvailability": 20,  # a URL that is no service endpoint is a download URL
    "publisherAvailability": 10,  # the portal's publisher stands in
    "dateIssuedAvailability": 5,  # metadata_created, as ckanext-dcat writes it
    "dateModifiedAvailability": 5,
}


def test_the_table_is_the_methodology() -> None:
    assert mqa.MAX_POINTS == 405
    per_dimension = {d: sum(i.points for i in mqa.INDICATORS if i.dimension == d) for d in mqa.DIMENSIONS}
    assert per_dimension == {
        "findability": 100,
        "accessibility": 100,
        "interoperability": 110,
        "reusability": 75,
        "contextuality": 20,
    }
    assert [mqa.band_of(p) for p in (405, 351, 350, 221, 220, 121, 120, 0)] == [
        "excellent", "excellent", "good", "good", "sufficient", "sufficient", "bad", "bad",
    ]  # fmt: skip


@pytest.mark.ckan_config("ckanext.jena.dcat.publisher_name", "Stadt Jena")
def test_fully_filled_dataset() -> None:
    score = mqa.score_dataset(copy.deepcopy(FULL), compliant=True, url_status=ALL_OK)
    assert {r.indicator.key: r.points for r in score.results} == FULL_POINTS
    assert score.points == 395
    assert score.band == "excellent"
    assert score.dimensions == {
        "findability": 100,
        "accessibility": 100,
        "interoperability": 110,
        "reusability": 75,
        "contextuality": 10,
    }
    # The GeoJSON distribution (with media type) is the best one and is the one measured.
    assert score.result("mediaTypeAvailability").resource_id == "r-geojson"


@pytest.mark.ckan_config("ckanext.jena.dcat.publisher_name", "Stadt Jena")
def test_minimal_dataset() -> None:
    score = mqa.score_dataset(copy.deepcopy(MINIMAL), compliant=False)
    assert {r.indicator.key: r.points for r in score.results} == MINIMAL_POINTS
    assert score.points == 40
    assert score.band == "bad"
    # Unknown link status: no points, and reported as unknown (not as failed).
    assert score.result("accessUrlStatusCode").met is None
    first = score.improvements()[0]
    assert (first.indicator.key, first.missing_points, first.indicator.form_field) == ("accessUrlStatusCode", 50, "url")


@pytest.mark.ckan_config("ckanext.jena.dcat.publisher_name", "Stadt Jena")
@pytest.mark.parametrize(
    ("status", "access_points", "met"),
    [({GEOJSON_URL: 200}, 50, True), ({GEOJSON_URL: 404}, 0, False), ({GEOJSON_URL: 301}, 0, False), ({}, 0, None)],
)
def test_link_status_feeds_accessibility(status: dict[str, int], access_points: int, met: bool | None) -> None:
    dataset = copy.deepcopy(FULL)
    dataset["resources"] = dataset["resources"][:1]
    score = mqa.score_dataset(dataset, compliant=True, url_status=status)
    result = score.result("accessUrlStatusCode")
    assert (result.points, result.met) == (access_points, met)
    assert score.result("downloadUrlStatusCode").points == (30 if met else 0)


@pytest.mark.ckan_config("ckanext.jena.dcat.publisher_name", "Stadt Jena")
def test_a_service_has_no_download_url_and_formats_count_by_the_eu_lists() -> None:
    dataset = copy.deepcopy(MINIMAL)
    dataset["resources"] = [{"id": "wms", "url": "https://geo.jena.de/wms?SERVICE=WMS", "format": "WMS_SRVC"}]
    score = mqa.score_dataset(dataset)
    assert score.result("downloadUrlAvailability").points == 0
    assert score.result("formatMediaTypeMachineInterpretable").points == 0
    dataset["resources"] = [{"id": "pdf", "url": "https://jena.de/a.pdf", "format": "PDF"}]
    score = mqa.score_dataset(dataset)
    assert (
        score.result("formatMediaTypeNonProprietary").points,
        score.result("formatMediaTypeMachineInterpretable").points,
    ) == (20, 0)
    dataset["resources"] = [{"id": "xlsx", "url": "https://jena.de/a.xlsx", "format": "XLSX"}]
    score = mqa.score_dataset(dataset)
    assert (
        score.result("formatMediaTypeNonProprietary").points,
        score.result("formatMediaTypeMachineInterpretable").points,
    ) == (0, 20)
