"""CORS for read-only Action API calls: any web page may read public data from the portal's API.

Only actions that change nothing (``side_effect_free``: ``package_show``, ``datastore_search``,
``datastore_search_sql`` ...) get ``Access-Control-Allow-Origin: *``, for GET, POST (JSON
bodies) and the browser's preflight. No credentials are allowed across origins (no cookies;
the API token header is not in ``Access-Control-Allow-Headers``), so a foreign page only ever
reads what an anonymous visitor may read. CKAN's own ``ckan.cors.*`` options stay off: they
would open every route, writes included.
"""

from __future__ import annotations

import re

import ckan.logic
import flask

_ACTION_PATH = re.compile(r"^/api/(?:\d+/)?action/([A-Za-z0-9_]+)/?$")


def _read_only(action: str) -> bool:
    try:
        function = ckan.logic.get_action(action)
    except Exception:  # unknown action: CKAN answers 400 itself
        return False
    return bool(getattr(function, "side_effect_free", False))


def add_headers(response: flask.Response) -> flask.Response:
    request = flask.request
    match = _ACTION_PATH.match(request.path)
    if not request.headers.get("Origin") or match is None or not _read_only(match.group(1)):
        return response
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
    response.headers["Access-Control-Allow-Headers"] = "Content-Type"
    response.headers["Access-Control-Max-Age"] = "86400"
    return response


def register(app: flask.Flask) -> None:
    app.after_request(add_headers)
