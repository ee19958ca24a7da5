"""The data-ethics checklist as data: loading ``jena_schemas:ethics_checklist.yaml`` and
checking answers against it (types, known question ids). Rules live in ``rules.py``."""

from __future__ import annotations

import datetime
import functools
import importlib.resources
import re
from dataclasses import dataclass, field
from typing import Any

import ckan.plugins.toolkit as tk
import yaml

ANSWER_TYPES = ("text", "choice", "group")
FIELD_TYPES = ("text", "email", "date", "choice")
SIGNOFF_ROLES = ("data_protection", "ethics")
MAX_TEXT = 5000
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True)
class Option:
    value: str
    label: dict[str, str]


@dataclass(frozen=True)
class Field:
    id: str
    type: str
    label: dict[str, str]
    options: tuple[Option, ...] = ()
    metadata: str | None = None  # taken from this dataset field ("organization": the department), never asked
    codelist: str | None = None  # the code list that labels the metadata value


@dataclass(frozen=True)
class Question:
    id: str
    number: int
    type: str
    label: dict[str, str]
    help: dict[str, str]
    options: tuple[Option, ...] = ()
    fields: tuple[Field, ...] = ()
    blocks: tuple[dict[str, Any], ...] = ()
    signoffs: tuple[dict[str, Any], ...] = ()
    public: bool = False


@dataclass(frozen=True)
class Checklist:
    version: int
    title: dict[str, str]
    questions: tuple[Question, ...] = field(default_factory=tuple)

    def question(self, question_id: str) -> Question | None:
        return next((question for question in self.questions if question.id == question_id), None)


def _options(raw: list[dict[str, Any]] | None) -> tuple[Option, ...]:
    return tuple(Option(str(item["value"]), {"de": item["de"], "en": item["en"]}) for item in raw or [])


def _numbered(message: dict[str, str], numbers: dict[str, int]) -> dict[str, str]:
    """A rule's message with ``{question_id}`` replaced by that question's number, so that
    messages keep pointing at the right question when questions are added or moved."""
    try:
        return {lang: text.format_map(numbers) for lang, text in message.items()}
    except (KeyError, ValueError, IndexError) as error:
        raise ValueError(f"rule message names an unknown question: {message}") from error


def parse(raw: dict[str, Any]) -> Checklist:
    questions = []
    numbers = {item["id"]: number for number, item in enumerate(raw["questions"], start=1)}
    for number, item in enumerate(raw["questions"], start=1):
        if item["type"] not in ANSWER_TYPES:
            raise ValueError(f"question {item['id']}: unknown type {item['type']}")
        fields = tuple(
            Field(
                sub["id"],
                sub["type"],
                {"de": sub["de"], "en": sub["en"]},
                _options(sub.get("options")),
                metadata=sub.get("metadata"),
                codelist=sub.get("codelist"),
            )
            for sub in item.get("fields") or []
        )
        questions.append(
            Question(
                id=item["id"],
                number=number,
                type=item["type"],
                label=item["label"],
                help=item["help"],
                options=_options(item.get("options")),
                fields=fields,
                blocks=tuple(
                    {**rule, "message": _numbered(rule["message"], numbers)} for rule in item.get("blocks") or ()
                ),
                signoffs=tuple(item.get("signoffs") or ()),
                public=bool(item.get("public", False)),
            )
        )
    return Checklist(version=int(raw["version"]), title=raw["title"], questions=tuple(questions))


@functools.cache
def current() -> Checklist:
    """The checklist in force (read once per process)."""
    text = importlib.resources.files("jena_schemas").joinpath("ethics_checklist.yaml").read_text("utf-8")
    return parse(yaml.safe_load(text))


