"""The loader: a resource's CSV/XLSX file becomes its DataStore table, in our own job worker.

Why not ckanext-xloader: it fetches linked files with its own HTTP client (our address policy
in ``safe_fetch`` would be bypassed), reports back through HTTP calls to ``ckan.site_url``, and
its type guessing (tabulator) knows neither decimal commas nor ``TT.MM.JJJJ`` dates, so German
files would have had to be rewritten before it sees them anyway. Here the file is parsed
completely (``parsing``) before anything is written, written to a staging table and swapped
in at once (``staging``); CKAN's own DataStore backend creates the tables.

A load runs as a background job (``ckan jobs worker``, started by ``make run`` and the
``worker`` container). Every failure ends as a German message on the resource page
(``status``); the job itself never raises, so the worker goes on with the next job.
"""

from __future__ import annotations

import logging
import os
from typing import Any

import ckan.plugins as p
import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from ckan import model
from ckan.lib import search as ckan_search
from ckan.lib import uploader
from sqlalchemy.orm import Session

from ckanext.jena import config
from ckanext.jena.safe_fetch import FetchError, FetchPolicy, fetch
from ckanext.jena.tables import chart_view, staging, status
from ckanext.jena.tables.parsing import TableError, german_number, parse

log = logging.getLogger(__name__)

USER_AGENT = "Offene-Daten-Jena-Tabellen/1.0 (+https://opendata.jena.de)"
ALLOWED_HOSTS_OPTION = "ckanext.jena.tables.allowed_hosts"
VIEW_TYPE = "datatables_view"
TABLE_TITLE = "Tabelle"
CHART_TITLE = "Diagramm"


def loadable(resource: dict[str, Any]) -> bool:
    """A file the loader reads: a format it knows, not a table the API writes itself (``url_type`` datastore)."""
    if resource.get("url_type") == "datastore" or not resource.get("url"):
        return False
    return (resource.get("format") or "").strip().lower() in config.tables_formats()


def source_of(resource: dict[str, Any]) -> str:
    """What a load reads; a change of it (new URL, new upload) asks for a new load."""
    return "|".join(str(resource.get(key) or "") for key in ("url_type", "url", "last_modified", "size", "format"))


_QUEUE_KEY = "jena_tables_to_load"


def enqueue(resource_id: str) -> None:
    tk.enqueue_job(load_resource, [resource_id], title=f"jena: Tabelle laden {resource_id}")


def _committed(session: Session) -> None:
    for resource_id in sorted(session.info.pop(_QUEUE_KEY, set())):
        try:
            enqueue(resource_id)
        except Exception:  # Redis down: the resource page says "queued"; saving the resource again retries
            log.exception("Could not queue the table load of resource %s", resource_id)


def listen() -> None:
    """Loads are queued once the transaction that changed the resource committed (the job must see it)."""
    if not sa.event.contains(Session, "after_commit", _committed):
        sa.event.listen(Session, "after_commit", _committed)


def _policy() -> FetchPolicy:
    return FetchPolicy(
        allowed_hosts=tuple(config.tables_allowed_hosts()),
        max_bytes=config.tables_max_file_bytes(),
        timeout=float(config.tables_fetch_timeout()),
        total_timeout=float(config.tables_fetch_total_timeout()),
        user_agent=USER_AGENT,
        allowed_hosts_option=ALLOWED_HOSTS_OPTION,
    )


def _too_large(size: int) -> TableError:
    limit = config.tables_max_file_bytes() // (1024 * 1024)
    return TableError(
        "too_large",
        f"Die Datei ist zu groß für die Tabellenansicht ({german_number(size / 2**20)} MB, erlaubt sind {limit} MB).",
        f"The file is too large for the table view ({size / 2**20:,.0f} MB, allowed: {limit} MB).",
    )


def read_file(resource: dict[str, Any]) -> bytes:
    """The bytes of an uploaded file, or of a linked one fetched under the address policy."""
    if resource.get("url_type") == "upload":
        path = uploader.get_resource_uploader(resource).get_path(resource["id"])
        size = os.path.getsize(path)  # checked before reading: a 1 GB file is never read into memory
        if size > config.tables_max_file_bytes():
            raise _too_large(size)
        with open(path, "rb") as handle:
            return handle.read()
    try:
        return fetch(resource["url"], _policy()).content
    except FetchError as error:
        if error.code == "too_large":
            raise _too_large(config.tables_max_file_bytes() + 1) from None
        raise TableError(error.code, error.message_de, error.message_en) from None


