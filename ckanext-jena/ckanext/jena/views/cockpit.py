"""The data-management cockpit ``/datenmanagement`` (issue 16): key figures, the chart of the
daily snapshots and the lists of what needs doing, sorted by urgency and paged (``seite_<list>``),
each row with its action; CSV and XLSX export of the report. One call of the action gives the
figures and a page of every list (filtered, sorted and paged in the database).

Thin: the report comes from the action ``jena_quality_report`` (who sees what is decided there).
"""

from __future__ import annotations

import csv
import io
from typing import Any

import ckan.plugins.toolkit as tk
from ckan import authz, model
from flask import Blueprint, Response

from ckanext.jena.quality import labels, report, snapshots, xlsx
from ckanext.jena.release import clock

cockpit = Blueprint("jena_cockpit", __name__)

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


PER_PAGE = 25


def _context() -> dict[str, Any]:
    user = tk.current_user
    if user.is_anonymous:
        tk.abort(403, tk._("Bitte melden Sie sich an, um das Datenmanagement zu sehen."))
    return {"user": user.name, "auth_user_obj": user}


def _report(**data: Any) -> dict[str, Any]:
    """The report for the signed-in user and the ``organization`` asked for (else an error page)."""
    context = _context()
    try:
        return tk.get_action("jena_quality_report")(context, data)
    except tk.ObjectNotFound:
        tk.abort(404, tk._("Fachbereich nicht gefunden."))
    except tk.ValidationError:
        tk.abort(409, tk._("Bitte wählen Sie einen Fachbereich aus der Liste."))
    except tk.NotAuthorized:
        tk.abort(
            403,
            tk._("Das Datenmanagement sehen nur das zentrale Datenteam und die Bearbeiter:innen des Fachbereichs."),
        )


def _organization() -> str | None:
    return (tk.request.args.get("organization") or "").strip() or None


def _scope_args(organization: str | None) -> dict[str, Any]:
    return {"organization": organization} if organization else {}


def _page_number(kind: str) -> int:
    value = tk.request.args.get(f"seite_{kind}", "")
    return int(value) if value.isdigit() and 0 < int(value) < 100000 else 1


