"""The audit trail as dicts (API) and CSV (export for the department and the data managers)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.jena.model import JenaReleaseEvent
from ckanext.jena.release import clock, states

CSV_COLUMNS = (
    "timestamp",
    "dataset",
    "dataset_title",
    "action",
    "from_state",
    "to_state",
    "user",
    "comment",
    "override",
    "release_at",
)


def _user_names(user_ids: Iterable[str | None]) -> dict[str, str]:
    ids = {user_id for user_id in user_ids if user_id}
    if not ids:
        return {}
    return {user.id: user.name for user in model.Session.query(model.User).filter(model.User.id.in_(ids))}


def _packages(package_ids: Iterable[str]) -> dict[str, model.Package]:
    ids = set(package_ids)
    if not ids:
        return {}
    return {package.id: package for package in model.Session.query(model.Package).filter(model.Package.id.in_(ids))}


def event_dicts(events: list[JenaReleaseEvent]) -> list[dict[str, Any]]:
    users = _user_names(event.actor_id for event in events)
    packages = _packages(event.package_id for event in events)
    return [event_dict(event, users, packages) for event in events]


def event_dict(
    event: JenaReleaseEvent,
    users: dict[str, str] | None = None,
    packages: dict[str, model.Package] | None = None,
) -> dict[str, Any]:
    if users is None:
        users = _user_names([event.actor_id])
    if packages is None:
        packages = _packages([event.package_id])
    package = packages.get(event.package_id)
    return {
        "id": event.id,
        "package_id": event.package_id,
        "package_name": package.name if package else None,
        "package_title": package.title if package else None,
        "organization_id": event.organization_id,
        "timestamp": clock.isoformat(event.timestamp),
        "user_id": event.actor_id,
        "user_name": users.get(event.actor_id or "") if event.actor_id else None,
        "action": event.action,
        "action_label": states.event_label(event.action),
        "from_state": event.from_state,
        "to_state": event.to_state,
        "from_state_label": states.state_label(event.from_state) if event.from_state else None,
        "to_state_label": states.state_label(event.to_state),
        "comment": event.comment,
        "override": event.override,
        "release_at": clock.isoformat(event.release_at),
        "details": event.details or {},
    }


def _local(value: str | None) -> str:
    if not value:
        return ""
    from datetime import datetime

    return datetime.fromisoformat(value).astimezone(clock.display_timezone()).isoformat(timespec="seconds")


def to_csv(events: list[dict[str, Any]]) -> str:
    """CSV with English column keys (stable for scripts) and German values as shown in the portal."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for event in events:
        writer.writerow(
            [
                _local(event["timestamp"]),
                event["package_name"] or event["package_id"],
                event["package_title"] or "",
                event["action_label"],
                event["from_state_label"] or "",
                event["to_state_label"],
                event["user_name"] or tk._("System"),
                event["comment"] or "",
                tk._("ja") if event["override"] else tk._("nein"),
                _local(event["release_at"]),
            ]
        )
    return buffer.getvalue()
