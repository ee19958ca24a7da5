"""Actions of data management (issue 16): the MQA quality score of a dataset.

Visibility is decided by ``package_show`` alone: the score is computed on the version the
caller may see (the approved version for the public), and an unreleased dataset answers an
outsider exactly like a missing one.
"""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan.types import Context, DataDict

from ckanext.jena.quality import assessment, labels
from ckanext.jena.quality.mqa import Score

__all__ = [
    "jena_digest_subscription_show",
    "jena_digest_subscription_update",
    "jena_freshness_confirm",
    "jena_quality_report",
    "jena_quality_show",
    "quality_dict",
    "report_organization",
]


def quality_dict(pkg: dict[str, Any], score: Score) -> dict[str, Any]:
    """The score as the API and the templates see it (labels in the request language)."""
    data = score.as_dict()
    data["id"] = pkg.get("id")
    data["name"] = pkg.get("name")
    data["band_label"] = labels.band_label(score.band)
    for item in data["indicators"]:
        item["label"] = labels.indicator_label(item["metric"])
    data["improvements"] = [
        {
            "metric": result.indicator.key,
            "label": labels.indicator_label(result.indicator.key),
            "points": result.missing_points,
            "field": result.indicator.form_field,
            "resource_id": result.resource_id if result.indicator.scope == "distribution" else None,
            "unknown": result.met is None,
        }
        for result in score.improvements()
    ]
    return data


