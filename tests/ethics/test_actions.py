"""jena_checklist_show / _update / _signoff / _overview: roles, bad input, nothing stored."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
import pytest
from ckan import model
from ckan.tests.helpers import call_action

from ckanext.jena.ethics import store
from tests.ethics.support import PASSING, PERSONAL, answers, as_saved, show, signoff, stored, update
from tests.release.support import People, context, make_dataset, publish

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db")


def test_department_answers_and_sees_the_verdict(people: People) -> None:
    dataset = make_dataset(people)
    result = update(people, dataset, answers(rights_cleared="unclear"))
    assert result["passed"] is False
    assert result["status"] == "failing"
    assert [block["question"] for block in result["verdict"]["blocks"]] == ["rights_cleared"]
    assert "Rechte" in result["verdict"]["blocks"][0]["message"]
    result = update(people, dataset, PASSING)
    assert result["passed"] is True and result["status"] == "passed"
    assert show(people, dataset, people.admin)["answers"] == as_saved(PASSING)


def test_department_reviewers_and_privacy_roles_read_nobody_else(
    people: People, dpo: dict[str, Any], ethicist: dict[str, Any]
) -> None:
    dataset = make_dataset(people)
    update(people, dataset, PASSING)
    publish(people, dataset)
    readers = [people.by_role(role) for role in ("editor", "editor2", "member", "admin", "central", "sysadmin")]
    for user in [*readers, dpo, ethicist]:
        assert show(people, dataset, user)["answers"] == as_saved(PASSING), user["name"]
    for role in ("outsider", "other_admin", "anonymous"):
        with pytest.raises(tk.NotAuthorized):
            call_action("jena_checklist_show", context(people.by_role(role)), id=dataset["id"])


def test_only_editors_answer(people: People, dpo: dict[str, Any]) -> None:
    dataset = make_dataset(people)
    for role in ("member", "outsider", "other_admin", "anonymous"):
        with pytest.raises(tk.NotAuthorized):
            call_action("jena_checklist_update", context(people.by_role(role)), id=dataset["id"], answers=PASSING)
    with pytest.raises(tk.NotAuthorized):
        update(people, dataset, PASSING, dpo)
    assert stored(dataset) == (None, 0)


BAD_INPUT = [
    pytest.param({"answers": {"no_such_question": "x"}}, "no_such_question", "Unbekannte Frage", id="unknown-question"),
    pytest.param(
        {"answers": {"rights_cleared": "maybe"}}, "rights_cleared", "erlaubt: yes, no, unclear", id="bad-option"
    ),
    pytest.param({"answers": {"public_benefit": 42}}, "public_benefit", "Text", id="number-for-text"),
    pytest.param({"answers": {"responsibility": "FD Umwelt"}}, "responsibility", "Objekt", id="text-for-group"),
    pytest.param(
        {"answers": {"responsibility": {"mailbox": "kein-postfach"}}},
        "responsibility.mailbox",
        "Wird aus den Metadaten des Datensatzes übernommen; bitte dort ändern, nicht in der Checkliste.",
        id="metadata-field-sent",
    ),
    pytest.param(
        {"answers": {"responsibility": {"next_update": "bald"}}}, "responsibility.next_update", "Datum", id="bad-date"
    ),
    pytest.param({"answers": {"dpo": {"phone": "123"}}}, "dpo.phone", "Unbekanntes Feld", id="unknown-group-field"),
    pytest.param({"answers": ["yes"]}, "answers", "Objekt", id="answers-not-object"),
    pytest.param({"answers": {"public_benefit": "x" * 5001}}, "public_benefit", "zu lang", id="too-long"),
    pytest.param({"answers": PASSING, "passed": True}, "passed", "berechnet", id="mark-passed-directly"),
    pytest.param({"answers": PASSING, "status": "passed"}, "status", "berechnet", id="set-status-directly"),
    pytest.param({"answers": PASSING, "colour": "blue"}, "colour", "Unbekannter Parameter", id="unknown-parameter"),
]


def test_bad_input_is_refused_and_nothing_is_stored(people: People) -> None:
    dataset = make_dataset(people)
    update(people, dataset, answers(public_benefit="Erste Fassung"))
    before = stored(dataset)
    for case in BAD_INPUT:
        data, key, text = case.values
        with pytest.raises(tk.ValidationError) as error:
            call_action("jena_checklist_update", context(people.editor), id=dataset["id"], **data)
        assert key in error.value.error_dict, case.id
        assert any(text in message for message in error.value.error_dict[key]), (case.id, error.value.error_dict)
        assert stored(dataset) == before, case.id


def test_bad_answers_among_good_ones_store_nothing(people: People) -> None:
    dataset = make_dataset(people)
    with pytest.raises(tk.ValidationError):
        update(people, dataset, answers(security_risk="vielleicht"))
    assert stored(dataset) == (None, 0)


def test_unknown_dataset_is_not_found(people: People) -> None:
    with pytest.raises(tk.ObjectNotFound):
        call_action("jena_checklist_update", context(people.editor), id="gibt-es-nicht", answers=PASSING)


def test_answers_cannot_change_after_approval_without_a_new_review(people: People) -> None:
    dataset = make_dataset(people)
    update(people, dataset, PASSING)
    publish(people, dataset)
    with pytest.raises(tk.ValidationError) as error:
        update(people, dataset, answers(public_benefit="Nachträglich geändert"))
    assert "Veröffentlicht" in error.value.error_dict["state"][0]
    assert stored(dataset)[0] == as_saved(PASSING)
    # Editing the published dataset opens a revision: now the answers may change (and are reviewed again).
    call_action("package_patch", context(people.editor), id=dataset["id"], title="Baumkataster (neu)")
    assert update(people, dataset, answers(public_benefit="Nachträglich geändert"))["passed"] is True


class TestSignoff:
    def test_dpo_signs_off_and_the_checklist_passes(self, people: People, dpo: dict[str, Any]) -> None:
        dataset = make_dataset(people)
        result = update(people, dataset, PERSONAL)
        assert result["passed"] is False
        assert [problem["code"] for problem in result["problems"]] == ["signoff_missing"]
        result = signoff(dpo, dataset, "data_protection")
        assert result["passed"] is True
        assert result["signoffs"]["data_protection"]["user"] == dpo["name"]

    def test_rejected_signoff_blocks(self, people: People, dpo: dict[str, Any]) -> None:
        dataset = make_dataset(people)
        update(people, dataset, PERSONAL)
        result = signoff(dpo, dataset, "data_protection", "rejected", comment="Ortsteile zu klein.")
        assert [problem["code"] for problem in result["problems"]] == ["signoff_rejected"]

    def test_new_answers_void_the_signoff(self, people: People, dpo: dict[str, Any]) -> None:
        dataset = make_dataset(people)
        update(people, dataset, PERSONAL)
        signoff(dpo, dataset, "data_protection")
        result = update(people, dataset, answers(PERSONAL, anonymisation="Auf Stadtbezirke zusammengefasst."))
        assert [problem["code"] for problem in result["problems"]] == ["signoff_missing"]

    def test_special_categories_need_both_roles(
        self, people: People, dpo: dict[str, Any], ethicist: dict[str, Any]
    ) -> None:
        dataset = make_dataset(people)
        update(people, dataset, answers(PERSONAL, special_categories="yes"))
        assert signoff(dpo, dataset, "data_protection")["passed"] is False
        assert signoff(ethicist, dataset, "ethics")["passed"] is True

    def test_only_the_role_signs_off(self, people: People, ethicist: dict[str, Any]) -> None:
        dataset = make_dataset(people)
        update(people, dataset, PERSONAL)
        for role in ("editor", "admin", "central", "sysadmin"):
            with pytest.raises(tk.NotAuthorized):
                signoff(people.by_role(role), dataset, "data_protection")
        with pytest.raises(tk.NotAuthorized):
            signoff(ethicist, dataset, "data_protection")
        assert stored(dataset)[1] == 0

    def test_never_by_the_author(self, people: People, dpo: dict[str, Any]) -> None:
        model.Session.rollback()
        call_action(
            "member_create",
            context(people.sysadmin),
            id=people.org["id"],
            object=dpo["id"],
            object_type="user",
            capacity="editor",
        )
        dataset = make_dataset(people)
        update(people, dataset, PERSONAL, user=dpo)
        with pytest.raises(tk.NotAuthorized) as error:
            signoff(dpo, dataset, "data_protection")
        assert "selbst ausgefüllt" in str(error.value)
        assert stored(dataset)[1] == 0

    def test_bad_signoff_input(self, people: People, dpo: dict[str, Any], ethicist: dict[str, Any]) -> None:
        dataset = make_dataset(people)
        update(people, dataset, PERSONAL)
        cases = [
            (dpo, {"role": "datenschutz", "outcome": "approved"}, "role"),
            (dpo, {"role": "data_protection", "outcome": "passed"}, "outcome"),
            (dpo, {"role": "data_protection", "outcome": "rejected"}, "comment"),
            (ethicist, {"role": "ethics", "outcome": "approved"}, "role"),  # not required by these answers
        ]
        for user, data, key in cases:
            with pytest.raises(tk.ValidationError) as error:
                call_action("jena_checklist_signoff", context(user), id=dataset["id"], **data)
            assert key in error.value.error_dict, data
        assert stored(dataset)[1] == 0

    def test_signoff_of_an_unanswered_checklist(self, people: People, dpo: dict[str, Any]) -> None:
        dataset = make_dataset(people)
        with pytest.raises(tk.ValidationError) as error:
            signoff(dpo, dataset, "data_protection")
        assert "answers" in error.value.error_dict
        assert store.get(dataset["id"]) is None
