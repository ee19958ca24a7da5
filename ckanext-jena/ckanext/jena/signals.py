"""Signals ckanext-jena sends, and who listens (wired up through ``ISignal`` in plugin.py).

``jena_release_transition`` is sent after every committed workflow transition. The
sender is the action name (``submit``, ``approve``, ``request_changes``, ``withdraw``,
``publish``, ``edit``); the keyword ``event`` is the audit event as a dict (see
``ckanext.jena.release.audit.event_dict``). Side effects such as emails subscribe here
instead of living inside the actions.
"""

from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan import types

release_transition = tk.signals.ckanext.signal(
    "jena_release_transition", "A dataset changed its release state (sender: action; kwarg: event)."
)


def get_subscriptions() -> types.SignalMapping:
    from ckanext.jena.release import notifications

    return {release_transition: [notifications.on_transition]}