def _lists(data: dict[str, Any], numbers: dict[str, int]) -> dict[str, dict[str, Any]]:
    """The work lists of the report, each with its page number and number of pages."""
    lists = {}
    for kind in report.LISTS:
        listing = data["lists"][kind]
        pages = max(1, -(-listing["total"] // PER_PAGE))
        lists[kind] = {"rows": listing["datasets"], "total": listing["total"], "page": numbers[kind], "pages": pages}
    return lists


def _editable(lists: dict[str, dict[str, Any]]) -> set[str]:
    """The ids of the listed datasets the viewer may edit (the row actions): CKAN's
    ``package_update`` auth asked once per department, and per dataset only where a
    collaborator's right could differ from the department's."""
    per_department: dict[str, bool] = {}
    collaborators = authz.check_config_permission("allow_dataset_collaborators")
    editable = set()
    for listing in lists.values():
        for row in listing["rows"]:
            department = row["organization"]["id"]
            if department not in per_department:
                per_department[department] = tk.h.check_access("package_update", {"id": row["id"]})
            if per_department[department] or (collaborators and tk.h.check_access("package_update", {"id": row["id"]})):
                editable.add(row["id"])
    return editable


def _filter_options(user: Any) -> list[dict[str, str]]:
    scope = report.viewer_scope(user if isinstance(user, model.User) else None, None)
    if scope is None:
        return []
    return [{"value": org.name, "text": org.title or org.name} for org in scope.organizations]


def page() -> Any:
    organization = _organization()
    numbers = {kind: _page_number(kind) for kind in report.LISTS}
    data = _report(
        **_scope_args(organization),
        datasets=False,
        lists={kind: (number - 1) * PER_PAGE for kind, number in numbers.items()},
        list_limit=PER_PAGE,
    )
    options = _filter_options(tk.current_user)
    bands = [
        {"band": band, "label": labels.band_label(band), "count": data["counts"]["bands"][band]}
        for band in report.BANDS
    ]
    lists = _lists(data, numbers)
    return tk.render(
        "jena/quality/cockpit.html",
        {
            "report": data,
            "lists": lists,
            "editable": _editable(lists),
            "bands": bands,
            "filter_options": options,
            "selected": data["organizations"][0]["name"] if organization else None,
            "chart": snapshots.series([org["id"] for org in data["organizations"]]),
        },
    )


def _cell(value: Any) -> str:
    """A CSV cell a spreadsheet does not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _yes(value: bool) -> str:
    return tk._("ja") if value else tk._("nein")


def table(rows: list[dict[str, Any]]) -> list[list[Any]]:
    """The report as a table (header, then one row per dataset) for the CSV and the XLSX export."""
    lines: list[list[Any]] = [
        [
            tk._("Organization"),
            tk._("Name"),
            tk._("Title"),
            tk._("Qualitätsstufe"),
            tk._("Punkte"),
            tk._("Aktualität"),
            tk._("Überfällig seit (Tagen)"),
            tk._("Defekte Links"),
            tk._("Zuständigkeit"),
            tk._("Freigabestatus"),
            tk._("Wartet auf Prüfung seit (Tagen)"),
            tk._("Datenethik-Checkliste veraltet"),
            tk._("Embargo endet bald"),
            tk._("Verantwortliche Person"),
            tk._("Aufrufe (30 Tage)"),
            tk._("Downloads (30 Tage)"),
        ]
    ]
    yes, no = _yes(True), _yes(False)
    for row in rows:
        quality = row["quality"] or {}
        fresh = row["freshness"]
        lines.append(
            [
                row["organization"]["title"] or row["organization"]["name"],
                row["name"],
                row["title"],
                quality.get("band_label", ""),
                quality.get("score", ""),
                fresh["state_label"] if fresh["state"] != "none" else "",
                fresh["overdue_days"] if fresh["state"] == "overdue" else "",
                row["broken_links"],
                row["responsibility"]["label"],
                row["release"]["label"],
                row["review_waiting_days"] if row["release"]["submitted_at"] and row["review_waiting_days"] else "",
                yes if row["ethics_outdated"] else no,
                yes if row["embargo_due"] else no,
                (row["responsibility"].get("person") or {}).get("display_name", ""),
                *((row["usage"] or {}).get(key, "") for key in ("views", "downloads")),
            ]
        )
    return lines


def to_csv(rows: list[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows([_cell(value) for value in line] for line in table(rows))
    return buffer.getvalue()


def _file_name(data: dict[str, Any], organization: str | None, suffix: str) -> str:
    department = data["organizations"][0]["name"] if organization else "alle"
    return f"datenmanagement-{department}-{clock.now().date().isoformat()}.{suffix}"


def _export() -> tuple[dict[str, Any], str | None]:
    organization = _organization()
    return _report(**_scope_args(organization), summary=False), organization


def export_csv() -> Any:
    data, organization = _export()
    name = _file_name(data, organization, "csv")
    return Response(
        "\ufeff" + to_csv(data["datasets"]),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "private, no-store"},
    )


def export_xlsx() -> Any:
    data, organization = _export()
    name = _file_name(data, organization, "xlsx")
    return Response(
        xlsx.workbook(table(data["datasets"]), tk._("Datenmanagement")),
        mimetype=xlsx.MIMETYPE,
        headers={"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "private, no-store"},
    )


cockpit.add_url_rule("/datenmanagement", view_func=page, endpoint="page")
cockpit.add_url_rule("/datenmanagement.csv", view_func=export_csv, endpoint="csv")
cockpit.add_url_rule("/datenmanagement.xlsx", view_func=export_xlsx, endpoint="xlsx")
