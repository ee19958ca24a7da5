"""German texts of the checklist's problems and roles (English through the i18n catalog)."""

from __future__ import annotations

import ckan.plugins.toolkit as tk


def role_label(role: str) -> str:
    labels = {"data_protection": tk._("Datenschutz"), "ethics": tk._("Datenethik")}
    return labels.get(role, role)


def problem_message(code: str) -> str:
    messages = {
        "missing": tk._("Die Datenethik-Checkliste ist nicht ausgefüllt."),
        "outdated_version": tk._(
            "Die Checkliste wurde für eine ältere Fassung der Fragen beantwortet; bitte prüfen und erneut speichern."
        ),
        "outdated_age": tk._("Die Antworten der Checkliste sind veraltet; bitte prüfen und erneut speichern."),
        "changed": tk._(
            "Seit der Beantwortung wurden Ressourcen ersetzt oder Felder mit Bezug zu personenbezogenen Daten "
            "geändert; bitte die Checkliste prüfen und erneut speichern."
        ),
    }
    return messages[code]


def signoff_problem(role: str, *, rejected: bool) -> str:
    if rejected:
        return tk._("Die Freigabe durch „{role}“ wurde abgelehnt.").format(role=role_label(role))
    return tk._("Die Freigabe durch „{role}“ fehlt noch.").format(role=role_label(role))
