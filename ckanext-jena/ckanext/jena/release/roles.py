"""Who may do what: department editors, data managers (organization admins), the central
data team (configured user names) and sysadmins; plus the four-eyes rule."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan import authz, model

from ckanext.jena import config
from ckanext.jena.model import JenaRelease

REVIEWER_LABEL = "jena-review"


def user_from_context(context: Any) -> model.User | None:
    user = context.get("auth_user_obj")
    if isinstance(user, model.User) and not user.is_anonymous:
        return user
    name = context.get("user")
    return model.User.get(name) if name else None


def _signed_in(user: Any) -> bool:
    """A real, active account (not None, not flask-login's anonymous user)."""
    return isinstance(user, model.User) and not user.is_anonymous and user.state == "active"


def is_sysadmin(user: model.User | None) -> bool:
    return _signed_in(user) and bool(user.sysadmin)  # type: ignore[union-attr]


def is_central_team(user: model.User | None) -> bool:
    if not _signed_in(user):
        return False
    assert user is not None
    team = set(config.release_central_team())
    return user.name in team or user.id in team


def organization_role(user: model.User | None, organization_id: str | None) -> str | None:
    """``admin``, ``editor``, ``member`` or None."""
    if not _signed_in(user) or not organization_id:
        return None
    assert user is not None
    return authz.users_role_for_group_or_org(organization_id, user.name)


def is_reviewer(user: model.User | None, organization_id: str | None) -> bool:
    """Data managers of the department, the central data team and sysadmins review."""
    return is_sysadmin(user) or is_central_team(user) or organization_role(user, organization_id) == "admin"


def is_department_member(user: model.User | None, organization_id: str | None) -> bool:
    return organization_role(user, organization_id) is not None


def can_see_audit(user: model.User | None, organization_id: str | None) -> bool:
    """The audit trail is for the department and the reviewers, never for the public."""
    return is_reviewer(user, organization_id) or is_department_member(user, organization_id)


def can_edit(user: model.User | None, package_id: str) -> bool:
    if user is None:
        return False
    result = authz.is_authorized("package_update", {"user": user.name, "auth_user_obj": user}, {"id": package_id})
    return bool(result.get("success"))


def four_eyes_conflict(user: model.User | None, release: JenaRelease) -> str | None:
    """Why ``user`` may not approve, or None: nobody approves a version they submitted or
    changed (its content, its resource views or its data-ethics checklist answers)."""
    if user is None:
        return tk._("Nur angemeldete Prüfer:innen können freigeben.")
    if release.submitted_by == user.id:
        return tk._("Vier-Augen-Prinzip: Sie haben diesen Datensatz zur Prüfung eingereicht.")
    if release.last_editor == user.id:
        return tk._("Vier-Augen-Prinzip: Sie haben diesen Datensatz zuletzt bearbeitet.")
    changed = (release.contributors or {}).get(user.id) or []
    if "checklist" in changed:
        return tk._("Vier-Augen-Prinzip: Sie haben die Datenethik-Checkliste dieses Datensatzes ausgefüllt.")
    if changed:
        return tk._("Vier-Augen-Prinzip: Sie haben die zu prüfende Fassung dieses Datensatzes bearbeitet.")
    return None


def reviewers_of(organization_id: str | None) -> list[model.User]:
    """Active users who review datasets of the department (admins and the central team)."""
    users: dict[str, model.User] = {}
    if organization_id:
        query = (
            model.Session.query(model.User)
            .join(model.Member, model.Member.table_id == model.User.id)
            .filter(
                model.Member.group_id == organization_id,
                model.Member.table_name == "user",
                model.Member.state == "active",
                model.Member.capacity == "admin",
                model.User.state == "active",
            )
        )
        users.update((user.id, user) for user in query)
    for name in config.release_central_team():
        user = model.User.get(name)
        if user is not None and user.state == "active":
            users[user.id] = user
    return list(users.values())
