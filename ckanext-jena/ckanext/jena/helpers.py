"""Template helpers (all named ``jena_*``), registered through ``tk.blanket.helpers``."""

from __future__ import annotations

import logging
from typing import Any

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan.lib.search import SearchError

from ckanext.jena import config
from ckanext.jena.codelists import get_codelist

__all__ = [
    "jena_city_name",
    "jena_home_overview",
    "jena_language_links",
    "jena_legal_links",
    "jena_most_used_datasets",
    "jena_newest_datasets",
]

log = logging.getLogger(__name__)


def jena_city_name() -> str:
    """Name of the city the portal belongs to (``ckanext.jena.portal.city_name``)."""
    return config.city_name()


# Look and language: footer, header and home page ------------------------------------------

# Icons (Font Awesome, shipped with CKAN) for the EU data themes of the code list
# ``data_themes``, in the order the home page shows them: most asked-for topics first.
DATA_THEME_ICONS: dict[str, str] = {
    "SOCI": "fa-people-group",
    "TRAN": "fa-bus",
    "ENVI": "fa-leaf",
    "REGI": "fa-city",
    "EDUC": "fa-graduation-cap",
    "GOVE": "fa-landmark",
    "ECON": "fa-chart-line",
    "HEAL": "fa-heart-pulse",
    "ENER": "fa-bolt",
    "JUST": "fa-scale-balanced",
    "TECH": "fa-flask",
    "AGRI": "fa-wheat-awn",
    "INTR": "fa-globe",
}


def jena_legal_links() -> list[dict[str, str]]:
    """Footer links every page of a public body's portal needs (configurable addresses)."""
    return [
        {"label": tk._("Legal notice"), "url": config.imprint_url()},
        {"label": tk._("Privacy"), "url": config.privacy_url()},
        {"label": tk._("Accessibility"), "url": config.accessibility_url()},
        {"label": tk._("Contact"), "url": config.contact_url()},
    ]


def jena_language_links() -> list[dict[str, Any]]:
    """The offered languages as links to the current page in that language.

    Each entry has ``code`` (BCP 47), ``name`` (the language's own name), ``url`` and
    ``current``; plain links instead of CKAN's JavaScript select box, so switching the
    language works with a keyboard, a screen reader and without JavaScript.
    """
    current = tk.h.lang()
    links = []
    for locale in tk.h.get_available_locales():
        code = locale.short_name
        links.append(
            {
                "code": code.replace("_", "-"),
                "name": (locale.display_name or locale.english_name).capitalize(),
                "url": tk.h.url_for(tk.h.current_url(), locale=code),
                "current": code == current,
            }
        )
    return links


def _public_search(data_dict: dict[str, Any]) -> dict[str, Any] | None:
    """``package_search`` over public datasets only, whoever is logged in.

    The home page shows the same numbers and lists to everyone, so it never includes the
    private datasets a department member could otherwise see. Returns ``None`` when the
    search service cannot answer (the page then renders without the lists).
    """
    try:
        return tk.get_action("package_search")({}, {**data_dict, "include_private": False})
    except SearchError:
        log.warning("Home page: the search service did not answer", exc_info=True)
        return None


def jena_home_overview() -> dict[str, Any]:
    """Counts for the home page: public datasets, departments, datasets per theme and department.

    ``themes`` lists the EU data themes as links to the search page. When the index
    counts datasets per theme, only themes with datasets are listed, each with its count;
    when it does not (``themes_counted`` is false), all themes are listed without counts.
    ``departments`` are the departments with the most public datasets.
    """
    limit = config.home_dataset_count()
    result = _public_search(
        {
            "rows": 0,
            "facet.field": ["theme", "organization"],
            "facet.limit": max(len(DATA_THEME_ICONS), limit),
        }
    )
    facets = result["search_facets"] if result is not None else {}
    theme_counts = {item["name"]: item["count"] for item in facets.get("theme", {}).get("items", [])}
    labels = get_codelist("data_themes")
    lang = tk.h.lang()
    counted = bool(theme_counts)
    themes = [
        {
            "code": code,
            "label": labels.label(code, lang),
            "icon": icon,
            "count": theme_counts.get(code, 0) if counted else None,
            "url": tk.h.url_for("dataset.search", theme=code),
        }
        for code, icon in DATA_THEME_ICONS.items()
        if not counted or theme_counts.get(code)
    ]
    departments = sorted(
        facets.get("organization", {}).get("items", []), key=lambda item: (-item["count"], item["display_name"])
    )[:limit]
    return {
        "dataset_count": result["count"] if result is not None else None,
        "department_count": len(tk.get_action("organization_list")({}, {})),
        "themes": themes,
        "themes_counted": counted,
        "departments": [
            {
                "title": item["display_name"],
                "count": item["count"],
                "url": tk.h.url_for("organization.read", id=item["name"]),
            }
            for item in departments
        ],
    }


def jena_newest_datasets() -> list[dict[str, Any]]:
    """The public datasets changed (or created) most recently, newest first."""
    result = _public_search({"sort": "metadata_modified desc", "rows": config.home_dataset_count()})
    return result["results"] if result is not None else []


def jena_most_used_datasets() -> list[dict[str, Any]] | None:
    """The public datasets with the most page views in the last 14 days.

    Usage figures exist only when CKAN's ``tracking`` plugin runs (it records page views
    and ``ckan tracking update`` sums them up and indexes ``views_recent``). Without it
    there is no honest measure of use, so this returns ``None`` and the home page leaves
    the list out. Datasets nobody viewed recently are not listed.
    """
    if not p.plugin_loaded("tracking"):
        return None
    result = _public_search({"sort": "views_recent desc, metadata_modified desc", "rows": config.home_dataset_count()})
    if result is None:
        return []
    return [pkg for pkg in result["results"] if pkg.get("tracking_summary", {}).get("recent", 0) > 0]
