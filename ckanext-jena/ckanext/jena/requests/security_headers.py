"""Response headers that keep script out of the portal's origin.

* **Uploads** (resource downloads of uploaded files, ``/uploads/…`` group and user images) are
  someone's file, not the portal's page: they get ``Content-Security-Policy: sandbox`` (a page
  opened from them has an opaque origin and runs no script), ``X-Content-Type-Options: nosniff``,
  and types a browser would render as a document with script (HTML, SVG, XML, JavaScript) are
  sent as ``Content-Disposition: attachment`` — whatever ``mimetype`` the resource claims.
* **Pages** get the site-wide Content-Security-Policy (``ckanext.jena.security.content_security_policy``):
  scripts only from the portal itself or with the request's nonce (``h.jena_csp_nonce()``, used by
  the few templates that must pass data to a script inline), no plugins, no foreign ``<base>``,
  forms post only to the portal, and only the portal may frame its pages (resource views, which
  CKAN offers for embedding elsewhere, may be framed by anyone).
"""

from __future__ import annotations

import secrets

import flask

from ckanext.jena import config

__all__ = ["ACTIVE_TYPES", "csp_nonce", "csp_nonce_if_used", "is_upload", "register"]

# Types a browser renders as a document that can run script; sent only as a download.
ACTIVE_TYPES = frozenset(
    {
        "text/html",
        "application/xhtml+xml",
        "image/svg+xml",
        "text/xml",
        "application/xml",
        "application/rdf+xml",
        "application/javascript",
        "text/javascript",
        "application/ecmascript",
        "text/ecmascript",
        "application/x-javascript",
        "text/xsl",
        "multipart/x-mixed-replace",
    }
)

UPLOAD_POLICY = "sandbox; default-src 'none'; img-src 'self' data:; media-src 'self'; style-src 'unsafe-inline'"
_PDF = "application/pdf"  # Chromium's viewer refuses sandboxed PDFs; it runs outside the portal's origin
_VIEW_ENDPOINT_SUFFIX = "_resource.view"
_NONCE = "jena_csp_nonce"


def csp_nonce() -> str:
    """The nonce of this request's Content-Security-Policy (one per request)."""
    if not flask.has_request_context():
        return ""
    nonce = getattr(flask.g, _NONCE, None)
    if nonce is None:
        nonce = secrets.token_urlsafe(18)
        setattr(flask.g, _NONCE, nonce)
    return nonce


def csp_nonce_if_used() -> str:
    """This request's nonce if a page or header used one, else '' (never makes one)."""
    if not flask.has_request_context():
        return ""
    return getattr(flask.g, _NONCE, None) or ""


def is_upload() -> bool:
    """Does the current request download an uploaded file (a resource's file, an image)?"""
    endpoint = flask.request.endpoint or ""
    if endpoint.endswith("_resource.download") or endpoint == "resource.download":
        return True
    return endpoint == "static" and flask.request.path.startswith("/uploads/")


def _protect_upload(response: flask.Response) -> None:
    if response.status_code >= 300 and response.status_code < 400:
        return  # a link resource: the redirect leaves the portal
    mimetype = (response.mimetype or "").lower()
    if mimetype in ACTIVE_TYPES:
        disposition = response.headers.get("Content-Disposition", "")
        filename = disposition.partition(";")[2].strip()
        response.headers["Content-Disposition"] = "attachment" + (f"; {filename}" if filename else "")
    if mimetype != _PDF:
        response.headers["Content-Security-Policy"] = UPLOAD_POLICY


def _page_policy() -> str:
    policy = config.content_security_policy().strip().rstrip(";")
    if not policy:
        return ""
    directives = [part.strip() for part in policy.split(";") if part.strip()]
    nonce = csp_nonce()
    directives = [
        f"{part} 'nonce-{nonce}'" if part.split()[0] == "script-src" and nonce else part for part in directives
    ]
    endpoint = flask.request.endpoint or ""
    if endpoint.endswith(_VIEW_ENDPOINT_SUFFIX) or endpoint == "resource.view":
        directives = [part for part in directives if part.split()[0] != "frame-ancestors"]
        directives.append("frame-ancestors *")
    return "; ".join(directives)


def add_headers(response: flask.Response) -> flask.Response:
    """``after_request`` handler of the Flask application."""
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    if is_upload():
        _protect_upload(response)
    elif response.mimetype == "text/html" and "Content-Security-Policy" not in response.headers:
        policy = _page_policy()
        if policy:
            response.headers["Content-Security-Policy"] = policy
    return response


def register(app: flask.Flask) -> None:
    app.after_request(add_headers)
