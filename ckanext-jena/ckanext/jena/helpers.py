"""Template helpers (all named ``jena_*``), registered through ``tk.blanket.helpers``."""

from __future__ import annotations

import json
import logging
from typing import Any

import ckan.plugins.toolkit as tk
from ckan.lib.search import SearchError, SolrConnectionError

from ckanext.jena import config
from ckanext.jena.codelists import get_codelist
from ckanext.jena.date_format import jena_date_input, jena_date_long
from ckanext.jena.ethics.template_helpers import (
    jena_ethics_answer_text,
    jena_ethics_can_read,
    jena_ethics_metadata_text,
    jena_ethics_public_summary,
    jena_ethics_role_label,
    jena_ethics_roles_text,
    jena_ethics_text,
)
from ckanext.jena.links.template_helpers import jena_link_problems
from ckanext.jena.logic.rules import DatasetValues, check_rules, is_empty
from ckanext.jena.logic.validators import jena_boolean
from ckanext.jena.outage import search as outage_search
from ckanext.jena.outage import state as outage_state
from ckanext.jena.page_cache.csrf_meta import jena_page_needs_csrf_token
from ckanext.jena.quality.template_helpers import (
    jena_cockpit_allowed,
    jena_digest_subscribed,
    jena_freshness,
    jena_freshness_state_label,
    jena_quality,
    jena_quality_band,
    jena_responsible_person_options,
)
from ckanext.jena.release.template_helpers import (
    jena_activity_actor,
    jena_activity_type_label,
    jena_release_can_manage,
    jena_release_date,
    jena_release_info,
    jena_release_next_step,
    jena_release_state_label,
    jena_release_task_count,
    jena_user_display_name,
)
from ckanext.jena.requests import security_headers
from ckanext.jena.tables.template_helpers import jena_sensor_feed_panel, jena_table_api, jena_table_status
from ckanext.jena.url_schemes import is_allowed
from ckanext.jena.usage import index as usage_index
from ckanext.jena.usage.template_helpers import jena_usage_recent, with_usage

__all__ = [
    "jena_activity_actor",
    "jena_activity_type_label",
    "jena_city_name",
    "jena_cockpit_allowed",
    "jena_csp_nonce",
    "jena_date_input",
    "jena_date_long",
    "jena_digest_subscribed",
    "jena_embeddable_url",
    "jena_ethics_answer_text",
    "jena_ethics_can_read",
    "jena_ethics_metadata_text",
    "jena_ethics_public_summary",
    "jena_ethics_role_label",
    "jena_ethics_roles_text",
    "jena_ethics_text",
    "jena_form_department_defaults",
    "jena_form_optional_split",
    "jena_form_switchable_defaults",
    "jena_freshness",
    "jena_freshness_state_label",
    "jena_home_overview",
    "jena_language_links",
    "jena_legal_links",
    "jena_link_problems",
    "jena_most_used_datasets",
    "jena_newest_datasets",
    "jena_page_needs_csrf_token",
    "jena_quality",
    "jena_quality_band",
    "jena_release_can_manage",
    "jena_release_date",
    "jena_release_info",
    "jena_release_next_step",
    "jena_release_state_label",
    "jena_release_task_count",
    "jena_responsible_person_options",
    "jena_saved_resources",
    "jena_search_unavailable",
    "jena_sensor_feed_panel",
    "jena_table_api",
    "jena_table_status",
    "jena_usage_recent",
    "jena_user_display_name",
]

log = logging.getLogger(__name__)


def jena_csp_nonce() -> str:
    """The nonce that lets an inline ``<script nonce="…">`` run under the portal's CSP."""
    return security_headers.csp_nonce()


def jena_form_department_defaults(data: dict[str, Any]) -> dict[str, Any]:
    """What the department's profile fills in a new dataset form (issue 20, point 7): the chosen
    department, else the first one the user may add datasets to (the form preselects it)."""
    from ckanext.jena.form_defaults import department_defaults

    organization = data.get("owner_org")
    if not organization:
        available = tk.h.organizations_available("create_dataset")
        organization = available[0]["id"] if available else None
    return department_defaults(organization)


