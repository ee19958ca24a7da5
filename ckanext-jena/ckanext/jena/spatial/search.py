"""Map search and district filter on top of ckanext-spatial's solr-bbox backend.

* ``ext_bbox`` is checked here first, so a broken box gets a German message (ckanext-spatial's
  own check only says "Wrong bounding box provided").
* ``ext_district=<code>`` filters by the ``district`` field (indexed as ``vocab_district``).
* Datasets geocoded only at district level (``district`` but no ``spatial``) are indexed with
  the box around their districts, so the map search finds them too.
"""

from __future__ import annotations

from typing import Any

from ckan.lib.search import SearchError

from ckanext.jena.search_fields import as_list
from ckanext.jena.spatial import gazetteer

__all__ = ["after_search", "bbox_error", "before_index", "before_search", "parse_bbox"]

DISTRICT_FIELD = "vocab_district"


def parse_bbox(value: str) -> tuple[float, float, float, float] | None:
    """``minx,miny,maxx,maxy`` as four floats in WGS 84 range, min before max; else ``None``."""
    try:
        parts = [float(part) for part in str(value).split(",")]
    except ValueError:
        return None
    if len(parts) != 4:
        return None
    minx, miny, maxx, maxy = parts
    if not (-180 <= minx < maxx <= 180 and -90 <= miny < maxy <= 90):
        return None
    return minx, miny, maxx, maxy


def bbox_error(value: str | None) -> str:
    """The German message for an unusable ``ext_bbox`` (empty string when it is fine or absent)."""
    if not value or parse_bbox(value):
        return ""
    return (
        f"Der Kartenausschnitt „{value[:60]}“ ist ungültig. Erwartet werden vier Zahlen "
        "„West,Süd,Ost,Nord“ in Grad (WGS 84), z. B. 11.55,50.90,11.62,50.95."
    )


def _codes(value: Any) -> list[str]:
    return [code for code in as_list(value) if gazetteer.get(code)]


def before_index(pkg_dict: dict[str, Any]) -> dict[str, Any]:
    codes = _codes(pkg_dict.get("extras_district") or pkg_dict.get("district"))
    if not codes:
        return pkg_dict
    pkg_dict[DISTRICT_FIELD] = codes
    if "minx" not in pkg_dict and not pkg_dict.get("extras_spatial"):
        box = gazetteer.union_bbox(codes)
        if box:
            pkg_dict.update(dict(zip(("minx", "miny", "maxx", "maxy"), box, strict=True)))
    return pkg_dict


def _extras(search_params: dict[str, Any]) -> dict[str, Any]:
    """``extras`` as a dict whose ``ext_bbox``/``ext_district`` are texts; ``SearchError`` otherwise."""
    extras = search_params.get("extras") or {}
    if not isinstance(extras, dict):
        raise SearchError('„extras“ muss ein Objekt sein, z. B. {"ext_bbox": "11.55,50.90,11.62,50.95"}.')
    for key in ("ext_bbox", "ext_district"):
        if extras.get(key) is not None and not isinstance(extras[key], str):
            raise SearchError(f"„{key}“ muss ein Text sein.")
    return extras


def before_search(search_params: dict[str, Any]) -> dict[str, Any]:
    extras = _extras(search_params)
    message = bbox_error(extras.get("ext_bbox"))
    if message:
        raise SearchError(message)
    district = extras.get("ext_district")
    if district:
        if not gazetteer.get(district):
            raise SearchError(f"Unbekannter Ortsteil „{district[:60]}“.")
        fq = search_params.get("fq") or ""
        search_params["fq"] = f'{fq} +{DISTRICT_FIELD}:"{district}"'.strip()
    return search_params


def after_search(search_results: dict[str, Any]) -> dict[str, Any]:
    """German district names instead of codes in the ``vocab_district`` facet."""
    facet = (search_results.get("search_facets") or {}).get(DISTRICT_FIELD)
    for item in (facet or {}).get("items", []):
        district = gazetteer.get(item.get("name", ""))
        if district:
            item["display_name"] = district.label
    return search_results
