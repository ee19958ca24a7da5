"""The overview for data managers: datasets whose checklist is missing, failing or outdated."""

from __future__ import annotations

from typing import Any

from ckan import model

from ckanext.jena.ethics import store
from ckanext.jena.release import roles, visibility
from ckanext.jena.release import store as release_store


def _organizations(user: model.User, organization_id: str | None) -> list[str] | None:
    """Departments the user reviews (None: all of them)."""
    if roles.is_sysadmin(user) or roles.is_central_team(user):
        return [organization_id] if organization_id else None
    query = model.Session.query(model.Member.group_id).filter(
        model.Member.table_name == "user",
        model.Member.table_id == user.id,
        model.Member.state == "active",
        model.Member.capacity == "admin",
    )
    reviewed = [group_id for (group_id,) in query]
    if organization_id:
        return [organization_id] if organization_id in reviewed else []
    return reviewed


def entries(user: model.User, organization_id: str | None) -> list[dict[str, Any]]:
    organizations = _organizations(user, organization_id)
    query = model.Session.query(model.Package).filter(model.Package.state.in_(["active", "draft"]))
    if organizations is not None:
        if not organizations:
            return []
        query = query.filter(model.Package.owner_org.in_(organizations))
    packages = [package for package in query.order_by(model.Package.name) if visibility.is_managed(package)]
    release_states = release_store.states_of(package.id for package in packages)
    result = []
    for package in packages:
        assessment = store.assess(package.id, None)
        if assessment.passed:
            continue
        result.append(
            {
                "id": package.id,
                "name": package.name,
                "title": package.title,
                "organization_id": package.owner_org,
                "release_state": release_states.get(package.id),
                "status": assessment.status,
                "problems": [{"code": problem.code, "message": problem.message} for problem in assessment.problems],
                "url": f"/dataset/{package.name}/ethik",
            }
        )
    return result
