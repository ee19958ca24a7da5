"""Auth functions of the data-ethics checklist (same names as the actions)."""

from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.types import AuthResult, Context, DataDict

from ckanext.jena.ethics import roles as ethics_roles
from ckanext.jena.logic.lookup import managed_package
from ckanext.jena.release import roles

__all__ = ["jena_checklist_overview", "jena_checklist_show", "jena_checklist_signoff", "jena_checklist_update"]


def _denied(message: str) -> AuthResult:
    return {"success": False, "msg": message}


def jena_checklist_show(context: Context, data_dict: DataDict) -> AuthResult:
    """Only the department, the reviewers and the data-protection and ethics roles."""
    package = managed_package(data_dict)
    if package is None:
        return _denied(tk._("Datensatz nicht gefunden."))
    if ethics_roles.can_read(roles.user_from_context(context), package):
        return {"success": True}
    return _denied(tk._("Die Datenethik-Checkliste ist nur für den Fachbereich und die Prüfenden sichtbar."))


def jena_checklist_update(context: Context, data_dict: DataDict) -> AuthResult:
    """Whoever may edit the dataset (its department) answers the checklist."""
    package = managed_package(data_dict)
    if package is None:
        return _denied(tk._("Datensatz nicht gefunden."))
    if ethics_roles.can_answer(roles.user_from_context(context), package):
        return {"success": True}
    return _denied(tk._("Nur Redakteur:innen des Fachbereichs dürfen die Checkliste ausfüllen."))


@tk.auth_sysadmins_check
def jena_checklist_signoff(context: Context, data_dict: DataDict) -> AuthResult:
    """Only users holding the role (configured; sysadmins too need it), never for answers they gave themselves."""
    package = managed_package(data_dict)
    if package is None:
        return _denied(tk._("Datensatz nicht gefunden."))
    if ethics_roles.has_role(roles.user_from_context(context), str(data_dict.get("role"))):
        return {"success": True}
    return _denied(tk._("Nur Personen mit der Rolle Datenschutz bzw. Datenethik dürfen diese Freigabe erteilen."))


def jena_checklist_overview(context: Context, data_dict: DataDict) -> AuthResult:
    """Data managers (of some department), the central data team and sysadmins."""
    user = roles.user_from_context(context)
    if user is None:
        return _denied(tk._("Bitte melden Sie sich an."))
    if roles.is_sysadmin(user) or roles.is_central_team(user):
        return {"success": True}
    is_admin = (
        model.Session.query(model.Member.id)
        .filter(
            model.Member.table_name == "user",
            model.Member.table_id == user.id,
            model.Member.state == "active",
            model.Member.capacity == "admin",
        )
        .first()
    )
    if is_admin:
        return {"success": True}
    return _denied(tk._("Die Übersicht ist nur für Datenmanager:innen."))
