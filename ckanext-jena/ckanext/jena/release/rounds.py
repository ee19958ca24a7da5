"""The change-request round of a first publication: what the department changed since the
reviewer asked for changes (a pending revision of a published dataset has its own diff
against the approved version, ``diff.compare`` in ``info.full_dict``)."""

from __future__ import annotations

import datetime
from typing import Any

import ckan.plugins as p
from ckan import model
from ckanext.activity.model import Activity

from ckanext.jena.model import JenaRelease, JenaReleaseEvent
from ckanext.jena.release import clock, diff, revisions, states


def _last_request(package_id: str) -> JenaReleaseEvent | None:
    return (
        model.Session.query(JenaReleaseEvent)
        .filter(JenaReleaseEvent.package_id == package_id, JenaReleaseEvent.action == states.REQUEST_CHANGES)
        .order_by(JenaReleaseEvent.timestamp.desc(), JenaReleaseEvent.seq.desc())
        .first()
    )


def _version_at(package_id: str, moment: datetime.datetime) -> dict[str, Any] | None:
    """The dataset as CKAN's activity stream recorded it last before ``moment``."""
    naive_utc = moment.astimezone(datetime.UTC).replace(tzinfo=None)  # activity timestamps are naive UTC
    activity = (
        model.Session.query(Activity)
        .filter(Activity.object_id == package_id, Activity.timestamp <= naive_utc)
        .filter(Activity.activity_type.in_(("new package", "changed package")))
        .order_by(Activity.timestamp.desc())
        .first()
    )
    package = (activity.data or {}).get("package") if activity is not None else None
    return package if isinstance(package, dict) else None


def since_request(package: model.Package, release: JenaRelease | None) -> dict[str, Any] | None:
    """In a review after "Änderungen anfordern": when changes were asked for, the reviewer's
    comment and the field-by-field changes since then. None in any other situation."""
    if release is None or release.state != states.IN_REVIEW or not p.plugin_loaded("activity"):
        return None
    request = _last_request(package.id)
    if request is None:
        return None
    before = _version_at(package.id, request.timestamp)
    if before is None:
        return None
    return {
        "requested_at": clock.isoformat(request.timestamp),
        "comment": request.comment,
        "diff": diff.compare(before, revisions.approved_version(package)),
    }
