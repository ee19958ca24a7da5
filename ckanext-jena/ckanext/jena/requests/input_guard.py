"""Input that no view or action may see: NUL characters and JSON nested deeper than any dataset.

PostgreSQL refuses NUL in text (psycopg2: "A string literal cannot contain NUL"), and Python's
JSON decoder and every recursive walk over a value fail with ``RecursionError`` on deep nesting.
Both are refused here, before any view runs: the API answers with a validation error naming
the field (HTTP 409, like every validation error of the action API), a page with HTTP 400.
"""

from __future__ import annotations

import json
from typing import Any

import ckan.plugins.toolkit as tk
import flask

from ckanext.jena import nesting
from ckanext.jena.logic import action_guard

__all__ = ["check_request", "find_nul", "register"]

NUL = "\x00"


def find_nul(value: Any, path: str = "", depth: int = 0) -> str | None:
    """The dotted path of the first key or string in ``value`` that contains NUL (``None`` if none)."""
    if depth > nesting.MAX_DEPTH:
        return None  # check_request refuses such values first
    if isinstance(value, str):
        return path or "data" if NUL in value else None
    if isinstance(value, dict):
        for key, item in value.items():
            child = f"{path}.{key}" if path else str(key)
            if NUL in str(key):
                return child.replace(NUL, "\\u0000")
            found = find_nul(item, child, depth + 1)
            if found:
                return found
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found = find_nul(item, f"{path}.{index}" if path else str(index), depth + 1)
            if found:
                return found
    return None


def _api_error(field: str, message: str) -> flask.Response:
    body = {
        "help": flask.request.url,
        "success": False,
        "error": {"__type": "Validation Error", field: [message]},
    }
    return flask.Response(json.dumps(body), status=409, content_type="application/json;charset=utf-8")


def _is_api() -> bool:
    return flask.request.path.startswith("/api/")


def _json_body() -> str | None:
    request = flask.request
    if request.method not in ("POST", "PUT", "PATCH") or request.mimetype in (
        "multipart/form-data",
        "application/x-www-form-urlencoded",
    ):
        return None
    return request.get_data(cache=True, as_text=True)


def _nul_field() -> str | None:
    request = flask.request
    if NUL in request.path:
        return "url"
    for source in (request.args, request.form):
        for key, values in source.lists():
            if NUL in key or any(NUL in value for value in values):
                return key.replace(NUL, "\\u0000")
    for key, upload in request.files.items():
        if NUL in key or NUL in (upload.filename or ""):
            return key.replace(NUL, "\\u0000")
    body = _json_body()
    if body and ("\\u0000" in body or NUL in body):
        try:
            return find_nul(json.loads(body))
        except ValueError:
            return None  # not JSON: the view reports that
    return None


def _too_deep(body: str) -> bool:
    try:
        nesting.loads(body)
    except nesting.TooDeep:
        return True
    except ValueError:
        return False  # not JSON: the view reports that
    return False


def check_request() -> flask.Response | None:
    """``before_request`` handler: refuse NUL characters and over-deep JSON bodies (and make sure
    the action registry refuses parameters of the wrong type, see ``logic.action_guard``)."""
    action_guard.install()
    body = _json_body()
    if body and _too_deep(body):
        message = tk._("Die Daten sind tiefer als {depth} Ebenen verschachtelt.").format(depth=nesting.MAX_DEPTH)
        if _is_api():
            return _api_error("data", message)
        tk.abort(400, message)
    field = _nul_field()
    if field is None:
        return None
    if _is_api():
        return _api_error(field, tk._("Darf keine NUL-Zeichen (\\u0000) enthalten."))
    tk.abort(400, tk._("Die Anfrage enthält ein NUL-Zeichen (\\0); in Adressen und Formularen ist es nicht erlaubt."))
    return None


def register(app: flask.Flask) -> None:
    """Run :func:`check_request` right after CKAN's own ``before_request`` handler (which identifies
    the user and starts the request timer) and before every other one (blueprints'
    ``before_app_request`` handlers look datasets up by the path)."""
    handlers = app.before_request_funcs.setdefault(None, [])
    names = [getattr(handler, "__name__", "") for handler in handlers]
    position = names.index("ckan_before_request") + 1 if "ckan_before_request" in names else 0
    handlers.insert(position, check_request)
