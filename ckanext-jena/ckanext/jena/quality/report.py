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

Read with SQL: what is dear to compute per dataset (score, freshness dates, defective links)
comes from ``jena_cockpit_state`` (:mod:`.cockpit_state`), the rest (release state, department,
responsible account and membership, reviews, checklists, embargoes) is joined live, and the
read rule is a SQL condition; lists are filtered, sorted and paged in the database.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from ckan import authz, model

from ckanext.jena import config
from ckanext.jena.model import JenaCockpitState, JenaMailBounce, JenaRelease, JenaResponsiblePerson
from ckanext.jena.model.checklist import JenaEthicsChecklist
from ckanext.jena.release import roles, states, visibility
from ckanext.jena.usage import report as usage_report
from ckanext.jena.usage import store as usage_store

from . import labels

__all__ = ["DIGEST", "LISTS", "Scope", "build", "may_view", "responsibility_label", "viewer_scope"]

log = logging.getLogger(__name__)
EDITING_ROLES = frozenset({"admin", "editor"})
BANDS = ("excellent", "good", "sufficient", "bad")
FRESHNESS_STATES = ("overdue", "due_soon", "current", "none")
# The responsible person's problems first (most urgent first), then a contact e-mail that
# bounces (reported by the mail system), then an empty one.
RESPONSIBILITY_STATES = ("ok", "missing", "deactivated", "not_member", "bounced", "no_contact")
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


def responsibility_label(state: str) -> str:
    return {
        "ok": tk._("geregelt"),
        "missing": tk._("keine verantwortliche Person"),
        "deactivated": tk._("Konto der verantwortlichen Person deaktiviert"),
        "not_member": tk._("verantwortliche Person nicht mehr im Fachbereich"),
        "bounced": tk._("Kontakt-E-Mail kommt nicht an"),
        "no_contact": tk._("Kontakt-E-Mail fehlt"),
    }.get(state, state)


# The work lists of the cockpit: which rows, in which order (most urgent first).
LISTS = ("overdue", "broken", "reviews", "ethics", "embargo", "responsibility")
# What the weekly digest reads: overdue, defective links, reviews waiting (any time).
DIGEST = "digest"


def _visible(scope: Scope, package: sa.TableClause, release_state: Any) -> list[Any]:
    """CKAN's read rule (the permission labels ``package_show`` checks, see
    :mod:`ckanext.jena.release.visibility`) as SQL, with the viewer's labels read once; and a
    department's drafts stay its own (also for the central team)."""
    user = scope.user
    member_of = [
        group_id
        for (group_id,) in model.Session.query(model.Member.group_id).filter(
            model.Member.group_id.in_([org.id for org in scope.organizations] or [""]),
            model.Member.table_name == "user",
            model.Member.table_id == user.id,
            model.Member.state == "active",
        )
    ]
    conditions = [sa.or_(release_state != states.DRAFT, package.c.owner_org.in_(member_of or [""]))]
    labels = visibility.user_labels({"user": user.name, "auth_user_obj": user})
    if labels is None:  # a sysadmin
        return conditions
    public = list(states.PUBLIC_STATES)
    seen: list[Any] = []
    if visibility.PUBLIC_LABEL in labels:
        seen.append(release_state.in_(public))
    orgs = [label.removeprefix("member-") for label in labels if label.startswith("member-")]
    if orgs:
        seen.append(sa.and_(release_state.notin_(public), package.c.owner_org.in_(orgs)))
    if roles.REVIEWER_LABEL in labels:
        seen.append(sa.and_(release_state.notin_(public), release_state.in_(list(states.REVIEW_VISIBLE_STATES))))
    collaborations = [label.removeprefix("collaborator-") for label in labels if label.startswith("collaborator-")]
    if collaborations and authz.check_config_permission("allow_dataset_collaborators"):
        seen.append(sa.and_(release_state.notin_(public), package.c.id.in_(collaborations)))
    conditions.append(sa.or_(*seen) if seen else sa.false())
    return conditions


def _days_since(now: Any, moment: Any) -> Any:
    return sa.cast(sa.func.floor(sa.extract("epoch", now - moment) / 86400), sa.Integer)