@tk.side_effect_free
def jena_quality_show(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """The MQA metadata-quality score of a dataset (data.europa.eu methodology).

    :param id: id or name of the dataset
    :returns: ``score``, ``max_score`` (405), ``band`` (excellent/good/sufficient/bad),
        ``dimensions`` (points per dimension), ``indicators`` (each with ``met``: true, false,
        or null when not measurable yet) and ``improvements`` (what raises the score most)
    """
    identifier = data_dict.get("id")
    if not isinstance(identifier, str) or not identifier.strip():
        raise tk.ValidationError({"id": ["Missing value"]})
    tk.check_access("jena_quality_show", context, data_dict)
    pkg = tk.get_action("package_show")(
        {key: context[key] for key in ("user", "auth_user_obj") if key in context}, {"id": identifier}
    )
    return quality_dict(pkg, assessment.assess(pkg))


def jena_freshness_confirm(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """The department confirms "Daten geprüft, unverändert aktuell": a data change for the
    freshness check, without a metadata change (no review, ``metadata_modified`` unchanged).

    :param id: id or name of the dataset
    :returns: the dataset's freshness (``state``, ``last_change``, ``due_at``, ``overdue_days``)
    """
    from ckan import model

    from ckanext.jena.logic.lookup import managed_package_or_404, signed_in_actor
    from ckanext.jena.quality import cockpit_state, confirmations
    from ckanext.jena.quality.freshness_index import of_dataset
    from ckanext.jena.release import clock, visibility

    identifier = data_dict.get("id")
    if not isinstance(identifier, str) or not identifier.strip():
        raise tk.ValidationError({"id": ["Missing value"]})
    package = managed_package_or_404({"id": identifier})
    if not visibility.may_read(context, package.id):
        raise tk.ObjectNotFound(tk._("Datensatz nicht gefunden."))  # unreleased: as if missing
    tk.check_access("jena_freshness_confirm", context, {"id": package.id})
    actor = signed_in_actor(context)
    confirmations.confirm(package.id, actor.id, clock.now())
    model.Session.commit()
    visibility.reindex(package.id)
    cockpit_state.refresh([package.id])
    pkg = tk.get_action("package_show")({"ignore_auth": True}, {"id": package.id})
    return of_dataset(pkg).as_dict()


def report_organization(data_dict: DataDict) -> Any:
    """The department named by ``organization`` (id or name); None when absent (all departments)."""
    from ckan import model

    reference = data_dict.get("organization")
    if reference is None or reference == "":
        return None
    if not isinstance(reference, str) or len(reference) > 100 or any(ord(char) < 32 for char in reference):
        raise tk.ValidationError({"organization": ["Must be the id or name of an organization"]})
    organization = model.Group.get(reference.strip())
    if organization is None or not organization.is_organization or organization.state != "active":
        raise tk.ObjectNotFound("Organization not found")
    return organization


MAX_REPORT_LIMIT = 1000


def _whole_number(value: Any, lowest: int, highest: int | None) -> int | None:
    if isinstance(value, bool):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if number >= lowest and (highest is None or number <= highest) else None


def _report_paging(data_dict: DataDict) -> dict[str, Any]:
    """The paging parameters of ``jena_quality_report`` (``datasets`` … ``list_limit``), checked."""
    from ckanext.jena.quality import report

    errors: dict[str, list[str]] = {}
    paging: dict[str, Any] = {"datasets": True, "summary": True, "work_list": None, "limit": None, "offset": 0}
    for key in ("datasets", "summary"):
        wanted = data_dict.get(key, True)
        if isinstance(wanted, str) and wanted.lower() in ("true", "false"):
            wanted = wanted.lower() == "true"
        if isinstance(wanted, bool):
            paging[key] = wanted
        else:
            errors[key] = ["Must be true or false"]
    work_list = data_dict.get("list")
    if work_list not in (None, ""):
        if work_list in report.LISTS:
            paging["work_list"] = work_list
        else:
            errors["list"] = [f"Must be one of: {', '.join(report.LISTS)}"]
    for key, lowest, highest in (("limit", 1, MAX_REPORT_LIMIT), ("offset", 0, None), ("list_limit", 1, 100)):
        value = data_dict.get(key)
        if value in (None, ""):
            continue
        number = _whole_number(value, lowest, highest)
        if number is None:
            errors[key] = [f"Must be a whole number from {lowest}" + (f" to {highest}" if highest else "")]
        else:
            paging[key] = number
    lists = data_dict.get("lists")
    if isinstance(lists, str) and lists.lower() in ("true", "false"):
        lists = lists.lower() == "true"
    if lists is True:
        paging["lists"] = {}
    elif isinstance(lists, dict) and set(lists) <= set(report.LISTS):
        offsets = {kind: _whole_number(value, 0, None) for kind, value in lists.items()}
        if None in offsets.values():
            errors["lists"] = ["Offsets must be whole numbers from 0"]
        paging["lists"] = offsets
    elif lists not in (None, "", False):
        errors["lists"] = [f"Must be true or an object of offsets per list ({', '.join(report.LISTS)})"]
    if errors:
        raise tk.ValidationError(errors)
    return paging


@tk.side_effect_free
def jena_quality_report(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """The data-management report of one department or of all the caller may see.

    :param organization: id or name of a department (optional; default: all departments the
        caller may see: every one for the central data team, else those where the caller is
        admin or editor)
    :param datasets: include the dataset rows (default true)
    :param summary: include ``counts`` and ``usage`` (default true)
    :param list: only the rows of one work list, in its order: ``overdue``, ``broken``,
        ``reviews``, ``ethics``, ``embargo`` or ``responsibility`` (default: all rows, by urgency)
    :param limit: at most this many rows (1 to 1000; default: all)
    :param offset: skip this many rows first (default 0)
    :param lists: true, or an object of offsets per work list (``{"overdue": 25}``): adds ``lists``,
        per work list its ``total`` and ``list_limit`` rows (``datasets``) from its offset
    :param list_limit: rows per work list (1 to 100; default 25)
    :returns: ``organizations``, ``counts`` (per MQA band, freshness state, responsibility and
        release state; broken links, reviews waiting too long, outdated ethics checklists, embargoes
        due), ``usage`` per department, ``datasets`` (sorted by urgency), each with ``quality``,
        ``freshness``, ``broken_links``, ``responsibility`` and ``release``, and ``total`` (rows in all)
    """
    from ckanext.jena.quality import report
    from ckanext.jena.release import clock, roles

    organization = report_organization(data_dict)
    paging = _report_paging(data_dict)
    tk.check_access("jena_quality_report", context, data_dict)
    scope = report.viewer_scope(roles.user_from_context(context), organization)
    if scope is None:  # the auth function said yes: only a race (membership just removed) ends here
        raise tk.NotAuthorized("Not allowed to see the data-management report")
    return report.build(scope, clock.now(), **paging)


def _digest_user(context: Context, data_dict: DataDict, auth: str) -> Any:
    """The user asked for, after the auth check (so an outsider cannot probe which accounts exist)."""
    from ckan import model

    reference = data_dict.get("id")
    user = model.User.get(reference) if isinstance(reference, str) and reference and len(reference) <= 200 else None
    tk.check_access(auth, context, {"id": user.id if user is not None else ""})
    if user is None or user.state == "deleted":
        raise tk.ObjectNotFound("User not found")
    return user


def _digest_state(user: Any) -> dict[str, Any]:
    from ckanext.jena.quality import digest

    return {"id": user.id, "name": user.name, "subscribed": digest.is_subscribed(user.id)}


@tk.side_effect_free
def jena_digest_subscription_show(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Does the user get the weekly data-management e-mail?

    :param id: id or name of the user (the caller themself; sysadmins any)
    :returns: ``id``, ``name``, ``subscribed``
    """
    user = _digest_user(context, data_dict, "jena_digest_subscription_show")
    return _digest_state(user)


def jena_digest_subscription_update(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Turn the weekly data-management e-mail on or off ("Wöchentliche Übersicht per E-Mail").

    :param id: id or name of the user (the caller themself; sysadmins any)
    :param subscribed: true or false
    :returns: ``id``, ``name``, ``subscribed``
    """
    from ckanext.jena.quality import digest

    user = _digest_user(context, data_dict, "jena_digest_subscription_update")
    wanted = data_dict.get("subscribed")
    if isinstance(wanted, str) and wanted.lower() in ("true", "false"):
        wanted = wanted.lower() == "true"
    if not isinstance(wanted, bool):
        raise tk.ValidationError({"subscribed": [tk._("Bitte geben Sie true oder false an.")]})
    digest.subscribe(user.id, wanted)
    return _digest_state(user)
