"""The data-management report (issue 16, the cockpit): per department, every dataset with its
MQA band, freshness, broken links, responsibility, release state and use (30 days, released
datasets only), and the counts per category and the use per department.

Who sees what (decided by :func:`viewer_scope`):

- the central data-management team (sysadmins and the user names of
  ``ckanext.jena.release.central_team``) sees every department; drafts of a department stay
  the department's own (as in the release workflow), so the team sees them only where it is
  a member;
- a department's admins and editors see their own department(s), drafts included;
- everybody else (members without editing rights, outsiders, anonymous) sees nothing.

Every dataset is judged by CKAN's read rule for the viewer (the permission labels that
``package_show`` checks, :mod:`ckanext.jena.release.visibility`; a dataset the viewer may not
read is left out), so nothing unreleased of another department can appear.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from dataclasses import dataclass
from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.jena import config
from ckanext.jena.model import JenaRelease
from ckanext.jena.model.checklist import JenaEthicsChecklist
from ckanext.jena.release import roles, states, visibility
from ckanext.jena.usage import report as usage_report

from . import assessment, labels, responsible
from .freshness_index import of_dataset

__all__ = ["Scope", "build", "may_view", "responsibility_label", "viewer_scope"]

log = logging.getLogger(__name__)
EDITING_ROLES = frozenset({"admin", "editor"})
BANDS = ("excellent", "good", "sufficient", "bad")
FRESHNESS_STATES = ("overdue", "due_soon", "current", "none")
# The responsible person's problems first (most urgent first), then an empty contact e-mail.
RESPONSIBILITY_STATES = ("ok", "missing", "deactivated", "not_member", "no_contact")
PERSON_PROBLEMS = frozenset({"missing", "deactivated", "not_member"})


@dataclass(frozen=True)
class Scope:
    """The departments a viewer's report covers and whether the viewer is the central team."""

    user: model.User
    central: bool
    organizations: list[model.Group]


def _departments() -> list[model.Group]:
    return (
        model.Session.query(model.Group)
        .filter(model.Group.is_organization.is_(True), model.Group.state == "active")
        .order_by(model.Group.title, model.Group.name)
        .all()
    )


def viewer_scope(user: model.User | None, organization: model.Group | None) -> Scope | None:
    """The report ``user`` may see (``organization``: one department; None: all the viewer may
    see); None when the viewer may not see it."""
    if user is None or user.is_anonymous or user.state != "active":
        return None
    central = roles.is_sysadmin(user) or roles.is_central_team(user)
    if organization is not None:
        if central or roles.organization_role(user, organization.id) in EDITING_ROLES:
            return Scope(user, central, [organization])
        return None
    if central:
        return Scope(user, True, _departments())
    own = _editing_departments(user)
    return Scope(user, False, own) if own else None


def _editing_departments(user: model.User) -> list[model.Group]:
    """The active departments where ``user`` is admin or editor (one query)."""
    return (
        model.Session.query(model.Group)
        .join(model.Member, model.Member.group_id == model.Group.id)
        .filter(
            model.Group.is_organization.is_(True),
            model.Group.state == "active",
            model.Member.table_name == "user",
            model.Member.table_id == user.id,
            model.Member.state == "active",
            model.Member.capacity.in_(EDITING_ROLES),
        )
        .order_by(model.Group.title, model.Group.name)
        .all()
    )


def may_view(user: model.User | None) -> bool:
    """Does ``user`` see a report at all (the header link)?"""
    if user is None or user.is_anonymous or user.state != "active":
        return False
    return roles.is_sysadmin(user) or roles.is_central_team(user) or bool(_editing_departments(user))


def _editing_members(organization_ids: list[str]) -> set[tuple[str, str]]:
    """(department id, user id) of every active editing membership (one query; the account's own
    state is judged separately, so a deactivated account is told apart from one that left)."""
    rows = model.Session.query(model.Member.group_id, model.Member.table_id).filter(
        model.Member.group_id.in_(organization_ids or [""]),
        model.Member.table_name == "user",
        model.Member.state == "active",
        model.Member.capacity.in_(EDITING_ROLES),
    )
    return {(group_id, user_id) for group_id, user_id in rows}


