"""The resource page of a table: the loading state for the department, the Data API panel, the
preview's server-side endpoints closed for unreleased data; a pending revision that replaces
the file leaves the public table alone until it is approved."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from ckan.tests.helpers import call_action

from tests.auth import auth_headers
from tests.release.support import People, answer_checklist, approve, context, edit, make_dataset, publish, submit
from tests.tables.support import DATA, file_server, queued_loads, rows, run_queued_jobs, state


@pytest.fixture
def served(tmp_path: Path, ckan_config: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setitem(ckan_config, "ckanext.jena.tables.allowed_hosts", ["127.0.0.1"])
    for name in ("wetter_cp1252.csv", "ragged.csv"):
        shutil.copy(DATA / name, tmp_path / name)
    (tmp_path / "neu.csv").write_text("Messstelle;Wert\nNeu-Lobeda;1,5\n", encoding="utf-8")
    with file_server(tmp_path, {}) as base:
        yield base


def _loaded(people: People, base: str, name: str = "wetter_cp1252.csv") -> tuple[dict[str, Any], str]:
    dataset = make_dataset(people, resources=[{"name": "Messwerte", "url": f"{base}/{name}", "format": "CSV"}])
    run_queued_jobs()
    resource_id = dataset["resources"][0]["id"]
    assert state(resource_id)[0] == "loaded"
    return dataset, resource_id


@pytest.mark.usefixtures("with_plugins", "with_test_worker", "clean_queues")
class TestResourcePage:
    def test_department_sees_why_a_load_failed_the_public_gets_the_api_panel(
        self, app: Any, people: People, served: str
    ):
        dataset, resource_id = _loaded(people, served)
        call_action("resource_patch", context(people.editor), id=resource_id, url=f"{served}/ragged.csv")
        run_queued_jobs()
        url = f"/dataset/{dataset['name']}/resource/{resource_id}"
        page = app.get(url, headers=auth_headers(people.editor)).get_data(as_text=True)
        assert "Die Datei konnte nicht als Tabelle geladen werden." in page
        assert "Zeile 3 hat 3 Felder, die Kopfzeile aber 2" in page
        assert "zuletzt erfolgreich geladene Fassung" in page
        assert "Datenwörterbuch bearbeiten" in page
        english = app.get(f"/en{url}", headers=auth_headers(people.editor)).get_data(as_text=True)
        assert "The file could not be loaded as a table." in english and "Line 3 has 3 fields" in english
        answer_checklist(people, dataset)  # a replaced file asks for the checklist again
        publish(people, dataset)
        public = app.get(url).get_data(as_text=True)
        assert "Die Datei konnte nicht als Tabelle geladen werden." not in public  # for the department only
        assert f"/api/3/action/datastore_search?resource_id={resource_id}" in public
        assert "from ckanapi import RemoteCKAN" in public and "library(jsonlite)" in public
        assert 'id="datenwoerterbuch"' in public and "Datenwörterbuch bearbeiten" not in public
        view = next(
            view
            for view in call_action("resource_view_list", context(None), id=resource_id)
            if view["view_type"] == "datatables_view"
        )
        # CKAN's multi-column sort tooltip is not in its catalogue: ours, in both languages
        view_url = f"/dataset/{dataset['name']}/resource/{resource_id}/view/{view['id']}"
        german, english = (app.get(prefix + view_url).get_data(as_text=True) for prefix in ("", "/en"))
        assert 'data-jena-sort-hint="Umschalttaste (Shift) gedrückt halten und weitere Spaltenköpfe' in german
        assert 'data-jena-sort-hint="Hold SHIFT and click further column headers' in english

    def test_preview_endpoints_are_closed_for_unreleased_tables(self, app: Any, people: People, served: str):
        dataset, resource_id = _loaded(people, served)
        view = call_action("resource_view_list", context(people.editor), id=resource_id)[0]
        for headers in ({}, auth_headers(people.outsider), auth_headers(people.other_admin)):
            for path in (f"/datatables/ajax/{view['id']}", f"/datatables/filtered-download/{view['id']}"):
                response = app.post(
                    path,
                    data={"draw": "1", "start": "0", "length": "10", "search[value]": "", "format": "csv"},
                    headers=headers,
                )
                assert response.status_code in (400, 403, 404), path
                assert "Lobeda" not in response.get_data(as_text=True)
            page = app.get(f"/dataset/{dataset['id']}/resource/{resource_id}/view/{view['id']}", headers=headers)
            assert page.status_code in (403, 404) and "Lobeda" not in page.get_data(as_text=True)


@pytest.mark.usefixtures("with_plugins", "with_test_worker", "clean_queues")
def test_revision_replacing_the_file_changes_the_public_table_only_once_approved(people: People, served: str):
    dataset, resource_id = _loaded(people, served)
    publish(people, dataset)
    before = rows(resource_id)
    resources = [{**dataset["resources"][0], "url": f"{served}/neu.csv"}]
    edit(people, dataset, resources=resources)
    answer_checklist(people, dataset)  # a replaced file asks for the checklist again
    submit(people, dataset)
    assert queued_loads() == []  # nothing is loaded for a pending revision
    assert call_action("datastore_search", context(None), resource_id=resource_id)["total"] == 3
    assert rows(resource_id) == before
    approve(people, dataset)
    assert queued_loads() == [resource_id]
    run_queued_jobs()
    assert rows(resource_id) == [{"Messstelle": "Neu-Lobeda", "Wert": 1.5}]
    assert call_action("resource_show", context(None), id=resource_id)["datastore_active"] is True


@pytest.mark.usefixtures("with_plugins")
def test_cors_only_for_read_only_api_calls(app: Any):
    origin = {"Origin": "https://forschung.example.org"}
    for method, path in (
        ("get", "/api/3/action/package_search?q=baum"),
        ("options", "/api/3/action/datastore_search"),
        ("post", "/api/3/action/datastore_search_sql"),
    ):
        response = getattr(app, method)(path, headers=origin)
        assert response.headers.get("Access-Control-Allow-Origin") == "*", path
        assert "Authorization" not in response.headers.get("Access-Control-Allow-Headers", "")
        assert "Access-Control-Allow-Credentials" not in response.headers
    for path in ("/api/3/action/package_create", "/api/3/action/datastore_upsert", "/dataset/"):
        response = app.post(path, headers=origin, json={})
        assert "Access-Control-Allow-Origin" not in response.headers, path
    assert "Access-Control-Allow-Origin" not in app.get("/api/3/action/package_search").headers  # no Origin
