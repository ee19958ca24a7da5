"""Every transition, every role: the role × action matrix, invalid transitions and bad input."""

from __future__ import annotations

from typing import Any

import pytest
from ckan.tests.helpers import call_action

from ckanext.jena.release import states
from tests.release.support import (
    approve,
    context,
    dataset_in_state,
    events,
    future,
    make_dataset,
    publish,
    release_state,
    submit,
)

ROLES = (
    "editor",
    "editor2",
    "member",
    "admin",
    "admin2",
    "other_admin",
    "central",
    "sysadmin",
    "outsider",
    "anonymous",
)

# action -> (state it needs, parameters, roles that may do it, state afterwards)
MATRIX: dict[str, tuple[str, dict[str, Any], set[str], str]] = {
    "submit": (states.DRAFT, {}, {"editor", "editor2", "admin", "admin2", "sysadmin"}, states.IN_REVIEW),
    # the editor submitted and edited last, so every reviewer is a second person
    "approve": (states.IN_REVIEW, {}, {"admin", "admin2", "central", "sysadmin"}, states.PUBLISHED),
    "request_changes": (
        states.IN_REVIEW,
        {"comment": "Die Beschreibung fehlt."},
        {"admin", "admin2", "central", "sysadmin"},
        states.CHANGES_REQUESTED,
    ),
    "withdraw": (
        states.PUBLISHED,
        {"reason": "Fehlerhafte Daten."},
        {"admin", "admin2", "central", "sysadmin"},
        states.WITHDRAWN,
    ),
}


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
class TestRoleMatrix:
    @pytest.mark.parametrize("role", ROLES)
    @pytest.mark.parametrize("action", sorted(MATRIX))
    def test_role_may_or_may_not(self, people, action, role):
        needed, params, allowed, after = MATRIX[action]
        dataset = dataset_in_state(people, needed)
        before = len(events(dataset))
        user = people.by_role(role)
        if role in allowed:
            result = call_action(f"jena_release_{action}", context(user), id=dataset["id"], **params)
            assert result["state"] == after
            assert result["event"]["action"] == action
            assert result["event"]["user_name"] == user["name"]
            assert release_state(dataset) == after
            assert len(events(dataset)) == before + 1
        else:
            with pytest.raises(Exception) as raised:
                call_action(f"jena_release_{action}", context(user), id=dataset["id"], **params)
            # outsiders of a non-public dataset do not even learn that it exists
            assert type(raised.value).__name__ in ("NotAuthorized", "NotFound")
            assert release_state(dataset) == needed
            assert len(events(dataset)) == before

    @pytest.mark.parametrize("role", ROLES)
    def test_audit_trail_is_for_the_department_and_the_reviewers(self, people, role):
        dataset = dataset_in_state(people, states.IN_REVIEW)
        user = people.by_role(role)
        if role in {"editor", "editor2", "member", "admin", "admin2", "central", "sysadmin"}:
            history = call_action("jena_release_audit_list", context(user), id=dataset["id"])
            assert [event["action"] for event in history["results"]] == ["submit", "create"]
        else:
            with pytest.raises(Exception) as raised:
                call_action("jena_release_audit_list", context(user), id=dataset["id"])
            assert type(raised.value).__name__ == "NotAuthorized"

    @pytest.mark.parametrize("role", ROLES)
    def test_queue_needs_a_login(self, people, role):
        user = people.by_role(role)
        if user is None:
            with pytest.raises(Exception) as raised:
                call_action("jena_release_queue", context(user))
            assert type(raised.value).__name__ == "NotAuthorized"
        else:
            assert "counts" in call_action("jena_release_queue", context(user))


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
class TestTransitions:
    def test_the_whole_way_with_every_event(self, people):
        dataset = make_dataset(people)
        assert release_state(dataset) == states.DRAFT
        submit(people, dataset, comment="Bitte prüfen.")
        call_action("jena_release_request_changes", context(people.admin), id=dataset["id"], comment="Lizenz fehlt.")
        assert release_state(dataset) == states.CHANGES_REQUESTED
        submit(people, dataset)
        approve(people, dataset, comment="Passt.")
        assert release_state(dataset) == states.PUBLISHED
        call_action("jena_release_withdraw", context(people.admin2), id=dataset["id"], reason="Veraltet.")
        assert release_state(dataset) == states.WITHDRAWN
        submit(people, dataset)
        approve(people, dataset, user=people.central)
        trail = [(e.action, e.from_state, e.to_state, e.comment) for e in events(dataset)]
        assert trail == [
            ("create", None, "draft", None),
            ("submit", "draft", "in_review", "Bitte prüfen."),
            ("request_changes", "in_review", "changes_requested", "Lizenz fehlt."),
            ("submit", "changes_requested", "in_review", None),
            ("approve", "in_review", "published", "Passt."),
            ("withdraw", "published", "withdrawn", "Veraltet."),
            ("submit", "withdrawn", "in_review", None),
            ("approve", "in_review", "published", None),
        ]

    def test_editing_an_approved_dataset_voids_the_approval(self, people):
        dataset = dataset_in_state(people, states.APPROVED)
        call_action("package_patch", context(people.editor2), id=dataset["id"], notes="Neue Beschreibung")
        assert release_state(dataset) == states.IN_REVIEW
        last = events(dataset)[-1]
        assert (last.action, last.from_state, last.to_state) == ("edit", "approved", "in_review")
        show = call_action("jena_release_show", context(people.admin), id=dataset["id"])
        assert show["release_at"] is None
        assert show["last_editor"] == people.editor2["name"]

    def test_show_lists_what_this_user_may_do_now(self, people):
        dataset = dataset_in_state(people, states.IN_REVIEW)
        assert call_action("jena_release_show", context(people.editor), id=dataset["id"])["allowed_actions"] == []
        admin_view = call_action("jena_release_show", context(people.admin), id=dataset["id"])
        assert admin_view["allowed_actions"] == ["approve", "request_changes"]
        assert admin_view["state_label"] == "In Prüfung"


