"""The link checker's results of a dataset (issue 16, part 3), for those who may edit it.

The public sees no link status (the dataset page shows it only to the department); an
unreleased dataset answers outsiders exactly like a missing one (``package_show`` decides).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import ckan.plugins.toolkit as tk
from ckan.types import Context, DataDict

__all__ = ["jena_link_status_show"]


@tk.side_effect_free
def jena_link_status_show(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """The state of each resource's link: ``ok``, ``failing`` (failed, not yet confirmed),
    ``broken`` ("defekt": two failed checks at least ``broken_after_hours`` apart) or ``unknown``.

    :param id: id or name of the dataset
    :returns: ``id``, ``name``, ``broken_after_hours`` and ``resources``: per resource its
        ``resource_id``, ``name``, ``url`` (the URL checked), ``state``, ``broken_since``,
        ``last_checked``, ``status``, ``http_status``, ``response_ms``, ``content_type``,
        ``size``, ``error`` of the latest check and ``history_length`` (checks kept)
    """
    from ckanext.jena import config
    from ckanext.jena.links import store

    identifier = data_dict.get("id")
    if not isinstance(identifier, str) or not identifier.strip():
        raise tk.ValidationError({"id": ["Missing value"]})
    user_context: Any = {key: context[key] for key in ("user", "auth_user_obj") if key in context}
    pkg = tk.get_action("package_show")(user_context, {"id": identifier})
    tk.check_access("jena_link_status_show", context, {"id": pkg["id"]})
    hours = config.links_broken_after_hours()
    resources = [r for r in pkg.get("resources") or [] if r.get("id")]
    states = store.states_of(resources, dt.timedelta(hours=hours))
    return {
        "id": pkg["id"],
        "name": pkg["name"],
        "broken_after_hours": hours,
        "resources": [{**states[r["id"]].as_dict(), "name": r.get("name") or ""} for r in resources],
    }
