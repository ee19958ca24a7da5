"""Input schemas of the release actions (error keys in English, messages in German)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import ckan.plugins.toolkit as tk
from ckan.lib.navl.dictization_functions import Invalid, StopOnError, missing
from ckan.types import Context, FlattenDataDict, FlattenErrorDict, FlattenKey, Schema, Validator

from ckanext.jena.release import clock, states

MAX_TEXT = 5000
MAX_LIMIT = 1000


def _text(value: Any) -> str | None:
    if value is missing or value is None:
        return None
    if not isinstance(value, str):
        raise Invalid(tk._("Bitte geben Sie einen Text an."))
    value = value.strip()
    if len(value) > MAX_TEXT:
        raise Invalid(tk._("Der Text ist zu lang (höchstens {count} Zeichen).").format(count=MAX_TEXT))
    return value or None


def optional_text(value: Any) -> str | None:
    return _text(value)


def required_text(message: Callable[[], str]) -> Validator:
    """A non-empty text; ``message`` says what is missing (specific per field)."""

    def validator(key: FlattenKey, data: FlattenDataDict, errors: FlattenErrorDict, context: Context) -> None:
        try:
            value = _text(data.get(key, missing))
        except Invalid as error:
            errors[key].append(str(error.error))
            raise StopOnError from error
        if value is None:
            errors[key].append(message())
            raise StopOnError
        data[key] = value

    return validator


def release_datetime(value: Any) -> datetime.datetime | None:
    """ISO 8601 date-time; without an offset it is meant in the portal's display timezone."""
    if value is missing or value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        return clock.as_utc(value)
    if not isinstance(value, str):
        raise Invalid(tk._("Bitte geben Sie Datum und Uhrzeit an, z. B. 2025-03-01T09:00."))
    try:
        parsed = datetime.datetime.fromisoformat(value.strip())
    except ValueError as error:
        raise Invalid(
            tk._("„{value}“ ist kein Datum mit Uhrzeit; erwartet wird z. B. 2025-03-01T09:00.").format(value=value)
        ) from error
    return clock.as_utc(parsed)


def one_of(choices: tuple[str, ...]) -> Validator:
    def validator(value: Any) -> Any:
        if value is missing or value is None or value == "":
            return None
        if value not in choices:
            raise Invalid(
                tk._("Unbekannter Wert „{value}“; erlaubt: {choices}.").format(value=value, choices=", ".join(choices))
            )
        return value

    return validator


def bounded_int(default: int, maximum: int) -> Validator:
    def validator(value: Any) -> int:
        if value is missing or value is None or value == "":
            return default
        try:
            number = int(value)
        except (TypeError, ValueError) as error:
            raise Invalid(tk._("Bitte geben Sie eine ganze Zahl an.")) from error
        if number < 0 or number > maximum:
            raise Invalid(tk._("Erlaubt sind Werte von 0 bis {maximum}.").format(maximum=maximum))
        return number

    return validator


def _id() -> list[Validator]:
    return [required_text(lambda: tk._("Bitte geben Sie den Datensatz an (id oder name)."))]


def submit_schema() -> Schema:
    return {"id": _id(), "comment": [optional_text]}


def approve_schema() -> Schema:
    return {
        "id": _id(),
        "comment": [optional_text],
        "release_at": [release_datetime],
        "override_reason": [optional_text],
    }


def request_changes_schema() -> Schema:
    return {
        "id": _id(),
        "comment": [required_text(lambda: tk._("Bitte beschreiben Sie, welche Änderungen nötig sind."))],
    }


def withdraw_schema() -> Schema:
    return {
        "id": _id(),
        "reason": [required_text(lambda: tk._("Bitte geben Sie an, warum der Datensatz zurückgezogen wird."))],
    }


def show_schema() -> Schema:
    return {"id": _id(), "include_gates": [tk.get_validator("ignore_missing"), tk.get_validator("boolean_validator")]}


def queue_schema() -> Schema:
    return {
        "state": [one_of(states.ALL_STATES)],
        "task": [one_of(("review", "author"))],
        "organization": [optional_text],
        "limit": [bounded_int(50, MAX_LIMIT)],
        "offset": [bounded_int(0, 10**9)],
    }


def audit_schema() -> Schema:
    return {
        "id": [optional_text],
        "organization": [optional_text],
        "limit": [bounded_int(100, MAX_LIMIT)],
        "offset": [bounded_int(0, 10**9)],
    }


def validate(data_dict: dict[str, Any], schema: Schema, context: Context) -> dict[str, Any]:
    data, errors = tk.navl_validate(dict(data_dict), schema, context)
    if errors:
        raise tk.ValidationError(errors)
    return data
