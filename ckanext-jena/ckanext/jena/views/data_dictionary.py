"""The data dictionary page of a table (CKAN's ``datastore.dictionary`` route, our view).

CKAN's own view writes with ``datastore_create``, which the write guard refuses for published
datasets (their tables change only through review), so the department could not describe the
columns of a published table at all; and it offers a "type override" our loader does not read.
This view saves through ``jena_data_dictionary_update``: directly for a dataset not yet
released, as part of the pending revision for a published one. It takes over CKAN's endpoint
(``install``), so every link CKAN's templates draw to the dictionary leads here.
"""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model
from flask import Flask, request

from ckanext.jena.current_user import action_context
from ckanext.jena.release import visibility
from ckanext.jena.tables import dictionary
from ckanext.jena.views.page_support import package_and_resource, validation_messages

ENDPOINT = "datastore.dictionary"

__all__ = ["install", "page"]


def _form_fields(entries: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[str]]:
    """The posted texts per column, matched by the hidden column id of each row."""
    given, errors = [], []
    for position, entry in enumerate(entries):
        if request.form.get(f"id__{position}") != entry["id"]:
            errors.append(tk._("Die Spalten der Tabelle haben sich geändert; bitte laden Sie die Seite neu."))
            break
        given.append(
            {
                "id": entry["id"],
                "label": request.form.get(f"label__{position}", ""),
                "notes": request.form.get(f"notes__{position}", ""),
            }
        )
    return given, errors


def page(id: str, resource_id: str) -> Any:
    context = action_context()
    pkg, resource = package_and_resource(id, resource_id)
    try:
        tk.check_access("jena_data_dictionary_update", dict(context), {"resource_id": resource_id})
    except tk.NotAuthorized:
        return tk.abort(403, tk._("Nur der Fachbereich des Datensatzes bearbeitet sein Datenwörterbuch."))
    package = model.Package.get(pkg["id"])
    assert package is not None
    entries = dictionary.entries_of(resource_id)
    errors: list[str] = []
    if entries is not None and request.method == "POST":
        given, errors = _form_fields(entries)
        if not errors:
            try:
                result = tk.get_action("jena_data_dictionary_update")(
                    dict(context), {"resource_id": resource_id, "fields": given}
                )
            except tk.ValidationError as error:
                errors = validation_messages(error)
            else:
                if result["state"] == dictionary.PENDING:
                    tk.h.flash_success(
                        tk._(
                            "Die Änderung am Datenwörterbuch ist Teil der ausstehenden Überarbeitung; "
                            "öffentlich wird sie erst nach Prüfung und Freigabe."
                        )
                    )
                else:
                    tk.h.flash_success(tk._("Das Datenwörterbuch ist gespeichert."))
                return tk.redirect_to(ENDPOINT, id=pkg["name"], resource_id=resource_id)
        if errors:
            values = {entry["id"]: entry for entry in given}
            entries = [{**entry, **values.get(entry["id"], {})} for entry in entries]
    elif entries is not None:
        pending = {entry["id"]: entry for entry in dictionary.pending_entries(package, resource_id) or []}
        entries = [{**entry, **pending.get(entry["id"], {})} for entry in entries]
    tk.g.pkg_dict, tk.g.resource = pkg, resource
    html = tk.render(
        "jena/tables/dictionary.html",
        {
            "pkg_dict": pkg,
            "resource": resource,
            "entries": entries,
            "errors": errors,
            "published": visibility.is_managed(package) and visibility.is_public(package),
            "has_pending": dictionary.pending_entries(package, resource_id) is not None,
        },
    )
    return (html, 400) if errors else html


def install(app: Flask) -> None:
    """Our view answers CKAN's dictionary route (GET shows, POST saves)."""
    if ENDPOINT in app.view_functions:
        app.view_functions[ENDPOINT] = page
