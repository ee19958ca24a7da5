"""Actions of live sensor feeds (``ckanext/jena/tables/sensor_feeds.py``): a data manager opens,
lists and closes the feeds of a ``realtime`` resource; ``datastore_upsert`` lets a sensor account
write into its own resource and nowhere else.

Errors use English keys and German messages; nothing is written when any input is bad.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.types import Action, Context, DataDict

from ckanext.jena.quality import cockpit_state
from ckanext.jena.release import roles
from ckanext.jena.tables import loader, sensor_feeds

__all__ = [
    "datastore_upsert",
    "jena_sensor_feed_create",
    "jena_sensor_feed_delete",
    "jena_sensor_feed_list",
    "jena_sensor_feed_rotate",
    "jena_sensor_feed_update",
]

log = logging.getLogger(__name__)

FEED_TYPE = "realtime"
MAX_RETENTION_DAYS = 3650
TIME_TYPES = ("timestamp", "timestamptz", "date")


def _resource(data_dict: DataDict) -> model.Resource:
    reference = data_dict.get("resource_id")
    if not isinstance(reference, str) or not reference:
        raise tk.ValidationError({"resource_id": [tk._("Missing value")]})
    resource = model.Resource.get(reference)
    if resource is None or resource.state != "active" or resource.package.state == "deleted":
        raise tk.ObjectNotFound(tk._("Ressource nicht gefunden."))
    return resource


def _table_fields(resource_id: str) -> dict[str, str] | None:
    """The DataStore table's columns and types, None when the resource has no table."""
    try:
        info = tk.get_action("datastore_info")({"ignore_auth": True}, {"id": resource_id})
    except tk.ObjectNotFound:
        return None
    return {field["id"]: field["type"] for field in info["fields"]}


def _retention(data_dict: DataDict, fields: dict[str, str]) -> tuple[int | None, str | None]:
    days, time_field = data_dict.get("retention_days"), data_dict.get("time_field")
    errors: dict[str, list[str]] = {}
    if days in (None, ""):
        return None, None
    if (
        isinstance(days, bool)
        or not isinstance(days, (int, str))
        or not str(days).isdigit()
        or not 1 <= int(days) <= MAX_RETENTION_DAYS
    ):
        errors["retention_days"] = [tk._("Bitte eine ganze Zahl von Tagen angeben (1 bis 3650).")]
    if not isinstance(time_field, str) or not time_field:
        errors["time_field"] = [tk._("Für die Aufbewahrungsfrist wird die Zeitspalte der Tabelle gebraucht.")]
    elif fields.get(time_field) not in TIME_TYPES:
        names = ", ".join(name for name, kind in fields.items() if kind in TIME_TYPES) or tk._("keine")
        errors["time_field"] = [
            tk._("„{name}“ ist keine Datums- oder Zeitspalte der Tabelle. Zeitspalten: {names}.").format(
                name=time_field, names=names
            )
        ]
    if errors:
        raise tk.ValidationError(errors)
    return int(days), time_field  # type: ignore[arg-type]


def _create_table(resource: model.Resource, data_dict: DataDict) -> dict[str, str]:
    fields = data_dict.get("fields")
    if not isinstance(fields, list) or not fields:
        raise tk.ValidationError(
            {"fields": [tk._("Die Ressource hat noch keine Tabelle: bitte die Spalten (fields) angeben.")]}
        )
    create = {"resource_id": resource.id, "fields": fields, "force": True}
    if data_dict.get("primary_key"):
        create["primary_key"] = data_dict["primary_key"]
    # Flag first: datastore_create would otherwise patch the resource, and a patch of a
    # published dataset becomes a pending revision.
    loader.mark_active(resource.id)
    try:
        tk.get_action("datastore_create")({"ignore_auth": True, "user": ""}, create)
    except Exception:
        record = model.Resource.get(resource.id)
        assert record is not None
        record.extras = {key: value for key, value in record.extras.items() if key != "datastore_active"}
        model.Session.commit()
        raise
    loader.add_view(resource.id)
    return _table_fields(resource.id) or {}


def _feed_dict(user: model.User) -> dict[str, Any]:
    feed = sensor_feeds.feed_of(user) or {}
    return {
        "name": user.name,
        "resource_id": feed.get("resource_id"),
        "created": user.created.isoformat(timespec="seconds") if user.created else None,
        "created_by": feed.get("created_by"),
        "retention_days": feed.get("retention_days"),
        "time_field": feed.get("time_field"),
        "last_push": feed.get("last_push"),
    }


