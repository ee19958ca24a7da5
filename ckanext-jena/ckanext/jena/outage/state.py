"""Which backing service failed during the current request (kept on ``flask.g``)."""

from __future__ import annotations

import flask

DATABASE = "database"
SEARCH = "search"


def note_unavailable(service: str) -> None:
    """Remember that ``service`` could not be reached while answering this request."""
    if flask.has_app_context():
        unavailable = flask.g.get("jena_unavailable", set())
        unavailable.add(service)
        flask.g.jena_unavailable = unavailable


def is_unavailable(service: str) -> bool:
    return flask.has_app_context() and service in flask.g.get("jena_unavailable", set())


def is_api_request() -> bool:
    return flask.has_request_context() and flask.request.path.startswith("/api/")
