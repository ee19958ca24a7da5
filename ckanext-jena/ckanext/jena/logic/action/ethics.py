"""Actions of the data-ethics checklist: show, update (the department's answers),
signoff (data protection, ethics) and the overview for data managers.

Errors use English keys and German messages; nothing is written when any input is bad.
"""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.types import Context, DataDict

from ckanext.jena.ethics import checklist, overview, rules, store
from ckanext.jena.ethics import roles as ethics_roles
from ckanext.jena.ethics.messages import role_label
from ckanext.jena.logic.lookup import managed_package_or_404, signed_in_actor
from ckanext.jena.release import revisions, roles, states
from ckanext.jena.release import store as release_store

__all__ = ["jena_checklist_overview", "jena_checklist_show", "jena_checklist_signoff", "jena_checklist_update"]

# Keys the server computes; sending them is an attempt to set the verdict directly.
_COMPUTED = ("passed", "status", "verdict", "blocks", "signoffs", "checklist_version", "problems")
_OUTCOMES = ("approved", "rejected")


def _signoff_dict(signoff: Any) -> dict[str, Any]:
    user = model.User.get(signoff.user_id)
    return {
        "role": signoff.role,
        "role_label": role_label(signoff.role),
        "user": user.name if user else None,
        "outcome": signoff.outcome,
        "comment": signoff.comment,
        "timestamp": signoff.timestamp.isoformat(),
    }


def _show(package: model.Package, user: model.User | None) -> dict[str, Any]:
    current = checklist.current()
    version = revisions.editable_version(package)
    assessment = store.assess(package.id, version)
    row = assessment.row
    # Answers that come from the metadata always show the metadata as they are now.
    answers = checklist.with_metadata(current, row.answers if row is not None else {}, version)
    verdict = assessment.verdict or rules.evaluate(current, answers)
    signed = store.current_signoffs(row) if row is not None else {}
    return {
        "package_id": package.id,
        "checklist_version": current.version,
        "answered_version": row.checklist_version if row is not None else None,
        "answers": answers,
        "updated_at": row.updated_at.isoformat() if row is not None else None,
        "status": assessment.status,
        "passed": assessment.passed,
        "verdict": verdict.as_dict(),
        "problems": [{"code": problem.code, "message": problem.message} for problem in assessment.problems],
        "signoffs": {role: _signoff_dict(signoff) for role, signoff in signed.items()},
        "can_answer": ethics_roles.can_answer(user, package) and _editable(package),
        "can_signoff": [role for role in verdict.required_signoffs if ethics_roles.has_role(user, role)],
    }


def _editable(package: model.Package) -> bool:
    state = release_store.state_of(package.id) or states.DRAFT
    return state in states.ALLOWED_FROM[states.SUBMIT]


@tk.side_effect_free
def jena_checklist_show(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """The checklist of a dataset: answers, verdict (blocking rules), sign-offs, status.

    :param id: id or name of the dataset
    """
    package = managed_package_or_404(data_dict)
    tk.check_access("jena_checklist_show", context, {"id": package.id})
    return _show(package, roles.user_from_context(context))


def jena_checklist_update(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Save the department's answers (all of them: answers not sent are cleared).
    The verdict is computed on the server; it cannot be set.

    :param id: id or name of the dataset
    :param answers: object of question id to answer (text or option value; an object for
        grouped questions)
    """
    package = managed_package_or_404(data_dict)
    tk.check_access("jena_checklist_update", context, {"id": package.id})
    actor = signed_in_actor(context)
    computed = [key for key in _COMPUTED if key in data_dict]
    if computed:
        message = tk._("Wird vom Portal aus den Antworten berechnet und kann nicht gesetzt werden.")
        raise tk.ValidationError({key: [message] for key in computed})
    unknown = sorted(set(data_dict) - {"id", "answers"})
    if unknown:
        raise tk.ValidationError({key: [tk._("Unbekannter Parameter.")] for key in unknown})
    if not _editable(package):
        state = release_store.state_of(package.id)
        raise tk.ValidationError(
            {
                "state": [
                    tk._(
                        "Im Zustand „{state}“ kann die Checkliste nicht geändert werden. Bitte zuerst "
                        "den Datensatz bearbeiten oder Änderungen anfordern lassen; die Antworten werden "
                        "dann erneut geprüft."
                    ).format(state=states.state_label(state))
                ]
            }
        )
    current = checklist.current()
    answers, errors = checklist.validate_answers(current, data_dict.get("answers"))
    if errors:
        raise tk.ValidationError(errors)
    version = revisions.editable_version(package)
    answers = checklist.with_metadata(current, answers, version)
    store.save(package.id, answers, current.version, store.fingerprint(version), actor.id)
    # Four-eyes: whoever answers the checklist does not approve this version.
    release_store.add_contributor(release_store.get_or_create(package, lock=True), actor.id, release_store.CHECKLIST)
    model.Session.commit()
    return _show(package, actor)


def jena_checklist_signoff(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Record the data-protection or ethics sign-off of the current answers.

    :param id: id or name of the dataset
    :param role: ``data_protection`` or ``ethics``
    :param outcome: ``approved`` or ``rejected``
    :param comment: optional (required when rejecting)
    """
    package = managed_package_or_404(data_dict)
    role = data_dict.get("role")
    if role not in checklist.SIGNOFF_ROLES:
        raise tk.ValidationError({"role": [tk._("Unbekannte Rolle; erlaubt: data_protection, ethics.")]})
    tk.check_access("jena_checklist_signoff", context, {"id": package.id, "role": role})
    actor = signed_in_actor(context)
    outcome = data_dict.get("outcome")
    if outcome not in _OUTCOMES:
        raise tk.ValidationError({"outcome": [tk._("Bitte „approved“ oder „rejected“ angeben.")]})
    comment = data_dict.get("comment")
    if comment is not None and not isinstance(comment, str):
        raise tk.ValidationError({"comment": [tk._("Bitte geben Sie einen Text an.")]})
    if outcome == "rejected" and not (comment or "").strip():
        raise tk.ValidationError({"comment": [tk._("Bitte begründen Sie die Ablehnung.")]})
    row = store.get(package.id, lock=True)
    if row is None:
        model.Session.rollback()
        raise tk.ValidationError({"answers": [tk._("Die Checkliste ist noch nicht ausgefüllt.")]})
    if row.updated_by == actor.id:
        model.Session.rollback()
        raise tk.NotAuthorized(tk._("Sie haben die Checkliste selbst ausgefüllt und dürfen sie nicht freigeben."))
    if role not in rules.evaluate(checklist.current(), row.answers).required_signoffs:
        model.Session.rollback()
        raise tk.ValidationError(
            {"role": [tk._("Diese Checkliste braucht keine Freigabe durch „{role}“.").format(role=role_label(role))]}
        )
    store.add_signoff(row, role, actor.id, outcome, (comment or "").strip())
    model.Session.commit()
    return _show(package, actor)


@tk.side_effect_free
def jena_checklist_overview(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Datasets whose checklist is missing, failing or outdated, for data managers.

    :param organization: id or name of a department (optional; default: all the user reviews)
    """
    tk.check_access("jena_checklist_overview", context, dict(data_dict))
    user = signed_in_actor(context)
    organization = data_dict.get("organization")
    if organization is not None:
        group = model.Group.get(organization) if isinstance(organization, str) else None
        if group is None or not group.is_organization:
            raise tk.ObjectNotFound(tk._("Fachbereich nicht gefunden."))
        organization = group.id
    return {"datasets": overview.entries(user, organization)}
