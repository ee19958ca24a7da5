"""CKAN's group and organization member deletion asserts that the group exists (``assert group``):
a missing id was a 500. A missing id is a validation error, an unknown one a 404."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.types import Action, Context, DataDict

__all__ = ["group_member_delete", "organization_member_delete"]


def _require_group(data_dict: DataDict, not_found: str) -> None:
    reference: Any = data_dict.get("id")
    if reference in (None, ""):
        raise tk.ValidationError({"id": [tk._("Missing value")]})
    if not isinstance(reference, str) or model.Group.get(reference) is None:
        raise tk.ObjectNotFound(not_found)


@tk.chained_action
def group_member_delete(next_action: Action, context: Context, data_dict: DataDict) -> Any:
    _require_group(data_dict, tk._("Group not found"))
    return next_action(context, data_dict)


@tk.chained_action
def organization_member_delete(next_action: Action, context: Context, data_dict: DataDict) -> Any:
    _require_group(data_dict, tk._("Organization not found"))
    return next_action(context, data_dict)
