"""Freshness where people see it: the public line, the department's confirmation, the search
facet "Aktualität" and the daily re-index that follows the clock."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from ckan import model
from ckan.plugins import toolkit as tk
from ckan.tests.helpers import call_action
from freezegun import freeze_time

from ckanext.jena.quality import freshness_index
from tests.release.support import People, context, make_dataset, publish


def _facet(**params: Any) -> dict[str, int]:
    result = call_action("package_search", context(None), **{"facet.field": '["jena_freshness"]'}, **params)
    return {item["name"]: item["count"] for item in result["search_facets"]["jena_freshness"]["items"]}


def test_public_line_confirmation_facet_and_daily_reindex(app: Any, people: People) -> None:
    weekly = make_dataset(people, frequency="WEEKLY")
    publish(people, weekly)
    draft = make_dataset(people, frequency="DAILY", title="Entwurf")
    irregular = make_dataset(people, frequency="IRREG")
    publish(people, irregular)

    page = app.get(f"/dataset/{weekly['name']}").body
    assert "wöchentlich versprochen" in page and "aktuell" in page
    assert "Daten geprüft, unverändert aktuell" not in page  # the button is the department's
    assert _facet() == {"current": 1}  # the draft is not public, "unregelmäßig" promises nothing

    # Ten days later the weekly dataset is overdue (due after 7 days, 2 days' grace): the daily
    # job re-indexes it, the page says since when.
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=10)
    with freeze_time(later):
        assert freshness_index.refresh_job() == [weekly["id"]]
        assert _facet() == {"overdue": 1}
        page = app.get(f"/dataset/{weekly['name']}").body
        assert "überfällig seit 3 Tagen" in page

        # Outsiders cannot confirm; an unreleased dataset answers them like a missing one.
        with pytest.raises(tk.NotAuthorized):
            call_action("jena_freshness_confirm", context(people.outsider), id=weekly["id"])
        with pytest.raises(tk.ObjectNotFound):
            call_action("jena_freshness_confirm", context(people.outsider), id=draft["id"])
        before = call_action("package_show", context(None), id=weekly["id"])["metadata_modified"]
        result = call_action("jena_freshness_confirm", context(people.editor), id=weekly["id"])
        assert result["state"] == "current"
        # No metadata change: nothing to review, nothing new in package_show.
        assert call_action("package_show", context(None), id=weekly["id"])["metadata_modified"] == before
        assert _facet() == {"current": 1}
    model.Session.rollback()