def jena_form_switchable_defaults(dataset_fields: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """For an editor of several departments: each department's starting values, so the new
    dataset form follows a change of department; {} for one department or none."""
    from ckanext.jena.form_defaults import switchable_defaults

    available = [org["id"] for org in tk.h.organizations_available("create_dataset")]
    return switchable_defaults(available, dataset_fields) if len(available) > 1 else {}


def jena_form_optional_split(fields: list[dict[str, Any]], errors: dict[str, Any] | None) -> dict[str, Any]:
    """The dataset form's fields split by need (issue 20, point 7): ``sections`` (as
    ``jena_form_sections``) with only the fields needed now, ``optional`` the same sections with
    the ``form_optional`` fields for "Weitere Angaben (optional)", and ``open`` when one of those
    holds a validation error (the section then starts open)."""
    shown = [f for f in fields if f.get("form_snippet", "") is not None]
    sections = jena_form_sections(shown)
    needed, optional = [], []
    for section in sections:
        now = [f for f in section["fields"] if not f.get("form_optional")]
        later = [f for f in section["fields"] if f.get("form_optional")]
        if now:
            needed.append({**section, "fields": now})
        if later:
            optional.append({**section, "id": section["id"] + "-optional", "fields": later})
    names = {f["field_name"] for section in optional for f in section["fields"]}
    return {"sections": needed, "optional": optional, "open": any((errors or {}).get(name) for name in names)}


def jena_city_name() -> str:
    """Name of the city the portal belongs to (``ckanext.jena.portal.city_name``)."""
    return config.city_name()


def jena_embeddable_url(url: Any) -> str:
    """``url`` if a view may embed it (http(s), ftp or relative), else '' (``javascript:``, ``data:`` ...)."""
    text = str(url or "")
    return text if is_allowed(text) else ""


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
        {"label": tk._("Impressum"), "url": config.imprint_url()},
        {"label": tk._("Datenschutz"), "url": config.privacy_url()},
        {
            "label": tk._("Barrierefreiheit"),
            "url": config.accessibility_url() or tk.h.url_for("jena_info_pages.statement"),
        },
        {"label": tk._("Kontakt"), "url": config.contact_url()},
    ]


def jena_language_links() -> list[dict[str, Any]]:
    """The offered languages as links to the current page in that language.

    Each entry has ``code`` (BCP 47), ``name`` (the language's own name), ``url`` and
    ``current``; plain links instead of CKAN's JavaScript select box, so switching the
    language works with a keyboard, a screen reader and without JavaScript.
    """
    current = tk.h.lang()
    default = config.locale_default()
    links = []
    for locale in tk.h.get_available_locales():
        code = locale.short_name
        # The default language lives at the plain address ("/dataset/x", not "/de/dataset/x").
        url = tk.h.url_for(tk.h.current_url(), locale="default" if code == default else code)
        links.append(
            {
                "code": code.replace("_", "-"),
                "name": (locale.display_name or locale.english_name).capitalize(),
                "url": url,
                "current": code == current,
            }
        )
    return links


def jena_search_unavailable() -> bool:
    """True when the search service did not answer while this page was built (``ckanext.jena.outage``)."""
    return outage_state.is_unavailable(outage_state.SEARCH)


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
    # Only facet values that are theme codes count: an index that does not split the
    # list field into codes yields values such as '["TRAN"]', which say nothing per theme.
    theme_counts = {
        item["name"]: item["count"]
        for item in facets.get("theme", {}).get("items", [])
        if item["name"] in DATA_THEME_ICONS
    }
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


