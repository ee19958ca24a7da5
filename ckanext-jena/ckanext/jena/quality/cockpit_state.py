"""The cockpit's per-dataset state (``jena_cockpit_state``, issue 16): what the data-management
lists need and what is dear to compute (the MQA score with its SHACL check, the freshness
promise, the defective links, an empty contact e-mail), stored per dataset so the cockpit, its
exports and the weekly digest read it with SQL.

Kept current where it changes:

- every write of a dataset (``after_dataset_create``/``after_dataset_update``, in the write's own
  transaction, so a rolled-back batch leaves no row behind);
- after each link-check run, for the datasets whose links failed or changed (:mod:`..links.job`);
- after a confirmation "Daten geprüft, unverändert aktuell" and in the daily freshness job;
- after a live feed's push (which moves the last data change without a dataset write), when the
  stored row would soon say "bald fällig" (:func:`refresh_after_push`): one refresh per promised
  period, not one per push;
- ``ckan jena cockpit rebuild`` (all datasets, with a progress bar) after a deployment or a
  change of the scoring rules.

Contact e-mails that bounce: the mail system reports an undeliverable address with
``ckan jena cockpit bounce ADDRESS`` (``--clear`` when it works again); the cockpit lists the
datasets whose contact e-mail it is (joined live, so a new contact e-mail leaves the list).

Time alone needs no rewrite: the freshness state is stored as the moments it changes. A
dataset without a row yet (a catalog loaded before this table existed) is scored on the
cockpit's next request, at most :data:`LAZY_LIMIT` per request.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable
from typing import Any

import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from ckan import model
from sqlalchemy.dialects.postgresql import insert

from ckanext.jena import config
from ckanext.jena.model import JenaCockpitState
from ckanext.jena.release import clock

from . import assessment
from .freshness_index import of_dataset

__all__ = [
    "BATCH",
    "LAZY_LIMIT",
    "clear_bounce",
    "fill_missing",
    "managed_ids",
    "rebuild",
    "record_bounce",
    "refresh",
    "refresh_after_push",
    "refresh_dataset",
]

log = logging.getLogger(__name__)
BATCH = 200
LAZY_LIMIT = 100
# A push refreshes the row when its state would change within this time (or has changed).
PUSH_REFRESH_MARGIN = dt.timedelta(hours=1)
_CONTACT_KEYS = ("contact_point_email", "maintainer_email")


def _resources(pkg: dict[str, Any]) -> list[dict[str, Any]]:
    return [r for r in pkg.get("resources") or [] if isinstance(r, dict) and r.get("id")]


def _broken_counts(pkgs: list[dict[str, Any]]) -> dict[str, int]:
    """Defective links per dataset (a few queries for the whole batch)."""
    from ckanext.jena.links import store

    owner = {str(r["id"]): str(pkg["id"]) for pkg in pkgs for r in _resources(pkg)}
    found = store.states_of(
        [r for pkg in pkgs for r in _resources(pkg)], dt.timedelta(hours=config.links_broken_after_hours())
    )
    counts: dict[str, int] = {}
    for resource_id, state in found.items():
        if state.state == "broken":
            counts[owner[resource_id]] = counts.get(owner[resource_id], 0) + 1
    return counts


def _values(pkg: dict[str, Any], broken: int, now: dt.datetime) -> dict[str, Any]:
    try:
        score = assessment.assess(pkg)
        quality: dict[str, Any] = {"score": score.points, "max_score": score.max_points, "band": score.band}
    except Exception:  # one unreadable dataset must not stop the others
        log.exception("Cockpit state: MQA score of %s failed", pkg.get("name"))
        quality = {"score": None, "max_score": None, "band": None}
    fresh = of_dataset(pkg, now)
    moments = fresh.boundaries()
    contacts = [str(pkg.get(key) or "").strip().lower() for key in _CONTACT_KEYS if str(pkg.get(key) or "").strip()]
    return {
        "package_id": pkg["id"],
        **quality,
        "frequency": fresh.frequency,
        "last_change": fresh.last_change,
        "due_at": fresh.due_at if moments else None,
        "soon_at": moments[1] if moments else None,
        "overdue_at": moments[2] if moments else None,
        "broken_links": broken,
        "contact_email_missing": not contacts,
        "contact_email": contacts[0] if contacts else None,
        "updated_at": now,
    }


def _write(rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    statement = insert(JenaCockpitState.__table__).values(rows)
    columns = [name for name in rows[0] if name != "package_id"]
    model.Session.execute(
        statement.on_conflict_do_update(
            index_elements=["package_id"], set_={name: statement.excluded[name] for name in columns}
        )
    )


def _show(package_id: str) -> dict[str, Any] | None:
    try:
        return tk.get_action("package_show")({"ignore_auth": True, "use_cache": False}, {"id": package_id})
    except tk.ObjectNotFound:
        return None


def refresh_dataset(pkgs: list[dict[str, Any]], now: dt.datetime | None = None) -> None:
    """Write the state of ``pkgs`` (``package_show`` dicts of the stored version) in the current
    transaction (the caller commits)."""
    moment = now or clock.now()
    broken = _broken_counts(pkgs)
    model.Session.flush()  # the package rows the state refers to
    _write([_values(pkg, broken.get(str(pkg["id"]), 0), moment) for pkg in pkgs])


def refresh(package_ids: Iterable[str], commit: bool = True, progress: Callable[[int], None] | None = None) -> int:
    """Recompute the state of ``package_ids`` (in batches; committing each unless ``commit`` is
    False); returns how many were written. Deleted or unknown ids are skipped."""
    ids = list(dict.fromkeys(package_ids))
    written = 0
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        pkgs = [pkg for pkg in map(_show, chunk) if pkg is not None and pkg.get("state", "active") == "active"]
        refresh_dataset(pkgs)
        written += len(pkgs)
        if commit:
            model.Session.commit()
        if progress is not None:
            progress(len(chunk))
    return written


def after_write(context: Any, pkg_dict: dict[str, Any]) -> None:
    """``after_dataset_create``/``after_dataset_update``: the dataset's state in the write's transaction."""
    package_id = pkg_dict.get("id")
    package = model.Package.get(package_id) if isinstance(package_id, str) and package_id else None
    if package is None or package.state != "active" or package.type not in config.release_dataset_types():
        return
    pkg = _show(package.id)
    if pkg is not None:
        refresh_dataset([pkg])


def managed_ids() -> list[str]:
    """Every active dataset of a department under the release workflow, by name."""
    query = (
        model.Session.query(model.Package.id)
        .filter(
            model.Package.state == "active",
            model.Package.owner_org.isnot(None),
            model.Package.type.in_(config.release_dataset_types()),
        )
        .order_by(model.Package.name)
    )
    return [row[0] for row in query]


def rebuild(on_start: Callable[[int], None] | None = None, progress: Callable[[int], None] | None = None) -> int:
    """Recompute every dataset's state (``ckan jena cockpit rebuild``); drops rows of datasets gone."""
    ids = managed_ids()
    if on_start is not None:
        on_start(len(ids))
    written = refresh(ids, progress=progress)
    table = JenaCockpitState.__table__
    model.Session.execute(
        table.delete().where(
            ~sa.exists().where(
                model.Package.id == table.c.package_id,
                model.Package.state == "active",
                model.Package.owner_org.isnot(None),
            )
        )
    )
    model.Session.commit()
    return written


