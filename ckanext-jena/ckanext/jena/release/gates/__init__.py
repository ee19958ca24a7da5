"""Gates: checks a dataset must pass before it can be approved ("Freigegeben").

A gate is a function that gets a :class:`GateInput` (the version about to be approved)
and returns a list of :class:`GateFailure` — empty when the gate passes. Each failure
says exactly what is missing, in German, and names the field it is about.

Plugging a gate in (the data-ethics checklist and the DCAT-AP.de validation do this)::

    from ckanext.jena.release import gates

    @gates.register("ethics", label=lambda: tk._("Datenethik-Checkliste"), order=20)
    def ethics_gate(gate_input: gates.GateInput) -> list[gates.GateFailure]:
        answers = ...  # look up the checklist of gate_input.package_id
        if answers is None:
            return [gates.GateFailure(tk._("Die Datenethik-Checkliste ist nicht ausgefüllt."), code="missing")]
        return []

The module that registers must be imported when the plugin loads (import it from the
package that provides the feature, e.g. in ``plugin.py``). Add the gate's name to the
default of ``ckanext.jena.release.required_gates``: approval then fails closed if the
gate ever is not registered, so a check can never be skipped silently.

Every registered gate runs on every approval; a gate that raises counts as failed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.jena import config

log = logging.getLogger(__name__)

Label = str | Callable[[], str]


@dataclass(frozen=True)
class GateFailure:
    """One specific reason why a dataset may not be approved yet."""

    message: str
    field: str | None = None
    code: str = "failed"

    def as_dict(self) -> dict[str, Any]:
        return {"message": self.message, "field": self.field, "code": self.code}


@dataclass(frozen=True)
class GateInput:
    """What a gate checks: the version that would become public."""

    package_id: str
    dataset_type: str
    package: dict[str, Any]
    is_revision: bool
    user: model.User | None = None


GateCheck = Callable[[GateInput], list[GateFailure]]


@dataclass(frozen=True)
class Gate:
    name: str
    label: Label
    check: GateCheck
    order: int = 100
    link: str | None = None  # endpoint (taking the dataset ``id``) of the page that fixes failures

    def display_label(self) -> str:
        return self.label() if callable(self.label) else tk._(self.label)


@dataclass
class GateResult:
    name: str
    label: str
    failures: list[GateFailure] = field(default_factory=list)
    link: str | None = None

    @property
    def passed(self) -> bool:
        return not self.failures

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "label": self.label,
            "passed": self.passed,
            "failures": [failure.as_dict() for failure in self.failures],
            "link": self.link,
        }


_registry: dict[str, Gate] = {}
_submit_checks: dict[str, Gate] = {}


def register(name: str, *, label: Label, order: int = 100, link: str | None = None) -> Callable[[GateCheck], GateCheck]:
    """Decorator: register ``check`` as the gate ``name`` (re-registering replaces it).
    ``link``: endpoint of the page where the department fixes what the gate reports."""

    def decorator(check: GateCheck) -> GateCheck:
        _registry[name] = Gate(name=name, label=label, check=check, order=order, link=link)
        return check

    return decorator


def register_submit_check(name: str, *, label: Label, link: str | None = None) -> Callable[[GateCheck], GateCheck]:
    """Decorator: ``check`` runs before a dataset is submitted for review; any failure blocks
    the submission (for what the department must fix first, e.g. a checklist that no longer
    fits the data). Keep such checks cheap: they run on every release page of the department."""

    def decorator(check: GateCheck) -> GateCheck:
        _submit_checks[name] = Gate(name=name, label=label, check=check, link=link)
        return check

    return decorator


def submit_blockers(gate_input: GateInput) -> list[GateResult]:
    """The failed submit checks of the version about to be submitted."""
    results = [
        GateResult(gate.name, gate.display_label(), _run_one(gate, gate_input), gate.link)
        for gate in _submit_checks.values()
    ]
    return failed(results)


def unregister(name: str) -> None:
    _registry.pop(name, None)


def registered() -> list[Gate]:
    return sorted(_registry.values(), key=lambda gate: (gate.order, gate.name))


def _run_one(gate: Gate, gate_input: GateInput) -> list[GateFailure]:
    try:
        return list(gate.check(gate_input))
    except Exception:
        # Fail closed: a gate that cannot decide does not let the dataset through.
        log.exception("Release gate %s failed on dataset %s", gate.name, gate_input.package_id)
        return [
            GateFailure(
                tk._("Die Prüfung „{gate}“ konnte nicht ausgeführt werden; bitte später erneut versuchen.").format(
                    gate=gate.display_label()
                ),
                code="gate_error",
            )
        ]


def run(gate_input: GateInput) -> list[GateResult]:
    """Run every registered gate; required gates that are not registered fail."""
    results = [
        GateResult(gate.name, gate.display_label(), _run_one(gate, gate_input), gate.link) for gate in registered()
    ]
    for name in config.release_required_gates():
        if name not in _registry:
            message = tk._("Die vorgeschriebene Prüfung „{gate}“ ist nicht installiert.").format(gate=name)
            results.append(GateResult(name, name, [GateFailure(message, code="gate_missing")]))
    return results


def failed(results: list[GateResult]) -> list[GateResult]:
    return [result for result in results if not result.passed]


def load_builtin() -> None:
    """Import the gates that ship with the release workflow (idempotent)."""
    from ckanext.jena.release.gates import mandatory_fields  # noqa: F401
