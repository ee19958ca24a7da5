"""Signing in from tests.

CKAN's ``app.set_session_user`` writes its session cookie for ``localhost`` while the test
client requests ``ckan.site_url`` (another host), so the cookie is never sent: use
:func:`auth_headers`, an API token, which CKAN accepts for pages as well (and which skips CSRF).
"""

from __future__ import annotations

from typing import Any

from ckan.tests.helpers import call_action


def auth_headers(user: dict[str, Any]) -> dict[str, str]:
    """Request headers that sign ``user`` in."""
    token = call_action(
        "api_token_create", {"user": user["name"], "ignore_auth": True}, user=user["name"], name="tests"
    )
    return {"Authorization": token["token"]}
