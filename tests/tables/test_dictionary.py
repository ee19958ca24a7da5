"""The data dictionary (issue 17): the department labels and describes a table's columns in German;
before release the change is saved at once, after publication it becomes part of the pending
revision and the public table's dictionary changes only when a reviewer approves. Outsiders are
refused on every path (page, our action, CKAN's ``datastore_create``)."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
import pytest
from ckan.tests.helpers import call_action

from ckanext.jena.tables import dictionary
from tests.auth import auth_headers
from tests.release.support import (
    People,
    approve,
    context,
    future,
    make_dataset,
    publish,
    release_state,
    states,
    submit,
)
from tests.tables.support import create_table

FIELDS = [{"id": "Messstelle", "type": "text"}, {"id": "Wert", "type": "numeric"}]


def _table(people: People, dataset: dict[str, Any]) -> str:
    return create_table(
        people.sysadmin,
        dataset["resources"][0]["id"],
        fields=[*FIELDS[:1], {**FIELDS[1], "info": {"unit": "µg/m³"}}],
        records=[{"Messstelle": "Jena-Nord", "Wert": 12.5}],
    )


def _texts(resource_id: str) -> dict[str, tuple[str, str]]:
    return {entry["id"]: (entry["label"], entry["notes"]) for entry in dictionary.entries_of(resource_id) or []}


def _url(dataset: dict[str, Any], resource_id: str) -> str:
    return f"/dataset/{dataset['name']}/dictionary/{resource_id}"


def _form(label: str, notes: str = "") -> dict[str, str]:
    return {"id__0": "Messstelle", "label__0": "Name der Messstelle", "notes__0": "", "id__1": "Wert"} | {
        "label__1": label,
        "notes__1": notes,
    }


UNTOUCHED = {"Messstelle": ("", ""), "Wert": ("", "")}


@pytest.mark.usefixtures("with_plugins")
class TestDataDictionary:
    def test_unreleased_dataset_saves_at_once_and_outsiders_are_refused(self, app: Any, people: People) -> None:
        dataset = make_dataset(people)
        resource_id = _table(people, dataset)
        url = _url(dataset, resource_id)
        page = app.get(url, headers=auth_headers(people.editor)).get_data(as_text=True)
        assert "Datenwörterbuch bearbeiten" in page and "Spalte „Wert“ (numeric)" in page
        assert 'for="dictionary-label-1"' in page and 'id="dictionary-label-1"' in page
        assert 'name="_csrf_token"' in page and "Type Override" not in page
        assert "Datenverzeichnis" not in page  # CKAN's word for its tab; the portal says Datenwörterbuch

        for who in (people.outsider, people.other_admin):
            assert app.post(url, data=_form("Gekapert"), headers=auth_headers(who)).status_code in (403, 404)
            with pytest.raises(tk.NotAuthorized):
                call_action(
                    "jena_data_dictionary_update", context(who), resource_id=resource_id, fields=[{"id": "Wert"}]
                )
            with pytest.raises(tk.NotAuthorized):
                call_action(
                    "datastore_create",
                    context(who),
                    resource_id=resource_id,
                    force=True,
                    fields=[{"id": "Wert", "type": "numeric", "info": {"label": "Gekapert"}}],
                )
        assert app.get(url).status_code == 404  # the draft is not even visible to the public
        assert _texts(resource_id) == UNTOUCHED

        bad = [
            (
                [{"id": "Gibtsnicht", "label": "x"}],
                "„Gibtsnicht“ ist keine Spalte der Tabelle. Spalten: Messstelle, Wert.",
            ),
            (
                [{"id": "Wert", "label": "x" * 201}],
                "Spalte „Wert“: „label“ ist zu lang (201 Zeichen, erlaubt sind 200).",
            ),
            ([{"id": "Wert", "notes": 5}], "Spalte „Wert“: „notes“ muss ein Text sein."),
            ("Wert", "Bitte die Spalten als Liste angeben: je Spalte „id“, „label“ und „notes“."),
        ]
        for fields, message in bad:
            with pytest.raises(tk.ValidationError) as caught:
                call_action(
                    "jena_data_dictionary_update", context(people.editor), resource_id=resource_id, fields=fields
                )
            assert caught.value.error_dict == {"fields": [message]}
        stale = {**_form("PM10"), "id__1": "Umbenannt"}
        answer = app.post(url, data=stale, headers=auth_headers(people.editor), follow_redirects=False)
        assert answer.status_code == 400 and "Seite neu" in answer.get_data(as_text=True)
        assert _texts(resource_id) == UNTOUCHED

        answer = app.post(
            url, data=_form("PM10 (µg/m³)", "Tagesmittel"), headers=auth_headers(people.editor), follow_redirects=False
        )
        assert answer.status_code == 302
        assert _texts(resource_id) == {
            "Messstelle": ("Name der Messstelle", ""),
            "Wert": ("PM10 (µg/m³)", "Tagesmittel"),
        }
        info = call_action("datastore_info", context(people.editor), id=resource_id)["fields"]
        assert [field["info"] for field in info if field["id"] == "Wert"] == [
            {"unit": "µg/m³", "label": "PM10 (µg/m³)", "notes": "Tagesmittel"}  # other info keys stay
        ]
        assert release_state(dataset) == states.DRAFT

    def test_published_dataset_changes_only_when_the_revision_is_approved(self, app: Any, people: People) -> None:
        dataset = make_dataset(people)
        resource_id = _table(people, dataset)
        publish(people, dataset)
        with pytest.raises(tk.NotAuthorized, match="freigegebene Überarbeitung"):  # no way around review
            call_action(
                "datastore_create",
                context(people.editor),
                resource_id=resource_id,
                force=True,
                fields=[{"id": "Wert", "type": "numeric", "info": {"label": "Direkt"}}],
            )
        url = _url(dataset, resource_id)
        answer = app.post(
            url, data=_form("PM10", "Tagesmittel"), headers=auth_headers(people.editor), follow_redirects=False
        )
        assert answer.status_code == 302
        assert release_state(dataset) == states.REVISION_DRAFT
        assert _texts(resource_id) == UNTOUCHED  # the public table is unchanged
        public = app.get("/api/3/action/datastore_info", params={"id": resource_id}).json["result"]["fields"]
        assert all(not (field.get("info") or {}).get("label") for field in public)
        page = app.get(url, headers=auth_headers(people.editor)).get_data(as_text=True)
        assert 'value="PM10"' in page and "noch nicht freigegebene Fassung" in page
        changes = call_action("jena_release_show", context(people.admin), id=dataset["id"])["revision"]["diff"]
        assert [(change["label"], change["old_text"], change["new_text"]) for change in changes] == [
            (
                f"Ressource „{dataset['resources'][0]['name']}“: Datenwörterbuch",
                "Messstelle: –; Wert: –",
                "Messstelle: Name der Messstelle; Wert: PM10 (Tagesmittel)",
            )
        ]

        # Through the API, a second column: the pending revision collects both.
        result = call_action(
            "jena_data_dictionary_update",
            context(people.editor),
            resource_id=resource_id,
            fields=[{"id": "Messstelle", "notes": "Standort laut Messnetz"}],
        )
        assert result["state"] == dictionary.PENDING and _texts(resource_id) == UNTOUCHED
        # an edit of the resource itself (the form posts its own fields only) keeps the proposed dictionary
        form = {key: dataset["resources"][0][key] for key in ("id", "url", "format")}
        call_action("resource_update", context(people.editor), **form, name="Messwerte (überarbeitet)")
        submit(people, dataset)
        approve(people, dataset)
        assert release_state(dataset) == states.PUBLISHED
        assert _texts(resource_id) == {
            "Messstelle": ("Name der Messstelle", "Standort laut Messnetz"),
            "Wert": ("PM10", "Tagesmittel"),
        }
        shown = call_action("resource_show", context(None), id=resource_id)
        assert dictionary.KEY not in shown  # the dictionary lives in the table, not in the resource
        assert shown["name"] == "Messwerte (überarbeitet)"

    def test_back_to_the_public_texts_drops_the_revision_and_approved_datasets_wait(self, people: People) -> None:
        dataset = make_dataset(people)
        resource_id = _table(people, dataset)
        publish(people, dataset)
        call_action(
            "jena_data_dictionary_update",
            context(people.editor),
            resource_id=resource_id,
            fields=[{"id": "Wert", "label": "PM10"}],
        )
        assert release_state(dataset) == states.REVISION_DRAFT
        call_action(
            "jena_data_dictionary_update",
            context(people.editor),
            resource_id=resource_id,
            fields=[{"id": "Wert", "label": ""}],
        )
        assert release_state(dataset) == states.PUBLISHED

        waiting = make_dataset(people)
        waiting_id = _table(people, waiting)
        submit(people, waiting)
        approve(people, waiting, release_at=future())
        with pytest.raises(tk.ValidationError, match="wartet auf seine Veröffentlichung"):
            call_action(
                "jena_data_dictionary_update",
                context(people.editor),
                resource_id=waiting_id,
                fields=[{"id": "Wert", "label": "PM10"}],
            )
        # CKAN's own action used to write the approved table directly (the guard only knew "public").
        with pytest.raises(tk.NotAuthorized, match="wartet auf seine Veröffentlichung"):
            call_action(
                "datastore_create",
                context(people.editor),
                resource_id=waiting_id,
                force=True,
                fields=[{"id": "Wert", "type": "numeric", "info": {"label": "PM10"}}],
            )
        assert _texts(waiting_id) == UNTOUCHED and release_state(waiting) == states.APPROVED
