"""Pages of the release workflow: the release page of a dataset, "Meine Aufgaben",
the audit-trail CSV exports and the public notice for withdrawn datasets."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan import authz, model
from flask import Blueprint, Response, request

from ckanext.jena import config
from ckanext.jena.current_user import action_context
from ckanext.jena.release import audit, clock, info, notifications, revisions, states, store
from ckanext.jena.views.page_support import validation_messages

release = Blueprint("jena_release", __name__)

SUCCESS = {
    states.SUBMIT: lambda: tk._("Der Datensatz wurde zur Prüfung eingereicht."),
    states.APPROVE: lambda: tk._("Der Datensatz wurde freigegeben."),
    states.REQUEST_CHANGES: lambda: tk._("Die Änderungswünsche sind gespeichert."),
    states.WITHDRAW: lambda: tk._("Der Datensatz wurde zurückgezogen."),
}
# Who learns of the transition, and where: a mail is only mentioned when one is really sent.
WHO_HEARS = {
    states.SUBMIT: lambda: tk._("Die Prüfer:innen sehen ihn unter „Aufgaben“."),
    states.REQUEST_CHANGES: lambda: tk._("Die Autor:innen sehen sie unter „Aufgaben“."),
}
# form field -> action parameter, per transition
FORM_FIELDS = {
    states.SUBMIT: ("comment",),
    states.APPROVE: ("comment", "release_at", "override_reason"),
    states.REQUEST_CHANGES: ("comment",),
    states.WITHDRAW: ("reason",),
}
CSV_EXPORT_LIMIT = 1000


def show(id: str) -> str:
    context = action_context()
    try:
        pkg = tk.get_action("package_show")(dict(context), {"id": id})
        info = tk.get_action("jena_release_show")(dict(context), {"id": id, "include_gates": True})
        history = tk.get_action("jena_release_audit_list")(dict(context), {"id": id, "limit": 200})
    except (tk.ObjectNotFound, tk.NotAuthorized):
        return tk.abort(404, tk._("Datensatz nicht gefunden."))
    if "allowed_actions" not in info:
        return tk.abort(404, tk._("Datensatz nicht gefunden."))
    # The score panel judges what is up for release: the pending revision if there is one.
    proposed = revisions.for_edit(pkg["id"], context)
    return tk.render(
        "jena/release/show.html",
        {
            "pkg": pkg,
            "pkg_dict": pkg,
            "dataset_type": pkg["type"],
            "release": info,
            "history": history["results"],
            "quality_pkg": {**pkg, **proposed} if proposed else pkg,
        },
    )


def _success_message(action: str) -> str:
    parts = [SUCCESS[action]()]
    if action in WHO_HEARS:
        parts.append(WHO_HEARS[action]())
        if notifications.mail_enabled():
            parts.append(tk._("Zusätzlich geht eine E-Mail-Benachrichtigung an sie."))
    return " ".join(parts)


def transition(id: str, action: str) -> Any:
    if action not in FORM_FIELDS:
        return tk.abort(404, tk._("Unbekannte Aktion."))
    data = {"id": id}
    for name in FORM_FIELDS[action]:
        value = request.form.get(name, "").strip()
        if value:
            data[name] = value
    try:
        tk.get_action(f"jena_release_{action}")(action_context(), data)
    except tk.ValidationError as error:
        for message in validation_messages(error, ignore=("current_state", "allowed_actions")):
            tk.h.flash_error(message)
    except tk.NotAuthorized as error:
        tk.h.flash_error(str(error) or tk._("Dazu sind Sie nicht berechtigt."))
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Datensatz nicht gefunden."))
    else:
        tk.h.flash_success(_success_message(action))
    return tk.h.redirect_to("jena_release.show", id=id)


def tasks() -> str:
    context = action_context()
    try:
        review = tk.get_action("jena_release_queue")(dict(context), {"task": "review", "limit": 200})
        author = tk.get_action("jena_release_queue")(dict(context), {"task": "author", "limit": 200})
    except tk.NotAuthorized:
        return tk.abort(403, tk._("Bitte melden Sie sich an, um Ihre Aufgaben zu sehen."))
    counts = [
        {"state": state, "label": states.state_label(state), "count": review["counts"][state]}
        for state in states.ALL_STATES
    ]
    news = audit.event_dicts(info.news(tk.current_user))  # type: ignore[arg-type]
    return tk.render(
        "jena/release/tasks.html",
        {
            "review": review,
            "author": author,
            "counts": counts,
            "news": news,
            "mail_enabled": notifications.mail_enabled(),
        },
    )


def _csv_response(events: list[dict[str, Any]], filename: str) -> Response:
    return Response(
        "\ufeff" + audit.to_csv(events),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "private, no-store"},
    )


def dataset_history_csv(id: str) -> Any:
    try:
        history = tk.get_action("jena_release_audit_list")(action_context(), {"id": id, "limit": CSV_EXPORT_LIMIT})
    except (tk.ObjectNotFound, tk.NotAuthorized):
        return tk.abort(404, tk._("Datensatz nicht gefunden."))
    package = model.Package.get(id)
    return _csv_response(history["results"], f"pruefverlauf-{package.name if package else id}.csv")


def organization_history_csv(id: str) -> Any:
    try:
        history = tk.get_action("jena_release_audit_list")(
            action_context(), {"organization": id, "limit": CSV_EXPORT_LIMIT}
        )
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Fachbereich nicht gefunden."))
    except tk.NotAuthorized:
        return tk.abort(403, tk._("Der Prüfverlauf ist nur für den Fachbereich und die Datenmanager:innen sichtbar."))
    organization = model.Group.get(id)
    return _csv_response(history["results"], f"pruefverlauf-{organization.name if organization else id}.csv")


@release.before_app_request
def withdrawn_notice() -> Any:
    """The page of a withdrawn dataset tells the public that (and since when) it was
    withdrawn — 410 Gone, nothing else about it. The department still sees the dataset."""
    endpoint = request.endpoint or ""
    blueprint, _, view = endpoint.partition(".")
    if view != "read" or blueprint not in config.release_dataset_types() or not request.view_args:
        return None
    package = model.Package.get(str(request.view_args.get("id") or ""))
    if package is None or package.state != "active":
        return None
    record = store.get(package.id)
    if record is None or record.state != states.WITHDRAWN:
        return None
    if authz.is_authorized("package_show", action_context(), {"id": package.id}).get("success"):  # type: ignore[arg-type]
        return None
    body = tk.render(
        "jena/release/withdrawn.html", {"name": package.name, "withdrawn_at": clock.isoformat(record.withdrawn_at)}
    )
    return Response(body, status=410)


@release.after_app_request
def finished_form_leads_to_release(response: Response) -> Response:
    """The last button of the resource step ("Speichern und weiter zur Freigabe") leads to the
    release page with the next step, not back to a dataset page that says nothing about it."""
    endpoint = request.endpoint or ""
    blueprint, _, view = endpoint.partition(".")
    if (
        request.method != "POST"
        or view != "new"
        or not blueprint.endswith("_resource")
        or blueprint.removesuffix("_resource") not in config.release_dataset_types()
        or request.form.get("save") != "go-metadata"
        or response.status_code not in (302, 303)
        or not request.view_args
    ):
        return response
    package = model.Package.get(str(request.view_args.get("id") or ""))
    if package is None or not response.location or not response.location.rstrip("/").endswith(f"/{package.name}"):
        return response
    response.location = tk.h.url_for("jena_release.show", id=package.name)
    tk.h.flash_success(
        tk._("Gespeichert. Prüfen Sie hier, was noch fehlt, und reichen Sie den Datensatz zur Prüfung ein.")
    )
    return response


@release.after_app_request
def saved_change_says_what_happens(response: Response) -> Response:
    """After saving a change to a published dataset the page still shows the approved version;
    say that the change is saved and what it needs before it becomes public."""
    blueprint, _, view = (request.endpoint or "").partition(".")
    if (
        request.method != "POST"
        or view != "edit"
        or blueprint not in config.release_dataset_types()
        or response.status_code not in (302, 303)
        or not request.view_args
    ):
        return response
    package = model.Package.get(str(request.view_args.get("id") or ""))
    record = store.get(package.id) if package is not None else None
    if record is not None and record.state in states.REVISION_STATES:
        tk.h.flash_success(
            tk._(
                "Ihre Änderung ist gespeichert. Öffentlich bleibt die bisherige Fassung sichtbar, bis Sie die "
                "Änderung zur Prüfung einreichen und sie freigegeben wird."
            )
        )
    return response


release.add_url_rule("/aufgaben", view_func=tasks, endpoint="tasks")
release.add_url_rule("/dataset/<id>/freigabe", view_func=show, endpoint="show")
release.add_url_rule("/dataset/<id>/freigabe/<action>", view_func=transition, endpoint="transition", methods=["POST"])
release.add_url_rule(
    "/dataset/<id>/freigabe/verlauf.csv", view_func=dataset_history_csv, endpoint="dataset_history_csv"
)
release.add_url_rule(
    "/organization/<id>/freigabe/verlauf.csv", view_func=organization_history_csv, endpoint="organization_history_csv"
)
