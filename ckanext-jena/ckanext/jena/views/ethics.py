"""Pages of the data-ethics checklist: the form of a dataset (answers, progress, verdict,
sign-offs) and the overview for data managers."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model
from flask import Blueprint, Response, request
from markupsafe import Markup, escape

from ckanext.jena import config
from ckanext.jena.current_user import action_context
from ckanext.jena.ethics import checklist, store
from ckanext.jena.release import revisions

ethics = Blueprint("jena_ethics", __name__)


def _answers_from_form(current: checklist.Checklist) -> dict[str, Any]:
    """Only the questions of the checklist are read from the form; empty fields are left out."""
    answers: dict[str, Any] = {}
    for question in current.questions:
        if question.type == "group":
            group = {
                sub.id: request.form.get(f"{question.id}.{sub.id}", "").strip()
                for sub in question.fields
                if not sub.metadata  # shown, not asked: the server takes it from the dataset
            }
            group = {key: value for key, value in group.items() if value}
            if group:
                answers[question.id] = group
            continue
        value = request.form.get(question.id, "").strip()
        if value:
            answers[question.id] = value
    return answers


def _messages(error: tk.ValidationError, current: checklist.Checklist) -> dict[str, list[str]]:
    """German messages keyed by question id (group fields fold into their question)."""
    result: dict[str, list[str]] = {}
    for key, value in (error.error_dict or {}).items():
        question_id = str(key).split(".")[0]
        items = value if isinstance(value, list) else [value]
        result.setdefault(question_id, []).extend(str(item) for item in items)
    return result


def _render(package: dict[str, Any], info: dict[str, Any], **extra: Any) -> str:
    return tk.render(
        "jena/ethics/form.html",
        {"pkg": package, "pkg_dict": package, "info": info, "checklist": checklist.current(), **extra},
    )


def _package(context: dict[str, Any], id: str) -> dict[str, Any]:
    """The dataset as the user may see it; for the data-protection and ethics roles, who read
    the checklist without belonging to the department, also a draft (they must see what they
    sign off). Call only after ``jena_checklist_show`` allowed the user in."""
    try:
        return tk.get_action("package_show")(dict(context), {"id": id})
    except (tk.NotAuthorized, tk.ObjectNotFound):  # an unreleased dataset answers like a missing one
        return tk.get_action("package_show")({**context, "ignore_auth": True}, {"id": id})


def form(id: str) -> Any:
    context = action_context()
    try:
        info = tk.get_action("jena_checklist_show")(dict(context), {"id": id})
        package = _package(context, id)
    except (tk.ObjectNotFound, tk.NotAuthorized):
        return tk.abort(404, tk._("Datensatz nicht gefunden."))
    if request.method == "GET":
        return _render(package, info, answers=info["answers"], errors={})
    current = checklist.current()
    answers = _answers_from_form(current)
    try:
        tk.get_action("jena_checklist_update")(dict(context), {"id": id, "answers": answers})
    except tk.NotAuthorized as error:
        return tk.abort(403, str(error))
    except tk.ValidationError as error:
        return _render(package, info, answers=answers, errors=_messages(error, current)), 400
    tk.h.flash_success(tk._("Die Antworten wurden gespeichert."))
    return tk.redirect_to("jena_ethics.form", id=package["name"])


def signoff(id: str) -> Any:
    context = action_context()
    data = {
        "id": id,
        "role": request.form.get("role", ""),
        "outcome": request.form.get("outcome", ""),
        "comment": request.form.get("comment", ""),
    }
    try:
        tk.get_action("jena_checklist_signoff")(dict(context), data)
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Datensatz nicht gefunden."))
    except tk.NotAuthorized as error:
        tk.h.flash_error(str(error))
    except tk.ValidationError as error:
        for value in (error.error_dict or {}).values():
            for message in value if isinstance(value, list) else [value]:
                tk.h.flash_error(str(message))
    else:
        tk.h.flash_success(tk._("Die Freigabe wurde gespeichert."))
    return tk.redirect_to("jena_ethics.form", id=id)


def overview() -> Any:
    try:
        result = tk.get_action("jena_checklist_overview")(action_context(), {})
    except tk.NotAuthorized:
        return tk.abort(403, tk._("Die Übersicht ist nur für Datenmanager:innen."))
    return tk.render("jena/ethics/overview.html", {"datasets": result["datasets"]})


_SAVING_VIEWS = {"": ("edit",), "_resource": ("new", "edit", "delete")}


def _saved_dataset() -> model.Package | None:
    """The dataset a successful save of the dataset or resource form changed, if any."""
    blueprint, _, view = (request.endpoint or "").partition(".")
    for dataset_type in config.release_dataset_types():
        for suffix, views in _SAVING_VIEWS.items():
            if blueprint == dataset_type + suffix and view in views and request.view_args:
                return model.Package.get(str(request.view_args.get("id") or ""))
    return None


@ethics.after_app_request
def saved_change_reopens_checklist(response: Response) -> Response:
    """Saving a change that the checklist's answers no longer cover (a replaced file, changed
    spatial or thematic detail) says so at once, with the way to the checklist; submitting
    is blocked until it is reviewed."""
    if request.method != "POST" or response.status_code not in (302, 303):
        return response
    package = _saved_dataset()
    if package is None or not store.is_stale(package.id, revisions.editable_version(package)):
        return response
    message = escape(
        tk._(
            "Ihre Änderung betrifft die Datenethik-Checkliste (Daten ersetzt oder räumliche bzw. thematische "
            "Angaben geändert). Bitte prüfen und speichern Sie die Checkliste erneut, bevor Sie den Datensatz "
            "einreichen."
        )
    )
    link = Markup('<a href="{url}">{label}</a>').format(
        url=tk.h.url_for("jena_ethics.form", id=package.name), label=tk._("Zur Datenethik-Checkliste")
    )
    tk.h.flash_notice(Markup("{} {}").format(message, link), allow_html=True)
    return response


ethics.add_url_rule("/dataset/<id>/ethik", view_func=form, endpoint="form", methods=["GET", "POST"])
ethics.add_url_rule("/dataset/<id>/ethik/freigabe", view_func=signoff, endpoint="signoff", methods=["POST"])
ethics.add_url_rule("/ethik/uebersicht", view_func=overview, endpoint="overview")