def _responsibility(
    package: model.Package, pkg: dict[str, Any], person: model.User | None, members: set[tuple[str, str]]
) -> dict[str, Any]:
    """The responsible person's state (``responsible.state_of``), else ``no_contact`` when the contact
    e-mail is empty, else ``ok``; with the person (internal: the report is for the department and the team)."""
    state = responsible.state_of(person, package.owner_org, members)
    has_contact = any(str(pkg.get(key) or "").strip() for key in ("contact_point_email", "maintainer_email"))
    if state == "ok" and not has_contact:
        state = "no_contact"
    return {
        "state": state,
        "label": responsibility_label(state),
        "contact_email_missing": not has_contact,
        "person": {"name": person.name, "display_name": person.fullname or person.name} if person else None,
    }


def responsibility_label(state: str) -> str:
    return {
        "ok": tk._("geregelt"),
        "missing": tk._("keine verantwortliche Person"),
        "deactivated": tk._("Konto der verantwortlichen Person deaktiviert"),
        "not_member": tk._("verantwortliche Person nicht mehr im Fachbereich"),
        "no_contact": tk._("Kontakt-E-Mail fehlt"),
    }.get(state, state)


def _days(since: dt.datetime | None, now: dt.datetime) -> int:
    return max(0, (now - since).days) if since is not None else 0


def _aware(moment: dt.datetime | None) -> dt.datetime | None:
    if moment is None:
        return None
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment


def _quality(pkg: dict[str, Any]) -> dict[str, Any] | None:
    try:
        score = assessment.assess(pkg)
    except Exception:  # one unreadable dataset must not take the report down
        log.exception("MQA score of %s failed", pkg.get("name"))
        return None
    return {
        "score": score.points,
        "max_score": score.max_points,
        "band": score.band,
        "band_label": labels.band_label(score.band),
    }


def _resources(pkg: dict[str, Any]) -> list[dict[str, Any]]:
    return [r for r in pkg.get("resources") or [] if isinstance(r, dict) and r.get("id")]


def _broken_resources(pkgs: list[dict[str, Any]]) -> set[str]:
    """The ids of the resources whose link is "defekt", for all datasets at once (a few queries
    per 500 resources, not per dataset)."""
    from ckanext.jena.links import store

    resources = [r for pkg in pkgs for r in _resources(pkg)]
    broken_after = dt.timedelta(hours=config.links_broken_after_hours())
    broken: set[str] = set()
    for start in range(0, len(resources), 500):
        found = store.states_of(resources[start : start + 500], broken_after)
        broken.update(resource_id for resource_id, state in found.items() if state.state == "broken")
    return broken


def _row(
    package: model.Package,
    pkg: dict[str, Any],
    organization: model.Group,
    release: JenaRelease | None,
    checklist: JenaEthicsChecklist | None,
    now: dt.datetime,
    broken: set[str],
    members: set[tuple[str, str]],
    person: model.User | None,
) -> dict[str, Any]:
    from .template_helpers import jena_freshness_state_label

    fresh = of_dataset(pkg, now)
    state = release.state if release is not None else states.DRAFT
    submitted_at = _aware(release.submitted_at) if release is not None else None
    release_at = _aware(release.release_at) if release is not None else None
    waiting = state in states.AWAITING_REVIEW and submitted_at is not None
    waiting_days = _days(submitted_at, now) if waiting else 0
    ethics_updated = _aware(checklist.updated_at) if checklist is not None else None
    ethics_outdated = ethics_updated is not None and ethics_updated < now - dt.timedelta(
        days=config.ethics_max_age_days()
    )
    embargo_due = (
        state == states.APPROVED
        and release_at is not None
        and now <= release_at <= now + dt.timedelta(days=config.quality_embargo_days())
    )
    return {
        "id": package.id,
        "name": package.name,
        "title": pkg.get("title") or package.name,
        "type": package.type,
        "organization": {"id": organization.id, "name": organization.name, "title": organization.title},
        "quality": _quality(pkg),
        "freshness": {**fresh.as_dict(), "state_label": jena_freshness_state_label(fresh.state)},
        "broken_links": sum(1 for r in _resources(pkg) if r["id"] in broken),
        "responsibility": _responsibility(package, pkg, person, members),
        "release": {
            "state": state,
            "label": states.state_label(state),
            "submitted_at": submitted_at.isoformat() if submitted_at else None,
            "release_at": release_at.isoformat() if release_at else None,
        },
        "review_waiting_days": waiting_days,
        "review_overdue": waiting and waiting_days > config.quality_review_waiting_days(),
        "ethics_updated_at": ethics_updated.isoformat() if ethics_updated else None,
        "ethics_outdated": ethics_outdated,
        "embargo_due": embargo_due,
    }


