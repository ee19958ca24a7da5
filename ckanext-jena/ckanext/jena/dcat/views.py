"""HTTP endpoints of the DCAT-AP.de catalog (blueprint ``jena_dcat``).

``/catalog.{rdf,ttl,jsonld}`` (Hydra paging) and ``/dataset/<id>.{rdf,ttl,jsonld}`` replace
ckanext-dcat's endpoints (``ckanext.dcat.enable_rdf_endpoints = false``). Only released
datasets appear: public, active and of a catalog dataset type, checked in the database and
again through the search index's permission labels. Page links are built from
``ckan.site_url``, never from the request's Host or X-Forwarded-* headers, so they stay
right behind a reverse proxy and cannot be poisoned by a client.

``?profiles=dcat_ap_de_2`` (ckanext-dcat's parameter name) gives the DCAT-AP.de 2.0 flavour
(``ckanext.jena.profiles.flavours``): the URL GovData harvests; the Hydra links keep it.
"""

from __future__ import annotations

import datetime as dt
import hashlib

import ckan.plugins.toolkit as tk
from flask import Blueprint, Response, request

from ckanext.jena import config
from ckanext.jena.profiles.flavours import DEFAULT_FLAVOUR, FLAVOURS

from .cache import fingerprint
from .catalog import Cursor, CursorError, dataset_page_item, read_page
from .pages import catalog_document, dataset_document
from .writers import MEDIA_TYPES

__all__ = ["blueprint"]

blueprint = Blueprint("jena_dcat", __name__)

_FORMATS = "any(rdf, xml, ttl, jsonld)"


def _format(fmt: str) -> str:
    return "rdf" if fmt == "xml" else fmt


def _plain(status: int, german: str, english: str) -> Response:
    return Response(f"{german}\n{english}\n", status=status, mimetype="text/plain")


def _not_modified(etag: str, last_modified: dt.datetime | None) -> bool:
    if request.headers.get("If-None-Match"):
        tags = request.if_none_match
        return tags.star_tag or tags.contains_weak(etag.removeprefix("W/").strip('"'))
    since = request.if_modified_since
    if since is None or last_modified is None:
        return False
    return last_modified.replace(microsecond=0, tzinfo=dt.UTC) <= since


def _respond(body: str | None, fmt: str, etag: str, last_modified: dt.datetime | None) -> Response:
    response = Response(body or "", status=200 if body is not None else 304, content_type=MEDIA_TYPES[fmt])
    response.headers["ETag"] = etag
    if last_modified is not None:
        response.last_modified = last_modified.replace(tzinfo=dt.UTC)
    # Shared caches may keep a page but must ask again each time (the ETag makes that cheap).
    response.headers["Cache-Control"] = "public, no-cache"
    return response


def _flavour() -> str | None:
    """The flavour asked for with ``?profiles=``; ``None`` if it names none of ours."""
    asked = (request.args.get("profiles") or "").strip()
    if not asked:
        return DEFAULT_FLAVOUR
    return asked if asked in FLAVOURS else None


def _unknown_flavour() -> Response:
    names = ", ".join(FLAVOURS)
    return _plain(
        400,
        f"Unbekanntes Profil in „profiles“: möglich sind {names} (ohne Angabe: {DEFAULT_FLAVOUR}, DCAT-AP.de 3.0).",
        f"Unknown profile in 'profiles': use one of {names} (none given: {DEFAULT_FLAVOUR}, DCAT-AP.de 3.0).",
    )


def _variant(fmt: str, flavour: str) -> str:
    """Format and flavour as one name for the ETag (the default flavour keeps the bare format)."""
    return fmt if flavour == DEFAULT_FLAVOUR else f"{fmt}:{flavour}"


def _page_url(fmt: str, cursor: Cursor | None, flavour: str = DEFAULT_FLAVOUR) -> str:
    params = {"profiles": flavour} if flavour != DEFAULT_FLAVOUR else {}
    if cursor:
        params["after"] = cursor.token()
    return tk.url_for("jena_dcat.catalog", fmt=fmt, _external=True, **params)


@blueprint.route(f"/catalog.<{_FORMATS}:fmt>", methods=["GET", "HEAD"])
def catalog(fmt: str) -> Response:
    fmt = _format(fmt)
    legacy_page = request.args.get("page")
    if legacy_page not in (None, "", "1"):
        return _plain(
            400,
            "Dieser Katalog blättert nicht mit ?page=N: bitte dem Link hydra:next der vorigen Seite folgen.",
            "This catalog does not page with ?page=N: follow the hydra:next link of the previous page.",
        )
    token = request.args.get("after")
    try:
        after = Cursor.parse(token) if token else None
    except CursorError:
        return _plain(
            400,
            "Ungültiger Wert für „after“: bitte nur Links aus hydra:next verwenden.",
            "Invalid value of 'after': use the links from hydra:next only.",
        )
    flavour = _flavour()
    if flavour is None:
        return _unknown_flavour()
    page = read_page(after, config.dcat_datasets_per_page())
    etag = page.etag(_variant(fmt, flavour))
    if _not_modified(etag, page.last_modified):
        return _respond(None, fmt, etag, page.last_modified)
    if request.method == "HEAD":
        return _respond("", fmt, etag, page.last_modified)
    body = catalog_document(page, fmt, lambda cursor: _page_url(fmt, cursor, flavour), flavour)
    return _respond(body, fmt, etag, page.last_modified)


@blueprint.route(f"/dataset/<id>.<{_FORMATS}:fmt>", methods=["GET", "HEAD"])
def dataset(id: str, fmt: str) -> Response:
    fmt = _format(fmt)
    flavour = _flavour()
    if flavour is None:
        return _unknown_flavour()
    item = dataset_page_item(id)
    not_found = _plain(404, "Datensatz nicht gefunden.", "Dataset not found.")
    if item is None:
        return not_found
    variant = _variant(fmt, flavour)
    etag = 'W/"' + hashlib.sha256(f"{fingerprint()}\n{variant}\n{item.id}@{item.stamp}".encode()).hexdigest()[:32] + '"'
    if _not_modified(etag, item.changed):
        return _respond(None, fmt, etag, item.changed)
    if request.method == "HEAD":
        return _respond("", fmt, etag, item.changed)
    body = dataset_document(item, fmt, flavour)
    return not_found if body is None else _respond(body, fmt, etag, item.changed)
