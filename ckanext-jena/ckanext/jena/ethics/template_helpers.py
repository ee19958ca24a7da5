"""Template helpers of the data-ethics checklist (registered through ``helpers.py``)."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.jena.ethics import checklist, messages, roles, summary
from ckanext.jena.release import roles as release_roles


def jena_ethics_public_summary(package_id: str) -> dict[str, Any] | None:
    return summary.public_summary(package_id)


def jena_ethics_can_read(package_id: str) -> bool:
    user = tk.current_user
    package = model.Package.get(package_id)
    if package is None or user.is_anonymous:
        return False
    return roles.can_read(release_roles.user_from_context({"user": user.name}), package)


def jena_ethics_role_label(role: str) -> str:
    return messages.role_label(role)


def jena_ethics_roles_text(role_names: list[str]) -> str:
    labels = {summary.REVIEWER_ROLE: tk._("Datenmanagement (Vier-Augen-Prinzip)")}
    return ", ".join(labels.get(role) or messages.role_label(role) for role in role_names)


def jena_ethics_text(texts: dict[str, str]) -> str:
    """A bilingual text of the checklist (question, help, option) in the page's language."""
    return checklist.localized(texts)


def jena_ethics_metadata_text(sub: checklist.Field, value: Any) -> str:
    """A group field's value that comes from the metadata, labelled by its code list if it has one."""
    if not isinstance(value, str) or not value:
        return ""
    return tk.h.jena_codelist_label(sub.codelist, value) if sub.codelist else value


def jena_ethics_answer_text(question: checklist.Question, value: Any) -> str:
    """An answer as text in the page's language (read-only view of the checklist)."""
    if value in (None, "", {}):
        return "–"
    if question.type == "choice":
        return checklist.option_label(question, str(value))
    if question.type == "group" and isinstance(value, dict):
        parts = []
        for sub in question.fields:
            if value.get(sub.id):
                shown = value[sub.id]
                if sub.type == "choice":
                    shown = next((checklist.localized(o.label) for o in sub.options if o.value == shown), shown)
                elif sub.metadata:
                    shown = jena_ethics_metadata_text(sub, shown)
                parts.append(f"{checklist.localized(sub.label)}: {shown}")
        return "; ".join(parts) or "–"
    return str(value)


__all__ = [
    "jena_ethics_answer_text",
    "jena_ethics_can_read",
    "jena_ethics_metadata_text",
    "jena_ethics_public_summary",
    "jena_ethics_role_label",
    "jena_ethics_roles_text",
    "jena_ethics_text",
]
