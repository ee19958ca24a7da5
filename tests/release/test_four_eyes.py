"""Four-eyes: nobody approves what they submitted or edited last — data managers and
sysadmins included; only a sysadmin may override, with a reason, and that is logged."""

from __future__ import annotations

import pytest
from ckan.tests.helpers import call_action

from ckanext.jena.release import states
from tests.release.support import approve, context, edit, events, make_dataset, publish, release_state, submit

SUBMITTED = "Vier-Augen-Prinzip: Sie haben diesen Datensatz zur Prüfung eingereicht."
EDITED = "Vier-Augen-Prinzip: Sie haben diesen Datensatz zuletzt bearbeitet."


def _denied(user, dataset, **data):
    with pytest.raises(Exception) as raised:
        call_action("jena_release_approve", context(user), id=dataset["id"], **data)
    assert type(raised.value).__name__ == "NotAuthorized"
    return str(raised.value)


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
class TestFourEyes:
    def test_data_manager_cannot_approve_own_submission(self, people):
        dataset = make_dataset(people, user=people.admin)
        submit(people, dataset, user=people.admin)
        assert SUBMITTED in _denied(people.admin, dataset)
        assert release_state(dataset) == states.IN_REVIEW
        approve(people, dataset, user=people.admin2)
        assert release_state(dataset) == states.PUBLISHED

    def test_last_editor_cannot_approve(self, people):
        dataset = make_dataset(people)
        submit(people, dataset)
        call_action("package_patch", context(people.admin), id=dataset["id"], notes="Vom Datenmanager ergänzt")
        assert EDITED in _denied(people.admin, dataset)
        shown = call_action("jena_release_show", context(people.admin), id=dataset["id"])
        assert shown["allowed_actions"] == ["request_changes"]
        assert shown["blocked_actions"] == {"approve": EDITED}
        assert shown["can_override"] is False
        approve(people, dataset, user=people.central)

    def test_revision_author_cannot_approve_the_revision(self, people):
        dataset = make_dataset(people)
        publish(people, dataset)
        edit(people, dataset, user=people.admin, notes="Neue Fassung vom Datenmanager")
        submit(people, dataset)  # the editor submits what the data manager wrote
        assert EDITED in _denied(people.admin, dataset)
        approve(people, dataset, user=people.admin2)
        assert call_action("package_show", context(None), id=dataset["id"])["notes"] == "Neue Fassung vom Datenmanager"

    def test_sysadmins_are_bound_too(self, people):
        dataset = make_dataset(people, user=people.sysadmin)
        submit(people, dataset, user=people.sysadmin)
        message = _denied(people.sysadmin, dataset)
        assert SUBMITTED in message
        assert "Als Systemadministrator:in können Sie mit Begründung übersteuern." in message
        shown = call_action("jena_release_show", context(people.sysadmin), id=dataset["id"])
        assert shown["can_override"] is True
        assert release_state(dataset) == states.IN_REVIEW
        assert [event.action for event in events(dataset)] == ["create", "submit"]

    def test_sysadmin_override_needs_a_reason_and_is_logged(self, people):
        dataset = make_dataset(people, user=people.sysadmin)
        submit(people, dataset, user=people.sysadmin)
        _denied(people.sysadmin, dataset, override_reason="   ")  # blank is no reason
        result = approve(
            people, dataset, user=people.sysadmin, override_reason="Notfall: Unwetterwarnung muss sofort online."
        )
        assert result["state"] == states.PUBLISHED
        last = events(dataset)[-1]
        assert (last.action, last.override) == ("approve", True)
        assert last.details["override_reason"] == "Notfall: Unwetterwarnung muss sofort online."
        assert last.details["four_eyes_conflict"] == SUBMITTED
        assert "Notfall" in last.comment
        history = call_action("jena_release_audit_list", context(people.member), id=dataset["id"])
        assert history["results"][0]["override"] is True

    def test_only_sysadmins_may_override(self, people):
        dataset = make_dataset(people, user=people.admin)
        submit(people, dataset, user=people.admin)
        message = _denied(people.admin, dataset, override_reason="Ich bin mir sicher.")
        assert message == "Nur Systemadministrator:innen dürfen das Vier-Augen-Prinzip (mit Begründung) übergehen."
        assert release_state(dataset) == states.IN_REVIEW

    def test_reason_without_conflict_is_no_override(self, people):
        dataset = make_dataset(people)
        submit(people, dataset)
        approve(people, dataset, user=people.sysadmin, override_reason="vorsorglich")
        assert events(dataset)[-1].override is False


