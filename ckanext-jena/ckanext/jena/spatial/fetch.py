"""Download a remote document for a map preview: address policy, size limit, German messages.

The browser only talks to the portal; the portal reads the file (so the size limit holds
before anything reaches the browser, and remote servers need no CORS headers). Every read
goes through :mod:`ckanext.jena.safe_fetch`, the same guarded client the harvesters use:
loopback, private and link-local addresses are refused unless listed in
``ckanext.jena.spatial.preview_allowed_hosts``.
"""

from __future__ import annotations

import logging
import os
from typing import Any

import ckan.plugins.toolkit as tk
from ckan.lib import uploader

from ckanext.jena import config
from ckanext.jena.safe_fetch import FetchError, FetchPolicy, refuse_unsafe_content
from ckanext.jena.safe_fetch import fetch as safe_fetch

__all__ = ["PreviewError", "fetch", "fetch_resource", "fetch_xml", "preview_policy", "read_upload"]

log = logging.getLogger(__name__)

ALLOWED_HOSTS_OPTION = "ckanext.jena.spatial.preview_allowed_hosts"
USER_AGENT = "Offene-Daten-Jena-Kartenvorschau/1.0 (+https://opendata.jena.de)"


class PreviewError(Exception):
    """A preview cannot be shown; ``message`` is the German text for the user."""

    def __init__(self, message: str, status: int = 422) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


def _megabytes(size: int) -> str:
    return f"{size / 1_048_576:.1f}".replace(".", ",") + " MB"


def _too_large(max_bytes: int) -> PreviewError:
    return PreviewError(
        tk._(
            "Die Datei ist zu groß für die Kartenvorschau (mehr als {size}). "
            "Bitte laden Sie sie herunter und öffnen Sie sie in einem GIS-Programm."
        ).format(size=_megabytes(max_bytes)),
        413,
    )


def preview_policy(max_bytes: int) -> FetchPolicy:
    return FetchPolicy(
        allowed_hosts=tuple(config.spatial_preview_allowed_hosts()),
        max_bytes=max_bytes,
        timeout=float(config.spatial_preview_timeout()),
        total_timeout=float(config.spatial_preview_total_timeout()),
        user_agent=USER_AGENT,
        allowed_hosts_option=ALLOWED_HOSTS_OPTION,
    )


def _preview_error(error: FetchError, policy: FetchPolicy) -> PreviewError:
    """The message for the page's language (German, or English on /en pages)."""
    if error.code == "too_large":
        return _too_large(policy.max_bytes)
    if error.code == "http_status":
        message = tk._(
            "Der Server der Ressource antwortet mit Fehler {status}; die Vorschau ist im Moment nicht möglich."
        )
        return PreviewError(message.format(status=error.status), 502)
    if error.code in ("timeout", "too_slow"):
        message = tk._(
            "Der Server der Ressource hat nicht rechtzeitig geantwortet (Zeitlimit {timeout} s bzw. {total} s "
            "insgesamt); die Vorschau ist im Moment nicht möglich."
        )
        return PreviewError(message.format(timeout=f"{policy.timeout:g}", total=f"{policy.total_timeout:g}"), 504)
    if error.code in ("connection", "unresolvable"):
        return PreviewError(
            tk._("Der Server der Ressource ist nicht erreichbar; die Vorschau ist im Moment nicht möglich."), 502
        )
    if error.code == "address_refused":
        # The option that would allow it is for the operators (in the log), not for citizens.
        log.info("Preview refused an internal address (see %s): %s", ALLOWED_HOSTS_OPTION, error)
        return PreviewError(
            tk._(
                "Die Adresse der Ressource zeigt auf ein internes Netz; solche Adressen liest die Vorschau nicht. "
                "Bitte laden Sie die Datei herunter."
            ),
            403,
        )
    if error.code == "bad_url":
        return PreviewError(
            tk._("Die Ressource hat keine Web-Adresse (http/https), die Vorschau kann sie nicht laden.")
        )
    # Redirect loops and chains, unsafe XML: the safe client's own German message.
    return PreviewError(error.message_de, 502)


def fetch(url: str, max_bytes: int, declared_size: int | None = None, accept: str = "*/*") -> bytes:
    """The body of ``url``; ``PreviewError`` when it is refused, too large, unreachable or not http(s)."""
    if declared_size is not None and declared_size > max_bytes:
        raise _too_large(max_bytes)
    policy = preview_policy(max_bytes)
    try:
        return safe_fetch(url, policy, accept).content
    except FetchError as error:
        raise _preview_error(error, policy) from error


def read_upload(resource: dict[str, Any], max_bytes: int) -> bytes:
    """The file uploaded to the portal for ``resource``, read from the portal's own storage
    (not over HTTP from the site URL, which is an internal address the address policy refuses)."""
    upload = uploader.get_resource_uploader(resource)
    get_path = getattr(upload, "get_path", None)
    path = get_path(resource["id"]) if get_path is not None and getattr(upload, "storage_path", None) else None
    if not path or not os.path.isfile(path):
        raise PreviewError("Die hochgeladene Datei ist nicht (mehr) vorhanden; die Vorschau ist nicht möglich.", 404)
    if os.path.getsize(path) > max_bytes:
        raise _too_large(max_bytes)
    with open(path, "rb") as handle:
        return handle.read(max_bytes + 1)


def fetch_resource(resource: dict[str, Any], max_bytes: int, declared_size: int | None = None) -> bytes:
    """The content of a resource: an upload from the portal's storage, anything else over HTTP(S)."""
    if resource.get("url_type") == "upload":
        return read_upload(resource, max_bytes)
    return fetch(resource.get("url") or "", max_bytes, declared_size)


def fetch_xml(url: str, max_bytes: int) -> bytes:
    """Like :func:`fetch` for an XML document of a map service; refuses entity declarations.

    A reference to an external DTD is let through: WMS 1.1.1 capabilities carry one by the
    standard, and the preview's parser neither loads DTDs nor resolves entities.
    """
    body = fetch(url, max_bytes, accept="application/xml, text/xml;q=0.9, */*;q=0.5")
    try:
        refuse_unsafe_content(body, "application/xml")
    except FetchError as error:
        if error.code != "xml_external_dtd":
            raise PreviewError(error.message_de, 502) from error
    return body
