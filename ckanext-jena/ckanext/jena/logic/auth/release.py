"""Auth functions of the release workflow (same names as the actions)."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan import authz, model
from ckan.types import AuthResult, Context, DataDict

from ckanext.jena.logic.lookup import managed_package
from ckanext.jena.release import roles, states, store

__all__ = [
    "jena_release_approve",
    "jena_release_audit_list",
    "jena_release_queue",
    "jena_release_request_changes",
    "jena_release_show",
    "jena_release_submit",
    "jena_release_withdraw",
]


def _denied(message: str) -> AuthResult:
    return {"success": False, "msg": message}


def _not_found() -> AuthResult:
    return _denied(tk._("Datensatz nicht gefunden."))


def _reviewer_only(context: Context, data_dict: DataDict) -> AuthResult:
    package = managed_package(data_dict)
    if package is None:
        return _not_found()
    if roles.is_reviewer(roles.user_from_context(context), package.owner_org):
        return {"success": True}
    return _denied(tk._("Nur Datenmanager:innen des Fachbereichs und das zentrale Datenteam dürfen prüfen."))


@tk.auth_allow_anonymous_access
def jena_release_show(context: Context, data_dict: DataDict) -> AuthResult:
    """Whoever may read the dataset; everybody for the public facts of a released or withdrawn one."""
    package = managed_package(data_dict)
    if package is None:
        return _not_found()
    if authz.is_authorized("package_show", dict(context), {"id": package.id}).get("success"):  # type: ignore[arg-type]
        return {"success": True}
    state = store.state_of(package.id)
    if package.state == "active" and (states.is_public(state) or state == states.WITHDRAWN):
        return {"success": True}
    return _not_found()


def jena_release_submit(context: Context, data_dict: DataDict) -> AuthResult:
    """Everybody who may edit the dataset (its department's editors) submits it."""
    package = managed_package(data_dict)
    if package is None:
        return _not_found()
    if roles.can_edit(roles.user_from_context(context), package.id):
        return {"success": True}
    return _denied(tk._("Nur Redakteur:innen des Fachbereichs dürfen den Datensatz zur Prüfung einreichen."))


@tk.auth_sysadmins_check
def jena_release_approve(context: Context, data_dict: DataDict) -> AuthResult:
    """Reviewers, but never the submitter or the last editor (four-eyes) — sysadmins
    included; a sysadmin may override with a reason, which is logged."""
    user = roles.user_from_context(context)
    package = managed_package(data_dict)
    if package is None:
        return _not_found()
    if not roles.is_reviewer(user, package.owner_org):
        return _denied(tk._("Nur Datenmanager:innen des Fachbereichs und das zentrale Datenteam dürfen freigeben."))
    release = store.get(package.id)
    if release is None or release.state not in states.AWAITING_REVIEW:
        return {"success": True}  # nothing to approve: the action names the state and what is allowed
    conflict = roles.four_eyes_conflict(user, release)
    if conflict is None:
        return {"success": True}
    if data_dict.get("override_reason"):
        if roles.is_sysadmin(user):
            return {"success": True}
        return _denied(tk._("Nur Systemadministrator:innen dürfen das Vier-Augen-Prinzip (mit Begründung) übergehen."))
    if roles.is_sysadmin(user):
        conflict += " " + tk._("Als Systemadministrator:in können Sie mit Begründung übersteuern.")
    return _denied(conflict)


def jena_release_request_changes(context: Context, data_dict: DataDict) -> AuthResult:
    return _reviewer_only(context, data_dict)


def jena_release_withdraw(context: Context, data_dict: DataDict) -> AuthResult:
    return _reviewer_only(context, data_dict)


def jena_release_queue(context: Context, data_dict: DataDict) -> AuthResult:
    """Every signed-in user has a task list (an empty one if they belong to no department)."""
    if roles.user_from_context(context) is None:
        return _denied(tk._("Bitte melden Sie sich an, um Ihre Aufgaben zu sehen."))
    return {"success": True}


def jena_release_audit_list(context: Context, data_dict: DataDict) -> AuthResult:
    """The audit trail is for the department and the reviewers, never for the public."""
    user = roles.user_from_context(context)
    organization_id: Any = None
    if data_dict.get("id"):
        package = managed_package(data_dict)
        if package is None:
            return _not_found()
        organization_id = package.owner_org
    elif data_dict.get("organization"):
        organization = model.Group.get(data_dict["organization"])
        if organization is None or not organization.is_organization:
            return _denied(tk._("Fachbereich nicht gefunden."))
        organization_id = organization.id
    else:
        return _denied(tk._("Bitte geben Sie einen Datensatz (id) oder einen Fachbereich (organization) an."))
    if roles.can_see_audit(user, organization_id):
        return {"success": True}
    return _denied(tk._("Der Prüfverlauf ist nur für den Fachbereich und die Datenmanager:innen sichtbar."))
