"""Checks CKAN's own pages leave out, run before the page (``before_app_request``).

* ``/dataset/<id>/resources/<rid>/history/<activity_id>`` (ckanext-activity) renders the
  package stored in the activity without asking whether the visitor may see that activity;
  ``/dataset/<id>/history/<activity_id>`` asks ``activity_show`` (with data). The resource
  history asks the same here and answers 404 like a missing activity.
* ``/harvest/<source>/job/last`` (ckanext-harvest) reads the harvest status of whatever package
  the id names; for a dataset that is no harvest source that was a 500 (``KeyError: 'status'``).
  It answers 404 here.
"""

from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan import model
from flask import Blueprint, request

from ckanext.jena.current_user import action_context

guards = Blueprint("jena_guards", __name__)

_RESOURCE_HISTORY = "activity.resource_history"
_HARVEST_LAST_JOB = "harvester.job_show_last"
HARVEST_SOURCE_TYPE = "harvest"  # ckanext.harvest.utils.DATASET_TYPE_NAME


@guards.before_app_request
def activity_of_resource_history() -> None:
    if request.endpoint != _RESOURCE_HISTORY:
        return
    activity_id = (request.view_args or {}).get("activity_id")
    try:
        tk.check_access("activity_show", action_context(), {"id": activity_id, "include_data": True})  # type: ignore[arg-type]
    except (tk.NotAuthorized, tk.ObjectNotFound, tk.ValidationError):
        tk.abort(404, tk._("Activity not found"))


@guards.before_app_request
def harvest_source_of_last_job() -> None:
    if request.endpoint != _HARVEST_LAST_JOB:
        return
    reference = (request.view_args or {}).get("source")
    package = model.Package.get(reference) if isinstance(reference, str) and reference else None
    if package is None or package.type != HARVEST_SOURCE_TYPE:
        tk.abort(404, tk._("Not found"))