def _check_scalar(kind: str, options: tuple[Option, ...], value: Any) -> str | None:
    """The English error key for a bad scalar value, or None."""
    if not isinstance(value, str):
        return tk._("Bitte geben Sie einen Text an.")
    if len(value) > MAX_TEXT:
        return tk._("Der Text ist zu lang (höchstens {count} Zeichen).").format(count=MAX_TEXT)
    if value == "":
        return None
    if kind == "choice" and value not in {option.value for option in options}:
        return tk._("Unbekannte Antwort; erlaubt: {values}.").format(values=", ".join(o.value for o in options))
    if kind == "email" and not _EMAIL.match(value):
        return tk._("Bitte geben Sie eine E-Mail-Adresse an.")
    if kind == "date":
        try:
            datetime.date.fromisoformat(value)
        except ValueError:
            return tk._("Bitte geben Sie ein Datum an (JJJJ-MM-TT).")
    return None


def validate_answers(checklist: Checklist, answers: Any) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """Clean ``answers`` (question id -> value); returns (cleaned, errors keyed by question id)."""
    if not isinstance(answers, dict):
        return {}, {"answers": [tk._("Bitte geben Sie die Antworten als Objekt (Fragen-ID → Antwort) an.")]}
    cleaned: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    for question_id, value in answers.items():
        question = checklist.question(str(question_id))
        if question is None:
            errors[str(question_id)] = [tk._("Unbekannte Frage.")]
            continue
        if question.type == "group":
            if not isinstance(value, dict):
                fields = ", ".join(sub.id for sub in question.fields)
                errors[question.id] = [tk._("Bitte als Objekt mit den Feldern {fields} angeben.").format(fields=fields)]
                continue
            known = {sub.id: sub for sub in question.fields}
            group: dict[str, str] = {}
            for key, sub_value in value.items():
                sub = known.get(str(key))
                if sub is not None and sub.metadata:
                    problem = tk._(
                        "Wird aus den Metadaten des Datensatzes übernommen; bitte dort ändern, nicht in der Checkliste."
                    )
                elif sub is None:
                    problem = tk._("Unbekanntes Feld.")
                else:
                    problem = _check_scalar(sub.type, sub.options, sub_value)
                if problem:
                    errors[f"{question.id}.{key}"] = [problem]
                else:
                    group[str(key)] = sub_value.strip()
            cleaned[question.id] = group
            continue
        problem = _check_scalar(question.type, question.options, value)
        if problem:
            errors[question.id] = [problem]
        else:
            cleaned[question.id] = value.strip()
    return cleaned, errors


def metadata_value(sub: Field, package: dict[str, Any]) -> str:
    """The answer of a group field that the dataset's metadata give (empty when they do not)."""
    if sub.metadata == "organization":
        organization = package.get("organization")
        value = organization.get("title") or organization.get("name") if isinstance(organization, dict) else ""
    else:
        value = package.get(sub.metadata or "")
    return value.strip() if isinstance(value, str) else ""


def with_metadata(checklist: Checklist, answers: dict[str, Any], package: dict[str, Any]) -> dict[str, Any]:
    """``answers`` with the fields that come from the metadata filled in from ``package``."""
    result = dict(answers)
    for question in checklist.questions:
        derived = {sub.id: metadata_value(sub, package) for sub in question.fields if sub.metadata}
        if not derived:
            continue
        group = {**(result.get(question.id) or {}), **derived}
        group = {key: value for key, value in group.items() if value}
        if group:
            result[question.id] = group
        else:
            result.pop(question.id, None)
    return result


def current_lang() -> str:
    """The language of the request ("de" outside a request: CLI, jobs, tests of actions)."""
    try:
        return str(tk.h.lang() or "de")
    except RuntimeError:
        return "de"


def localized(texts: dict[str, str], lang: str | None = None) -> str:
    """The text of a bilingual checklist entry in ``lang`` (default: the request's), else German."""
    return texts.get(lang or current_lang()) or texts["de"]


def option_label(question: Question, value: str, lang: str | None = None) -> str:
    for option in question.options:
        if option.value == value:
            return localized(option.label, lang)
    return value