def _rows_subquery(scope: Scope, now: dt.datetime) -> Any:
    """One row per dataset the viewer may see, with every figure the cockpit shows (SQL)."""
    package, state = model.Package.__table__, JenaCockpitState.__table__
    release, checklist = JenaRelease.__table__, JenaEthicsChecklist.__table__
    person_link, group, member = JenaResponsiblePerson.__table__, model.Group.__table__, model.Member.__table__
    person = model.User.__table__.alias("person")
    at = sa.literal(now, sa.DateTime(timezone=True))

    release_state = sa.func.coalesce(release.c.state, states.DRAFT)
    fresh_state = sa.case(
        (state.c.due_at.is_(None), "none"),
        (at > state.c.overdue_at, "overdue"),
        (at >= state.c.soon_at, "due_soon"),
        else_="current",
    )
    overdue_days = sa.case((fresh_state == "overdue", sa.func.greatest(1, _days_since(at, state.c.due_at))), else_=0)
    is_member = (
        sa.select(member.c.id)
        .where(
            member.c.group_id == package.c.owner_org,
            member.c.table_name == "user",
            member.c.table_id == person_link.c.user_id,
            member.c.state == "active",
            member.c.capacity.in_(EDITING_ROLES),
        )
        .exists()
    )
    person_state = sa.case(
        (person.c.id.is_(None), "missing"),
        (person.c.state != "active", "deactivated"),
        (~is_member, "not_member"),
        else_="ok",
    )
    contact_missing = sa.func.coalesce(state.c.contact_email_missing, sa.false())
    bounced = (
        sa.select(JenaMailBounce.__table__.c.address)
        .where(JenaMailBounce.__table__.c.address == state.c.contact_email)
        .exists()
    )
    responsibility = sa.case(
        (person_state != "ok", person_state),
        (contact_missing, "no_contact"),
        (bounced, "bounced"),
        else_="ok",
    )
    waiting = sa.and_(release_state.in_(list(states.AWAITING_REVIEW)), release.c.submitted_at.isnot(None))
    waiting_days = sa.case((waiting, sa.func.greatest(0, _days_since(at, release.c.submitted_at))), else_=0)
    review_overdue = sa.and_(waiting, waiting_days > config.quality_review_waiting_days())
    ethics_limit = sa.literal(now - dt.timedelta(days=config.ethics_max_age_days()), sa.DateTime(timezone=True))
    ethics_outdated = sa.func.coalesce(checklist.c.updated_at < ethics_limit, sa.false())
    embargo_end = sa.literal(now + dt.timedelta(days=config.quality_embargo_days()), sa.DateTime(timezone=True))
    embargo_due = sa.and_(
        release_state == states.APPROVED,
        release.c.release_at.isnot(None),
        release.c.release_at >= at,
        release.c.release_at <= embargo_end,
    )
    broken = sa.func.coalesce(state.c.broken_links, 0)
    joined = (
        package.join(group, group.c.id == package.c.owner_org)
        .outerjoin(state, state.c.package_id == package.c.id)
        .outerjoin(release, release.c.package_id == package.c.id)
        .outerjoin(checklist, checklist.c.package_id == package.c.id)
        .outerjoin(person_link, person_link.c.package_id == package.c.id)
        .outerjoin(person, person.c.id == person_link.c.user_id)
    )
    query = (
        sa.select(
            package.c.id,
            package.c.name,
            sa.func.coalesce(sa.func.nullif(package.c.title, ""), package.c.name).label("title"),
            package.c.type,
            group.c.id.label("organization_id"),
            group.c.name.label("organization_name"),
            group.c.title.label("organization_title"),
            state.c.score,
            state.c.max_score,
            state.c.band,
            state.c.frequency,
            state.c.last_change,
            state.c.due_at,
            fresh_state.label("fresh_state"),
            overdue_days.label("overdue_days"),
            broken.label("broken_links"),
            responsibility.label("responsibility"),
            person_state.label("person_state"),
            contact_missing.label("contact_missing"),
            person.c.name.label("person_name"),
            person.c.fullname.label("person_fullname"),
            release_state.label("release_state"),
            release.c.submitted_at,
            release.c.release_at,
            waiting_days.label("review_waiting_days"),
            review_overdue.label("review_overdue"),
            checklist.c.updated_at.label("ethics_updated_at"),
            ethics_outdated.label("ethics_outdated"),
            embargo_due.label("embargo_due"),
        )
        .select_from(joined)
        .where(
            package.c.state == "active",
            package.c.owner_org.in_([org.id for org in scope.organizations] or [""]),
            package.c.type.in_(config.release_dataset_types()),
            *_visible(scope, package, release_state),
        )
    )
    # Materialized: every figure is computed once per dataset, not again for each count and list.
    return query.cte("cockpit").prefix_with("MATERIALIZED")


