"""Every registered action refuses parameters of the wrong type and bad data with a validation
error instead of failing deep inside CKAN (issue 13).

Two layers, applied to each action of CKAN's action registry (core and every plugin):

* before the action runs, the parameters whose type every action agrees on are checked:
  ids (``id``, ``*_id``, ``owner_org``) and search texts are strings, ``url`` is a URL that can
  be parsed, paging numbers are non-negative integers below 2**31, ``include_*`` flags are
  booleans. A list where an id belongs used to reach SQL (``text = text[]``) or, worse,
  ``resource_create`` with ``package_id: [...]`` added a resource.
* what still goes wrong because of the caller's data is reported as a validation error:
  PostgreSQL refusing a value (``DataError``: out of range, invalid enum value), a value of a
  type the database cannot compare (``text = integer``), NUL characters, nesting too deep for
  Python's recursion limit, and ``TypeError``/``AttributeError`` raised by code that received a
  value of the wrong type. The session is rolled back first, so the request can go on; the
  traceback is logged at WARNING (the caller's mistake, not the portal's), not at ERROR.

:func:`install` wraps the registry; CKAN rebuilds it when plugins are reloaded, so the
request guard calls :func:`install` for every request (a dictionary look-up once installed).
"""

from __future__ import annotations

import functools
import inspect
import logging
from typing import Any
from urllib.parse import urlsplit

import ckan.logic as logic
import ckan.plugins.toolkit as tk
import sqlalchemy.exc
from ckan import model
from ckan.types import Action, Context, DataDict

from ckanext.jena import config

log = logging.getLogger(__name__)

__all__ = ["check_parameters", "install"]

MAX_INT = 2**31 - 1
STRING_KEYS = frozenset({"id", "owner_org", "q", "fq", "sort", "url", "name", "type"})
STRING_LIST_KEYS = frozenset({"fl", "facet.field"})
INT_KEYS = frozenset({"offset", "limit", "rows", "start", "page", "facet.limit", "facet.mincount"})
# Actions whose ``name``/``type`` are not single strings (``name`` is a list of users there, ...).
_OTHER_NAME = frozenset({"vocabulary_create", "vocabulary_update"})
_MARK = "_jena_guarded"
# Harvest source URLs follow the fetch policy already when the source is saved.
HARVEST_SOURCE_ACTIONS = frozenset({"harvest_source_create", "harvest_source_update", "harvest_source_patch"})
# Parameters that reach a PostgreSQL enum (an unknown value failed as "invalid input value for enum").
CHOICES: dict[tuple[str, str], tuple[str, ...]] = {
    ("harvest_log_list", "level"): ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"),
}


def _error(key: str, message: str) -> tk.ValidationError:
    return tk.ValidationError({key: [message]})


def _check_string(key: str, value: Any) -> None:
    if value is not None and not isinstance(value, str):
        raise _error(key, tk._("Erwartet wird ein Text, keine Liste und kein Objekt."))


def _check_url(key: str, value: Any) -> None:
    _check_string(key, value)
    if not value:
        return
    try:
        urlsplit(value).port  # noqa: B018 (raises ValueError for "[::1" or port 99999)
    except ValueError as error:
        message = tk._("„{value}“ ist keine gültige Adresse ({reason}).")
        raise _error(key, message.format(value=value[:200], reason=error)) from None


def _check_int(key: str, value: Any) -> None:
    if value is None or value == "":
        return
    number: int | None = None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and value.strip().isdigit():
        number = int(value.strip())
    if number is None or not 0 <= number <= MAX_INT:
        raise _error(key, tk._("Erwartet wird eine ganze Zahl von 0 bis {max}.").format(max=MAX_INT))


def _check_bool(key: str, value: Any) -> None:
    if value is None or isinstance(value, bool):
        return
    try:
        tk.asbool(value)
    except ValueError:
        raise _error(key, tk._("Erwartet wird ein Wahrheitswert (true oder false).")) from None


def _check_string_list(key: str, value: Any) -> None:
    items = value if isinstance(value, list) else [value]
    if value is not None and not all(isinstance(item, str) for item in items):
        raise _error(key, tk._("Erwartet wird ein Text oder eine Liste von Texten."))


def _check_tag_count(data_dict: dict[str, Any]) -> None:
    tags, tag_string = data_dict.get("tags"), data_dict.get("tag_string")
    count = len(tags) if isinstance(tags, list) else 0
    if isinstance(tag_string, str):
        count = max(count, tag_string.count(",") + 1)
    elif isinstance(tag_string, list):
        count = max(count, len(tag_string))
    limit = config.dataset_max_tags()
    if count > limit:
        message = tk._("Höchstens {max} Schlagwörter je Datensatz ({count} angegeben).").format(max=limit, count=count)
        if isinstance(tags, list) and len(tags) == count:
            # CKAN's ValidationError expects the errors of ``tags`` per tag ({"name": [...]}).
            raise tk.ValidationError({"tags": [{"name": [message]}]})
        raise _error("tag_string", message)


