"""Inside the application: may this answer be stored for every visitor without credentials?

An ``after_request`` handler decides with what only the application knows (who the visitor is,
which view answered) and leaves the decision in the WSGI environ for the middleware:

* only a ``GET`` answered ``200`` for an anonymous visitor;
* only pages and metadata (HTML, JSON, RDF, XML, text): no file downloads or uploads, which are
  someone's file and can be large;
* not the DataStore (its tables change without a write to CKAN's database: sensor feeds);
* not what a view marked ``no-store``.

The middleware adds its own conditions: no cookie and no credentials in the request, and no
cookie set by the answer.
"""

from __future__ import annotations

import re

import ckan.plugins.toolkit as tk
import flask

from ckanext.jena import config
from ckanext.jena.requests import security_headers
from ckanext.jena.usage import counting as usage_counting

__all__ = ["NONCE", "STORABLE", "USAGE", "mark_response", "register"]

STORABLE = "jena.page_cache.storable"
NONCE = "jena.page_cache.nonce"
USAGE = "jena.page_cache.usage"
CACHED_TYPES = frozenset(
    {
        "text/html",
        "application/json",
        "application/ld+json",
        "application/rdf+xml",
        "text/turtle",
        "text/n3",
        "application/n-triples",
        "application/xml",
        "text/xml",
        "text/plain",
    }
)
_DATASTORE_PATH = re.compile(r"^(?:/[a-z]{2}(?:_[A-Z]{2})?)?/(?:api/(?:\d+/)?action/datastore_|datastore/)")


def _storable(response: flask.Response) -> bool:
    request = flask.request
    if request.method != "GET" or response.status_code != 200 or response.is_streamed:
        return False
    if getattr(tk.current_user, "is_authenticated", False):
        return False
    if (response.mimetype or "").lower() not in CACHED_TYPES:
        return False
    if "no-store" in (response.headers.get("Cache-Control") or "").lower():
        return False
    return not (security_headers.is_upload() or _DATASTORE_PATH.match(request.path))


def mark_response(response: flask.Response) -> flask.Response:
    """``after_request`` handler: leave the decision (and the nonce, the usage target) for the middleware."""
    if not config.page_cache_enabled() or not _storable(response):
        return response
    environ = flask.request.environ
    environ[STORABLE] = True
    # A page's Content-Security-Policy header (added by a later handler) carries the nonce: make
    # sure it exists now, so the stored copy can have it replaced.
    html = response.mimetype == "text/html"
    environ[NONCE] = security_headers.csp_nonce() if html else security_headers.csp_nonce_if_used()
    environ[USAGE] = usage_counting.target_of(response.status_code) or []
    return response


def register(app: flask.Flask) -> None:
    app.after_request(mark_response)