def _urgency(row: dict[str, Any]) -> tuple[Any, ...]:
    fresh = row["freshness"]
    return (
        -fresh["overdue_days"] if fresh["state"] == "overdue" else 1,
        -row["broken_links"],
        -row["review_waiting_days"] if row["review_overdue"] else 1,
        0 if row["ethics_outdated"] or row["embargo_due"] else 1,
        0 if row["responsibility"]["state"] in PERSON_PROBLEMS else 1,
        row["name"],
    )


def _counts(rows: list[dict[str, Any]]) -> dict[str, Any]:
    bands = Counter(row["quality"]["band"] for row in rows if row["quality"])
    fresh = Counter(row["freshness"]["state"] for row in rows)
    responsibility = Counter(row["responsibility"]["state"] for row in rows)
    release = Counter(row["release"]["state"] for row in rows)
    return {
        "datasets": len(rows),
        "bands": {band: bands.get(band, 0) for band in BANDS},
        "freshness": {state: fresh.get(state, 0) for state in FRESHNESS_STATES},
        "broken_links": sum(row["broken_links"] for row in rows),
        "datasets_with_broken_links": sum(1 for row in rows if row["broken_links"]),
        "responsibility": {state: responsibility.get(state, 0) for state in RESPONSIBILITY_STATES},
        "without_responsible_person": sum(responsibility.get(state, 0) for state in PERSON_PROBLEMS),
        "release": {state: release.get(state, 0) for state in states.ALL_STATES},
        "reviews_waiting": sum(1 for row in rows if row["review_overdue"]),
        "ethics_outdated": sum(1 for row in rows if row["ethics_outdated"]),
        "embargo_due": sum(1 for row in rows if row["embargo_due"]),
    }


def build(scope: Scope, now: dt.datetime) -> dict[str, Any]:
    """The report for ``scope`` at ``now``: ``datasets`` (sorted by urgency) and ``counts``."""
    organizations = {org.id: org for org in scope.organizations}
    packages = (
        model.Session.query(model.Package)
        .filter(
            model.Package.state == "active",
            model.Package.owner_org.in_(list(organizations) or [""]),
            model.Package.type.in_(config.release_dataset_types()),
        )
        .order_by(model.Package.name)
        .all()
    )
    ids = [package.id for package in packages]
    releases = {
        r.package_id: r for r in model.Session.query(JenaRelease).filter(JenaRelease.package_id.in_(ids or [""]))
    }
    checklists = {
        c.package_id: c
        for c in model.Session.query(JenaEthicsChecklist).filter(JenaEthicsChecklist.package_id.in_(ids or [""]))
    }
    members = _editing_members(list(organizations))
    member_of = {
        group_id
        for (group_id,) in model.Session.query(model.Member.group_id).filter(
            model.Member.group_id.in_(list(organizations) or [""]),
            model.Member.table_name == "user",
            model.Member.table_id == scope.user.id,
            model.Member.state == "active",
        )
    }
    # CKAN's read rule (the permission labels of ``package_show``), with the viewer's labels read once.
    labels = visibility.user_labels({"user": scope.user.name, "auth_user_obj": scope.user})
    shown: list[tuple[model.Package, dict[str, Any]]] = []
    for package in packages:
        release = releases.get(package.id)
        state = release.state if release is not None else states.DRAFT
        if state == states.DRAFT and package.owner_org not in member_of:
            continue  # a department's drafts are its own
        if labels is not None and not set(labels).intersection(visibility.dataset_labels(package)):
            continue
        try:
            shown.append((package, tk.get_action("package_show")({"ignore_auth": True}, {"id": package.id})))
        except tk.ObjectNotFound:
            continue
    broken = _broken_resources([pkg for _, pkg in shown])
    people = responsible.of_packages([package.id for package, _ in shown])
    rows = [
        _row(
            package,
            pkg,
            organizations[package.owner_org],  # type: ignore[index]
            releases.get(package.id),
            checklists.get(package.id),
            now,
            broken,
            members,
            people.get(package.id),
        )
        for package, pkg in shown
    ]
    usage_report.add_usage(rows)
    rows.sort(key=_urgency)
    return {
        "organizations": [{"id": org.id, "name": org.name, "title": org.title} for org in scope.organizations],
        "central": scope.central,
        "generated_at": now.isoformat(),
        "review_waiting_days": config.quality_review_waiting_days(),
        "counts": _counts(rows),
        "usage": usage_report.by_department(rows),
        "datasets": rows,
    }
