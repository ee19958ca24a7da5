"""Template helpers of the tables: the loading state on the resource page and the Data API panel."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import ckan.plugins.toolkit as tk

from ckanext.jena.tables import status

__all__ = ["jena_table_api", "jena_table_status"]


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
        "rows_text": f"{row.rows or 0:,}".replace(",", "." if not english else ","),
        "loaded_at": row.loaded_at,
        "finished_at": row.finished_at,
    }


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