CHECKLIST = "Vier-Augen-Prinzip: Sie haben die Datenethik-Checkliste dieses Datensatzes ausgefüllt."
CONTRIBUTED = "Vier-Augen-Prinzip: Sie haben die zu prüfende Fassung dieses Datensatzes bearbeitet."


def _queue(user):
    return [row["name"] for row in call_action("jena_release_queue", context(user), task="review")["results"]]


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
class TestEverybodyWhoChangedTheVersion:
    """Nobody who changed the content or the checklist answers of the version under review
    approves it, whoever edited last (issue 12, items 11 and 12)."""

    def test_checklist_author_cannot_approve(self, people):
        from tests.release.support import answer_checklist

        dataset = make_dataset(people)
        answer_checklist(people, dataset, user=people.admin)
        edit(people, dataset, notes=dataset["notes"] + " Stand 2026.")
        submit(people, dataset)
        assert _denied(people.admin, dataset) == CHECKLIST
        assert dataset["name"] not in _queue(people.admin)
        assert release_state(dataset) == states.IN_REVIEW
        assert [event.action for event in events(dataset)] == ["create", "submit"]
        approve(people, dataset, user=people.admin2)
        assert release_state(dataset) == states.PUBLISHED

    def test_earlier_editor_cannot_approve_after_a_trivial_later_edit(self, people):
        dataset = make_dataset(people)
        edit(people, dataset, user=people.admin, notes="Vom Datenmanager umgeschrieben.")
        edit(people, dataset, title=dataset["title"] + " ")  # trivial: the editor edits last
        submit(people, dataset)
        assert _denied(people.admin, dataset) == CONTRIBUTED
        assert dataset["name"] not in _queue(people.admin)
        assert dataset["name"] in _queue(people.admin2)
        shown = call_action("jena_release_show", context(people.admin), id=dataset["id"])
        assert shown["blocked_actions"] == {"approve": CONTRIBUTED}
        assert release_state(dataset) == states.IN_REVIEW
        approve(people, dataset, user=people.admin2)

    def test_earlier_revision_author_cannot_approve_the_revision(self, people):
        dataset = make_dataset(people)
        publish(people, dataset)
        edit(people, dataset, user=people.admin, notes="Neue Fassung vom Datenmanager")
        edit(people, dataset, title=dataset["title"] + " (2026)")
        submit(people, dataset)
        assert _denied(people.admin, dataset) == CONTRIBUTED
        assert call_action("package_show", context(None), id=dataset["id"])["notes"] == dataset["notes"]
        approve(people, dataset, user=people.admin2)
        assert call_action("package_show", context(None), id=dataset["id"])["notes"] == "Neue Fassung vom Datenmanager"

    def test_changes_requested_keep_the_earlier_contributors(self, people):
        dataset = make_dataset(people)
        edit(people, dataset, user=people.admin2, notes="Ergänzt von David.")
        submit(people, dataset)
        call_action("jena_release_request_changes", context(people.admin), id=dataset["id"], comment="Lizenz?")
        edit(people, dataset, notes="Lizenz geprüft.")
        submit(people, dataset)
        assert _denied(people.admin2, dataset) == CONTRIBUTED
        approve(people, dataset, user=people.admin)

    def test_an_approved_version_starts_the_next_one_afresh(self, people):
        dataset = make_dataset(people)
        edit(people, dataset, user=people.admin, notes="Erste Fassung vom Datenmanager.")
        submit(people, dataset)
        approve(people, dataset, user=people.admin2)
        edit(people, dataset, title=dataset["title"] + " (2026)")
        submit(people, dataset)
        approve(people, dataset, user=people.admin)  # the revision is the editor's alone
        assert release_state(dataset) == states.PUBLISHED

    def test_sysadmin_override_stays_the_only_exception(self, people):
        dataset = make_dataset(people)
        edit(people, dataset, user=people.sysadmin, notes="Vom Systemadministrator ergänzt.")
        edit(people, dataset, title=dataset["title"] + " ")
        submit(people, dataset)
        assert CONTRIBUTED in _denied(people.sysadmin, dataset)
        approve(people, dataset, user=people.sysadmin, override_reason="Notfall: muss sofort online.")
        last = events(dataset)[-1]
        assert (last.override, last.details["four_eyes_conflict"]) == (True, CONTRIBUTED)
