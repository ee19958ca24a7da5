"""The responsible person of a dataset (issue 16, part 4): an account of the department (editor
or admin) that answers internally for the dataset, next to the public contact point.

Stored in ``jena_responsible_person``, never in the package: the public ``package_show``, the
search index, DCAT and the activity stream (which snapshots the package as stored) cannot carry
it. ``package_show`` adds it (as ``responsible_person``, the user name) only for callers who may
edit the dataset (``logic/action/dataset.py``). Changing it is no public change: it is written at
once, also for a published dataset (no review).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.lib.navl.dictization_functions import StopOnError, missing
from ckan.types import Context, FlattenDataDict, FlattenErrorDict, FlattenKey

from ckanext.jena.model import JenaResponsiblePerson

__all__ = [
    "FIELD",
    "assign",
    "editing_members",
    "jena_responsible_person",
    "of_packages",
    "resolve",
    "state_of",
    "user_of",
]

FIELD = "responsible_person"
EDITING_ROLES = ("admin", "editor")
# What the cockpit says about a dataset's responsible person (``state_of``).
STATES = ("ok", "missing", "deactivated", "not_member")


def resolve(value: Any) -> model.User | None:
    """The account named by ``value`` (user name or id), or None."""
    if not isinstance(value, str) or not value.strip() or len(value) > 200:
        return None
    return model.User.get(value.strip())


def is_editing_member(user_id: str, organization_id: str) -> bool:
    """Is the account an active editor or admin of the department (membership only, not the account state)?"""
    return (
        model.Session.query(model.Member.id)
        .filter(
            model.Member.group_id == organization_id,
            model.Member.table_name == "user",
            model.Member.table_id == user_id,
            model.Member.state == "active",
            model.Member.capacity.in_(EDITING_ROLES),
        )
        .first()
        is not None
    )


def editing_members(organization_ids: Iterable[str]) -> dict[str, list[model.User]]:
    """The active editors and admins per department (one query), sorted by display name."""
    ids = list(organization_ids)
    found: dict[str, list[model.User]] = {org_id: [] for org_id in ids}
    rows = (
        model.Session.query(model.Member.group_id, model.User)
        .join(model.User, model.User.id == model.Member.table_id)
        .filter(
            model.Member.group_id.in_(ids or [""]),
            model.Member.table_name == "user",
            model.Member.state == "active",
            model.Member.capacity.in_(EDITING_ROLES),
            model.User.state == "active",
        )
    )
    for group_id, user in rows:
        found[group_id].append(user)
    for users in found.values():
        users.sort(key=lambda user: ((user.fullname or user.name).casefold(), user.name))
    return found


def user_of(package_id: str) -> model.User | None:
    row = model.Session.get(JenaResponsiblePerson, package_id)
    return model.Session.get(model.User, row.user_id) if row is not None else None


def of_packages(package_ids: list[str]) -> dict[str, model.User]:
    """package id -> responsible account, for many datasets at once."""
    if not package_ids:
        return {}
    rows = (
        model.Session.query(JenaResponsiblePerson.package_id, model.User)
        .join(model.User, model.User.id == JenaResponsiblePerson.user_id)
        .filter(JenaResponsiblePerson.package_id.in_(package_ids))
    )
    return dict(rows)


def assign(package_id: str, user: model.User, commit: bool = True) -> None:
    """Make ``user`` responsible for the dataset (commits unless the caller commits itself, as a
    bulk load with ``defer_commit`` does: a rejected dataset then rolls back the whole batch)."""
    row = model.Session.get(JenaResponsiblePerson, package_id)
    if row is not None and row.user_id == user.id:
        return
    if row is None:
        row = JenaResponsiblePerson(package_id=package_id, user_id=user.id, updated_at=dt.datetime.now(dt.UTC))
        model.Session.add(row)
    else:
        row.user_id = user.id
        row.updated_at = dt.datetime.now(dt.UTC)
    if commit:
        model.Session.commit()


def state_of(user: model.User | None, organization_id: str | None, members: set[tuple[str, str]]) -> str:
    """``ok``, ``missing``, ``deactivated`` or ``not_member`` (``members``: (department id, user id)
    of the active editing memberships)."""
    if user is None:
        return "missing"
    if user.state != "active":
        return "deactivated"
    if (str(organization_id), user.id) not in members:
        return "not_member"
    return "ok"


def _organization_id(data: FlattenDataDict, context: Context) -> str | None:
    value = data.get(("owner_org",))
    if isinstance(value, str) and value:
        group = model.Group.get(value)
        return group.id if group is not None else None
    package = context.get("package")
    return package.owner_org if package is not None else None


def _fail(key: FlattenKey, errors: FlattenErrorDict, message: str) -> None:
    errors[key].append(message)
    raise StopOnError


def jena_responsible_person(key: FlattenKey, data: FlattenDataDict, errors: FlattenErrorDict, context: Context) -> None:
    """Validator of ``responsible_person``: an active editor or admin of the dataset's department.

    Empty or missing: unchanged (on create the action makes the creator responsible when they
    edit for the department). The unchanged value of an existing dataset is accepted even when its
    account left (the cockpit lists it). Always ends the chain, so the value never becomes a
    package extra; the action stores it (``assign``).
    """
    value = data.get(key)
    if value is missing or value is None or value == "":
        data.pop(key, None)
        raise StopOnError
    if not isinstance(value, str):
        _fail(key, errors, tk._("Bitte wählen Sie eine Person aus der Liste."))
    user = resolve(value)
    package = context.get("package")
    if user is not None and package is not None:
        current = model.Session.get(JenaResponsiblePerson, package.id)
        if current is not None and current.user_id == user.id:
            data[key] = user.name
            raise StopOnError
    organization_id = _organization_id(data, context)
    if user is None or (organization_id and not is_editing_member(user.id, organization_id)):
        _fail(
            key,
            errors,
            tk._(
                "„{name}“ ist kein:e Bearbeiter:in oder Administrator:in des Fachbereichs; "
                "bitte wählen Sie eine Person aus der Liste."
            ).format(name=str(value)[:100]),
        )
    assert user is not None
    if user.state != "active":
        _fail(
            key,
            errors,
            tk._("Das Konto „{name}“ ist deaktiviert; bitte wählen Sie eine aktive Person.").format(name=user.name),
        )
    data[key] = user.name
    raise StopOnError


def default_for_create(context: Context, organization_id: str | None) -> model.User | None:
    """The creator, when they are an active editor or admin of the department."""
    user = context.get("auth_user_obj")
    if not isinstance(user, model.User) or user.is_anonymous:
        name = context.get("user")
        user = model.User.get(name) if isinstance(name, str) and name else None
    if user is None or user.state != "active" or not organization_id:
        return None
    return user if is_editing_member(user.id, organization_id) else None


def form_options(data: dict[str, Any]) -> dict[str, Any]:
    """The choices of the dataset form: per department the active editors and admins (the
    dataset's department when it has one, else every department the signed-in user creates datasets in)."""
    current = data.get(FIELD) if isinstance(data.get(FIELD), str) else ""
    organization_id = data.get("owner_org") if data.get("id") else None
    if organization_id:
        group = model.Group.get(organization_id)
        departments = [group] if group is not None else []
    else:
        available = tk.h.organizations_available("create_dataset", include_dataset_count=False)
        departments = [g for g in (model.Group.get(org["id"]) for org in available) if g is not None]
    members = editing_members([group.id for group in departments])
    groups = []
    for group in departments:
        options = [{"value": u.name, "text": u.fullname or u.name} for u in members.get(group.id, [])]
        groups.append({"label": group.title or group.name, "options": options})
    known = {option["value"] for group in groups for option in group["options"]}
    extra = None
    if current and current not in known:
        account = resolve(current)
        if account is not None:
            extra = {"value": account.name, "text": account.fullname or account.name}
    return {"groups": groups, "selected": current, "extra": extra, "creating": not data.get("id")}
