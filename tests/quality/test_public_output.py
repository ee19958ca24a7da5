"""Leak check of the data-management channels: the public score, band, DQV measurements,
freshness line and freshness facet of a published dataset come from its approved version,
never from a pending revision. (That unreleased datasets appear in none of them is checked
with every other channel: ``jena_quality_show`` and ``freshness_facet`` are channels of
tests/release/channels.py, the dataset page and the catalog carry the rest.)"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ckan.tests.helpers import call_action
from freezegun import freeze_time
from rdflib import Graph
from rdflib.namespace import RDF

from ckanext.jena.profiles.namespaces import DCAT, DQV
from ckanext.jena.profiles.quality import PV
from ckanext.jena.release import visibility
from tests.auth import auth_headers
from tests.release.support import People, context, edit, make_dataset, publish, release_state, submit


def _public_scoring(app: Any) -> list[int]:
    graph = Graph().parse(data=app.get("/catalog.ttl").get_data(as_text=True), format="turtle")
    return [
        int(graph.value(measurement, DQV.value))
        for dataset in graph.subjects(RDF.type, DCAT.Dataset)
        for measurement in graph.objects(dataset, DQV.hasQualityMeasurement)
        if (measurement, DQV.isMeasurementOf, PV.scoring) in graph
    ]


def _facet() -> dict[str, int]:
    result = call_action("package_search", context(None), **{"facet.field": '["jena_freshness"]'})
    return {item["name"]: item["count"] for item in result["search_facets"]["jena_freshness"]["items"]}


def test_a_pending_revision_changes_no_public_quality_or_freshness(app: Any, people: People) -> None:
    dataset = make_dataset(people, frequency="WEEKLY")  # no keywords: 30 points missing
    publish(people, dataset)
    approved = call_action("jena_quality_show", context(None), id=dataset["id"])
    assert next(i for i in approved["indicators"] if i["metric"] == "keywordAvailability")["met"] is False

    # The revision adds keywords (+30) and promises daily updates.
    edit(people, dataset, tag_string="Bäume,Umwelt", frequency="DAILY")
    submit(people, dataset)
    assert release_state(dataset) == "revision_in_review"

    shown = call_action("jena_quality_show", context(None), id=dataset["id"])
    assert (shown["score"], shown["band"]) == (approved["score"], approved["band"])
    page = app.get(f"/dataset/{dataset['name']}").body
    assert f"{approved['score']} von 405 Punkten" in page
    assert "wöchentlich versprochen" in page and "täglich" not in page
    assert _public_scoring(app) == [approved["score"]]

    # Three days on, a daily promise would be overdue; the approved weekly one is current,
    # also after the dataset is indexed again.
    with freeze_time(dt.datetime.now(dt.UTC) + dt.timedelta(days=3)):
        visibility.reindex(dataset["id"])
        assert _facet() == {"current": 1}
        page = app.get(f"/dataset/{dataset['name']}").body
        assert "überfällig" not in page


def test_the_release_page_scores_the_pending_revision(app: Any, people: People) -> None:
    dataset = make_dataset(people)
    publish(people, dataset)
    approved = call_action("jena_quality_show", context(None), id=dataset["id"])["score"]
    edit(people, dataset, tag_string="Bäume")
    submit(people, dataset)
    page = app.get(f"/dataset/{dataset['name']}/freigabe", headers=auth_headers(people.admin)).body
    assert f'<strong class="jena-quality-points">{approved + 30}</strong>' in page
    assert call_action("jena_quality_show", context(None), id=dataset["id"])["score"] == approved