def _order(rows: Any, work_list: str | None) -> list[Any]:
    """Most urgent first: the lists' own order, else the report's urgency over all categories."""
    c = rows.c
    orders = {
        "overdue": [c.overdue_days.desc()],
        "broken": [c.broken_links.desc()],
        "reviews": [c.review_waiting_days.desc()],
        "ethics": [c.ethics_updated_at],
        "embargo": [c.release_at],
        "responsibility": [
            sa.case({state: rank for rank, state in enumerate(RESPONSIBILITY_STATES)}, value=c.responsibility)
        ],
    }
    if work_list in orders:
        return [*orders[work_list], c.name]
    return [
        sa.case((c.fresh_state == "overdue", -c.overdue_days), else_=1),
        -c.broken_links,
        sa.case((c.review_overdue, -c.review_waiting_days), else_=1),
        sa.case((sa.or_(c.ethics_outdated, c.embargo_due), 0), else_=1),
        sa.case((c.person_state.in_(list(PERSON_PROBLEMS)), 0), else_=1),
        c.name,
    ]


def _condition(rows: Any, work_list: str) -> Any:
    c = rows.c
    return {
        "overdue": c.fresh_state == "overdue",
        "broken": c.broken_links > 0,
        "reviews": c.review_overdue,
        "ethics": c.ethics_outdated,
        "embargo": c.embargo_due,
        "responsibility": c.responsibility != "ok",
        DIGEST: sa.or_(
            c.fresh_state == "overdue", c.broken_links > 0, c.release_state.in_(list(states.AWAITING_REVIEW))
        ),
    }[work_list]


