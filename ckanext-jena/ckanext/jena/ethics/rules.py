"""Evaluating the checklist's rules (server side): which rules block release, which
sign-offs are necessary, how far the department got."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ckanext.jena.ethics.checklist import Checklist, Question


@dataclass(frozen=True)
class Block:
    """One rule that blocks release."""

    question_id: str
    number: int
    message: dict[str, str]

    def as_dict(self, lang: str = "de") -> dict[str, Any]:
        return {
            "question": self.question_id,
            "number": self.number,
            "message": self.message.get(lang, self.message["de"]),
        }


@dataclass
class Verdict:
    blocks: list[Block] = field(default_factory=list)
    required_signoffs: list[str] = field(default_factory=list)
    answered: int = 0
    total: int = 0

    @property
    def passed(self) -> bool:
        """The answers pass; sign-offs are checked separately (they are not the department's answers)."""
        return not self.blocks

    def as_dict(self, lang: str = "de") -> dict[str, Any]:
        return {
            "passed": self.passed,
            "blocks": [block.as_dict(lang) for block in self.blocks],
            "required_signoffs": list(self.required_signoffs),
            "answered": self.answered,
            "total": self.total,
        }


def _value(answers: dict[str, Any], clause: dict[str, Any]) -> str:
    value = answers.get(clause["q"])
    if "field" in clause:
        value = value.get(clause["field"]) if isinstance(value, dict) else None
    return value.strip() if isinstance(value, str) else ""


def clause_holds(answers: dict[str, Any], clause: dict[str, Any]) -> bool:
    value = _value(answers, clause)
    if clause.get("empty"):
        return value == ""
    if "in" in clause:
        return value in [str(item) for item in clause["in"]]
    if "not_in" in clause:
        return value not in [str(item) for item in clause["not_in"]]
    raise ValueError(f"rule clause without a test: {clause}")


def _all_hold(answers: dict[str, Any], when: list[dict[str, Any]]) -> bool:
    return all(clause_holds(answers, clause) for clause in when)


def is_answered(question: Question, answers: dict[str, Any]) -> bool:
    value = answers.get(question.id)
    if question.type == "group":
        return isinstance(value, dict) and any(str(item).strip() for item in value.values())
    return isinstance(value, str) and value.strip() != ""


def evaluate(checklist: Checklist, answers: dict[str, Any]) -> Verdict:
    verdict = Verdict(total=len(checklist.questions))
    signoffs: set[str] = set()
    for question in checklist.questions:
        if is_answered(question, answers):
            verdict.answered += 1
        for rule in question.blocks:
            if _all_hold(answers, rule["when"]):
                verdict.blocks.append(Block(question.id, question.number, rule["message"]))
        for rule in question.signoffs:
            if _all_hold(answers, rule["when"]):
                signoffs.update(rule["roles"])
    verdict.required_signoffs = sorted(signoffs)
    return verdict
