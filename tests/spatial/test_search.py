"""Map search (ext_bbox through ckanext-spatial's solr-bbox backend), district filter, extent map and hints."""

from __future__ import annotations

import html
from typing import Any

import pytest
from ckan.tests.helpers import call_action

LOBEDA_BOX = "11.59,50.86,11.65,50.91"
ZWAETZEN_BOX = "11.59,50.96,11.61,50.97"


def names(result: dict[str, Any]) -> list[str]:
    return [dataset["name"] for dataset in result["results"]]


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
class TestBBoxSearchApi:
    def test_box_filters_and_ranks_by_overlap(self, place_datasets: dict[str, Any]) -> None:
        result = call_action("package_search", {"user": ""}, extras={"ext_bbox": LOBEDA_BOX})
        # Lobeda's own box overlaps most; the whole city next; Zwätzen and the dataset without place never.
        assert names(result) == ["baeume-lobeda", "baeume-stadt"]

    def test_district_level_geocoding_is_found_by_the_box_of_the_district(self, place_datasets: dict[str, Any]) -> None:
        result = call_action("package_search", {"user": ""}, extras={"ext_bbox": ZWAETZEN_BOX})
        assert names(result) == ["spielplaetze-zwaetzen", "baeume-stadt"]

    def test_box_combines_with_text_and_facets(self, place_datasets: dict[str, Any]) -> None:
        result = call_action(
            "package_search", {"user": ""}, q="Bäume", fq='organization:"geodaten"', extras={"ext_bbox": ZWAETZEN_BOX}
        )
        assert names(result) == ["baeume-stadt"]

    def test_district_filter_and_german_facet_labels(self, place_datasets: dict[str, Any]) -> None:
        result = call_action(
            "package_search", {"user": ""}, extras={"ext_district": "zwaetzen"}, **{"facet.field": ["vocab_district"]}
        )
        assert names(result) == ["spielplaetze-zwaetzen"]
        items = result["search_facets"]["vocab_district"]["items"]
        assert [(item["name"], item["display_name"]) for item in items] == [("zwaetzen", "Zwätzen")]

    @pytest.mark.parametrize("bbox", ["abc", "11.5,50.9,11.6", "11.6,50.9,11.5,51.0", "500,50,501,51"])
    def test_broken_box_gets_a_german_message(self, app: Any, bbox: str) -> None:
        response = app.get("/api/3/action/package_search", query_string={"ext_bbox": bbox}, status=409)
        assert "Der Kartenausschnitt" in response.json["error"]["message"]
        assert "ist ungültig" in response.json["error"]["message"]

    def test_unknown_district_gets_a_german_message(self, app: Any) -> None:
        response = app.get("/api/3/action/package_search", query_string={"ext_district": "atlantis"}, status=409)
        assert "Unbekannter Ortsteil" in response.json["error"]["message"]


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
class TestSearchPage:
    def test_box_in_the_url_filters_the_page_and_is_drawn_on_the_map(
        self, app: Any, viewer: Any, place_datasets: dict[str, Any]
    ) -> None:
        page = app.get("/dataset/", query_string={"ext_bbox": LOBEDA_BOX}, headers=viewer).body
        assert "Straßenbäume Lobeda" in page and "Straßenbäume Stadtgebiet" in page
        assert "Spielplätze Zwätzen" not in page and "Haushaltsplan" not in page
        assert page.index("Straßenbäume Lobeda") < page.index("Straßenbäume Stadtgebiet")
        assert 'data-module="jena-map-search"' in page
        assert "[11.59, 50.86]" in html.unescape(page)
        assert "größten Überdeckung zuerst" in page

    def test_page_without_box_offers_the_map(self, app: Any, viewer: Any, place_datasets: dict[str, Any]) -> None:
        page = app.get("/dataset/", headers=viewer).body
        assert 'data-module="jena-map-search"' in page and "Rechteck zeichnen" in page
        assert "Haushaltsplan" in page

    def test_broken_box_shows_the_message_not_an_error_page(
        self, app: Any, viewer: Any, place_datasets: dict[str, Any]
    ) -> None:
        response = app.get("/dataset/", query_string={"ext_bbox": "11.6,50.9,11.5"}, headers=viewer)
        assert response.status_code == 200
        assert "Der Kartenausschnitt „11.6,50.9,11.5“ ist ungültig" in html.unescape(response.body)

    def test_district_named_in_the_text_is_offered(self, app: Any, viewer: Any, place_datasets: dict[str, Any]) -> None:
        page = html.unescape(app.get("/dataset/", query_string={"q": "was gibt es für Zwätzen"}, headers=viewer).body)
        assert "Ortsteil erkannt:" in page
        assert "ext_district=zwaetzen" in page and "ext_bbox=11.59%2C50.96%2C11.61%2C50.974" in page
        district_page = app.get("/dataset/", query_string={"ext_district": "zwaetzen"}, headers=viewer).body
        assert "Spielplätze Zwätzen" in district_page and "Straßenbäume Lobeda" not in district_page


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
class TestDatasetExtent:
    def test_dataset_with_spatial_field_shows_its_extent(
        self, app: Any, viewer: Any, place_datasets: dict[str, Any]
    ) -> None:
        page = html.unescape(app.get("/dataset/baeume-lobeda", headers=viewer).body)
        assert 'data-module="jena-dataset-extent"' in page and "Räumliche Ausdehnung" in page
        assert '"coordinates": [[[11.6, 50.87]' in page
        assert "Ungefähre Ausdehnung" not in page

    def test_district_only_dataset_shows_the_approximate_box(
        self, app: Any, viewer: Any, place_datasets: dict[str, Any]
    ) -> None:
        page = html.unescape(app.get("/dataset/spielplaetze-zwaetzen", headers=viewer).body)
        assert 'data-module="jena-dataset-extent"' in page
        assert "Ungefähre Ausdehnung aus den Ortsteilen: Zwätzen" in page

    def test_dataset_without_place_has_no_map(self, app: Any, viewer: Any, place_datasets: dict[str, Any]) -> None:
        page = app.get("/dataset/haushalt", headers=viewer).body
        assert "jena-dataset-extent" not in page