def _check_harvest_url(url: str) -> None:
    from ckanext.jena.harvesters.policy import source_url_error

    reason = source_url_error(url.strip())
    if reason:
        raise _error("url", reason)


def _check_choice(action_name: str, key: str, value: Any) -> None:
    choices = CHOICES.get((action_name, key))
    if choices and value is not None and not (isinstance(value, str) and value.upper() in choices):
        message = tk._("„{value}“ ist keiner der erlaubten Werte ({choices}).")
        raise _error(key, message.format(value=str(value)[:100], choices=", ".join(choices)))


def check_parameters(action_name: str, data_dict: Any) -> None:
    """Refuse parameters of the wrong type (see the module docstring)."""
    if not isinstance(data_dict, dict):
        raise _error("data", tk._("Erwartet wird ein JSON-Objekt."))
    if action_name.startswith("jena_"):
        return  # ours validate every parameter with their own schema, with field-specific messages
    for key, value in data_dict.items():
        if not isinstance(key, str):
            continue
        if key == "url":
            _check_url(key, value)
        elif key in STRING_KEYS or key.endswith("_id"):
            if key in ("name", "type") and action_name in _OTHER_NAME:
                continue
            _check_string(key, value)
        elif key in STRING_LIST_KEYS:
            _check_string_list(key, value)
        elif key in INT_KEYS:
            _check_int(key, value)
        elif key.startswith("include_"):
            _check_bool(key, value)
        _check_choice(action_name, key, value)
    if action_name.startswith("package_"):
        _check_tag_count(data_dict)
    if action_name in HARVEST_SOURCE_ACTIONS and isinstance(data_dict.get("url"), str):
        _check_harvest_url(data_dict["url"])
    resources = data_dict.get("resources")
    for index, resource in enumerate(resources if isinstance(resources, list) else []):
        if isinstance(resource, dict):
            _check_url(f"resources.{index}.url", resource.get("url"))


def _refusal(error: BaseException) -> tk.ValidationError | None:
    """The validation error for an exception caused by the caller's data (``None`` otherwise)."""
    if isinstance(error, sqlalchemy.exc.DataError):
        detail = str(getattr(error, "orig", error)).splitlines()[0][:200]
        message = tk._("Ein Wert liegt außerhalb des erlaubten Bereichs oder ist ungültig ({detail}).")
        return _error("data", message.format(detail=detail))
    if isinstance(error, sqlalchemy.exc.ProgrammingError) and type(getattr(error, "orig", None)).__name__ in (
        "UndefinedFunction",
        "DatatypeMismatch",
    ):
        return _error("data", tk._("Ein Parameter hat den falschen Typ."))
    if isinstance(error, ValueError) and "NUL" in str(error):
        return _error("data", tk._("Darf keine NUL-Zeichen (\\u0000) enthalten."))
    if isinstance(error, RecursionError):
        return _error("data", tk._("Die Daten sind zu tief verschachtelt."))
    if isinstance(error, (TypeError, AttributeError)):
        return _error("data", tk._("Ein Parameter hat den falschen Typ."))
    return None


def _guarded(action_name: str, action: Action) -> Action:
    @functools.wraps(action)
    def guarded(context: Context | None = None, data_dict: DataDict | None = None, **kw: Any) -> Any:
        if data_dict is not None:
            check_parameters(action_name, data_dict)
        try:
            return action(context, data_dict, **kw)
        except (tk.ValidationError, tk.ObjectNotFound, tk.NotAuthorized):
            raise
        except Exception as error:
            refusal = _refusal(error)
            missing_key = error.args[0] if isinstance(error, KeyError) and error.args else None
            if isinstance(missing_key, str) and isinstance(data_dict, dict) and missing_key not in data_dict:
                refusal = _error(missing_key, tk._("Missing value"))  # a required parameter
            if refusal is None:
                raise
            model.Session.rollback()
            log.warning("%s refused a parameter: %s", action_name, refusal.error_dict, exc_info=True)
            raise refusal from error

    setattr(guarded, _MARK, True)
    return guarded


def install() -> None:
    """Wrap every action of CKAN's registry once (after each rebuild of the registry)."""
    registry = logic._actions
    if registry and getattr(registry.get("package_show"), _MARK, False):
        return
    logic.get_action("package_show")  # builds the registry after a plugin (re)load
    for name, action in list(registry.items()):
        if inspect.isclass(inspect.unwrap(action)):
            # ckanext-harvest's action modules export their exception classes, which CKAN
            # registers as actions (/api/action/InactiveSource answered 500): not actions.
            del registry[name]
        elif not getattr(action, _MARK, False):
            registry[name] = _guarded(name, action)
