"""What search engines read (issue 15): the sitemap lists released datasets only, robots.txt
points to it, and a released dataset's page carries schema.org Dataset JSON-LD with what
Google's Dataset documentation asks for; no field value can end that script element."""

from __future__ import annotations

import datetime
import re
from typing import Any
from xml.etree import ElementTree

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF

from tests.release.support import People, approve, make_dataset, publish, submit, withdraw

SCHEMA = "http://schema.org/"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
JENA_NORD = {
    "type": "Polygon",
    "coordinates": [[[11.58, 50.93], [11.61, 50.93], [11.61, 50.95], [11.58, 50.95], [11.58, 50.93]]],
}


def _sitemap(app: Any) -> list[str]:
    response = app.get("/sitemap.xml")
    assert response.status_code == 200 and response.content_type.startswith("application/xml")
    root = ElementTree.fromstring(response.get_data())
    return [loc.text or "" for loc in root.iter(f"{SITEMAP}loc")]


@pytest.mark.usefixtures("with_plugins")
class TestSearchEngines:
    def test_sitemap_lists_released_datasets_only(self, app: Any, people: People, ckan_config: Any) -> None:
        site = ckan_config["ckan.site_url"].rstrip("/")
        draft = make_dataset(people)
        submitted = make_dataset(people)
        submit(people, submitted)
        published = make_dataset(people)
        publish(people, published)
        embargoed = make_dataset(people)
        submit(people, embargoed)
        later = datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=30)
        approve(people, embargoed, release_at=later.isoformat())
        withdrawn = make_dataset(people)
        publish(people, withdrawn)
        withdraw(people, withdrawn)

        urls = _sitemap(app)
        assert f"{site}/dataset/{published['name']}" in urls
        for hidden in (draft, submitted, embargoed, withdrawn):
            assert not any(hidden["name"] in url for url in urls), hidden["name"]
        assert f"{site}/" in urls and f"{site}/dataset/" in urls
        assert f"{site}/organization/{people.org['name']}" in urls

        robots = app.get("/robots.txt")
        assert robots.content_type.startswith("text/plain")
        lines = robots.get_data(as_text=True).splitlines()
        assert f"Sitemap: {site}/sitemap.xml" in lines
        assert "Disallow: /api/" in lines and "User-agent: *" in lines

    def test_dataset_page_carries_schema_org_json_ld(self, app: Any, people: People) -> None:
        dataset = make_dataset(
            people,
            title="Bäume </script><script>alert(1)</script>",
            spatial=JENA_NORD,
            originator="Kommunalservice Jena",
            temporal_start="2020-01-01",
            temporal_end="2024-12-31",
        )
        publish(people, dataset)
        page = app.get(f"/dataset/{dataset['name']}").get_data(as_text=True)
        blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
        assert len(blocks) == 1
        assert "<" not in blocks[0]  # escaped as \u003c, so no value can end the element
        graph = Graph().parse(data=blocks[0], format="json-ld")
        (node,) = graph.subjects(RDF.type, URIRef(f"{SCHEMA}Dataset"))

        def values(subject: Any, name: str) -> list[Any]:
            return list(graph.objects(subject, URIRef(SCHEMA + name)))

        assert values(node, "name") == [Literal("Bäume </script><script>alert(1)</script>")]
        assert str(values(node, "description")[0]).startswith("Alle Straßen- und Parkbäume")
        assert str(values(node, "url")[0]).endswith(f"/dataset/{dataset['name']}")
        assert [str(value) for value in values(node, "license")] == ["https://www.govdata.de/dl-de/by-2-0"]
        (creator,) = values(node, "creator")
        assert values(creator, "name") == [Literal("Kommunalservice Jena")]
        assert values(node, "publisher")
        assert values(node, "isAccessibleForFree") == [Literal(True)]
        assert values(node, "temporalCoverage") == [Literal("2020-01-01/2024-12-31")]
        (place,) = values(node, "spatialCoverage")
        (shape,) = values(place, "geo")
        assert values(shape, "box") == [Literal("50.930000 11.580000 50.950000 11.610000")]
        (distribution,) = values(node, "distribution")
        assert str(values(distribution, "contentUrl")[0]) == "https://example.org/baeume.csv"
        assert values(distribution, "encodingFormat")
