"""Who reads the checklist, who answers it and who signs off."""

from __future__ import annotations

from ckan import model

from ckanext.jena import config
from ckanext.jena.release import roles as release_roles

ROLE_USERS = {"data_protection": config.ethics_dpo_users, "ethics": config.ethics_ethics_users}


def _listed(user: model.User | None, names: list[str]) -> bool:
    return bool(user is not None and user.state == "active" and (user.name in names or user.id in names))


def has_role(user: model.User | None, role: str) -> bool:
    getter = ROLE_USERS.get(role)
    return getter is not None and _listed(user, getter())


def is_privacy_role(user: model.User | None) -> bool:
    return any(has_role(user, role) for role in ROLE_USERS)


def can_read(user: model.User | None, package: model.Package) -> bool:
    """The department, the reviewers and the data-protection and ethics roles."""
    return (
        release_roles.is_department_member(user, package.owner_org)
        or release_roles.is_reviewer(user, package.owner_org)
        or is_privacy_role(user)
    )


def can_answer(user: model.User | None, package: model.Package) -> bool:
    return release_roles.can_edit(user, package.id)
