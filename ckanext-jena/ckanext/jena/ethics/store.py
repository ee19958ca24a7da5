"""Reading and writing the checklist tables, the fingerprint of a dataset version and the
assessment the gate, the overview and the form share (no commits here)."""

from __future__ import annotations

import datetime
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from ckan import model

from ckanext.jena import config
from ckanext.jena.ethics import checklist as checklist_module
from ckanext.jena.ethics import rules
from ckanext.jena.model.checklist import JenaEthicsChecklist, JenaEthicsSignoff
from ckanext.jena.release import clock

# Fields whose change may change the answers about personal data: spatial or thematic detail.
# Not the time covered ("Zeitraum von/bis"), titles, descriptions or contacts: correcting
# those does not change what the checklist judged.
PERSONAL_DATA_FIELDS = (
    "jena_category",
    "district",
    "spatial",
    "sensor_locations",
    "measured_parameters",
    "spatial_resolution_m",
    "scale_denominator",
)
# Fingerprints stored before the time covered left the list; still accepted for checklists
# answered then, so that the change does not make every saved checklist stale at once.
_LEGACY_FIELDS = (*PERSONAL_DATA_FIELDS, "temporal_start", "temporal_end")
_RESOURCE_KEYS = ("id", "url", "hash", "size", "format")

MISSING = "missing"
INCOMPLETE = "failing"
OUTDATED_VERSION = "outdated_version"
OUTDATED_AGE = "outdated_age"
CHANGED = "changed"
SIGNOFF_MISSING = "signoff_missing"
SIGNOFF_REJECTED = "signoff_rejected"


def _hash(value: Any) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True, ensure_ascii=False, default=str).encode()).hexdigest()


def answers_hash(answers: dict[str, Any]) -> str:
    return _hash(answers)


def fingerprint(package: dict[str, Any]) -> str:
    """What a significant change changes: the resources (replaced, re-uploaded) and the
    fields that bear on personal data."""
    return _fingerprint(package, PERSONAL_DATA_FIELDS)


def _fingerprint(package: dict[str, Any], field_names: tuple[str, ...]) -> str:
    resources = [{key: resource.get(key) for key in _RESOURCE_KEYS} for resource in package.get("resources") or []]
    fields = {key: package.get(key) for key in field_names}
    return _hash({"resources": resources, "fields": fields})


def fits(row: JenaEthicsChecklist, package: dict[str, Any]) -> bool:
    """Whether the answers of ``row`` were given for data as ``package`` has them."""
    return row.fingerprint in (fingerprint(package), _fingerprint(package, _LEGACY_FIELDS))


def is_stale(package_id: str, package: dict[str, Any]) -> bool:
    """A checklist exists, but the data changed significantly since it was answered."""
    row = get(package_id)
    return row is not None and not fits(row, package)


def stale_message() -> str:
    from ckanext.jena.ethics.messages import problem_message

    return problem_message(CHANGED)


def get(package_id: str, *, lock: bool = False) -> JenaEthicsChecklist | None:
    query = model.Session.query(JenaEthicsChecklist).filter(JenaEthicsChecklist.package_id == package_id)
    if lock:
        query = query.with_for_update()
    return query.one_or_none()


def signoffs(package_id: str) -> list[JenaEthicsSignoff]:
    return (
        model.Session.query(JenaEthicsSignoff)
        .filter(JenaEthicsSignoff.package_id == package_id)
        .order_by(JenaEthicsSignoff.timestamp.desc(), JenaEthicsSignoff.id)
        .all()
    )


def current_signoffs(row: JenaEthicsChecklist) -> dict[str, JenaEthicsSignoff]:
    """The latest sign-off per role of the answers as they are now."""
    latest: dict[str, JenaEthicsSignoff] = {}
    for signoff in signoffs(row.package_id):
        if signoff.answers_hash == row.answers_hash and signoff.role not in latest:
            latest[signoff.role] = signoff
    return latest


def save(
    package_id: str, answers: dict[str, Any], version: int, package_fingerprint: str, actor_id: str | None
) -> JenaEthicsChecklist:
    row = get(package_id, lock=True)
    if row is None:
        row = JenaEthicsChecklist(package_id=package_id)
        model.Session.add(row)
    row.answers = answers
    row.answers_hash = answers_hash(answers)
    row.checklist_version = version
    row.fingerprint = package_fingerprint
    row.updated_by = actor_id
    row.updated_at = clock.now()
    return row


def add_signoff(row: JenaEthicsChecklist, role: str, actor_id: str, outcome: str, comment: str | None) -> None:
    model.Session.add(
        JenaEthicsSignoff(
            package_id=row.package_id,
            role=role,
            user_id=actor_id,
            outcome=outcome,
            comment=comment or None,
            answers_hash=row.answers_hash,
            timestamp=clock.now(),
        )
    )


@dataclass
class Problem:
    code: str
    message: str


@dataclass
class Assessment:
    row: JenaEthicsChecklist | None
    verdict: rules.Verdict | None
    problems: list[Problem] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.problems

    @property
    def status(self) -> str:
        return self.problems[0].code if self.problems else "passed"


def _outdated(row: JenaEthicsChecklist, now: datetime.datetime) -> bool:
    return row.updated_at < now - datetime.timedelta(days=config.ethics_max_age_days())


def assess(package_id: str, version: dict[str, Any] | None) -> Assessment:
    """Everything that keeps the checklist of ``package_id`` from counting for ``version``
    (the dataset version about to be approved; None: skip the change check)."""
    from ckanext.jena.ethics.messages import problem_message, signoff_problem

    row = get(package_id)
    if row is None:
        return Assessment(None, None, [Problem(MISSING, problem_message(MISSING))])
    current = checklist_module.current()
    # The answers that come from the metadata are those of the version being judged.
    answers = row.answers if version is None else checklist_module.with_metadata(current, row.answers, version)
    verdict = rules.evaluate(current, answers)
    problems = []
    if row.checklist_version != current.version:
        problems.append(Problem(OUTDATED_VERSION, problem_message(OUTDATED_VERSION)))
    elif _outdated(row, clock.now()):
        problems.append(Problem(OUTDATED_AGE, problem_message(OUTDATED_AGE)))
    if version is not None and not fits(row, version):
        problems.append(Problem(CHANGED, problem_message(CHANGED)))
    problems.extend(Problem(INCOMPLETE, checklist_module.localized(block.message)) for block in verdict.blocks)
    signed = current_signoffs(row)
    for role in verdict.required_signoffs:
        signoff = signed.get(role)
        if signoff is None:
            problems.append(Problem(SIGNOFF_MISSING, signoff_problem(role, rejected=False)))
        elif signoff.outcome != "approved":
            problems.append(Problem(SIGNOFF_REJECTED, signoff_problem(role, rejected=True)))
    return Assessment(row, verdict, problems)


def package_ids_with_checklist(package_ids: list[str]) -> set[str]:
    if not package_ids:
        return set()
    rows = model.Session.execute(
        sa.select(JenaEthicsChecklist.package_id).where(JenaEthicsChecklist.package_id.in_(package_ids))
    )
    return {package_id for (package_id,) in rows}