def jena_sensor_feed_create(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Open a feed: a sensor account that may push rows into ``resource_id``; its API token is
    returned once (``token``). Optional ``retention_days`` with ``time_field``; ``fields`` (and
    ``primary_key``) create the table when the resource has none yet."""
    resource = _resource(data_dict)
    tk.check_access("jena_sensor_feed_create", context, {"resource_id": resource.id})
    if resource.package.type != FEED_TYPE:
        raise tk.ValidationError(
            {
                "resource_id": [
                    tk._("Live-Einspeisung gibt es nur für Echtzeit- und Sensordaten (Datensatztyp „realtime“).")
                ]
            }
        )
    fields = _table_fields(resource.id)
    if fields is not None and data_dict.get("fields"):
        raise tk.ValidationError({"fields": [tk._("Die Ressource hat schon eine Tabelle; ihre Spalten bleiben.")]})
    if fields is not None:
        days, time_field = _retention(data_dict, fields)
    else:
        _retention(data_dict, {name: kind for name, kind in _declared(data_dict).items()})
        fields = _create_table(resource, data_dict)
        days, time_field = _retention(data_dict, fields)
    actor = roles.user_from_context(context)
    name = sensor_feeds.account_name(resource.id)
    tk.get_action("user_create")(
        {"ignore_auth": True, "user": ""},
        {
            "name": name,
            "email": f"{name}@sensor.invalid",
            "password": secrets.token_urlsafe(32),
            "fullname": tk._("Sensor-Konto: {resource}").format(resource=resource.name or resource.id),
        },
    )
    account = model.User.get(name)
    assert account is not None
    account.plugin_extras = {
        sensor_feeds.FEED_KEY: {
            "resource_id": resource.id,
            "retention_days": days,
            "time_field": time_field,
            "created_by": actor.name if actor else None,
        }
    }
    model.Session.commit()
    token = _new_token(account)
    log.info("sensor feed %s opened for resource %s by %s", name, resource.id, actor.name if actor else "?")
    return {**_feed_dict(account), "token": token}


def _declared(data_dict: DataDict) -> dict[str, str]:
    fields = data_dict.get("fields")
    if not isinstance(fields, list):
        return {}
    return {
        str(field.get("id")): str(field.get("type") or "text")
        for field in fields
        if isinstance(field, dict) and field.get("id")
    }


@tk.side_effect_free
def jena_sensor_feed_list(context: Context, data_dict: DataDict) -> list[dict[str, Any]]:
    """The open feeds of ``resource_id`` (never their tokens)."""
    resource = _resource(data_dict)
    tk.check_access("jena_sensor_feed_list", context, {"resource_id": resource.id})
    return [_feed_dict(user) for user in sensor_feeds.feeds_of_resource(resource.id)]


def _account(data_dict: DataDict) -> tuple[model.User, dict[str, Any]]:
    name = data_dict.get("name")
    account = model.User.get(name) if isinstance(name, str) and name else None
    feed = sensor_feeds.feed_of(account)
    if account is None or feed is None:
        raise tk.ObjectNotFound(tk._("Sensor-Konto nicht gefunden."))
    return account, feed


def _new_token(account: model.User) -> str:
    return tk.get_action("api_token_create")(
        {"ignore_auth": True, "user": account.name}, {"user": account.name, "name": "Sensor-Gateway"}
    )["token"]


def jena_sensor_feed_delete(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Close the feed of sensor account ``name``: its tokens stop working at once."""
    account, feed = _account(data_dict)
    tk.check_access("jena_sensor_feed_delete", context, {"resource_id": feed["resource_id"]})
    model.Session.query(model.ApiToken).filter(model.ApiToken.user_id == account.id).delete()
    account.state = "deleted"
    model.Session.commit()
    log.info("sensor feed %s closed", account.name)
    return {"name": account.name, "resource_id": feed["resource_id"], "state": "deleted"}


def jena_sensor_feed_rotate(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """A new token for sensor account ``name`` (returned once); its earlier tokens stop working."""
    account, feed = _account(data_dict)
    tk.check_access("jena_sensor_feed_rotate", context, {"resource_id": feed["resource_id"]})
    model.Session.query(model.ApiToken).filter(model.ApiToken.user_id == account.id).delete()
    model.Session.commit()
    token = _new_token(account)
    log.info("sensor feed %s: token rotated", account.name)
    return {**_feed_dict(account), "token": token}


def jena_sensor_feed_update(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Set the retention of sensor account ``name``'s feed: ``retention_days`` (empty: keep every
    row) with ``time_field``, a date/time column of the table."""
    account, feed = _account(data_dict)
    tk.check_access("jena_sensor_feed_update", context, {"resource_id": feed["resource_id"]})
    days, time_field = _retention(data_dict, _table_fields(feed["resource_id"]) or {})
    extras = dict(account.plugin_extras or {})
    extras[sensor_feeds.FEED_KEY] = {**feed, "retention_days": days, "time_field": time_field}
    account.plugin_extras = extras
    model.Session.commit()
    sensor_feeds.trim_to_retention(extras[sensor_feeds.FEED_KEY])
    return _feed_dict(account)


@tk.chained_action
def datastore_upsert(next_action: Action, context: Context, data_dict: DataDict) -> Any:
    """A sensor account writes rows into its own resource (also once the dataset is public) and
    nowhere else; everybody else goes through CKAN's rules and the write guard."""
    feed = sensor_feeds.feed_of(roles.user_from_context(context))
    if feed is None:
        return next_action(context, data_dict)
    method = data_dict.get("method", "upsert")
    if data_dict.get("resource_id") != feed["resource_id"] or method not in sensor_feeds.WRITE_METHODS:
        raise tk.NotAuthorized(
            tk._("Ein Sensor-Konto darf nur Zeilen in die Tabelle seiner Ressource schreiben (insert oder upsert).")
        )
    result = next_action({**context, "ignore_auth": True}, {**data_dict, "force": True})
    account = roles.user_from_context(context)
    assert account is not None
    sensor_feeds.trim_to_retention(feed)
    pushed = dt.datetime.now(dt.UTC)
    sensor_feeds.record_push(account, pushed)
    try:
        cockpit_state.refresh_after_push(feed["resource_id"], pushed)
    except Exception:  # the rows are stored; the daily freshness job catches up
        model.Session.rollback()
        log.warning("Cockpit row not refreshed after a sensor push", exc_info=True)
    return result
