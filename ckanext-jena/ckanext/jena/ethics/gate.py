"""Release gate ``ethics``: approval only with a complete, passing, current checklist
whose required sign-offs are recorded. Registered when this module is imported (the
``jena`` plugin does that)."""

from __future__ import annotations

import ckan.plugins.toolkit as tk

from ckanext.jena.ethics import store
from ckanext.jena.release import gates

__all__ = ["GATE_NAME", "ethics_gate"]

GATE_NAME = "ethics"


@gates.register(GATE_NAME, label=lambda: tk._("Datenethik-Checkliste"), order=20)
def ethics_gate(gate_input: gates.GateInput) -> list[gates.GateFailure]:
    assessment = store.assess(gate_input.package_id, gate_input.package)
    return [gates.GateFailure(problem.message, code=f"ethics_{problem.code}") for problem in assessment.problems]
