"""The information pages BITV 2.0 asks for (``info_pages``): shown to everyone, edited by sysadmins."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan import authz
from flask import Blueprint, request

from ckanext.jena.info_pages import PAGES, InfoPage, InfoPageError, checked_text, page_text, save_text, stored_text

info_pages = Blueprint("jena_info_pages", __name__)


def _show(page: InfoPage) -> str:
    text, language = page_text(page, tk.h.lang())
    return tk.render(
        "jena/info_pages/page.html",
        {"page": page, "text": text, "text_language": language, "can_edit": authz.is_sysadmin(tk.g.user)},
    )


def _edit(page: InfoPage) -> Any:
    if not authz.is_sysadmin(tk.g.user):
        return tk.abort(
            403, tk._("Nur Administratorinnen und Administratoren des Portals können diese Seite bearbeiten.")
        )
    texts = {lang: stored_text(page, lang) for lang in page.languages}
    errors: dict[str, str] = {}
    if request.method == "POST":
        texts = {lang: str(request.form.get(f"text_{lang}", "")) for lang in page.languages}
        for lang, text in texts.items():
            try:
                checked_text(page, lang, text)
            except InfoPageError as error:
                errors[lang] = str(error)
        if not errors:  # all languages or none: nothing half-saved
            for lang, text in texts.items():
                save_text(page, lang, text)
            tk.h.flash_success(tk._("Die Seite wurde gespeichert."))
            return tk.redirect_to(f"jena_info_pages.{page.endpoint}")
    return tk.render("jena/info_pages/edit.html", {"page": page, "texts": texts, "errors": errors})


def _register(page: InfoPage) -> None:
    info_pages.add_url_rule(f"/{page.slug}", page.endpoint, lambda: _show(page))
    info_pages.add_url_rule(
        f"/{page.slug}/bearbeiten", f"edit_{page.endpoint}", lambda: _edit(page), methods=["GET", "POST"]
    )


for _page in PAGES.values():
    _register(_page)
