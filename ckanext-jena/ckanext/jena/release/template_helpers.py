"""Template helpers of the release workflow (exported by ``ckanext.jena.helpers``)."""

from __future__ import annotations

import datetime
from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model
from flask_babel import format_date, format_time

from ckanext.jena.current_user import action_context
from ckanext.jena.release import info, states

__all__ = [
    "jena_activity_actor",
    "jena_activity_type_label",
    "jena_release_can_manage",
    "jena_release_date",
    "jena_release_info",
    "jena_release_next_step",
    "jena_release_state_label",
    "jena_release_task_count",
    "jena_user_display_name",
]


def jena_release_info(package_id: str) -> dict[str, Any] | None:
    """``jena_release_show`` for the current user, or None if there is nothing they may know."""
    cache: dict[str, Any] = tk.g.setdefault("jena_release_info", {})
    if package_id not in cache:
        try:
            cache[package_id] = tk.get_action("jena_release_show")(action_context(), {"id": package_id})
        except (tk.ObjectNotFound, tk.NotAuthorized):
            cache[package_id] = None
    return cache[package_id]


def jena_release_can_manage(package_id: str) -> bool:
    """May the current user open the release page (the department and the reviewers)?"""
    info = jena_release_info(package_id)
    return info is not None and "allowed_actions" in info


# The states in which the department still has to act before anything goes to review.
AUTHOR_STATES = frozenset(
    {states.DRAFT, states.CHANGES_REQUESTED, states.REVISION_DRAFT, states.REVISION_CHANGES_REQUESTED}
)


def jena_release_next_step(package_id: str) -> dict[str, Any] | None:
    """For the department on the dataset page of a draft (or an unsubmitted change): what is
    missing (failed gates) and whether it can be submitted; None for everybody else."""
    if not jena_release_can_manage(package_id):
        return None
    info = jena_release_info(package_id) or {}
    if info.get("state") not in AUTHOR_STATES:
        return None
    try:
        full = tk.get_action("jena_release_show")(action_context(), {"id": package_id, "include_gates": True})
    except (tk.ObjectNotFound, tk.NotAuthorized):
        return None
    failed = [gate for gate in full.get("gates") or [] if not gate.get("passed", not gate.get("failures"))]
    return {
        "state": full["state"],
        "state_label": full["state_label"],
        "revision": full["state"] in states.REVISION_STATES,
        "failed": failed,
        "ethics_failed": any(gate["name"] == "ethics" for gate in failed),
        "can_submit": states.SUBMIT in (full.get("allowed_actions") or []),
    }


def jena_release_task_count() -> int | None:
    """The number behind "Aufgaben" in the header; None for visitors and for users without
    any part in the workflow (who get no such entry)."""
    if "jena_release_task_count" not in tk.g:
        user = tk.current_user
        count = None
        if not user.is_anonymous and isinstance(user, model.User):
            count = info.task_count(user)
        tk.g.jena_release_task_count = count
    return tk.g.jena_release_task_count


def jena_release_state_label(state: str) -> str:
    return states.state_label(state)


def jena_release_date(value: str | None, with_hours: bool = False) -> str:
    """An ISO date-time of the workflow in the reader's language and the portal's timezone,
    e.g. "22. November 2026, 09:30" (CKAN's own helper writes "November 22, 2026" in German too)."""
    if not value:
        return ""
    try:
        moment = datetime.datetime.fromisoformat(value)
    except ValueError:
        return ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.UTC)
    text = format_date(moment, "long")
    return f"{text}, {format_time(moment, 'short')}" if with_hours else text


def jena_user_display_name(name: str | None) -> str:
    """The full name of a user ("Monika Berger"), the user name only when none is set."""
    if not name:
        return ""
    user = model.User.get(name)
    return (user.fullname or user.name) if user is not None else name


def _staff_of(package: model.Package | None, user: Any) -> bool:
    if user is None or user.is_anonymous:
        return False
    if user.sysadmin:
        return True
    if package is None or not package.owner_org:
        return False
    return bool(
        model.Session.query(model.Member.id)
        .filter(
            model.Member.group_id == package.owner_org,
            model.Member.table_name == "user",
            model.Member.table_id == user.id,
            model.Member.state == "active",
        )
        .first()
    )


def jena_activity_actor(activity: dict[str, Any]) -> dict[str, Any]:
    """Who an activity is shown to come from: the person for the department's own people and
    sysadmins; the department for everybody else (the public learns which office published,
    not which employee)."""
    data = activity.get("data") or {}
    package_data = data.get("package") if isinstance(data.get("package"), dict) else None
    package_id = (package_data or {}).get("id") or data.get("package_id") or activity.get("object_id") or ""
    package = model.Package.get(package_id) if package_id else None
    if _staff_of(package, tk.current_user):
        return {"person": True}
    organization = model.Group.get(package.owner_org) if package is not None and package.owner_org else None
    if organization is None and activity.get("object_id"):
        organization = model.Group.get(activity["object_id"])  # an activity of the department itself
    label = organization.title if organization is not None else tk.h.jena_city_name()
    return {"person": False, "label": label}


def jena_activity_type_label(activity_type: str) -> str:
    """An activity type for the filter of an activity stream, in the page's language."""
    labels = {
        "new package": tk._("Datensatz angelegt"),
        "changed package": tk._("Datensatz geändert"),
        "deleted package": tk._("Datensatz gelöscht"),
        "follow dataset": tk._("Datensatz gefolgt"),
        "new resource view": tk._("Ansicht angelegt"),
        "changed resource view": tk._("Ansicht geändert"),
        "deleted resource view": tk._("Ansicht gelöscht"),
    }
    return labels.get(activity_type) or activity_type.capitalize()
