"""Checks CKAN's own pages leave out, run before the page (``before_app_request``).

* ``/dataset/<id>/resources/<rid>/history/<activity_id>`` (ckanext-activity) renders the
  package stored in the activity without asking whether the visitor may see that activity;
  ``/dataset/<id>/history/<activity_id>`` asks ``activity_show`` (with data). The resource
  history asks the same here and answers 404 like a missing activity.
"""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from flask import Blueprint, request

guards = Blueprint("jena_guards", __name__)

_RESOURCE_HISTORY = "activity.resource_history"


def _context() -> dict[str, Any]:
    user = tk.current_user
    if user.is_anonymous:
        return {"user": "", "auth_user_obj": None}
    return {"user": user.name, "auth_user_obj": user}


@guards.before_app_request
def activity_of_resource_history() -> None:
    if request.endpoint != _RESOURCE_HISTORY:
        return
    activity_id = (request.view_args or {}).get("activity_id")
    try:
        tk.check_access("activity_show", _context(), {"id": activity_id, "include_data": True})  # type: ignore[arg-type]
    except (tk.NotAuthorized, tk.ObjectNotFound, tk.ValidationError):
        tk.abort(404, tk._("Activity not found"))
