"""Dataset fields as the search index sees them: list fields as lists, and the search-page facets.

ckanext-scheming stores a multi-select field (``theme: ["TRAN", "ENVI"]``) as one JSON string
extra, and CKAN indexes that string as it is, so ``theme:TRAN`` would find nothing and a facet
would count ``'["TRAN", "ENVI"]'`` as one value. ``split_list_fields`` turns these strings back
into lists before indexing; ``deploy/solr/schema.xml`` declares each of the fields multi-valued
(tests/theme/test_facets.py keeps the two in step).
"""

from __future__ import annotations

import json
from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.jena.codelists import get_codelist
from ckanext.jena.translation import N_

# Field name → code list whose labels the facet shows (None: the values are shown as they are).
LIST_FIELDS: dict[str, str | None] = {
    "theme": "data_themes",
    "jena_category": "jena_categories",
    "language": "languages",
    "political_geocoding": "political_geocoding",
    "hvd_category": "hvd_categories",
    "applicable_legislation": "applicable_legislation",
    "conforms_to": None,
    "measured_parameters": None,
}


# Facets of the search page, in order, with their German titles (msgids; English in the .po,
# translated per request by ``JenaPlugin.dataset_facets``).
# The plugin ``jena_spatial`` appends the districts (``vocab_district``).
FACETS: dict[str, str] = {
    "organization": N_("Fachbereiche"),
    "theme": N_("Themen"),
    "jena_category": N_("Datenkategorien"),
    "tags": N_("Schlagwörter"),
    "res_format": N_("Formate"),
    "license_id": N_("Lizenzen"),
    "jena_freshness": N_("Aktualität"),
}
# Facets of fixed values (not from a code list): value -> msgid of its label.
VALUE_LABELS: dict[str, dict[str, str]] = {
    "jena_freshness": {"current": N_("aktuell"), "due_soon": N_("bald fällig"), "overdue": N_("überfällig")},
}


def as_list(value: Any) -> list[str]:
    """A stored list field as a list of non-empty strings (JSON list, single value or list)."""
    if value is None or value == "":
        return []
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("["):
            try:
                value = json.loads(text)
            except ValueError:
                return [text]
        else:
            return [text]
    if not isinstance(value, (list, tuple)):
        return [str(value)]
    return [str(item) for item in value if item not in (None, "")]


def split_list_fields(pkg_dict: dict[str, Any]) -> dict[str, Any]:
    """``before_dataset_index``: every list field of ``LIST_FIELDS`` as a list of its values."""
    for name in LIST_FIELDS:
        if name in pkg_dict:
            values = as_list(pkg_dict[name])
            if values:
                pkg_dict[name] = values
            else:
                del pkg_dict[name]
    return pkg_dict


# Formats as people name them: the EU file-type list calls services "WMS_SRVC" etc.
_FORMAT_NAMES = {"SPARQLQ": "SPARQL"}
_SERVICE_SUFFIX = "_SRVC"


def format_label(code: str) -> str:
    """A format code as people call it ("WMS", not "WMS_SRVC")."""
    if code in _FORMAT_NAMES:
        return _FORMAT_NAMES[code]
    return code.removesuffix(_SERVICE_SUFFIX) if code.endswith(_SERVICE_SUFFIX) else code


def label_facet_items(search_results: dict[str, Any], lang: str) -> dict[str, Any]:
    """``after_dataset_search``: code-list labels instead of codes in the facets of list fields;
    format names as people use them."""
    facets = search_results.get("search_facets") or {}
    for item in (facets.get("res_format") or {}).get("items", []):
        item["display_name"] = format_label(str(item.get("name") or ""))
    for name, codelist_name in LIST_FIELDS.items():
        if codelist_name is None or name not in facets:
            continue
        codelist = get_codelist(codelist_name)
        for item in facets[name].get("items", []):
            if item.get("name") in codelist:
                item["display_name"] = codelist.label(item["name"], lang)
    for name, labels in VALUE_LABELS.items():
        for item in (facets.get(name) or {}).get("items", []):
            msgid = labels.get(item.get("name") or "")
            if msgid:
                item["display_name"] = tk._(msgid)
    return search_results
