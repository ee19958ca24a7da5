"""Two ckanext-harvest actions that answered 500 on missing or wrong parameters (found by the
action fuzz test, issue 13): ``harvest_job_abort`` without ``id``/``source_id`` read an unset
variable, ``harvest_object_create`` looked a list or nothing up as a job id. Both refuse such
input as validation errors now; everything else is ckanext-harvest's own behaviour."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan.types import Action, Context, DataDict

__all__ = ["harvest_job_abort", "harvest_object_create"]

_OPTIONAL_TEXT = ("guid", "content", "state", "source_id", "package_id")


def _text(value: Any, field: str, required: bool) -> None:
    if value in (None, ""):
        if required:
            raise tk.ValidationError({field: [tk._("Missing value")]})
        return
    if not isinstance(value, str):
        raise tk.ValidationError({field: [tk._("Erwartet wird ein Text, keine Liste und kein Objekt.")]})


@tk.chained_action
def harvest_job_abort(next_action: Action, context: Context, data_dict: DataDict) -> Any:
    field = "source_id" if data_dict.get("source_id") not in (None, "") else "id"
    _text(data_dict.get(field), field, required=True)
    return next_action(context, data_dict)


@tk.chained_action
def harvest_object_create(next_action: Action, context: Context, data_dict: DataDict) -> Any:
    _text(data_dict.get("job_id"), "job_id", required=True)
    for field in _OPTIONAL_TEXT:
        _text(data_dict.get(field), field, required=False)
    return next_action(context, data_dict)