def jena_most_used_datasets() -> list[dict[str, Any]]:
    """The public datasets used most in the last 30 days (page views and downloads counted by
    ``ckanext.jena.usage``; the search index's ``views_recent``, refreshed daily), each with
    ``jena_usage``. Datasets nobody used recently are not listed."""
    result = _public_search(
        {
            "sort": f"{usage_index.FIELD} desc, metadata_modified desc",
            "fq": f"{usage_index.FIELD}:[1 TO *]",
            "rows": config.home_dataset_count(),
        }
    )
    return with_usage(result["results"]) if result is not None else []


# Dataset form: code lists, sections, completeness, map ---------------------------------------

__all__ += [
    "jena_codelist_choices",
    "jena_codelist_label",
    "jena_completeness",
    "jena_form_sections",
    "jena_home_bbox_geojson",
]


def jena_codelist_choices(field: dict[str, Any]) -> list[dict[str, Any]]:
    """Choices of a scheming field from its code list (``field['codelist']``, optionally ``allowed_codes``)."""
    choices = get_codelist(field["codelist"]).choices()
    allowed = field.get("allowed_codes")
    return [choice for choice in choices if not allowed or choice["value"] in allowed]


def jena_codelist_label(codelist: str, code: str) -> str:
    """Label of a code in the current language, or the code itself when the list does not know it."""
    entries = get_codelist(codelist)
    return entries.label(code, tk.h.lang()) if code in entries else code