def mark_active(resource_id: str) -> None:
    """``datastore_active`` without ``resource_patch``: a patch of a published dataset would become a revision."""
    resource = model.Resource.get(resource_id)
    if resource is None or resource.extras.get("datastore_active") is True:
        return
    resource.extras = {**resource.extras, "datastore_active": True}
    model.Session.commit()
    ckan_search.rebuild(resource.package_id)


def add_view(resource_id: str) -> None:
    """The table view (and a default chart) of a loaded table, each once. Titles are stored as
    German text: the worker has no request language, CKAN's default title would be "Table"."""
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"]
    context: Any = {"user": site_user, "ignore_auth": True}
    views = tk.get_action("resource_view_list")(dict(context), {"id": resource_id})
    if not any(view["view_type"] == VIEW_TYPE for view in views):
        tk.get_action("resource_view_create")(
            dict(context), {"resource_id": resource_id, "view_type": VIEW_TYPE, "title": TABLE_TITLE}
        )
    _add_default_chart(context, resource_id)


def _add_default_chart(context: Any, resource_id: str) -> None:
    """A line chart over time for a table with a date/time column and numbers (once per resource)."""
    chart = chart_view.default_chart(chart_view.table_fields(resource_id))
    if chart is None or not p.plugin_loaded(chart_view.VIEW_TYPE):
        return
    views = tk.get_action("resource_view_list")(dict(context), {"id": resource_id})
    if any(view["view_type"] == chart_view.VIEW_TYPE for view in views):
        return
    tk.get_action("resource_view_create")(
        dict(context),
        {"resource_id": resource_id, "view_type": chart_view.VIEW_TYPE, "title": CHART_TITLE, **chart},
    )


def load_resource(resource_id: str) -> None:
    """Background job: load one resource's file into its table. Never raises."""
    model.Session.rollback()
    resource_obj = model.Resource.get(resource_id)
    if resource_obj is None or resource_obj.state != "active":
        return
    resource = _as_dict(resource_obj)
    name = ""
    try:
        status.loading(resource_id)
        content = read_file(resource)
        table = parse(
            content,
            resource["format"] or "",
            max_rows=config.tables_max_rows(),
            **({"max_uncompressed": config.tables_max_xlsx_unpacked_bytes()} if _is_xlsx(resource, content) else {}),
        )
        del content
        name = staging.create(table, staging.existing_info(resource_id), config.tables_index_max_columns())
        staging.swap(name, resource_id)
        name = ""
        mark_active(resource_id)
        add_view(resource_id)
        status.loaded(resource_id, table.row_count)
    except TableError as error:
        status.failed(resource_id, error.code, error.message_de, error.message_en)
    except Exception as error:  # the worker must survive whatever a file does
        log.exception("Loading the table of resource %s failed", resource_id)
        status.failed(
            resource_id,
            "internal",
            "Die Tabelle konnte nicht geladen werden (interner Fehler). Die bisherige Tabelle bleibt erhalten; "
            "bitte wenden Sie sich an das Datenteam.",
            f"The table could not be loaded (internal error: {type(error).__name__}).",
        )
    finally:
        if name:
            try:
                staging.drop(name)
            except Exception:
                log.exception("Dropping staging table %s failed", name)


def _is_xlsx(resource: dict[str, Any], content: bytes) -> bool:
    return (resource.get("format") or "").lower() in ("xlsx", "xls") or content.startswith(b"PK\x03\x04")


def _as_dict(resource: model.Resource) -> dict[str, Any]:
    return {
        "id": resource.id,
        "url": resource.url,
        "url_type": resource.url_type,
        "format": resource.format,
        "last_modified": resource.last_modified.isoformat() if resource.last_modified else "",
        "size": resource.size,
        "datastore_active": resource.extras.get("datastore_active"),
    }


def queue_changed(context: Any, package_id: str) -> None:
    """After a dataset was saved (inside its transaction): queue a load for every table
    resource whose file changed; the jobs go to the queue once the transaction commits."""
    from ckanext.jena.release import revisions

    if context.get(revisions.DRY_RUN_KEY):
        return  # a pending revision being validated: the public table must not change
    package = model.Package.get(package_id)
    if package is None:
        return
    for resource in (_as_dict(item) for item in package.resources):
        if not loadable(resource):
            continue
        current = status.get(resource["id"])
        if current is not None and current.source == source_of(resource):
            if not resource["datastore_active"] and current.state == status.LOADED:
                # an applied revision carried the flag of before the load; saved with the dataset
                item = model.Resource.get(resource["id"])
                if item is not None:
                    item.extras = {**item.extras, "datastore_active": True}
            continue
        status.queued(resource["id"], source_of(resource))
        model.Session().info.setdefault(_QUEUE_KEY, set()).add(resource["id"])
