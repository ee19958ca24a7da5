"""Every blocking rule of the checklist, evaluated on the YAML as shipped."""

from __future__ import annotations

from typing import Any

import pytest

from ckanext.jena.ethics import checklist, rules
from tests.ethics.support import PASSING, PERSONAL, answers, as_saved


def _verdict(values: dict[str, Any]) -> rules.Verdict:
    """The verdict on ``values`` as the portal stores them (with the answers from the metadata)."""
    return rules.evaluate(checklist.current(), as_saved(values))


def _blocked(values: dict[str, Any]) -> list[tuple[str, str]]:
    """The rules that block ``values`` exactly as given (no metadata added)."""
    return [(block.question_id, block.message["de"]) for block in rules.evaluate(checklist.current(), values).blocks]


def test_checklist_is_versioned_and_covers_fifteen_topics() -> None:
    current = checklist.current()
    assert current.version >= 1
    ids = [question.id for question in current.questions]
    for required in ("public_benefit", "rights_cleared", "personal_data", "small_cells", "dpo", "limitations"):
        assert required in ids
    for question in current.questions:
        assert question.label["de"] and question.label["en"] and question.help["de"] and question.help["en"]


def test_passing_answers_pass_without_signoffs() -> None:
    verdict = _verdict(PASSING)
    assert verdict.passed, verdict.blocks
    assert verdict.required_signoffs == []
    assert (verdict.answered, verdict.total) == (12, 17)


def test_personal_data_anonymised_passes_but_needs_the_data_protection_signoff() -> None:
    verdict = _verdict(PERSONAL)
    assert verdict.passed, verdict.blocks
    assert verdict.required_signoffs == ["data_protection"]


def test_empty_checklist_blocks_with_one_message_per_missing_answer() -> None:
    blocked = {question for question, _ in _blocked({})}
    assert blocked == {
        "public_benefit",
        "publication_basis",
        "rights_cleared",
        "licence_open",
        "personal_data",
        "small_cells",
        "reidentification_risk",
        "special_categories",
        "security_risk",
        "limitations",
        "harm_risk",
        "responsibility",
    }


BLOCKING = [
    pytest.param({"public_benefit": ""}, "public_benefit", "Nutzen", id="1-benefit-missing"),
    pytest.param({"publication_basis": None}, "publication_basis", "Pflicht", id="2-basis-missing"),
    pytest.param({"rights_cleared": "no"}, "rights_cleared", "Rechte", id="3-rights-no"),
    pytest.param({"rights_cleared": "unclear"}, "rights_cleared", "Rechte", id="3-rights-unclear"),
    pytest.param({"licence_open": "no"}, "licence_open", "Lizenz", id="4-licence-not-open"),
    pytest.param({"personal_data": "unclear"}, "personal_data", "unklar", id="5-personal-unclear"),
    pytest.param(
        {"anonymisation": None, "legal_provision": None},
        "anonymisation",
        "weder",
        id="7-personal-neither-legal-nor-anonymised",
    ),
    pytest.param({"small_cells": "under_three"}, "small_cells", "weniger als 3", id="8-cell-under-3"),
    pytest.param({"small_cells": "dominated"}, "small_cells", "dominierenden", id="8-cell-dominated"),
    pytest.param({"reidentification_risk": "high"}, "reidentification_risk", "hoch", id="9-reid-high"),
    pytest.param({"intruder_test": "no"}, "intruder_test", "Angreifertest", id="9-personal-without-test"),
    pytest.param({"intruder_test": None}, "intruder_test", "Angreifertest", id="9-personal-test-unanswered"),
    pytest.param({"dpo": {}}, "dpo", "personenbezogen", id="11-dpo-missing-for-personal-data"),
    pytest.param(
        {"dpo": {"name": "Dora", "date": "2026-10-01", "outcome": "rejected"}}, "dpo", "abgelehnt", id="11-dpo-rejected"
    ),
    pytest.param({"security_risk": "yes"}, "security_risk", "Sicherheitsrisiko", id="12-security-yes"),
    pytest.param({"security_risk": "unclear"}, "security_risk", "Sicherheitsrisiko", id="12-security-unclear"),
    pytest.param({"limitations": "  "}, "limitations", "Hinweise zur Nutzung", id="13-limitations-missing"),
    pytest.param({"harm_risk": "high"}, "harm_risk", "keine Gegenmaßnahme", id="14-harm-high-no-mitigation"),
    pytest.param(
        {"responsibility": {"department": "FD Umwelt", "frequency": "jährlich", "next_update": "2027-01-01"}},
        "responsibility",
        "Funktionspostfach",
        id="15-mailbox-missing",
    ),
    pytest.param({"responsibility": None}, "responsibility", "Fachbereich", id="15-responsibility-missing"),
]


@pytest.mark.parametrize(("changes", "question", "text"), BLOCKING)
def test_each_rule_blocks_with_its_reason(changes: dict[str, Any], question: str, text: str) -> None:
    blocked = _blocked(answers(PERSONAL, **changes))
    assert any(blocked_question == question and text in message for blocked_question, message in blocked), blocked


def test_high_harm_with_mitigation_passes() -> None:
    assert _verdict(answers(harm_risk="high", harm_mitigation="Nur Stadtbezirke statt Ortsteile.")).passed


def test_dpo_required_when_reidentification_risk_is_medium() -> None:
    blocked = _blocked(as_saved(answers(reidentification_risk="medium")))
    assert [question for question, _ in blocked] == ["dpo"]
    assert _verdict(answers(reidentification_risk="medium", dpo={"outcome": "approved"})).passed


def test_special_categories_need_the_dpo_and_both_signoffs() -> None:
    verdict = _verdict(answers(special_categories="yes"))
    assert [block.question_id for block in verdict.blocks] == ["dpo"]
    verdict = _verdict(answers(special_categories="yes", dpo={"name": "Dora", "outcome": "approved"}))
    assert verdict.passed
    assert verdict.required_signoffs == ["data_protection", "ethics"]


def test_personal_data_published_by_law_passes_without_anonymisation() -> None:
    values = answers(PERSONAL, anonymisation=None, legal_provision="§ 13 ThürKO (Ratsbeschlüsse)")
    assert _verdict(values).passed