# (action, state) pairs that are not transitions, with what the error must list as allowed
INVALID = [
    ("approve", states.DRAFT, ["submit"]),
    ("request_changes", states.DRAFT, ["submit"]),
    ("withdraw", states.DRAFT, ["submit"]),
    ("submit", states.IN_REVIEW, ["approve", "request_changes"]),
    ("withdraw", states.IN_REVIEW, ["approve", "request_changes"]),
    ("approve", states.CHANGES_REQUESTED, ["submit"]),
    ("submit", states.APPROVED, ["request_changes", "withdraw"]),
    ("approve", states.APPROVED, ["request_changes", "withdraw"]),
    ("submit", states.PUBLISHED, ["withdraw"]),
    ("approve", states.PUBLISHED, ["withdraw"]),
    ("request_changes", states.PUBLISHED, ["withdraw"]),
    ("approve", states.WITHDRAWN, ["submit"]),
    ("withdraw", states.WITHDRAWN, ["submit"]),
    ("approve", states.REVISION_DRAFT, ["submit", "withdraw"]),
    ("submit", states.REVISION_IN_REVIEW, ["approve", "request_changes", "withdraw"]),
]
LABELS = {
    "approve": "Freigeben",
    "request_changes": "Änderungen anfordern",
    "withdraw": "Zurückziehen",
    "submit": "Zur Prüfung einreichen",
}
PARAMS = {"request_changes": {"comment": "x"}, "withdraw": {"reason": "x"}}


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
class TestInvalidTransitions:
    @pytest.mark.parametrize(("action", "state", "allowed"), INVALID)
    def test_error_names_the_state_and_the_allowed_actions(self, people, action, state, allowed):
        dataset = dataset_in_state(people, state)
        before = len(events(dataset))
        user = people.sysadmin if action == "submit" else people.central
        with pytest.raises(Exception) as raised:
            call_action(f"jena_release_{action}", context(user), id=dataset["id"], **PARAMS.get(action, {}))
        error = raised.value
        assert type(error).__name__ == "ValidationError"
        assert error.error_dict["current_state"] == [state]
        assert error.error_dict["allowed_actions"] == allowed
        message = error.error_dict["state"][0]
        assert f"„{LABELS[action]}“ ist im Zustand „{states.state_label(state)}“ nicht möglich." in message
        for name in allowed:
            assert f"„{LABELS[name]}“" in message
        assert release_state(dataset) == state
        assert len(events(dataset)) == before


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
class TestBadInput:
    def _fails(self, action: str, user: dict[str, Any], **data: Any) -> dict[str, Any]:
        with pytest.raises(Exception) as raised:
            call_action(f"jena_release_{action}", context(user), **data)
        assert type(raised.value).__name__ == "ValidationError"
        return raised.value.error_dict

    def test_request_changes_needs_a_comment(self, people):
        dataset = dataset_in_state(people, states.IN_REVIEW)
        for comment in (None, "", "   "):
            data = {"id": dataset["id"]} if comment is None else {"id": dataset["id"], "comment": comment}
            errors = self._fails("request_changes", people.admin, **data)
            assert errors == {"comment": ["Bitte beschreiben Sie, welche Änderungen nötig sind."]}
        assert release_state(dataset) == states.IN_REVIEW
        assert [e.action for e in events(dataset)] == ["create", "submit"]

    def test_withdraw_needs_a_reason(self, people):
        dataset = dataset_in_state(people, states.PUBLISHED)
        errors = self._fails("withdraw", people.admin, id=dataset["id"], reason=" ")
        assert errors == {"reason": ["Bitte geben Sie an, warum der Datensatz zurückgezogen wird."]}
        assert release_state(dataset) == states.PUBLISHED

    @pytest.mark.parametrize(
        ("value", "message"),
        [
            ("morgen früh", "„morgen früh“ ist kein Datum mit Uhrzeit; erwartet wird z. B. 2025-03-01T09:00."),
            ("2020-01-01T10:00", "Das Veröffentlichungsdatum muss in der Zukunft liegen."),
            (12345, "Bitte geben Sie Datum und Uhrzeit an, z. B. 2025-03-01T09:00."),
        ],
    )
    def test_bad_release_dates(self, people, value, message):
        dataset = dataset_in_state(people, states.IN_REVIEW)
        errors = self._fails("approve", people.admin, id=dataset["id"], release_at=value)
        assert errors == {"release_at": [message]}
        assert release_state(dataset) == states.IN_REVIEW
        assert [e.action for e in events(dataset)] == ["create", "submit"]

    def test_a_revision_cannot_be_scheduled(self, people):
        dataset = dataset_in_state(people, states.REVISION_IN_REVIEW)
        errors = self._fails("approve", people.admin, id=dataset["id"], release_at=future())
        assert list(errors) == ["release_at"]
        assert "nur bei der ersten Freigabe" in errors["release_at"][0]
        assert release_state(dataset) == states.REVISION_IN_REVIEW

    def test_missing_and_unknown_dataset(self, people):
        assert self._fails("submit", people.editor) == {"id": ["Bitte geben Sie den Datensatz an (id oder name)."]}
        with pytest.raises(Exception) as raised:
            call_action("jena_release_submit", context(people.editor), id="gibt-es-nicht")
        assert type(raised.value).__name__ == "NotFound"

    def test_overlong_comment(self, people):
        dataset = make_dataset(people)
        errors = self._fails("submit", people.editor, id=dataset["id"], comment="x" * 5001)
        assert errors == {"comment": ["Der Text ist zu lang (höchstens 5000 Zeichen)."]}
        assert release_state(dataset) == states.DRAFT

    def test_queue_rejects_unknown_filters(self, people):
        errors = self._fails("queue", people.admin, state="fertig", limit="viele")
        assert errors["state"][0].startswith("Unbekannter Wert „fertig“; erlaubt: draft, in_review")
        assert errors["limit"] == ["Bitte geben Sie eine ganze Zahl an."]

    def test_nobody_sets_private_themselves(self, people):
        dataset = make_dataset(people, private=False)
        assert dataset["private"] is True
        patched = call_action("package_patch", context(people.sysadmin), id=dataset["id"], private=False)
        assert patched["private"] is True
        publish(people, dataset)
        with pytest.raises(Exception) as raised:
            call_action("bulk_update_private", context(people.admin), datasets=[dataset["id"]], org_id=people.org["id"])
        assert type(raised.value).__name__ == "NotAuthorized"
        assert call_action("package_show", context(None), id=dataset["id"])["private"] is False