def _iso(moment: dt.datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


class _Labels(dict):  # type: ignore[type-arg]
    """The translated labels of one report, each looked up once (thousands of rows share a few)."""

    def __init__(self) -> None:
        from .template_helpers import jena_freshness_state_label

        super().__init__()
        self.makers = {
            "band": labels.band_label,
            "freshness": jena_freshness_state_label,
            "responsibility": responsibility_label,
            "release": states.state_label,
        }

    def of(self, kind: str, value: str) -> str:
        key = (kind, value)
        if key not in self:
            self[key] = self.makers[kind](value)
        return self[key]


def _as_dict(row: Any, names: _Labels | None = None) -> dict[str, Any]:
    names = _Labels() if names is None else names
    quality = None
    if row.band is not None:
        quality = {
            "score": row.score,
            "max_score": row.max_score,
            "band": row.band,
            "band_label": names.of("band", row.band),
        }
    person = None
    if row.person_name is not None:
        person = {"name": row.person_name, "display_name": row.person_fullname or row.person_name}
    return {
        "id": row.id,
        "name": row.name,
        "title": row.title,
        "type": row.type,
        "organization": {"id": row.organization_id, "name": row.organization_name, "title": row.organization_title},
        "quality": quality,
        "freshness": {
            "state": row.fresh_state,
            "frequency": row.frequency,
            "last_change": _iso(row.last_change),
            "due_at": _iso(row.due_at),
            "overdue_days": row.overdue_days,
            "state_label": names.of("freshness", row.fresh_state),
        },
        "broken_links": row.broken_links,
        "responsibility": {
            "state": row.responsibility,
            "label": names.of("responsibility", row.responsibility),
            "contact_email_missing": bool(row.contact_missing),
            "person": person,
        },
        "release": {
            "state": row.release_state,
            "label": names.of("release", row.release_state),
            "submitted_at": _iso(row.submitted_at),
            "release_at": _iso(row.release_at),
        },
        "review_waiting_days": row.review_waiting_days,
        "review_overdue": bool(row.review_overdue),
        "ethics_updated_at": _iso(row.ethics_updated_at),
        "ethics_outdated": bool(row.ethics_outdated),
        "embargo_due": bool(row.embargo_due),
    }


def _summary(rows: Any) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The counts over all rows and the use per department (released datasets, views and
    downloads of 30 days, by name), in one query (``ROLLUP``: per department, then in all)."""
    recent = usage_store.recent_query().subquery("recent")
    c = rows.c
    count = sa.func.count
    public = c.release_state.in_(list(states.PUBLIC_STATES))

    def where(condition: Any) -> Any:
        return count().filter(condition)

    columns = {
        "datasets": count(),
        "broken_links": sa.func.coalesce(sa.func.sum(c.broken_links), 0),
        "datasets_with_broken_links": where(c.broken_links > 0),
        "reviews_waiting": where(c.review_overdue),
        "ethics_outdated": where(c.ethics_outdated),
        "embargo_due": where(c.embargo_due),
        **{f"band_{band}": where(c.band == band) for band in BANDS},
        **{f"fresh_{name}": where(c.fresh_state == name) for name in FRESHNESS_STATES},
        **{f"person_{name}": where(c.responsibility == name) for name in RESPONSIBILITY_STATES},
        **{f"release_{name}": where(c.release_state == name) for name in states.ALL_STATES},
        "public": where(public),
        "views": sa.func.coalesce(sa.func.sum(recent.c.views).filter(public), 0),
        "downloads": sa.func.coalesce(sa.func.sum(recent.c.downloads).filter(public), 0),
    }
    query = (
        sa.select(
            c.organization_name,
            c.organization_title,
            sa.func.grouping(c.organization_name).label("all_departments"),
            sa.func.grouping(c.organization_title).label("department_only"),
            *(value.label(key) for key, value in columns.items()),
        )
        .select_from(rows.outerjoin(recent, recent.c.package_id == c.id))
        .group_by(sa.func.rollup(c.organization_name, c.organization_title))
        .order_by(c.organization_name)
    )
    figures: dict[str, int] = dict.fromkeys(columns, 0)
    usage = []
    for row in model.Session.execute(query):
        found = row._mapping
        if found["all_departments"]:
            figures = {key: int(found[key] or 0) for key in columns}
        elif not found["department_only"] and found["public"]:
            usage.append(
                {
                    "name": found["organization_name"],
                    "title": found["organization_title"],
                    "datasets": int(found["public"]),
                    "views": int(found["views"]),
                    "downloads": int(found["downloads"]),
                }
            )
    counts = {
        "datasets": figures["datasets"],
        "bands": {band: figures[f"band_{band}"] for band in BANDS},
        "freshness": {name: figures[f"fresh_{name}"] for name in FRESHNESS_STATES},
        "broken_links": figures["broken_links"],
        "datasets_with_broken_links": figures["datasets_with_broken_links"],
        "responsibility": {name: figures[f"person_{name}"] for name in RESPONSIBILITY_STATES},
        "without_responsible_person": sum(figures[f"person_{name}"] for name in PERSON_PROBLEMS),
        "release": {name: figures[f"release_{name}"] for name in states.ALL_STATES},
        "reviews_waiting": figures["reviews_waiting"],
        "ethics_outdated": figures["ethics_outdated"],
        "embargo_due": figures["embargo_due"],
    }
    return counts, usage


def _list_totals(counts: dict[str, Any]) -> dict[str, int]:
    """Rows per work list, from the counts (the same conditions)."""
    return {
        "overdue": counts["freshness"]["overdue"],
        "broken": counts["datasets_with_broken_links"],
        "reviews": counts["reviews_waiting"],
        "ethics": counts["ethics_outdated"],
        "embargo": counts["embargo_due"],
        "responsibility": counts["datasets"] - counts["responsibility"]["ok"],
    }


def _work_lists(rows: Any, offsets: dict[str, int], limit: int) -> dict[str, list[dict[str, Any]]]:
    """One page of every work list, in one query: each list numbers its rows in its own order
    (window functions), and only the rows on a requested page come back."""
    ranks = []
    for kind in LISTS:
        condition = _condition(rows, kind)
        number = sa.func.row_number().over(order_by=[sa.case((condition, 0), else_=1), *_order(rows, kind)])
        ranks.append(sa.case((condition, number), else_=None).label(f"rank_{kind}"))
    # Ranked on the narrow columns the orders need (sorts stay in memory), then joined back.
    ranked = sa.select(rows.c.id.label("ranked_id"), *ranks).subquery("ranked")
    pages = {kind: (offsets.get(kind, 0) + 1, offsets.get(kind, 0) + limit) for kind in LISTS}
    query = (
        sa.select(rows, *(ranked.c[f"rank_{kind}"] for kind in LISTS))
        .join(ranked, ranked.c.ranked_id == rows.c.id)
        .where(sa.or_(*(ranked.c[f"rank_{kind}"].between(first, last) for kind, (first, last) in pages.items())))
    )
    found: dict[str, list[tuple[int, dict[str, Any]]]] = {kind: [] for kind in LISTS}
    every = []
    names = _Labels()
    for row in model.Session.execute(query):
        data = _as_dict(row, names)
        every.append(data)
        for kind, (first, last) in pages.items():
            rank = row._mapping[f"rank_{kind}"]
            if rank is not None and first <= rank <= last:
                found[kind].append((rank, data))
    usage_report.add_usage(every)
    return {kind: [data for _, data in sorted(entries, key=lambda entry: entry[0])] for kind, entries in found.items()}


def build(
    scope: Scope,
    now: dt.datetime,
    *,
    datasets: bool = True,
    summary: bool = True,
    work_list: str | None = None,
    limit: int | None = None,
    offset: int = 0,
    lists: dict[str, int] | None = None,
    list_limit: int = 25,
) -> dict[str, Any]:
    """The report for ``scope`` at ``now``: with ``summary``, ``counts`` and ``usage`` over every
    dataset the viewer may see; with ``datasets``, the rows (of ``work_list`` only, in its order;
    else all, by urgency), ``limit`` rows from ``offset``, and ``total``, how many there are in all;
    with ``lists`` (offset per work list), ``list_limit`` rows of every work list from its offset
    and its total."""
    from ckanext.jena.quality import cockpit_state

    cockpit_state.fill_missing([org.id for org in scope.organizations])
    rows = _rows_subquery(scope, now)
    result: dict[str, Any] = {
        "organizations": [{"id": org.id, "name": org.name, "title": org.title} for org in scope.organizations],
        "central": scope.central,
        "generated_at": now.isoformat(),
        "review_waiting_days": config.quality_review_waiting_days(),
    }
    counts = None
    if summary or lists is not None:
        counts, usage = _summary(rows)
        if summary:
            result["counts"], result["usage"] = counts, usage
    if lists is not None and counts is not None:
        pages = _work_lists(rows, lists, list_limit)
        totals = _list_totals(counts)
        result["lists"] = {kind: {"total": totals[kind], "datasets": pages[kind]} for kind in LISTS}
    if not datasets:
        return result
    query = sa.select(rows, sa.func.count().over().label("total"))
    if work_list is not None:
        query = query.where(_condition(rows, work_list))
    query = query.order_by(*_order(rows, work_list)).offset(offset)
    if limit is not None:
        query = query.limit(limit)
    found = list(model.Session.execute(query))
    names = _Labels()
    result["datasets"] = [_as_dict(row, names) for row in found]
    usage_report.add_usage(result["datasets"])
    if found:
        result["total"] = int(found[0].total)
    else:  # nothing on this page: count on its own
        total = sa.select(sa.func.count()).select_from(rows)
        if work_list is not None:
            total = total.where(_condition(rows, work_list))
        result["total"] = int(model.Session.execute(total).scalar() or 0)
    return result
