"""Gates before approval: the built-in mandatory-fields gate and the registry other
features (data-ethics checklist, DCAT-AP.de validation) plug into."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from ckan.tests.helpers import call_action

from ckanext.jena.release import gates, states
from tests.release.support import (
    approve,
    context,
    edit,
    events,
    make_dataset,
    publish,
    release_state,
    submit,
)


def _approval_errors(people, dataset):
    with pytest.raises(Exception) as raised:
        approve(people, dataset)
    assert type(raised.value).__name__ == "ValidationError"
    return raised.value.error_dict


@pytest.fixture
def ethics_gate() -> Iterator[list[str]]:
    """A stand-in for the data-ethics checklist: fails while ``answers`` is empty."""
    answers: list[str] = []

    @gates.register("ethics_test", label="Datenethik-Checkliste", order=20)
    def check(gate_input: gates.GateInput) -> list[gates.GateFailure]:
        if answers:
            return []
        return [gates.GateFailure("Frage 3 (Personenbezug) ist nicht beantwortet.", field="ethics.q3", code="missing")]

    yield answers
    gates.unregister("ethics_test")


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
class TestMandatoryFields:
    def test_incomplete_draft_says_exactly_what_is_missing(self, people):
        # a CKAN draft (the form was not finished) may lack mandatory fields
        dataset = make_dataset(people, user=people.sysadmin, state="draft", data_steward="")
        submit(people, dataset)
        errors = _approval_errors(people, dataset)
        mandatory = [message for message in errors["gates"] if message.startswith("Pflichtfelder")]
        assert mandatory == [
            "Pflichtfelder vollständig: Feld „Datenverantwortliche:r“: "
            "Pflichtangabe für die Veröffentlichung: Bitte füllen Sie dieses Feld aus."
        ]
        assert release_state(dataset) == states.IN_REVIEW
        assert [event.action for event in events(dataset)] == ["create", "submit"]
        shown = call_action("jena_release_show", context(people.admin), id=dataset["id"], include_gates=True)
        by_name = {gate["name"]: gate for gate in shown["gates"]}
        assert by_name["mandatory_fields"]["passed"] is False
        assert by_name["mandatory_fields"]["failures"][0]["field"] == "data_steward"

    def test_completed_draft_is_published_and_becomes_active(self, people):
        dataset = make_dataset(people, user=people.sysadmin, state="draft", data_steward="")
        submit(people, dataset)
        call_action("package_patch", context(people.editor2), id=dataset["id"], data_steward="Fachdienst Umweltschutz")
        approve(people, dataset)
        shown = call_action("package_show", context(None), id=dataset["id"])
        assert shown["state"] == "active"
        assert shown["data_steward"] == "Fachdienst Umweltschutz"


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
class TestRegistry:
    def test_a_registered_gate_blocks_until_it_passes(self, people, ethics_gate):
        dataset = make_dataset(people)
        submit(people, dataset)
        assert _approval_errors(people, dataset) == {
            "gates": ["Datenethik-Checkliste: Frage 3 (Personenbezug) ist nicht beantwortet."]
        }
        shown = call_action("jena_release_show", context(people.editor), id=dataset["id"], include_gates=True)
        ethics = next(gate for gate in shown["gates"] if gate["name"] == "ethics_test")
        assert ethics == {
            "name": "ethics_test",
            "label": "Datenethik-Checkliste",
            "passed": False,
            "failures": [
                {"message": "Frage 3 (Personenbezug) ist nicht beantwortet.", "field": "ethics.q3", "code": "missing"}
            ],
            "link": None,
        }
        ethics_gate.append("beantwortet")
        approve(people, dataset)
        assert release_state(dataset) == states.PUBLISHED

    def test_gates_check_the_pending_revision_not_the_public_version(self, people):
        @gates.register("no_secrets_test", label="Keine Geheimnisse")
        def check(gate_input: gates.GateInput) -> list[gates.GateFailure]:
            if "GEHEIM" in (gate_input.package.get("notes") or ""):
                return [gates.GateFailure("Die Beschreibung enthält „GEHEIM“.", field="notes")]
            return []

        try:
            dataset = make_dataset(people)
            publish(people, dataset)
            edit(people, dataset, notes="GEHEIM: interne Notiz")
            submit(people, dataset)
            assert _approval_errors(people, dataset) == {
                "gates": ["Keine Geheimnisse: Die Beschreibung enthält „GEHEIM“."]
            }
            assert release_state(dataset) == states.REVISION_IN_REVIEW
            assert "GEHEIM" not in call_action("package_show", context(None), id=dataset["id"])["notes"]
        finally:
            gates.unregister("no_secrets_test")

    def test_a_required_gate_that_is_not_installed_fails_closed(self, people, ckan_config, monkeypatch):
        monkeypatch.setitem(
            ckan_config, "ckanext.jena.release.required_gates", ["mandatory_fields", "not_installed_test"]
        )
        dataset = make_dataset(people)
        submit(people, dataset)
        assert _approval_errors(people, dataset) == {
            "gates": ["not_installed_test: Die vorgeschriebene Prüfung „not_installed_test“ ist nicht installiert."]
        }
        assert release_state(dataset) == states.IN_REVIEW

    def test_a_gate_that_crashes_fails_closed(self, people):
        @gates.register("broken_test", label="Kaputte Prüfung")
        def check(gate_input: gates.GateInput) -> list[gates.GateFailure]:
            raise RuntimeError("validator service down")

        try:
            dataset = make_dataset(people)
            submit(people, dataset)
            assert _approval_errors(people, dataset) == {
                "gates": [
                    "Kaputte Prüfung: Die Prüfung „Kaputte Prüfung“ konnte nicht ausgeführt werden; "
                    "bitte später erneut versuchen."
                ]
            }
        finally:
            gates.unregister("broken_test")


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
@pytest.mark.ckan_config("ckanext.jena.dcat.shapes_dir", "/nonexistent/jena-shapes")
class TestShapesMissing:
    def test_approval_names_the_missing_shapes_and_the_fix(self, people):
        dataset = make_dataset(people)
        submit(people, dataset)

        errors = _approval_errors(people, dataset)

        dcat = [message for message in errors["gates"] if message.startswith("DCAT-AP.de")]
        assert dcat == [
            "DCAT-AP.de-Konformität (GovData, EU-Datenportal): Die offiziellen DCAT-AP.de-Prüfregeln (SHACL) "
            "fehlen auf dem Server (v3.0/dcat-ap-SHACL.ttl in /nonexistent/jena-shapes). Die Installation "
            "bringt sie mit: bitte die Administration bitten, „make install“ auszuführen (ohne Internet mit "
            "JENA_SHAPES_DIR)."
        ]
        assert release_state(dataset) == states.IN_REVIEW
