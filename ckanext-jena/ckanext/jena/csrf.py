"""CSRF protection decided per request, and the session cookie ``Secure`` behind HTTPS.

CKAN 2.12 exempts a request authenticated by an API token (and an anonymous one) from
CSRF checks by calling ``csrf.exempt(<view>)`` in ``ckan_before_request``. Flask-WTF's
exemption list is process-wide, so after one such request every later request to that
view in the same worker was exempt too, cookie-authenticated form posts and API calls
without a token included. Here an exemption made while a request is handled holds for
that request only; views exempted at start-up (by code) stay exempt.

Cookie-authenticated API calls therefore need the ``X-CSRFToken`` header, which CKAN's
own JavaScript client sends (``ckan.module`` ``this.sandbox.client``).
"""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
import flask
from ckan.config.middleware.flask_app import csrf

_REQUEST_KEY = "jena_csrf_exempt_views"


class PerRequestExemptions(set[str]):
    """Flask-WTF's ``_exempt_views``: start-up exemptions are kept, request-time ones
    live in ``flask.g`` and end with the request."""

    def add(self, element: str) -> None:
        if flask.has_request_context():
            exempt = flask.g.setdefault(_REQUEST_KEY, set())
            exempt.add(element)
        else:
            super().add(element)

    def __contains__(self, element: object) -> bool:
        if super().__contains__(element):
            return True
        return flask.has_request_context() and element in flask.g.get(_REQUEST_KEY, ())


def install() -> None:
    """Make CKAN's CSRF exemptions per request (idempotent: one CSRFProtect per process)."""
    exempt: Any = csrf._exempt_views
    if not isinstance(exempt, PerRequestExemptions):
        csrf._exempt_views = PerRequestExemptions(exempt)


def secure_cookies(config: tk.CKANConfig) -> None:
    """Behind HTTPS (``ckan.site_url`` is https) the session and remember-me cookies are
    ``Secure``: a browser never sends them over plain HTTP."""
    if str(config.get("ckan.site_url") or "").lower().startswith("https://"):
        config["SESSION_COOKIE_SECURE"] = True
        config["REMEMBER_COOKIE_SECURE"] = True