def fill_missing(organization_ids: list[str] | None, limit: int | None = LAZY_LIMIT) -> int:
    """Score up to ``limit`` datasets (None: all) of ``organization_ids`` (None: every department)
    that have no state yet (commits)."""
    table = JenaCockpitState.__table__
    query = sa.select(model.Package.id).where(
        model.Package.state == "active",
        model.Package.owner_org.isnot(None),
        model.Package.type.in_(config.release_dataset_types()),
        ~sa.exists().where(table.c.package_id == model.Package.id),
    )
    if organization_ids is not None:
        query = query.where(model.Package.owner_org.in_(organization_ids or [""]))
    if limit is not None:
        query = query.limit(limit + 1)
    missing = [row[0] for row in model.Session.execute(query)]
    if not missing:
        return 0
    if limit is not None and len(missing) > limit:
        log.warning("Cockpit: datasets without a state; run `ckan jena cockpit rebuild` (scoring %d now)", limit)
        missing = missing[:limit]
    return refresh(missing)


def record_bounce(address: str, reason: str | None = None, now: dt.datetime | None = None) -> int:
    """The mail system reports ``address`` as undeliverable (commits); returns how many active
    datasets name it as their contact e-mail."""
    from ckanext.jena.model import JenaMailBounce

    key = address.strip().lower()
    row = model.Session.get(JenaMailBounce, key)
    if row is None:
        row = JenaMailBounce(address=key)
        model.Session.add(row)
    row.bounced_at, row.reason = now or clock.now(), (reason or None) and reason[:500]
    model.Session.commit()
    return _datasets_with_contact(key)


def clear_bounce(address: str) -> bool:
    """The address works again (commits); False when it was not recorded."""
    from ckanext.jena.model import JenaMailBounce

    removed = model.Session.query(JenaMailBounce).filter(JenaMailBounce.address == address.strip().lower()).delete()
    model.Session.commit()
    return bool(removed)


def _datasets_with_contact(address: str) -> int:
    table = JenaCockpitState.__table__
    query = (
        sa.select(sa.func.count())
        .select_from(table.join(model.Package.__table__, model.Package.id == table.c.package_id))
        .where(table.c.contact_email == address, model.Package.state == "active")
    )
    return int(model.Session.execute(query).scalar() or 0)


def refresh_after_push(resource_id: str, now: dt.datetime) -> bool:
    """A sensor feed pushed rows into ``resource_id``: refresh its dataset's row if there is none,
    or if the stored freshness turns "bald fällig" within :data:`PUSH_REFRESH_MARGIN` or already
    has (committed). Returns whether it refreshed."""
    resource = model.Session.get(model.Resource, resource_id)
    if resource is None:
        return False
    row = model.Session.get(JenaCockpitState, resource.package_id)
    if row is not None and (row.soon_at is None or row.soon_at - now > PUSH_REFRESH_MARGIN):
        return False
    return refresh([resource.package_id]) > 0
