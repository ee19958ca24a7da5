"""The action context of the signed-in user (or an anonymous visitor) for calls from a page."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

__all__ = ["action_context"]


def action_context() -> dict[str, Any]:
    """A fresh context: the current user's name and object, or an anonymous caller."""
    user = tk.current_user
    if user.is_anonymous:
        return {"user": "", "auth_user_obj": None}
    return {"user": user.name, "auth_user_obj": user}
