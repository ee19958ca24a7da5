"""Read models of the release workflow: one dataset's release (full or public) and the queue."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from ckan import authz, model

from ckanext.jena import config
from ckanext.jena.model import JenaRelease, JenaReleaseEvent
from ckanext.jena.release import clock, diff, revisions, roles, rounds, states, store, visibility, workflow


def _names(*user_ids: str | None) -> dict[str, str]:
    ids = {user_id for user_id in user_ids if user_id}
    if not ids:
        return {}
    return {user.id: user.name for user in model.Session.query(model.User).filter(model.User.id.in_(ids))}


def public_dict(package: model.Package, release: JenaRelease | None) -> dict[str, Any] | None:
    """What everybody may know: "veröffentlicht am" and "zuletzt geprüft am" of a released
    dataset; the date of withdrawal of a withdrawn one. None for anything else."""
    state = release.state if release else None
    base = {"package_id": package.id, "name": package.name}
    if states.is_public(state) and package.state == "active":
        assert release is not None
        return {
            **base,
            "state": states.PUBLISHED,
            "state_label": states.state_label(states.PUBLISHED),
            "published_at": clock.isoformat(release.published_at),
            "last_reviewed_at": clock.isoformat(release.last_reviewed_at),
        }
    if state == states.WITHDRAWN and package.state == "active":
        assert release is not None
        return {
            **base,
            "state": states.WITHDRAWN,
            "state_label": states.state_label(states.WITHDRAWN),
            "withdrawn_at": clock.isoformat(release.withdrawn_at),
        }
    return None


def _permitted_actions(package: model.Package, user: model.User | None) -> tuple[list[str], dict[str, str]]:
    """Actions ``user`` may take now, and why approving is blocked (four-eyes) if it is."""
    if user is None:
        return [], {}
    context: Any = {"user": user.name, "auth_user_obj": user}
    release = store.get(package.id)
    state = release.state if release else states.DRAFT
    allowed, blocked = [], {}
    for action in states.allowed_actions(state):
        result = authz.is_authorized(f"jena_release_{action}", dict(context), {"id": package.id})
        if result.get("success"):
            allowed.append(action)
        elif action == states.APPROVE and release is not None and roles.is_reviewer(user, package.owner_org):
            blocked[action] = str(result.get("msg") or "")
    return allowed, blocked


def full_dict(
    package: model.Package, user: model.User | None, *, gate_results: list[Any] | None = None
) -> dict[str, Any]:
    release = store.get(package.id)
    state = release.state if release else states.DRAFT
    names = (
        _names(*(getattr(release, attr) for attr in ("submitted_by", "last_editor", "approved_by"))) if release else {}
    )
    allowed, blocked = _permitted_actions(package, user)
    submit_blockers: list[dict[str, Any]] = []
    if states.SUBMIT in allowed:
        submit_blockers = [result.as_dict() for result in workflow.submit_blockers(package, release, user)]
        if submit_blockers:
            allowed.remove(states.SUBMIT)
    result: dict[str, Any] = {
        "package_id": package.id,
        "name": package.name,
        "title": package.title,
        "type": package.type,
        "organization_id": package.owner_org,
        "state": state,
        "state_label": states.state_label(state),
        "public": visibility.is_public(package),
        "allowed_actions": allowed,
        "blocked_actions": blocked,
        "submit_blockers": submit_blockers,
        "can_override": bool(blocked) and roles.is_sysadmin(user),
        "revision": None,
    }
    for attr in ("release_at", "submitted_at", "last_edited_at", "published_at", "last_reviewed_at", "withdrawn_at"):
        result[attr] = clock.isoformat(getattr(release, attr)) if release else None
    for attr in ("submitted_by", "last_editor", "approved_by"):
        user_id = getattr(release, attr) if release else None
        result[attr] = names.get(user_id) if user_id else None
    result["withdraw_reason"] = release.withdraw_reason if release else None
    if release is not None and state in states.REVISION_STATES and release.revision_data is not None:
        result["revision"] = {"diff": diff.compare(revisions.approved_version(package), release.revision_data)}
    result["since_request"] = rounds.since_request(package, release)
    if gate_results is not None:
        result["gates"] = [gate.as_dict() for gate in gate_results]
    return result


def _scope(user: model.User) -> tuple[bool, set[str], set[str]]:
    """(sees every department, departments where a member, departments where a reviewer)."""
    everything = roles.is_sysadmin(user) or roles.is_central_team(user)
    rows = model.Session.execute(
        sa.select(model.Member.group_id, model.Member.capacity)
        .join(model.Group, model.Group.id == model.Member.group_id)
        .where(
            model.Member.table_name == "user",
            model.Member.table_id == user.id,
            model.Member.state == "active",
            model.Group.is_organization.is_(True),
            model.Group.state == "active",
        )
    )
    member, admin = set(), set()
    for group_id, capacity in rows:
        member.add(group_id)
        if capacity == "admin":
            admin.add(group_id)
    return everything, member, admin


def task_count(user: model.User) -> int | None:
    """How many datasets wait for ``user`` (to review, or drafts and returned ones to finish);
    None when the user has no part in the workflow (no department, not a reviewer)."""
    everything, member, _admin = _scope(user)
    if not everything and not member:
        return None
    return sum(
        queue(user, state=None, task=task, organization_id=None, limit=0, offset=0)["count"]
        for task in ("review", "author")
    )


def news(user: model.User, limit: int = 20) -> list[JenaReleaseEvent]:
    """What others (people or the scheduler) did lately to the datasets of ``user``'s departments:
    the in-portal notifications, so the workflow works without any mail."""
    _everything, member, _admin = _scope(user)
    return store.recent_events(member, not_by=user.id, limit=limit)


def queue(
    user: model.User, *, state: str | None, task: str | None, organization_id: str | None, limit: int, offset: int
) -> dict[str, Any]:
    """The datasets under the workflow that ``user`` deals with, with counts per state.

    ``task="review"``: awaiting review by this user (four-eyes conflicts are left out);
    ``task="author"``: drafts and returned datasets of the user's departments.
    """
    everything, member, admin = _scope(user)
    query = (
        model.Session.query(JenaRelease, model.Package)
        .join(model.Package, model.Package.id == JenaRelease.package_id)
        .filter(model.Package.state != "deleted", model.Package.type.in_(config.release_dataset_types()))
    )
    if not everything:
        query = query.filter(model.Package.owner_org.in_(member or {""}))
    elif not roles.is_sysadmin(user):
        # The central data team sees every department's datasets once they left the drafts.
        query = query.filter(sa.or_(JenaRelease.state != states.DRAFT, model.Package.owner_org.in_(member or {""})))
    if organization_id:
        query = query.filter(model.Package.owner_org == organization_id)
    counts = {key: 0 for key in states.ALL_STATES}
    for key, number in query.with_entities(JenaRelease.state, sa.func.count()).group_by(JenaRelease.state):
        counts[key] = number
    if state:
        query = query.filter(JenaRelease.state == state)
    if task == "review":
        reviewable = everything or bool(admin)
        query = query.filter(JenaRelease.state.in_(states.AWAITING_REVIEW))
        if not everything:
            query = query.filter(model.Package.owner_org.in_(admin or {""}))
        if not reviewable:
            query = query.filter(sa.false())
        query = query.filter(
            sa.or_(JenaRelease.submitted_by.is_(None), JenaRelease.submitted_by != user.id),
            sa.or_(JenaRelease.last_editor.is_(None), JenaRelease.last_editor != user.id),
            sa.not_(JenaRelease.contributors.has_key(user.id)),
        )
    elif task == "author":
        query = query.filter(
            JenaRelease.state.in_(
                (states.DRAFT, states.CHANGES_REQUESTED, states.REVISION_DRAFT, states.REVISION_CHANGES_REQUESTED)
            )
        )
    total = query.count()
    rows = (
        query.order_by(
            sa.func.coalesce(JenaRelease.submitted_at, JenaRelease.last_edited_at).desc().nullslast(),
            model.Package.name,
        )
        .offset(offset)
        .limit(limit)
        .all()
    )
    names = _names(*(release.submitted_by for release, _ in rows), *(release.last_editor for release, _ in rows))
    organizations = {
        group.id: group
        for group in model.Session.query(model.Group).filter(
            model.Group.id.in_({package.owner_org for _, package in rows if package.owner_org})
        )
    }
    results = []
    for release, package in rows:
        organization = organizations.get(package.owner_org or "")
        results.append(
            {
                "package_id": package.id,
                "name": package.name,
                "title": package.title,
                "type": package.type,
                "organization": {"id": organization.id, "name": organization.name, "title": organization.title}
                if organization
                else None,
                "state": release.state,
                "state_label": states.state_label(release.state),
                "release_at": clock.isoformat(release.release_at),
                "submitted_by": names.get(release.submitted_by or ""),
                "submitted_at": clock.isoformat(release.submitted_at),
                "last_editor": names.get(release.last_editor or ""),
                "last_edited_at": clock.isoformat(release.last_edited_at),
            }
        )
    return {"counts": counts, "count": total, "results": results}
