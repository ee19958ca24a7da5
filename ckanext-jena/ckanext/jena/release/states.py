"""States and transitions of the release workflow.

One state per dataset. A published dataset with a pending revision stays public
(its approved version); the ``revision_*`` states say where the revision stands.

=================  =================================  =====================================
action             from                               to
=================  =================================  =====================================
submit             draft, changes_requested,          in_review
                   withdrawn
submit             revision_draft,                    revision_in_review
                   revision_changes_requested
approve            in_review                          approved (future release date) or
                                                      published
approve            revision_in_review                 published (revision applied)
request_changes    in_review, approved                changes_requested
request_changes    revision_in_review                 revision_changes_requested
withdraw           approved, published, revision_*    withdrawn (pending revision dropped)
publish (system)   approved, release date reached     published
edit (implicit)    approved                           in_review (approval is void)
edit (implicit)    published                          revision_draft (package unchanged)
=================  =================================  =====================================
"""

from __future__ import annotations

from typing import Final

import ckan.plugins.toolkit as tk

DRAFT: Final = "draft"
IN_REVIEW: Final = "in_review"
CHANGES_REQUESTED: Final = "changes_requested"
APPROVED: Final = "approved"
PUBLISHED: Final = "published"
REVISION_DRAFT: Final = "revision_draft"
REVISION_IN_REVIEW: Final = "revision_in_review"
REVISION_CHANGES_REQUESTED: Final = "revision_changes_requested"
WITHDRAWN: Final = "withdrawn"

ALL_STATES: Final = (
    DRAFT,
    IN_REVIEW,
    CHANGES_REQUESTED,
    APPROVED,
    PUBLISHED,
    REVISION_DRAFT,
    REVISION_IN_REVIEW,
    REVISION_CHANGES_REQUESTED,
    WITHDRAWN,
)
REVISION_STATES: Final = frozenset({REVISION_DRAFT, REVISION_IN_REVIEW, REVISION_CHANGES_REQUESTED})
# The approved version of the dataset is public in exactly these states.
PUBLIC_STATES: Final = frozenset({PUBLISHED}) | REVISION_STATES
AWAITING_REVIEW: Final = frozenset({IN_REVIEW, REVISION_IN_REVIEW})
# States the central data team may read (everything but a department's own drafts).
REVIEW_VISIBLE_STATES: Final = frozenset(ALL_STATES) - {DRAFT}

SUBMIT: Final = "submit"
APPROVE: Final = "approve"
REQUEST_CHANGES: Final = "request_changes"
WITHDRAW: Final = "withdraw"
PUBLISH: Final = "publish"
CREATE: Final = "create"
EDIT: Final = "edit"

USER_ACTIONS: Final = (SUBMIT, APPROVE, REQUEST_CHANGES, WITHDRAW)
REVIEWER_ACTIONS: Final = frozenset({APPROVE, REQUEST_CHANGES, WITHDRAW})

ALLOWED_FROM: Final[dict[str, frozenset[str]]] = {
    SUBMIT: frozenset({DRAFT, CHANGES_REQUESTED, WITHDRAWN, REVISION_DRAFT, REVISION_CHANGES_REQUESTED}),
    APPROVE: AWAITING_REVIEW,
    REQUEST_CHANGES: frozenset({IN_REVIEW, APPROVED, REVISION_IN_REVIEW}),
    WITHDRAW: frozenset({APPROVED, PUBLISHED}) | REVISION_STATES,
    PUBLISH: frozenset({APPROVED}),
}


def is_public(state: str | None) -> bool:
    """The one rule: is the approved version of a dataset in this state public?"""
    return state in PUBLIC_STATES


def allowed_actions(state: str) -> list[str]:
    """User actions possible in ``state`` (whoever may perform them)."""
    return [action for action in USER_ACTIONS if state in ALLOWED_FROM[action]]


def after_submit(state: str) -> str:
    return REVISION_IN_REVIEW if state in REVISION_STATES else IN_REVIEW


def after_request_changes(state: str) -> str:
    return REVISION_CHANGES_REQUESTED if state == REVISION_IN_REVIEW else CHANGES_REQUESTED


def after_edit(state: str) -> str:
    """An edit of an approved dataset needs a new review; one of a published dataset becomes a revision."""
    if state == APPROVED:
        return IN_REVIEW
    if state == PUBLISHED:
        return REVISION_DRAFT
    return state


def state_label(state: str | None) -> str:
    labels = {
        DRAFT: tk._("Entwurf"),
        IN_REVIEW: tk._("In Prüfung"),
        CHANGES_REQUESTED: tk._("Änderungen angefordert"),
        APPROVED: tk._("Freigegeben"),
        PUBLISHED: tk._("Veröffentlicht"),
        REVISION_DRAFT: tk._("Veröffentlicht – Änderung im Entwurf"),
        REVISION_IN_REVIEW: tk._("Veröffentlicht – Änderung in Prüfung"),
        REVISION_CHANGES_REQUESTED: tk._("Veröffentlicht – Änderungen angefordert"),
        WITHDRAWN: tk._("Zurückgezogen"),
    }
    if state is None:
        return "–"
    return labels.get(state, state)


def action_label(action: str) -> str:
    labels = {
        SUBMIT: tk._("Zur Prüfung einreichen"),
        APPROVE: tk._("Freigeben"),
        REQUEST_CHANGES: tk._("Änderungen anfordern"),
        WITHDRAW: tk._("Zurückziehen"),
        PUBLISH: tk._("Veröffentlichen (Zeitplan)"),
        CREATE: tk._("Anlegen"),
        EDIT: tk._("Bearbeiten"),
    }
    return labels.get(action, action)


def event_label(action: str) -> str:
    """What happened, for the history (``action_label`` names the command on buttons and in errors)."""
    labels = {
        SUBMIT: tk._("Zur Prüfung eingereicht"),
        APPROVE: tk._("Freigegeben"),
        REQUEST_CHANGES: tk._("Änderungen angefordert"),
        WITHDRAW: tk._("Zurückgezogen"),
        PUBLISH: tk._("Veröffentlicht (Zeitplan)"),
        CREATE: tk._("Angelegt"),
        EDIT: tk._("Bearbeitet"),
    }
    return labels.get(action, action)


def invalid_transition(action: str, state: str) -> tk.ValidationError:
    """The error for ``action`` in ``state``: names the current state and the allowed actions."""
    allowed = allowed_actions(state)
    allowed_text = ", ".join(f"„{action_label(name)}“" for name in allowed) or tk._("keine")
    message = tk._("„{action}“ ist im Zustand „{state}“ nicht möglich. Erlaubt: {allowed}.").format(
        action=action_label(action), state=state_label(state), allowed=allowed_text
    )
    return tk.ValidationError({"state": [message], "current_state": [state], "allowed_actions": allowed})
