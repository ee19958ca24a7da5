"""The ``ethics`` gate inside the release workflow; versioning, significant changes,
outdated answers and the overview for data managers."""

from __future__ import annotations

import datetime
from typing import Any

import ckan.plugins.toolkit as tk
import pytest
from ckan import model
from ckan.tests.helpers import call_action

from ckanext.jena.ethics import store
from ckanext.jena.release import gates, states
from tests.ethics.support import PASSING, PERSONAL, answers, signoff, update
from tests.release.support import People, approve, context, make_dataset, submit

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db")


def _refused(people: People, dataset: dict[str, Any]) -> list[str]:
    with pytest.raises(tk.ValidationError) as error:
        approve(people, dataset)
    model.Session.rollback()
    assert store_state(dataset) == states.IN_REVIEW
    return [message for message in error.value.error_dict["gates"] if message.startswith("Datenethik-Checkliste")]


def store_state(dataset: dict[str, Any]) -> str | None:
    from ckanext.jena.release import store as release_store

    model.Session.rollback()
    return release_store.state_of(dataset["id"])


def _age(dataset: dict[str, Any], **changes: Any) -> None:
    row = store.get(dataset["id"])
    assert row is not None
    for key, value in changes.items():
        setattr(row, key, value)
    model.Session.commit()


def test_the_gate_is_registered_by_the_plugin() -> None:
    assert "ethics" in [gate.name for gate in gates.registered()]


def test_approval_refused_without_checklist(people: People) -> None:
    dataset = make_dataset(people)
    submit(people, dataset)
    assert _refused(people, dataset) == ["Datenethik-Checkliste: Die Datenethik-Checkliste ist nicht ausgefüllt."]


def test_approval_refused_while_failing_then_granted(people: People) -> None:
    dataset = make_dataset(people)
    update(people, dataset, answers(security_risk="unclear", limitations=""))
    submit(people, dataset)
    refused = _refused(people, dataset)
    assert len(refused) == 2
    assert any("Sicherheitsrisiko" in message for message in refused)
    assert any("Hinweise zur Nutzung" in message for message in refused)
    call_action("jena_release_request_changes", context(people.admin), id=dataset["id"], comment="Checkliste")
    update(people, dataset, PASSING)
    submit(people, dataset)
    approve(people, dataset)
    assert store_state(dataset) == states.PUBLISHED


def test_approval_waits_for_the_required_signoff(people: People, dpo: dict[str, Any]) -> None:
    dataset = make_dataset(people)
    update(people, dataset, PERSONAL)
    submit(people, dataset)
    assert _refused(people, dataset) == ["Datenethik-Checkliste: Die Freigabe durch „Datenschutz“ fehlt noch."]
    signoff(dpo, dataset, "data_protection")
    approve(people, dataset)
    assert store_state(dataset) == states.PUBLISHED


def test_answers_for_an_older_checklist_version_do_not_count(people: People) -> None:
    dataset = make_dataset(people)
    update(people, dataset, PASSING)
    _age(dataset, checklist_version=0)
    submit(people, dataset)
    assert any("ältere Fassung" in message for message in _refused(people, dataset))


def test_answers_older_than_the_configured_period_do_not_count(people: People) -> None:
    dataset = make_dataset(people)
    update(people, dataset, PASSING)
    _age(dataset, updated_at=datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=731))
    submit(people, dataset)
    assert any("veraltet" in message for message in _refused(people, dataset))


@pytest.mark.ckan_config("ckanext.jena.ethics.max_age_days", "30")
def test_the_period_is_configurable(people: People) -> None:
    dataset = make_dataset(people)
    update(people, dataset, PASSING)
    _age(dataset, updated_at=datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=31))
    assert store.assess(dataset["id"], None).status == "outdated_age"


def test_replaced_resource_needs_a_new_review_of_the_answers(people: People) -> None:
    dataset = make_dataset(people)
    update(people, dataset, PASSING)
    resource = dataset["resources"][0]
    call_action("resource_patch", context(people.editor), id=resource["id"], url="https://example.org/neu.csv")
    with pytest.raises(tk.ValidationError) as error:  # tests/ethics/test_stale.py: submission is refused
        submit(people, dataset)
    assert any("Ressourcen ersetzt" in message for message in error.value.error_dict["ethics"])


def test_personal_data_relevant_field_change_needs_a_new_review(people: People) -> None:
    dataset = make_dataset(people)
    update(people, dataset, PASSING)
    call_action("package_patch", context(people.editor), id=dataset["id"], jena_category=["demographic"])
    with pytest.raises(tk.ValidationError) as error:
        submit(people, dataset)
    assert any("personenbezogenen Daten" in message for message in error.value.error_dict["ethics"])


def test_a_change_after_submission_still_stops_the_approval(people: People) -> None:
    dataset = make_dataset(people)
    update(people, dataset, PASSING)
    submit(people, dataset)
    model.Session.rollback()
    row = store.get(dataset["id"])
    row.fingerprint = "answered-for-other-data"
    model.Session.commit()
    assert any("Ressourcen ersetzt" in message for message in _refused(people, dataset))


def test_editing_the_description_needs_no_new_review(people: People) -> None:
    dataset = make_dataset(people)
    update(people, dataset, PASSING)
    call_action("package_patch", context(people.editor), id=dataset["id"], title="Baumkataster Jena")
    submit(people, dataset)
    approve(people, dataset)
    assert store_state(dataset) == states.PUBLISHED


def test_overview_lists_missing_failing_and_outdated(people: People) -> None:
    missing = make_dataset(people)
    failing = make_dataset(people)
    update(people, failing, answers(rights_cleared="no"))
    outdated = make_dataset(people)
    update(people, outdated, PASSING)
    _age(outdated, checklist_version=0)
    passing = make_dataset(people)
    update(people, passing, PASSING)
    result = call_action("jena_checklist_overview", context(people.admin))
    by_name = {entry["name"]: entry for entry in result["datasets"]}
    assert set(by_name) == {missing["name"], failing["name"], outdated["name"]}
    assert by_name[missing["name"]]["status"] == "missing"
    assert by_name[failing["name"]]["status"] == "failing"
    assert by_name[outdated["name"]]["status"] == "outdated_version"
    assert by_name[missing["name"]]["url"] == f"/dataset/{missing['name']}/ethik"
    assert call_action("jena_checklist_overview", context(people.other_admin))["datasets"] == []
    with pytest.raises(tk.NotAuthorized):
        call_action("jena_checklist_overview", context(people.editor))
    with pytest.raises(tk.ObjectNotFound):
        call_action("jena_checklist_overview", context(people.admin), organization="gibt-es-nicht")
