"""List fields are indexed value by value: theme filters and facets work, with German labels."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import lxml.html
import pytest
from ckan.tests.helpers import call_action

from ckanext.jena.search_fields import LIST_FIELDS, as_list, split_list_fields

SCHEMA_XML = Path(__file__).parents[2] / "deploy" / "solr" / "schema.xml"


def test_schema_declares_every_list_field_multi_valued() -> None:
    fields = {field.get("name"): field for field in ET.parse(SCHEMA_XML).getroot().iter("field")}
    for name in LIST_FIELDS:
        assert name in fields, f"deploy/solr/schema.xml lacks the list field {name}"
        assert fields[name].get("multiValued") == "true", name
        assert fields[name].get("type") == "string", name


def facet_titles(body: bytes) -> list[str]:
    doc = lxml.html.fromstring(body)
    return [
        " ".join(h.text_content().split())
        for h in doc.xpath('//section[contains(@class, "module-shallow")]/h2[@class="module-heading"]')
    ]


def theme_links(body: bytes) -> list[str]:
    doc = lxml.html.fromstring(body)
    # Full labels: CKAN shortens long ones in the list and keeps them in the tooltip.
    links = doc.xpath('//ul[contains(@class, "nav-facet")]//a[contains(@href, "theme=")]')
    return [
        a.get("data-bs-title") or " ".join(a.xpath('.//span[@class="item-label"]')[0].text_content().split())
        for a in links
    ]


@pytest.mark.parametrize(
    ("stored", "expected"),
    [
        ('["TRAN", "ENVI"]', ["TRAN", "ENVI"]),
        (["SOCI"], ["SOCI"]),
        ("DEU", ["DEU"]),
        ("", []),
        (None, []),
        ("[kein JSON", ["[kein JSON"]),
        ('["A", "", null]', ["A"]),
    ],
)
def test_stored_values_become_lists(stored: Any, expected: list[str]) -> None:
    assert as_list(stored) == expected


def test_empty_list_fields_are_left_out_of_the_index() -> None:
    assert split_list_fields({"id": "x", "theme": "[]", "language": '["DEU"]'}) == {"id": "x", "language": ["DEU"]}


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
class TestFacets:
    def test_theme_filter_and_facet_count_codes(self, public_datasets: list[dict[str, Any]]) -> None:
        result = call_action("package_search", fq="theme:TRAN", **{"facet.field": '["theme", "jena_category"]'})
        assert result["count"] == 2
        assert {d["name"] for d in result["results"]} == {"baustellen-verkehrseinschraenkungen", "parkhaeuser-belegung"}
        themes = {item["name"]: item for item in result["search_facets"]["theme"]["items"]}
        assert themes["TRAN"]["count"] == 2
        assert themes["TRAN"]["display_name"] == "Verkehr"
        categories = {item["name"]: item["count"] for item in result["search_facets"]["jena_category"]["items"]}
        assert categories == {"mobility": 2, "geo": 1, "sensor": 1}

    def test_search_page_offers_german_facets(self, app: Any, public_datasets: list[dict[str, Any]]) -> None:
        body = app.get("/dataset/").body
        titles = facet_titles(body)
        facets = titles[titles.index("Fachbereiche") :]  # after the map search and its district list
        assert facets == [
            "Fachbereiche",
            "Themen",
            "Datenkategorien",
            "Schlagwörter",
            "Formate",
            "Lizenzen",
            "Aktualität",
            "Ortsteile",
        ]
        links = theme_links(body)
        assert any(label.startswith("Bevölkerung und Gesellschaft") for label in links), links

    def test_english_page_has_english_facets(self, app: Any, public_datasets: list[dict[str, Any]]) -> None:
        body = app.get("/en/dataset/").body
        titles = facet_titles(body)
        assert titles[titles.index("Departments") :][:3] == ["Departments", "Themes", "Data categories"]
        links = theme_links(body)
        assert any(label.startswith("Transport") for label in links), links


def facet_labels(body: bytes, name: str) -> list[str]:
    doc = lxml.html.fromstring(body)
    links = doc.xpath(f'//ul[contains(@class, "nav-facet")]//a[contains(@href, "{name}=")]')
    return [" ".join(a.xpath('.//span[@class="item-label"]')[0].text_content().split()) for a in links]


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
def test_format_and_licence_facets_read_as_people_name_them(
    app: Any, public_datasets: list[dict[str, Any]], editor: dict[str, Any], sysadmin: dict[str, Any]
) -> None:
    """Issue 20 (10): "WMS", not "WMS_SRVC"; the licences by their full official titles (CKAN
    cut both to "Datenlizenz Deutsc...")."""
    from tests.theme.conftest import DATASETS, publish

    publish(
        editor,
        sysadmin,
        {
            **DATASETS[2],
            "name": "baumkataster-karte",
            "title": "Baumkataster (Karte)",
            "license_id": "dl-zero-de/2.0",
            "resources": [{"name": "Bäume (WMS)", "url": "https://example.org/wms", "format": "WMS_SRVC"}],
        },
    )
    body = app.get("/dataset/").body
    assert "WMS" in facet_labels(body, "res_format") and "WMS_SRVC" not in facet_labels(body, "res_format")
    assert set(facet_labels(body, "license_id")) == {
        "Datenlizenz Deutschland – Namensnennung – Version 2.0",
        "Datenlizenz Deutschland – Zero – Version 2.0",
    }
