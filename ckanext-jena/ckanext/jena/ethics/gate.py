"""Release gate ``ethics``: approval only with a complete, passing, current checklist
whose required sign-offs are recorded. Submit check ``ethics``: a checklist answered for
data that have changed since (resources replaced, fields about personal data) must be
reviewed before the dataset goes to review. Registered when this module is imported (the
``jena`` plugin does that)."""

from __future__ import annotations

import ckan.plugins.toolkit as tk

from ckanext.jena.ethics import store
from ckanext.jena.release import gates

__all__ = ["GATE_NAME", "ethics_gate", "ethics_submit_check"]

GATE_NAME = "ethics"
FORM_ENDPOINT = "jena_ethics.form"


@gates.register(GATE_NAME, label=lambda: tk._("Datenethik-Checkliste"), order=20, link=FORM_ENDPOINT)
def ethics_gate(gate_input: gates.GateInput) -> list[gates.GateFailure]:
    assessment = store.assess(gate_input.package_id, gate_input.package)
    return [gates.GateFailure(problem.message, code=f"ethics_{problem.code}") for problem in assessment.problems]


@gates.register_submit_check(GATE_NAME, label=lambda: tk._("Datenethik-Checkliste"), link=FORM_ENDPOINT)
def ethics_submit_check(gate_input: gates.GateInput) -> list[gates.GateFailure]:
    if not store.is_stale(gate_input.package_id, gate_input.package):
        return []
    return [gates.GateFailure(store.stale_message(), code=f"ethics_{store.CHANGED}")]
