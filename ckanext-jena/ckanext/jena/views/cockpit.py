"""The data-management cockpit ``/datenmanagement`` (issue 16): key figures and the lists of
what needs doing, sorted by urgency, each row with its action; CSV export of the report.

Thin: the report comes from the action ``jena_quality_report`` (who sees what is decided there).
"""

from __future__ import annotations

import csv
import io
from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model
from flask import Blueprint, Response

from ckanext.jena.quality import labels, report
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
        },
    )


def _cell(value: Any) -> str:
    """A CSV cell a spreadsheet does not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _yes(value: bool) -> str:
    return tk._("ja") if value else tk._("nein")


def to_csv(rows: list[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(
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
    )
    for row in rows:
        quality = row["quality"] or {}
        fresh = row["freshness"]
        writer.writerow(
            [
                _cell(v)
                for v in (
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
                )
            ]
        )
    return buffer.getvalue()


def export_csv() -> Any:
    data, organization = _load()
    department = data["organizations"][0]["name"] if organization else "alle"
    name = f"datenmanagement-{department}-{clock.now().date().isoformat()}.csv"
    return Response(
        "\ufeff" + to_csv(data["datasets"]),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "private, no-store"},
    )


cockpit.add_url_rule("/datenmanagement", view_func=page, endpoint="page")
cockpit.add_url_rule("/datenmanagement.csv", view_func=export_csv, endpoint="csv")
