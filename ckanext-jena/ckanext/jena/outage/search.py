"""Search down: pages that need no search keep working; the search page answers 503 with a
German message, the API a JSON 503; writes that cannot be indexed are refused (CKAN indexes
before it commits, so nothing of them is written) with a JSON 503 that says so."""

from __future__ import annotations

import logging
from typing import Any

import ckan.plugins.toolkit as tk
import flask
from ckan import model
from ckan.lib.dictization import model_dictize
from ckan.lib.search import SearchError, SolrConnectionError, is_available

from ckanext.jena.outage import state
from ckanext.jena.translation import N_

log = logging.getLogger(__name__)

API_MESSAGE = "The search service is temporarily unavailable; please try again in a few minutes."
WRITE_MESSAGE = (
    "The search service is temporarily unavailable, so the change could not be indexed and nothing "
    "was saved; please try again in a few minutes."
)
# The error types CKAN's API view gives search failures (ckan/views/api.py).
SEARCH_ERROR_TYPES = {"Search Error", "Search Index Error", "Search Connection Error"}
WRITE_ERROR_TYPES = {"Search Index Error"}
# Only the search pages (``<dataset type>.search``, which show the message) answer 503; others
# (the home page, a dataset page with a search-backed side part) still make sense and keep 200.
SEARCH_PAGE_SUFFIX = ".search"
PAGE_MESSAGE = N_("Die Suche ist vorübergehend nicht erreichbar. Bitte versuchen Sie es in einigen Minuten erneut.")


class SearchUnavailable(SearchError):
    """The search service did not answer (a ``SearchError``, so CKAN's views render without results)."""


def unavailable(error: SolrConnectionError) -> SearchUnavailable:
    state.note_unavailable(state.SEARCH)
    log.warning("Search service unavailable: %s", error)
    return SearchUnavailable(str(error))


def _api_error(response: flask.Response) -> dict[str, object] | None:
    if not response.is_json or response.status_code < 400:
        return None
    body = response.get_json(silent=True)
    error = body.get("error") if isinstance(body, dict) else None
    return error if isinstance(error, dict) else None


def api_response(response: flask.Response) -> flask.Response:
    """Turn CKAN's search errors (409/500) into a JSON 503 when the search service is down."""
    error = _api_error(response)
    if error is None or error.get("__type") not in SEARCH_ERROR_TYPES:
        return response
    if not state.is_unavailable(state.SEARCH) and is_available():
        return response  # a real query or indexing error, not an outage
    return _api_unavailable(WRITE_MESSAGE if error.get("__type") in WRITE_ERROR_TYPES else API_MESSAGE)


def page_status(response: flask.Response) -> flask.Response:
    """A page whose main content is a search answers 503 (it shows the message itself)."""
    search_page = (flask.request.endpoint or "").endswith(SEARCH_PAGE_SUFFIX)
    if search_page and response.status_code == 200 and state.is_unavailable(state.SEARCH):
        response.status_code = 503
        response.headers["Retry-After"] = "60"
    return response


def _api_unavailable(message: str = API_MESSAGE) -> flask.Response:
    response = flask.jsonify({"success": False, "error": {"__type": "Search Unavailable", "message": message}})
    response.status_code = 503
    response.headers["Retry-After"] = "60"
    return response


def handle_unavailable(error: Exception) -> flask.Response:
    """Flask error handler: a page (e.g. the department list with its counts) that needed the
    search service and did not catch its failure shows the message with 503."""
    state.note_unavailable(state.SEARCH)
    log.warning("Search service unavailable while answering %s: %s", flask.request.path, error)
    if state.is_api_request():
        return _api_unavailable()
    page = tk.render("error_document_template.html", {"code": 503, "content": tk._(PAGE_MESSAGE), "name": ""})
    response = flask.Response(page, status=503, mimetype="text/html")
    response.headers["Retry-After"] = "60"
    return response


def organization_without_count(org: str) -> dict[str, Any]:
    """The department of a dataset page's side bar, without its dataset count (which needs search)."""
    group = model.Group.get(org)
    if group is None or not group.is_organization:
        return {}
    context = {"model": model, "session": model.Session, "user": ""}
    return model_dictize.group_dictize(group, context, include_groups=False, include_users=False, packages_field=None)  # type: ignore[arg-type]
