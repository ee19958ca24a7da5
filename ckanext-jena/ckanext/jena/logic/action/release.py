"""Actions of the release workflow: one per transition, plus show, queue and the audit trail.

Each action validates its input, checks its auth function and hands over to
``ckanext.jena.release.workflow``. An action that is not possible in the dataset's
current state raises a ValidationError naming that state and the allowed actions.
"""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.types import Context, DataDict

from ckanext.jena.logic.lookup import managed_package_or_404, signed_in_actor
from ckanext.jena.release import audit, info, roles, schema, store, workflow

__all__ = [
    "jena_release_approve",
    "jena_release_audit_list",
    "jena_release_queue",
    "jena_release_request_changes",
    "jena_release_show",
    "jena_release_submit",
    "jena_release_withdraw",
]


def _result(package: model.Package, actor: model.User, event: dict[str, Any]) -> dict[str, Any]:
    return {**info.full_dict(package, actor), "event": event}


def jena_release_submit(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Submit a draft (or a pending revision, or a withdrawn dataset) for review.

    :param id: id or name of the dataset
    :param comment: note for the reviewers (optional)
    :returns: the release (as ``jena_release_show``) with the audit ``event``
    """
    data = schema.validate(data_dict, schema.submit_schema(), context)
    package = managed_package_or_404(data)
    tk.check_access("jena_release_submit", context, data)
    actor = signed_in_actor(context)
    return _result(package, actor, workflow.submit(package, actor, data.get("comment")))


def jena_release_approve(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Approve a dataset in review: publish it now, or at ``release_at``; a pending
    revision is applied to the published dataset. The gates must pass; the approver may
    be neither the submitter nor the last editor.

    :param id: id or name of the dataset
    :param release_at: ISO 8601 date-time in the future (optional; without offset it is
        meant in the portal's display timezone)
    :param comment: note for the authors (optional)
    :param override_reason: sysadmins only: why the four-eyes rule is overridden
    """
    data = schema.validate(data_dict, schema.approve_schema(), context)
    package = managed_package_or_404(data)
    tk.check_access("jena_release_approve", context, data)
    actor = signed_in_actor(context)
    event = workflow.approve(
        package,
        actor,
        release_at=data.get("release_at"),
        comment=data.get("comment"),
        override_reason=data.get("override_reason"),
    )
    return _result(package, actor, event)


def jena_release_request_changes(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Send a dataset (or a pending revision) back to its authors.

    :param id: id or name of the dataset
    :param comment: what has to change (required)
    """
    data = schema.validate(data_dict, schema.request_changes_schema(), context)
    package = managed_package_or_404(data)
    tk.check_access("jena_release_request_changes", context, data)
    actor = signed_in_actor(context)
    return _result(package, actor, workflow.request_changes(package, actor, data["comment"]))


def jena_release_withdraw(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Withdraw a published (or approved) dataset: it disappears from every public channel;
    its page says it was withdrawn and since when.

    :param id: id or name of the dataset
    :param reason: why (required; part of the audit trail, not shown publicly)
    """
    data = schema.validate(data_dict, schema.withdraw_schema(), context)
    package = managed_package_or_404(data)
    tk.check_access("jena_release_withdraw", context, data)
    actor = signed_in_actor(context)
    return _result(package, actor, workflow.withdraw(package, actor, data["reason"]))


@tk.side_effect_free
def jena_release_show(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """The release state of a dataset. The department and the reviewers get everything
    (state, people, dates, permitted actions, the diff of a pending revision and, with
    ``include_gates``, the gate results); everybody else only "veröffentlicht am" and
    "zuletzt geprüft am" of a released dataset, or when a withdrawn one was withdrawn.

    :param id: id or name of the dataset
    :param include_gates: run the gates and include their results (default false)
    """
    data = schema.validate(data_dict, schema.show_schema(), context)
    package = managed_package_or_404(data)
    try:
        tk.check_access("jena_release_show", context, data)
    except tk.NotAuthorized:
        # An unreleased dataset answers like a missing one.
        raise tk.ObjectNotFound(tk._("Datensatz nicht gefunden.")) from None
    user = roles.user_from_context(context)
    if roles.can_see_audit(user, package.owner_org) or roles.can_edit(user, package.id):
        gate_results = None
        if data.get("include_gates"):
            gate_results = workflow.gate_results(package, store.get(package.id), user)
        return info.full_dict(package, user, gate_results=gate_results)
    public = info.public_dict(package, store.get(package.id))
    if public is None:
        raise tk.ObjectNotFound(tk._("Datensatz nicht gefunden."))
    return public


@tk.side_effect_free
def jena_release_queue(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """ "Meine Aufgaben": the datasets under the workflow the user deals with and the count per state.

    :param task: ``review`` (awaiting my review) or ``author`` (drafts and returned datasets); optional
    :param state: only datasets in this state (optional)
    :param organization: only this department (id or name; optional)
    :param limit: default 50, at most 1000
    :param offset: default 0
    :returns: ``{"counts": {state: n}, "count": n, "results": [...]}``
    """
    data = schema.validate(data_dict, schema.queue_schema(), context)
    tk.check_access("jena_release_queue", context, data)
    organization_id = None
    if data.get("organization"):
        organization = model.Group.get(data["organization"])
        if organization is None or not organization.is_organization:
            raise tk.ObjectNotFound(tk._("Fachbereich nicht gefunden."))
        organization_id = organization.id
    return info.queue(
        signed_in_actor(context),
        state=data.get("state"),
        task=data.get("task"),
        organization_id=organization_id,
        limit=data["limit"],
        offset=data["offset"],
    )


@tk.side_effect_free
def jena_release_audit_list(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """The audit trail (newest first) of a dataset or of a whole department.

    :param id: id or name of the dataset, or
    :param organization: id or name of the department
    :param limit: default 100, at most 1000
    :param offset: default 0
    """
    data = schema.validate(data_dict, schema.audit_schema(), context)
    if not data.get("id") and not data.get("organization"):
        raise tk.ValidationError(
            {"id": [tk._("Bitte geben Sie einen Datensatz (id) oder einen Fachbereich (organization) an.")]}
        )
    filters: dict[str, str] = {}
    if data.get("id"):
        filters["package_id"] = managed_package_or_404(data).id
    else:
        organization = model.Group.get(data["organization"])
        if organization is None or not organization.is_organization:
            raise tk.ObjectNotFound(tk._("Fachbereich nicht gefunden."))
        filters["organization_id"] = organization.id
    tk.check_access("jena_release_audit_list", context, data)
    events = store.events(**filters, limit=data["limit"], offset=data["offset"])
    return {"count": store.count_events(**filters), "results": audit.event_dicts(events)}
