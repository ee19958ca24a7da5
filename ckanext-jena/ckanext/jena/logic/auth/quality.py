"""Auth of the data-management actions: who may see a dataset may see its score; the
action asks ``package_show`` (so an unreleased dataset stays indistinguishable from a missing one)."""

from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan.types import AuthResult, Context, DataDict

__all__ = [
    "jena_digest_subscription_show",
    "jena_digest_subscription_update",
    "jena_freshness_confirm",
    "jena_quality_report",
    "jena_quality_show",
]


@tk.auth_allow_anonymous_access
def jena_quality_show(context: Context, data_dict: DataDict) -> AuthResult:
    return {"success": True}


def editors_of_the_dataset(context: Context, data_dict: DataDict, refusal: str) -> AuthResult:
    """Whoever may edit the dataset ``data_dict["id"]`` (its department); others get ``refusal``."""
    from ckanext.jena.release import roles

    package_id = data_dict.get("id")
    if isinstance(package_id, str) and roles.can_edit(roles.user_from_context(context), package_id):
        return {"success": True}
    return {"success": False, "msg": refusal}


def jena_freshness_confirm(context: Context, data_dict: DataDict) -> AuthResult:
    """The dataset's department (whoever may edit it) confirms its data as current."""
    return editors_of_the_dataset(
        context, data_dict, tk._("Nur der zuständige Fachbereich kann die Daten als aktuell bestätigen.")
    )


def jena_quality_report(context: Context, data_dict: DataDict) -> AuthResult:
    """The central data team (sysadmins and ``ckanext.jena.release.central_team``) sees every
    department, a department's admins and editors their own; nobody else."""
    from ckan import model

    from ckanext.jena.quality import report
    from ckanext.jena.release import roles

    reference = data_dict.get("organization")
    organization = model.Group.get(reference) if isinstance(reference, str) and reference else None
    if report.viewer_scope(roles.user_from_context(context), organization) is None:
        return {
            "success": False,
            "msg": tk._("Der Bericht ist nur für das zentrale Datenteam und den Fachbereich sichtbar."),
        }
    return {"success": True}


def _self_or_sysadmin(context: Context, data_dict: DataDict) -> AuthResult:
    from ckanext.jena.release import roles

    user = roles.user_from_context(context)
    if user is not None and (roles.is_sysadmin(user) or (user.state == "active" and user.id == data_dict.get("id"))):
        return {"success": True}
    return {"success": False, "msg": tk._("Nur die Person selbst kann ihre E-Mail-Einstellungen ändern.")}


def jena_digest_subscription_show(context: Context, data_dict: DataDict) -> AuthResult:
    return _self_or_sysadmin(context, data_dict)


def jena_digest_subscription_update(context: Context, data_dict: DataDict) -> AuthResult:
    return _self_or_sysadmin(context, data_dict)
