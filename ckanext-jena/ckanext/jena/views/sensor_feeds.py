"""Feed management on the resource page of a ``realtime`` dataset (``tables/sensor_feeds.py``):
data managers open a feed, renew or revoke its token and set its retention with POST forms.

A new token is shown once, on the page that answers the POST (never stored, never put in the
session or a flash message, not cached); every other answer goes back to the resource page with
a German message.
"""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model
from flask import Blueprint, request

from ckanext.jena.current_user import action_context
from ckanext.jena.tables import sensor_feeds as feeds
from ckanext.jena.views.page_support import package_and_resource, validation_messages

sensor_feeds = Blueprint("jena_sensor_feeds", __name__)

BASE = "/dataset/<id>/resource/<resource_id>/sensor-zugang"
ANCHOR = "sensor-zugaenge"
TYPES = {
    "text": "text",
    "zahl": "numeric",
    "numeric": "numeric",
    "ganzzahl": "int",
    "int": "int",
    "integer": "int",
    "zeitpunkt": "timestamp",
    "timestamp": "timestamp",
    "datum": "date",
    "date": "date",
}

__all__ = ["sensor_feeds"]


def _back(pkg: dict[str, Any], resource_id: str) -> Any:
    page = tk.url_for(f"{pkg['type']}_resource.read", id=pkg["name"], resource_id=resource_id)
    return tk.redirect_to(f"{page}#{ANCHOR}")


def _columns(text: str) -> list[dict[str, str]]:
    """``Name Typ`` per line (``Zeitpunkt zeitpunkt``); the types in German or as DataStore names."""
    fields, errors = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        name, _sep, kind = line.strip().rpartition(" ")
        if not name.strip() or kind.lower() not in TYPES:
            errors.append(
                tk._(
                    "Zeile {number}: „{line}“ – bitte „Name Typ“ angeben (Typ: text, zahl, ganzzahl, datum, zeitpunkt)."
                ).format(number=number, line=line.strip())
            )
            continue
        fields.append({"id": name.strip(), "type": TYPES[kind.lower()]})
    if errors:
        raise tk.ValidationError({"fields": errors})
    return fields


def _run(action: str, data: dict[str, Any]) -> dict[str, Any]:
    return tk.get_action(action)(action_context(), data)


def _token_page(pkg: dict[str, Any], resource: dict[str, Any], feed: dict[str, Any]) -> Any:
    html = tk.render("jena/tables/sensor_token.html", {"pkg": pkg, "pkg_dict": pkg, "res": resource, "feed": feed})
    return html, 200, {"Cache-Control": "no-store"}


def _guarded(pkg: dict[str, Any], resource_id: str, action: str, data: dict[str, Any]) -> dict[str, Any] | Any:
    """Run ``action``; a refusal or bad input ends as a message on the resource page."""
    try:
        return _run(action, data)
    except tk.NotAuthorized:
        return tk.abort(
            403, tk._("Nur Datenmanager:innen des Fachbereichs und das zentrale Datenteam verwalten Sensor-Zugänge.")
        )
    except tk.ObjectNotFound:
        tk.h.flash_error(tk._("Sensor-Konto nicht gefunden."))
    except tk.ValidationError as error:
        tk.h.flash_error(" ".join(validation_messages(error)))
    return _back(pkg, resource_id)


def create(id: str, resource_id: str) -> Any:
    pkg, resource = package_and_resource(id, resource_id)
    data: dict[str, Any] = {
        "resource_id": resource["id"],
        "retention_days": request.form.get("retention_days", "").strip(),
        "time_field": request.form.get("time_field", "").strip(),
    }
    if request.form.get("fields", "").strip():
        try:
            data["fields"] = _columns(request.form["fields"])
        except tk.ValidationError as error:
            tk.h.flash_error(" ".join(validation_messages(error)))
            return _back(pkg, resource["id"])
    result = _guarded(pkg, resource["id"], "jena_sensor_feed_create", data)
    return _token_page(pkg, resource, result) if isinstance(result, dict) else result


def rotate(id: str, resource_id: str, name: str) -> Any:
    pkg, resource = package_and_resource(id, resource_id)
    if not _owned(name, resource["id"]):
        return tk.abort(404, tk._("Sensor-Konto nicht gefunden."))
    result = _guarded(pkg, resource["id"], "jena_sensor_feed_rotate", {"name": name})
    return _token_page(pkg, resource, result) if isinstance(result, dict) else result


def retention(id: str, resource_id: str, name: str) -> Any:
    pkg, resource = package_and_resource(id, resource_id)
    if not _owned(name, resource["id"]):
        return tk.abort(404, tk._("Sensor-Konto nicht gefunden."))
    data = {
        "name": name,
        "retention_days": request.form.get("retention_days", "").strip(),
        "time_field": request.form.get("time_field", "").strip(),
    }
    result = _guarded(pkg, resource["id"], "jena_sensor_feed_update", data)
    if isinstance(result, dict):
        tk.h.flash_success(tk._("Die Aufbewahrungsfrist ist gespeichert."))
        return _back(pkg, resource["id"])
    return result


def revoke(id: str, resource_id: str, name: str) -> Any:
    pkg, resource = package_and_resource(id, resource_id)
    if not _owned(name, resource["id"]):
        return tk.abort(404, tk._("Sensor-Konto nicht gefunden."))
    result = _guarded(pkg, resource["id"], "jena_sensor_feed_delete", {"name": name})
    if isinstance(result, dict):
        tk.h.flash_success(tk._("Der Sensor-Zugang ist widerrufen; sein Token funktioniert nicht mehr."))
        return _back(pkg, resource["id"])
    return result


def _owned(name: str, resource_id: str) -> bool:
    """The account serves this page's resource (a form cannot act on another resource's feed)."""
    return (feeds.feed_of(model.User.get(name)) or {}).get("resource_id") == resource_id


sensor_feeds.add_url_rule(BASE, view_func=create, endpoint="create", methods=["POST"])
sensor_feeds.add_url_rule(f"{BASE}/<name>/erneuern", view_func=rotate, endpoint="rotate", methods=["POST"])
sensor_feeds.add_url_rule(f"{BASE}/<name>/aufbewahrung", view_func=retention, endpoint="retention", methods=["POST"])
sensor_feeds.add_url_rule(f"{BASE}/<name>/widerrufen", view_func=revoke, endpoint="revoke", methods=["POST"])
