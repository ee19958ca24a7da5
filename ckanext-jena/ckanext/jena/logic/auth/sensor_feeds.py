"""Auth of live sensor feeds: the department's data managers (and the central data team) open
and close feeds of their resources; the department sees which feeds exist."""

from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.types import AuthResult, Context, DataDict

from ckanext.jena.release import roles

__all__ = [
    "jena_sensor_feed_create",
    "jena_sensor_feed_delete",
    "jena_sensor_feed_list",
    "jena_sensor_feed_rotate",
    "jena_sensor_feed_update",
]


def _organization_of(data_dict: DataDict) -> str | None:
    resource_id = data_dict.get("resource_id")
    resource = model.Resource.get(resource_id) if isinstance(resource_id, str) and resource_id else None
    return resource.package.owner_org if resource is not None else None


def _reviewers(context: Context, data_dict: DataDict) -> AuthResult:
    if roles.is_reviewer(roles.user_from_context(context), _organization_of(data_dict)):
        return {"success": True}
    return {
        "success": False,
        "msg": tk._("Nur Datenmanager:innen des Fachbereichs und das zentrale Datenteam verwalten Sensor-Zugänge."),
    }


def jena_sensor_feed_create(context: Context, data_dict: DataDict) -> AuthResult:
    return _reviewers(context, data_dict)


def jena_sensor_feed_delete(context: Context, data_dict: DataDict) -> AuthResult:
    return _reviewers(context, data_dict)


def jena_sensor_feed_rotate(context: Context, data_dict: DataDict) -> AuthResult:
    return _reviewers(context, data_dict)


def jena_sensor_feed_update(context: Context, data_dict: DataDict) -> AuthResult:
    return _reviewers(context, data_dict)


def jena_sensor_feed_list(context: Context, data_dict: DataDict) -> AuthResult:
    user = roles.user_from_context(context)
    organization = _organization_of(data_dict)
    if roles.is_reviewer(user, organization) or roles.is_department_member(user, organization):
        return {"success": True}
    return {"success": False, "msg": tk._("Nur der Fachbereich sieht die Sensor-Zugänge seiner Ressourcen.")}
