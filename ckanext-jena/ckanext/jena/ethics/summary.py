"""The public facts of a passed checklist (dataset page, DCAT): version, date passed,
reviewing roles, whether personal data were involved and how they were anonymised,
and the limitations text ("Hinweise zur Nutzung"). Nothing else of the answers is public."""

from __future__ import annotations

from typing import Any

from ckan import model

from ckanext.jena.ethics import store
from ckanext.jena.release import store as release_store
from ckanext.jena.release import visibility

REVIEWER_ROLE = "data_management"


def public_summary(package_id: str) -> dict[str, Any] | None:
    """None unless the dataset is public and its checklist passes (as the gate would see it)."""
    package = model.Package.get(package_id)
    if package is None or not visibility.is_public(package):
        return None
    assessment = store.assess(package.id, None)
    row = assessment.row
    if row is None or not assessment.passed:
        return None
    release = release_store.get(package.id)
    passed_at = row.updated_at
    signed = store.current_signoffs(row)
    for signoff in signed.values():
        passed_at = max(passed_at, signoff.timestamp)
    if release is not None and release.last_reviewed_at is not None:
        passed_at = max(passed_at, release.last_reviewed_at)
    personal = row.answers.get("personal_data") in ("direct", "indirect")
    return {
        "checklist_version": row.checklist_version,
        "passed_at": passed_at.isoformat(),
        "reviewed_by_roles": [REVIEWER_ROLE, *sorted(signed)],
        "personal_data": personal,
        "anonymisation": (row.answers.get("anonymisation") or None) if personal else None,
        "limitations": row.answers.get("limitations") or "",
    }
