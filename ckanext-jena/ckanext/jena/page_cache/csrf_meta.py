"""Which pages carry CKAN's CSRF token in their ``<head>`` (``templates/base.html``).

CKAN puts a CSRF token into every page for its JavaScript, which gives every visitor a session
cookie on the first page: no page could then be the same for two visitors. An anonymous visitor
sends nothing that needs the token from an ordinary page (a form that posts renders its own
token, ``h.csrf_input()``); the pages whose script posts do need it: resource views (the table
preview asks for its rows by POST). Signed-in visitors and visitors who already have a session
keep CKAN's behaviour.
"""

from __future__ import annotations

import ckan.plugins.toolkit as tk
import flask

__all__ = ["jena_page_needs_csrf_token"]

_SCRIPT_POSTS_SUFFIXES = ("_resource.view", "datatablesview.ajax")
_SCRIPT_POSTS = frozenset({"resource.view", "datatablesview.ajax"})


def jena_page_needs_csrf_token() -> bool:
    """Does this page's ``<head>`` carry the CSRF token?"""
    if not flask.has_request_context():
        return True
    if getattr(tk.current_user, "is_authenticated", False):
        return True
    if tk.config.get("WTF_CSRF_FIELD_NAME", "_csrf_token") in flask.session:
        return True
    endpoint = flask.request.endpoint or ""
    return endpoint in _SCRIPT_POSTS or endpoint.endswith(_SCRIPT_POSTS_SUFFIXES)
