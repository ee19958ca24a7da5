"""The public facts of a passed checklist (dataset page, DCAT): version, date passed,
reviewing roles, whether personal data were involved and how they were anonymised,
and the limitations text ("Hinweise zur Nutzung"). Nothing else of the answers is public.

The summary describes the review that released the public version: it is shown only when
the answers are unchanged since the last approval. Answers changed for a pending revision
(or after a withdrawal) stay confidential until a reviewer approves them.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any, NamedTuple

import sqlalchemy as sa
from ckan import model

from ckanext.jena.ethics import checklist, rules, store
from ckanext.jena.model import JenaReleaseEvent
from ckanext.jena.model.checklist import JenaEthicsChecklist, JenaEthicsSignoff
from ckanext.jena.release import states, visibility

__all__ = ["REVIEWER_ROLE", "SummaryStamp", "public_summary", "summary_stamps"]

REVIEWER_ROLE = "data_management"


def _last_approval(package_id: str) -> datetime.datetime | None:
    return model.Session.execute(
        sa.select(sa.func.max(JenaReleaseEvent.timestamp)).where(
            JenaReleaseEvent.package_id == package_id, JenaReleaseEvent.action == states.APPROVE
        )
    ).scalar()


def _signed_at(row: JenaEthicsChecklist, approved_at: datetime.datetime) -> dict[str, JenaEthicsSignoff]:
    """The latest sign-off per role of these answers, as the approval saw them."""
    latest: dict[str, JenaEthicsSignoff] = {}
    for signoff in store.signoffs(row.package_id):
        if signoff.answers_hash == row.answers_hash and signoff.timestamp <= approved_at:
            latest.setdefault(signoff.role, signoff)
    return latest


def public_summary(package_id: str) -> dict[str, Any] | None:
    """None unless the dataset is public and was approved with the current, passing answers."""
    package = model.Package.get(package_id)
    if package is None or not visibility.is_public(package):
        return None
    row = store.get(package.id)
    approved_at = _last_approval(package.id)
    if row is None or approved_at is None or row.updated_at > approved_at:
        return None
    verdict = rules.evaluate(checklist.current(), row.answers)
    signed = _signed_at(row, approved_at)
    approved_roles = sorted(role for role, signoff in signed.items() if signoff.outcome == "approved")
    if not verdict.passed or not set(verdict.required_signoffs) <= set(approved_roles):
        return None
    personal = row.answers.get("personal_data") in ("direct", "indirect")
    return {
        "checklist_version": row.checklist_version,
        "passed_at": approved_at.isoformat(),
        "reviewed_by_roles": [REVIEWER_ROLE, *approved_roles],
        "personal_data": personal,
        "anonymisation": (row.answers.get("anonymisation") or None) if personal else None,
        "limitations": row.answers.get("limitations") or "",
    }


class SummaryStamp(NamedTuple):
    """What the public summary of a dataset was derived from (for caches keyed on it)."""

    token: str
    changed: datetime.datetime


def summary_stamps(package_ids: Iterable[str]) -> dict[str, SummaryStamp]:
    """For datasets with a checklist: a token that changes whenever their public summary may
    change without the dataset itself changing (answers saved, sign-off, approval), and the
    time of the latest such change. Three queries for any number of datasets."""
    ids = list(package_ids)
    if not ids:
        return {}
    answered = dict(
        model.Session.execute(
            sa.select(JenaEthicsChecklist.package_id, JenaEthicsChecklist.updated_at).where(
                JenaEthicsChecklist.package_id.in_(ids)
            )
        ).all()
    )
    if not answered:
        return {}
    signed = dict(
        model.Session.execute(
            sa.select(JenaEthicsSignoff.package_id, sa.func.max(JenaEthicsSignoff.timestamp))
            .where(JenaEthicsSignoff.package_id.in_(list(answered)))
            .group_by(JenaEthicsSignoff.package_id)
        ).all()
    )
    approved = dict(
        model.Session.execute(
            sa.select(JenaReleaseEvent.package_id, sa.func.max(JenaReleaseEvent.timestamp))
            .where(JenaReleaseEvent.package_id.in_(list(answered)), JenaReleaseEvent.action == states.APPROVE)
            .group_by(JenaReleaseEvent.package_id)
        ).all()
    )
    stamps = {}
    for package_id, updated_at in answered.items():
        times = [updated_at, signed.get(package_id), approved.get(package_id)]
        token = "|".join(moment.isoformat() if moment else "" for moment in times)
        stamps[package_id] = SummaryStamp(token, max(moment for moment in times if moment))
    return stamps
