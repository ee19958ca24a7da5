"""Template helpers of the quality score (exported by ``ckanext.jena.helpers``)."""

from __future__ import annotations

import logging
from typing import Any

import ckan.plugins.toolkit as tk

from . import assessment, labels

__all__ = [
    "jena_cockpit_allowed",
    "jena_digest_subscribed",
    "jena_freshness",
    "jena_freshness_state_label",
    "jena_quality",
    "jena_quality_band",
    "jena_responsible_person_options",
]

# Fields of the resource form; every other indicator is filled in the dataset form.
log = logging.getLogger(__name__)
_RESOURCE_FIELDS = frozenset({"url", "format", "mimetype"})


def _scorable(data: dict[str, Any]) -> dict[str, Any]:
    """The dataset form's data as ``package_show`` would give it (tags from the tag string)."""
    scorable = dict(data)
    if not scorable.get("tags") and scorable.get("tag_string"):
        text = scorable["tag_string"]
        names = text if isinstance(text, list) else str(text).split(",")
        scorable["tags"] = [{"name": name.strip()} for name in names if str(name).strip()]
    scorable["resources"] = [r for r in scorable.get("resources") or [] if isinstance(r, dict)]
    return scorable


def _href(pkg: dict[str, Any], item: dict[str, Any], in_form: bool) -> str | None:
    name = pkg.get("name") or pkg.get("id")
    field = item["field"]
    if not name:
        return f"#field-{field}" if field else None
    if field is None:
        # DCAT-AP compliance: the release page lists each finding of the shapes.
        if item["metric"] == "dcatApCompliance" and pkg.get("id"):
            return tk.h.url_for("jena_release.show", id=name)
        return None
    if field in _RESOURCE_FIELDS and item.get("resource_id"):
        return tk.h.url_for("resource.edit", id=name, resource_id=item["resource_id"]) + f"#field-{field}"
    if in_form:
        return f"#field-{field}"
    return tk.h.url_for(f"{pkg.get('type') or 'dataset'}.edit", id=name) + f"#field-{field}"


def jena_quality(pkg: dict[str, Any], in_form: bool = False, limit: int = 5) -> dict[str, Any] | None:
    """Score, band and the ``limit`` changes that raise the score most (each with a link to its field);
    None if the dataset cannot be scored (a half-filled form the serializer cannot read)."""
    from ckanext.jena.logic.action.quality import quality_dict

    data = _scorable(pkg)
    try:
        result = quality_dict(data, assessment.assess(data))
    except Exception:  # a display aid must never break the form or the dataset page
        log.exception("MQA score of %s failed", data.get("name") or data.get("id"))
        return None
    improvements = result["improvements"][:limit]
    for item in improvements:
        item["href"] = _href(data, item, in_form)
    result["improvements"] = improvements
    result["dimension_rows"] = [
        {"name": name, "label": labels.dimension_label(name), "points": points}
        for name, points in result["dimensions"].items()
    ]
    return result


def jena_quality_band(pkg: dict[str, Any]) -> dict[str, str] | None:
    """The public band of the dataset page (the page already shows only what the visitor may see)."""
    result = jena_quality(pkg, limit=0)
    if result is None:
        return None
    return {"band": result["band"], "label": result["band_label"], "score": str(result["score"])}


_STATES = {
    "current": lambda: tk._("aktuell"),
    "due_soon": lambda: tk._("bald fällig"),
    "overdue": lambda: tk._("überfällig"),
}


def jena_freshness_state_label(state: str) -> str:
    return _STATES[state]() if state in _STATES else state


def jena_freshness(pkg: dict[str, Any]) -> dict[str, Any] | None:
    """The public freshness line of a dataset page: promise, last data change, state."""
    from ckanext.jena.codelists import get_codelist

    from .freshness_index import of_dataset

    try:
        result = of_dataset(pkg)
    except Exception:
        log.exception("Freshness of %s failed", pkg.get("name"))
        return None
    frequencies = get_codelist("frequencies")
    code = frequencies.normalize(str(pkg.get("frequency") or ""))
    lang = tk.h.lang() or "de"
    return {
        **result.as_dict(),
        "frequency_label": frequencies.label(code, lang) if code else None,
        "state_label": jena_freshness_state_label(result.state),
        "last_change_date": tk.h.jena_date_long(result.last_change.date().isoformat()) if result.last_change else None,
    }


def jena_cockpit_allowed() -> bool:
    """Does the signed-in user see the data-management cockpit (the header link)?"""
    from ckan import model

    from .report import may_view

    if "jena_cockpit_allowed" not in tk.g:
        user = tk.current_user
        tk.g.jena_cockpit_allowed = isinstance(user, model.User) and may_view(user)
    return tk.g.jena_cockpit_allowed


def jena_responsible_person_options(data: dict[str, Any]) -> dict[str, Any]:
    """The choices of the form field "Verantwortliche Person" (per department its active editors
    and admins; the current value, the creator by default on create)."""
    from .responsible import form_options

    return form_options(data)


def jena_digest_subscribed(user_id: str) -> bool:
    """Does the user get the weekly data-management e-mail (the profile page's checkbox)?"""
    from .digest import is_subscribed

    return is_subscribed(user_id)