def jena_form_sections(fields: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Group schema fields into the form sections that ``form_section`` starts (fields before the first: no title)."""
    sections: list[dict[str, Any]] = []
    for field in fields:
        if field.get("form_section") or not sections:
            sections.append(
                {
                    "title": field.get("form_section"),
                    "help": field.get("form_section_help"),
                    "id": f"section-{len(sections) + 1}",
                    "fields": [],
                }
            )
        sections[-1]["fields"].append(field)
    return sections


def jena_completeness(data: dict[str, Any], dataset_type: str) -> dict[str, Any]:
    """What the dataset still lacks for publishing, and which recommended fields are empty.

    Returns ``required`` and ``recommended`` (lists of ``{"field", "label"}``), ``problems``
    (cross-field rules as ``{"field", "label", "message"}``), ``filled``/``total`` counts over
    required and recommended fields and ``percent``.
    """
    schema = tk.h.scheming_get_dataset_schema(dataset_type) or {}
    fields = [f for f in schema.get("dataset_fields", []) if f.get("form_snippet", "") is not None]
    label = {f["field_name"]: tk.h.scheming_language_text(f.get("label")) for f in schema.get("dataset_fields", [])}
    required = [f["field_name"] for f in fields if f.get("required")]
    recommended = [f["field_name"] for f in fields if f.get("recommended") and not f.get("required")]
    missing = {name for name in required + recommended if is_empty(data.get(name))}

    values = dict(data)
    values["spatial_outside_confirmed"] = jena_boolean(data.get("spatial_outside_confirmed", False), {})
    resources = tuple(r for r in data.get("resources") or [] if isinstance(r, dict))
    problems = check_rules(DatasetValues(values, resources), set(label), publishing=True)

    total = len(required) + len(recommended)
    filled = total - len(missing)
    return {
        "required": [{"field": name, "label": label[name]} for name in required if name in missing],
        "recommended": [{"field": name, "label": label[name]} for name in recommended if name in missing],
        "problems": [{"field": name, "label": label.get(name, name), "message": text} for name, text in problems],
        "filled": filled,
        "total": total,
        "percent": round(100 * filled / total) if total else 100,
    }


def jena_saved_resources(package_name: str) -> list[dict[str, Any]]:
    """The resources already saved in a dataset the current user is editing (the resource form
    names them after a failed "Speichern und weiter", so nobody uploads a file twice)."""
    user = tk.current_user
    context = {"user": "" if user.is_anonymous else user.name}
    try:
        return tk.get_action("package_show")(context, {"id": package_name}).get("resources") or []
    except (tk.ObjectNotFound, tk.NotAuthorized):
        return []


def jena_home_bbox_geojson() -> str:
    """The city's bounding box as a GeoJSON polygon (the map of the dataset form starts there)."""
    min_lon, min_lat, max_lon, max_lat = config.spatial_home_bbox()
    ring = [[min_lon, min_lat], [max_lon, min_lat], [max_lon, max_lat], [min_lon, max_lat], [min_lon, min_lat]]
    return json.dumps({"type": "Polygon", "coordinates": [ring]})


# Purposes of CKAN's humanize_entity_type that name the type in the plural ("{object_type}s").
_PLURAL_PURPOSES = frozenset({"breadcrumb", "content tab", "facet label", "main nav", "page title"})

__all__ += ["get_organization", "humanize_entity_type"]


@tk.chained_helper
def get_organization(next_helper: Any, org: str | None = None, include_datasets: bool = False) -> dict[str, Any]:
    """The dataset page's department box still shows while the search service is down.

    Once per request and department: the dataset page asked twice, and each ``organization_show``
    (members, followers, a dataset count from the search service) cost about 50 ms (issue 18)."""
    cache: dict[tuple[str | None, bool], dict[str, Any]] = _request_cache("jena_organizations")
    key = (org, include_datasets)
    if key not in cache:
        try:
            cache[key] = next_helper(org, include_datasets)
        except (SearchError, SolrConnectionError):
            return outage_search.organization_without_count(org) if org else {}
    return cache[key]


def _request_cache(name: str) -> dict[Any, Any]:
    """A dict that lives as long as the current request (a fresh one outside a request)."""
    from flask import g, has_request_context

    if not has_request_context():
        return {}
    if not hasattr(g, name):
        setattr(g, name, {})
    return getattr(g, name)


@tk.chained_helper
def humanize_entity_type(next_helper: Any, entity_type: str, object_type: str, purpose: str) -> str | None:
    """German (or English) names of the Jena dataset types instead of "Geodata"/"Geodatas".

    Core CKAN builds the name from the type key and appends an "s" for plurals; the
    schemas carry ``label`` and ``label_plural`` in both languages. Other types and the
    default ``dataset`` type keep CKAN's own texts.
    """
    schema = tk.h.scheming_get_dataset_schema(object_type) if entity_type == "package" else None
    if not schema or object_type == "dataset" or "label" not in schema:
        return next_helper(entity_type, object_type, purpose)
    if purpose in _PLURAL_PURPOSES:
        return tk.h.scheming_language_text(schema.get("label_plural") or schema["label"])
    # CKAN fills its translated templates ("{object_type} erstellen") with the capitalized type name.
    return next_helper(entity_type, tk.h.scheming_language_text(schema["label"]), purpose)


__all__ += ["user_image"]


def _served_here(url: str) -> bool:
    """Is the picture a file of the portal itself (an uploaded one), not on another host?"""
    site = (tk.config.get("ckan.site_url") or "").rstrip("/")
    return (url.startswith("/") and not url.startswith("//")) or (bool(site) and url.startswith(site + "/"))


@tk.chained_helper
def user_image(next_helper: Any, user_id: str, size: int = 100) -> Any:
    """Account pictures only from the portal itself: a picture on another host (a web address
    typed into the profile) shows the local placeholder instead, like Gravatar
    (``ckan.gravatar_default = disabled``): loading it would hand the visitor's address to that
    host, and offline or when that host is gone the header showed the picture's alt text (the
    user name) instead of a picture. Uploaded pictures are shown."""
    try:
        user = tk.get_action("user_show")({"ignore_auth": True}, {"id": user_id})
    except tk.ObjectNotFound:
        return next_helper(user_id, size)
    url = str(user.get("image_display_url") or "")
    if url and not _served_here(url):
        return tk.h.snippet("user/snippets/placeholder.html", size=size, user_name=user["display_name"])
    return next_helper(user_id, size)
