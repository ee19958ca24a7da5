"""Template helpers of the tables: the loading state on the resource page and the Data API panel."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import ckan.plugins.toolkit as tk

from ckanext.jena.tables import status

__all__ = ["jena_sensor_feed_panel", "jena_table_api", "jena_table_status"]

FEED_TYPE = "realtime"
TIME_TYPES = ("timestamp", "timestamptz", "date")


def jena_table_status(resource_id: str, package_id: str) -> dict[str, Any] | None:
    """The loading state for the department (who may update the dataset), else None."""
    try:
        tk.check_access("package_update", {"user": tk.g.user}, {"id": package_id})
    except tk.NotAuthorized:
        return None
    row = status.get(resource_id)
    if row is None:
        return None
    english = (tk.h.lang() or "de") == "en"
    return {
        "state": row.state,
        "message": (row.message_en if english else row.message_de) or "",
        "rows": row.rows,
        "rows_text": _number(row.rows or 0),
        "loaded_at": row.loaded_at,
        "finished_at": row.finished_at,
    }


def _number(value: int) -> str:
    return f"{value:,}".replace(",", "," if (tk.h.lang() or "de") == "en" else ".")


def jena_table_api(resource_id: str) -> dict[str, str]:
    """Addresses and code examples of the Data API panel for one table."""
    base = tk.config["ckan.site_url"].rstrip("/") + "/api/3/action"
    search = f"{base}/datastore_search?resource_id={resource_id}"
    sql = f'SELECT * FROM "{resource_id}" LIMIT 5'
    return {
        "search": search,
        "search_example": f"{search}&limit=5",
        "sql": f"{base}/datastore_search_sql?sql={quote(sql)}",
        "site": tk.config["ckan.site_url"].rstrip("/"),
        "resource_id": resource_id,
    }


def jena_sensor_feed_panel(resource_id: str, package: dict[str, Any]) -> dict[str, Any] | None:
    """The feeds of a ``realtime`` resource for those who manage them (else None): each feed's
    account, last push and retention, the table's row count and its date/time columns."""
    if package.get("type") != FEED_TYPE:
        return None
    context: Any = {"user": tk.g.user}
    try:
        tk.check_access("jena_sensor_feed_create", context, {"resource_id": resource_id})
        feeds = tk.get_action("jena_sensor_feed_list")(dict(context), {"resource_id": resource_id})
    except (tk.NotAuthorized, tk.ObjectNotFound):
        return None
    try:
        info = tk.get_action("datastore_info")({"ignore_auth": True}, {"id": resource_id})
        total = tk.get_action("datastore_search")({"ignore_auth": True}, {"resource_id": resource_id, "limit": 0})
    except tk.ObjectNotFound:
        return {"feeds": feeds, "has_table": False, "rows_text": None, "time_fields": []}
    fields = [field for field in info.get("fields", []) if not field["id"].startswith("_")]
    return {
        "feeds": feeds,
        "has_table": True,
        "rows_text": _number(total.get("total") or 0),
        "time_fields": [field["id"] for field in fields if field["type"] in TIME_TYPES],
    }
