"""Pending revisions: edits of a published dataset wait for review while the public keeps
the approved version; the reviewer gets a field-by-field diff; nothing ever unpublishes."""

from __future__ import annotations

import pytest
from ckan.tests.helpers import call_action

from ckanext.jena.release import states
from tests.auth import auth_headers
from tests.release.support import (
    answer_checklist,
    approve,
    context,
    edit,
    events,
    make_dataset,
    publish,
    release_state,
    submit,
    withdraw,
)


def _public(dataset):
    return call_action("package_show", context(None), id=dataset["id"])


def _searched_notes(dataset):
    result = call_action("package_search", context(None), q=f"name:{dataset['name']}")
    assert result["count"] == 1, "an edit must never unpublish a dataset"
    return result["results"][0]["notes"]


def _diff(people, dataset):
    shown = call_action("jena_release_show", context(people.admin), id=dataset["id"])
    return {entry["field"]: entry for entry in shown["revision"]["diff"]}


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
class TestPendingRevision:
    def test_edit_waits_for_review_and_the_public_keeps_the_approved_version(self, people):
        dataset = make_dataset(people, notes="Freigegebener Stand")
        publish(people, dataset)
        returned = edit(people, dataset, notes="Neuer Stand", title="Baumkataster (neu)")
        assert returned["notes"] == "Neuer Stand"  # the author gets back what they wrote
        assert release_state(dataset) == states.REVISION_DRAFT
        assert _public(dataset)["notes"] == "Freigegebener Stand"
        assert _searched_notes(dataset) == "Freigegebener Stand"
        diff = _diff(people, dataset)
        assert sorted(diff) == ["notes", "title"]
        assert diff["notes"] == {
            "field": "notes",
            "label": "Beschreibung",
            "change": "changed",
            "old": "Freigegebener Stand",
            "new": "Neuer Stand",
            "old_text": "Freigegebener Stand",
            "new_text": "Neuer Stand",
        }
        assert diff["title"]["label"] == "Titel"

    def test_edits_build_on_the_pending_revision(self, people):
        dataset = make_dataset(people)
        publish(people, dataset)
        edit(people, dataset, notes="Erste Änderung")
        edit(people, dataset, user=people.editor2, version="2.0")
        form = call_action("package_show", {**context(people.editor), "for_edit": True}, id=dataset["id"])
        assert (form["notes"], form["version"]) == ("Erste Änderung", "2.0")
        assert sorted(_diff(people, dataset)) == ["notes", "version"]
        shown = call_action("jena_release_show", context(people.admin), id=dataset["id"])
        assert shown["last_editor"] == people.editor2["name"]
        # nobody outside the department gets the pending version, not even for "editing"
        outsider_form = call_action("package_show", {**context(people.outsider), "for_edit": True}, id=dataset["id"])
        assert outsider_form["notes"] == dataset["notes"]

    def test_approving_applies_the_revision(self, people):
        dataset = make_dataset(people, notes="Alt")
        publish(people, dataset)
        edit(people, dataset, notes="Neu")
        submit(people, dataset)
        assert _public(dataset)["notes"] == "Alt"
        result = approve(people, dataset, user=people.admin2)
        assert result["state"] == states.PUBLISHED
        assert result["revision"] is None
        assert _public(dataset)["notes"] == "Neu"
        assert _searched_notes(dataset) == "Neu"
        assert events(dataset)[-1].details == {"changed_fields": ["notes"]}
        activities = call_action("package_activity_list", context(None), id=dataset["id"])
        assert [activity["activity_type"] for activity in activities] == ["changed package"]

    def test_changes_requested_on_a_revision(self, people):
        dataset = make_dataset(people, notes="Alt")
        publish(people, dataset)
        edit(people, dataset, notes="Unfertig")
        submit(people, dataset)
        call_action("jena_release_request_changes", context(people.admin), id=dataset["id"], comment="Quelle fehlt.")
        assert release_state(dataset) == states.REVISION_CHANGES_REQUESTED
        assert _searched_notes(dataset) == "Alt"
        edit(people, dataset, notes="Fertig, mit Quelle")
        submit(people, dataset)
        approve(people, dataset)
        assert _public(dataset)["notes"] == "Fertig, mit Quelle"

    def test_undoing_every_change_drops_the_revision(self, people):
        dataset = make_dataset(people, notes="Stand")
        publish(people, dataset)
        edit(people, dataset, notes="Versehen")
        edit(people, dataset, notes="Stand")
        assert release_state(dataset) == states.PUBLISHED
        last = events(dataset)[-1]
        assert (last.action, last.from_state, last.to_state) == ("edit", "revision_draft", "published")

    def test_resources_of_a_published_dataset_are_revised_too(self, people):
        dataset = make_dataset(people)
        publish(people, dataset)
        original = dataset["resources"][0]
        added = call_action(
            "resource_create",
            context(people.editor),
            package_id=dataset["id"],
            name="Bäume (GeoJSON)",
            url="https://example.org/baeume.geojson",
            format="GEOJSON",
        )
        call_action("resource_patch", context(people.editor), id=original["id"], name="Bäume (CSV, neu)")
        assert [r["name"] for r in _public(dataset)["resources"]] == ["Bäume (CSV)"]
        with pytest.raises(Exception) as raised:
            call_action("resource_show", context(None), id=added["id"])
        assert type(raised.value).__name__ == "NotFound"
        answer_checklist(people, dataset)  # new data: the department confirms its checklist
        diff = _diff(people, dataset)
        assert diff[f"resources.{added['id']}"]["change"] == "added"
        assert diff[f"resources.{original['id']}.name"]["new"] == "Bäume (CSV, neu)"
        submit(people, dataset)
        approve(people, dataset)
        public = _public(dataset)
        assert [(r["id"], r["name"]) for r in public["resources"]] == [
            (original["id"], "Bäume (CSV, neu)"),
            (added["id"], "Bäume (GeoJSON)"),
        ]
        call_action("resource_delete", context(people.editor), id=added["id"])
        assert len(_public(dataset)["resources"]) == 2
        assert _diff(people, dataset)[f"resources.{added['id']}"]["change"] == "removed"

    def test_the_address_of_a_published_dataset_stays(self, people):
        dataset = make_dataset(people)
        publish(people, dataset)
        with pytest.raises(Exception) as raised:
            edit(people, dataset, name="neuer-name")
        assert raised.value.error_dict == {
            "name": [
                "Die Adresse (URL) eines veröffentlichten Datensatzes bleibt stabil und kann nicht geändert werden."
            ]
        }
        assert release_state(dataset) == states.PUBLISHED

    def test_invalid_edit_is_rejected_like_any_edit(self, people):
        dataset = make_dataset(people)
        publish(people, dataset)
        with pytest.raises(Exception) as raised:
            edit(people, dataset, contact_point_email="keine-adresse")
        assert type(raised.value).__name__ == "ValidationError"
        assert list(raised.value.error_dict) == ["contact_point_email"]
        assert release_state(dataset) == states.PUBLISHED
        assert [event.action for event in events(dataset)] == ["create", "submit", "approve"]

    def test_withdrawing_drops_the_pending_revision(self, people):
        dataset = make_dataset(people)
        publish(people, dataset)
        edit(people, dataset, notes="Wird verworfen")
        withdraw(people, dataset)
        last = events(dataset)[-1]
        assert (last.from_state, last.to_state, last.details) == (
            "revision_draft",
            "withdrawn",
            {"discarded_revision": True},
        )
        assert call_action("jena_release_show", context(people.admin), id=dataset["id"])["revision"] is None

    def test_reviewer_sees_the_diff_on_the_release_page(self, app, people):
        dataset = make_dataset(people, notes="Alter Text")
        publish(people, dataset)
        edit(people, dataset, notes="Neuer Text")
        submit(people, dataset)
        body = app.get(f"/dataset/{dataset['name']}/freigabe", headers=auth_headers(people.admin2)).get_data(
            as_text=True
        )
        assert "Ausstehende Änderung" in body
        assert "<del>Alter Text</del>" in body and "<ins>Neuer Text</ins>" in body
        assert "Freigeben" in body

    def test_system_comments_in_the_history_follow_the_reader_s_language(self, app, people):
        dataset = make_dataset(people, notes="Alter Text")
        publish(people, dataset)
        edit(people, dataset, notes="Neu")  # the system notes in the history that a revision began
        page = f"/dataset/{dataset['name']}/freigabe"

        german = app.get(page, headers=auth_headers(people.admin2)).get_data(as_text=True)
        english = app.get(f"/en{page}", headers=auth_headers(people.admin2)).get_data(as_text=True)

        assert "Änderung an einem veröffentlichten Datensatz begonnen" in german
        assert "Change to a published dataset started" in english
        assert "Änderung an einem veröffentlichten Datensatz begonnen" not in english
