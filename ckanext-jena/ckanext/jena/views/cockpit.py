"""The data-management cockpit ``/datenmanagement`` (issue 16): key figures, the chart of the
daily snapshots and the lists of what needs doing, sorted by urgency, each row with its action;
CSV and XLSX export of the report.

Thin: the report comes from the action ``jena_quality_report`` (who sees what is decided there).
"""

from __future__ import annotations

import csv
import io
from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model
from flask import Blueprint, Response

from ckanext.jena.quality import labels, report, snapshots, xlsx
from ckanext.jena.release import clock

cockpit = Blueprint("jena_cockpit", __name__)

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _load() -> tuple[dict[str, Any], str | None]:
    """The report for the signed-in user and the ``organization`` asked for (else an error page)."""
    user = tk.current_user
    if user.is_anonymous:
        tk.abort(403, tk._("Bitte melden Sie sich an, um das Datenmanagement zu sehen."))
    organization = (tk.request.args.get("organization") or "").strip() or None
    data = {"organization": organization} if organization else {}
    context: dict[str, Any] = {"user": user.name, "auth_user_obj": user}
    try:
        return tk.get_action("jena_quality_report")(context, data), organization
    except tk.ObjectNotFound:
        tk.abort(404, tk._("Fachbereich nicht gefunden."))
    except tk.ValidationError:
        tk.abort(409, tk._("Bitte wählen Sie einen Fachbereich aus der Liste."))
    except tk.NotAuthorized:
        tk.abort(
            403,
            tk._("Das Datenmanagement sehen nur das zentrale Datenteam und die Bearbeiter:innen des Fachbereichs."),
        )


def _lists(rows: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """The work lists, each sorted by urgency."""
    responsibility_order = {state: rank for rank, state in enumerate(report.RESPONSIBILITY_STATES[1:])}
    return {
        "overdue": sorted(
            (r for r in rows if r["freshness"]["state"] == "overdue"),
            key=lambda r: (-r["freshness"]["overdue_days"], r["name"]),
        ),
        "broken": sorted((r for r in rows if r["broken_links"]), key=lambda r: (-r["broken_links"], r["name"])),
        "reviews": sorted(
            (r for r in rows if r["review_overdue"]), key=lambda r: (-r["review_waiting_days"], r["name"])
        ),
        "ethics": sorted((r for r in rows if r["ethics_outdated"]), key=lambda r: (r["ethics_updated_at"], r["name"])),
        "embargo": sorted((r for r in rows if r["embargo_due"]), key=lambda r: (r["release"]["release_at"], r["name"])),
        "responsibility": sorted(
            (r for r in rows if r["responsibility"]["state"] in responsibility_order),
            key=lambda r: (responsibility_order[r["responsibility"]["state"]], r["name"]),
        ),
    }


def _filter_options(user: Any) -> list[dict[str, str]]:
    scope = report.viewer_scope(user if isinstance(user, model.User) else None, None)
    if scope is None:
        return []
    return [{"value": org.name, "text": org.title or org.name} for org in scope.organizations]


def page() -> Any:
    data, organization = _load()
    options = _filter_options(tk.current_user)
    bands = [
        {"band": band, "label": labels.band_label(band), "count": data["counts"]["bands"][band]}
        for band in report.BANDS
    ]
    return tk.render(
        "jena/quality/cockpit.html",
        {
            "report": data,
            "lists": _lists(data["datasets"]),
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
                _yes(row["ethics_outdated"]),
                _yes(row["embargo_due"]),
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


def export_csv() -> Any:
    data, organization = _load()
    name = _file_name(data, organization, "csv")
    return Response(
        "\ufeff" + to_csv(data["datasets"]),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "private, no-store"},
    )


def export_xlsx() -> Any:
    data, organization = _load()
    name = _file_name(data, organization, "xlsx")
    return Response(
        xlsx.workbook(table(data["datasets"]), tk._("Datenmanagement")),
        mimetype=xlsx.MIMETYPE,
        headers={"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "private, no-store"},
    )


cockpit.add_url_rule("/datenmanagement", view_func=page, endpoint="page")
cockpit.add_url_rule("/datenmanagement.csv", view_func=export_csv, endpoint="csv")
cockpit.add_url_rule("/datenmanagement.xlsx", view_func=export_xlsx, endpoint="xlsx")
