"""CKAN's ``package_collaborator_list`` auth function asserts that the dataset and the user exist
(``assert pkg``, ``assert user_obj``): an anonymous caller or an unknown id was a 500. Both are
refused like any other caller without the right."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.types import AuthFunction, AuthResult, Context, DataDict

__all__ = ["package_collaborator_list"]


@tk.chained_auth_function
def package_collaborator_list(next_auth: AuthFunction, context: Context, data_dict: DataDict | None) -> AuthResult:
    reference: Any = (data_dict or {}).get("id")
    user = context.get("user")
    if not user or model.User.get(user) is None:
        return {"success": False, "msg": tk._("Access denied")}
    if not isinstance(reference, str) or model.Package.get(reference) is None:
        return {"success": False, "msg": tk._("Access denied")}
    return next_auth(context, data_dict)  # type: ignore[call-arg]
