"""Information pages BITV 2.0 asks for: the accessibility statement ("Erklärung zur
Barrierefreiheit"), the portal explained in Leichte Sprache and in Gebärdensprache.

Each page is Markdown, editable by sysadmins, and kept per language in CKAN's ``system_info``
table (so every web worker shows the same text at once). Until a sysadmin saves a text, the
portal's default text (``templates/jena/info_pages/<slug>.<lang>.md``) is shown; saving an empty
text returns to it. Leichte Sprache and Gebärdensprache are German by nature: they have no
English text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.jena import config

__all__ = ["MAX_LENGTH", "PAGES", "InfoPage", "InfoPageError", "checked_text", "page_text", "save_text"]

MAX_LENGTH = 20_000
_DEFAULTS = Path(__file__).parent / "templates" / "jena" / "info_pages"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
STATEMENT_ENFORCEMENT_URL = "https://tlmb-thueringen.de/themen/barrierefreiheit/landesdurchsetzungsstelle"


@dataclass(frozen=True)
class InfoPage:
    slug: str
    endpoint: str
    languages: tuple[str, ...]

    def title(self) -> str:
        return {
            "barrierefreiheit": tk._("Erklärung zur Barrierefreiheit"),
            "leichte-sprache": tk._("Leichte Sprache"),
            "gebaerdensprache": tk._("Gebärdensprache"),
        }[self.slug]

    def key(self, lang: str) -> str:
        return f"ckanext.jena.info_page.{self.slug}.{lang}"


PAGES: dict[str, InfoPage] = {
    page.slug: page
    for page in (
        InfoPage("barrierefreiheit", "statement", ("de", "en")),
        InfoPage("leichte-sprache", "easy_language", ("de",)),
        InfoPage("gebaerdensprache", "sign_language", ("de",)),
    )
}


class InfoPageError(ValueError):
    """A text that cannot be saved; the message is in the request's language."""


def default_text(page: InfoPage, lang: str) -> str:
    template = (_DEFAULTS / f"{page.slug}.{lang}.md").read_text(encoding="utf-8")
    return (
        template.replace("{kontakt}", config.contact_url())
        .replace("{portal}", tk.config.get("ckan.site_title") or "Offene Daten Jena")
        .replace("{adresse}", tk.config.get("ckan.site_url") or "")
        .replace("{durchsetzungsstelle}", STATEMENT_ENFORCEMENT_URL)
    )


def stored_text(page: InfoPage, lang: str) -> str:
    return model.get_system_info(page.key(lang)) or ""


def page_text(page: InfoPage, lang: str) -> tuple[str, str]:
    """(Markdown, language it is in): the saved text, else the default; German where the page
    has no text in ``lang``."""
    language = lang if lang in page.languages else "de"
    return stored_text(page, language) or default_text(page, language), language


def checked_text(page: InfoPage, lang: str, text: str) -> str:
    """The text as it would be saved (line breaks normalised, trimmed), or :class:`InfoPageError`."""
    if lang not in page.languages:
        raise InfoPageError(tk._("Diese Seite hat keinen Text in der Sprache „{lang}“.").format(lang=lang))
    text = text.replace("\r\n", "\n").strip()
    if len(text) > MAX_LENGTH:
        raise InfoPageError(
            tk._("Der Text ist zu lang ({length} Zeichen, höchstens {limit}).").format(
                length=len(text), limit=MAX_LENGTH
            )
        )
    found = _CONTROL.search(text)
    if found:
        raise InfoPageError(
            tk._("Der Text enthält ein Steuerzeichen ({character}); bitte entfernen.").format(
                character=repr(found.group())
            )
        )
    return text


def save_text(page: InfoPage, lang: str, text: str) -> None:
    """Save (or, when empty, reset to the default) one language's text; refuses before writing."""
    text = checked_text(page, lang, text)
    if text:
        model.set_system_info(page.key(lang), text)
    else:
        model.delete_system_info(page.key(lang))
