"""Template helper of the link checker (exported by ``ckanext.jena.helpers``)."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

import ckan.plugins.toolkit as tk

__all__ = ["jena_link_problems"]

log = logging.getLogger(__name__)

_REASONS = {
    "timeout": lambda: tk._("keine Antwort in der Wartezeit"),
    "unreachable": lambda: tk._("Server nicht erreichbar"),
    "refused": lambda: tk._("führt zu einer internen Adresse"),
    "invalid": lambda: tk._("keine gültige http(s)-Adresse"),
    "missing": lambda: tk._("hochgeladene Datei fehlt"),
}


def _day(moment: dt.datetime) -> str:
    from ckanext.jena.release import clock

    return tk.h.jena_date_long(moment.astimezone(clock.display_timezone()).date().isoformat())


def jena_link_problems(pkg: dict[str, Any]) -> list[dict[str, str]]:
    """The broken ("defekt") links of a dataset, for those who may edit it; nothing for anyone else."""
    from ckanext.jena import config
    from ckanext.jena.links import store

    package_id = pkg.get("id")
    if not package_id or not tk.h.check_access("package_update", {"id": package_id}):
        return []
    resources = [r for r in pkg.get("resources") or [] if isinstance(r, dict) and r.get("id")]
    try:
        states = store.states_of(resources, dt.timedelta(hours=config.links_broken_after_hours()))
    except Exception:  # a display aid must never break the dataset page
        log.exception("Link states of %s failed", package_id)
        return []
    problems = []
    for resource in resources:
        state = states.get(resource["id"])
        if state is None or state.state != "broken" or state.last is None or state.broken_since is None:
            continue
        last = state.last
        if last.http_status:
            reason = f"HTTP {last.http_status}"
        else:
            reason = _REASONS[last.status]() if last.status in _REASONS else last.status
        problems.append(
            {
                "resource_id": resource["id"],
                "name": resource.get("name") or resource.get("url") or "",
                "text": tk._("Link defekt seit {since}, zuletzt geprüft am {last}").format(
                    since=_day(state.broken_since), last=_day(last.checked_at)
                ),
                "reason": reason,
            }
        )
    return problems
