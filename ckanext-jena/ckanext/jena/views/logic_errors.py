"""Logic errors that escape a page answer as CKAN answers them elsewhere: 403 / 404, never 500.

Some of CKAN's own views call actions without catching their errors: ``/api/util/user/autocomplete``
raises ``NotAuthorized`` for anonymous visitors, ``/<type>/changes_multiple`` without activity ids
raises ``ObjectNotFound``; Flask turned both into a 500 page. The answer names no detail of the
error (its message may name users or ids).
"""

from __future__ import annotations

import ckan.plugins.toolkit as tk
import flask
from werkzeug.exceptions import Forbidden, NotFound

logic_errors = flask.Blueprint("jena_logic_errors", __name__)


def _answer(code: int, kind: str, message: str) -> tuple[flask.Response | str, int]:
    if flask.request.path.startswith(("/api/", "/en/api/")):
        return flask.jsonify({"success": False, "error": {"__type": kind, "message": message}}), code
    exception = Forbidden if code == 403 else NotFound
    extra_vars = {
        "code": code,
        "content": message,
        "name": exception.name,
        "show_login_redirect_link": code == 403 and tk.current_user.is_anonymous,
    }
    return tk.render("error_document_template.html", extra_vars), code


@logic_errors.app_errorhandler(tk.NotAuthorized)
def _not_authorized(error: tk.NotAuthorized) -> tuple[flask.Response | str, int]:
    return _answer(403, "Authorization Error", tk._("Access denied"))


@logic_errors.app_errorhandler(tk.ObjectNotFound)
def _not_found(error: tk.ObjectNotFound) -> tuple[flask.Response | str, int]:
    return _answer(404, "Not Found Error", tk._("Not found"))
