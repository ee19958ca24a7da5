"""Database down: every API call answers JSON 503, every page a German maintenance page with 503.

A lost connection is noticed where SQLAlchemy sees it (``handle_error`` on every engine,
including connection attempts), so it is recognised even when CKAN's API view has already
turned the exception into its generic JSON 500.
"""

from __future__ import annotations

import logging

import ckan.plugins.toolkit as tk
import flask
import sqlalchemy as sa
from markupsafe import escape
from sqlalchemy.engine import Engine, ExceptionContext

from ckanext.jena.outage import state

log = logging.getLogger(__name__)

API_MESSAGE = (
    "The database is temporarily unavailable (maintenance or restart). Nothing was changed; "
    "please try again in a minute."
)


def is_database_down(error: BaseException) -> bool:
    """A lost or refused database connection (not a failing statement)."""
    if isinstance(error, sa.exc.DBAPIError):
        return bool(error.connection_invalidated) or isinstance(error, (sa.exc.OperationalError, sa.exc.InterfaceError))
    return False


def _note_lost_connection(context: ExceptionContext) -> None:
    original = context.original_exception
    if (
        context.is_disconnect
        or context.connection is None
        or type(original).__name__
        in {
            "OperationalError",
            "InterfaceError",
        }
    ):
        state.note_unavailable(state.DATABASE)


def listen_for_lost_connections() -> None:
    if not sa.event.contains(Engine, "handle_error", _note_lost_connection):
        sa.event.listen(Engine, "handle_error", _note_lost_connection)


def api_response() -> flask.Response:
    body = {
        "success": False,
        "error": {"__type": "Service Unavailable", "message": API_MESSAGE},
    }
    response = flask.jsonify(body)
    response.status_code = 503
    response.headers["Retry-After"] = "60"
    return response


def page_response() -> flask.Response:
    """A page that needs neither the database nor CKAN's templates (they read the database)."""
    title = tk._("Wartungsarbeiten")
    message = tk._(
        "Das Datenportal ist gerade nicht erreichbar, weil seine Datenbank gewartet oder neu gestartet wird. "
        "Bitte versuchen Sie es in einer Minute erneut."
    )
    lang = "en" if flask.request.path.startswith("/en/") else "de"
    html = (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)} – Offene Daten Jena</title></head>\n"
        f'<body><main class="jena-maintenance"><h1>{escape(title)}</h1><p>{escape(message)}</p></main>'
        "</body>\n</html>\n"
    )
    response = flask.Response(html, status=503, mimetype="text/html")
    response.headers["Retry-After"] = "60"
    return response


def outage_response() -> flask.Response:
    return api_response() if state.is_api_request() else page_response()


def handle_database_error(error: sa.exc.DBAPIError) -> flask.Response:
    """Flask error handler for database errors that reach the app (e.g. identifying the user)."""
    if not is_database_down(error):
        raise error
    log.warning("Database unavailable while answering %s: %s", flask.request.path, error.orig)
    return outage_response()
