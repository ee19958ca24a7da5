"""Gazetteer of Jena's Ortsteile: names from the code list, approximate boxes from ``data/districts.yaml``.

Does not import CKAN (usable from scripts and the DCAT profile). The boxes are approximations;
see the header of the data file for where they come from.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml

from ckanext.jena.codelists import get_codelist

__all__ = ["District", "bbox_param", "districts", "get", "recognise", "union_bbox"]

BBox = tuple[float, float, float, float]


@dataclass(frozen=True)
class District:
    code: str
    label: str
    label_en: str
    uri: str
    centroid: tuple[float, float]
    bbox: BBox
    aliases: tuple[str, ...]

    def names(self) -> tuple[str, ...]:
        return (self.label, *self.aliases)

    def geometry(self) -> dict[str, Any]:
        """The box as a GeoJSON polygon (WGS 84, counter-clockwise)."""
        min_lon, min_lat, max_lon, max_lat = self.bbox
        ring = [[min_lon, min_lat], [max_lon, min_lat], [max_lon, max_lat], [min_lon, max_lat], [min_lon, min_lat]]
        return {"type": "Polygon", "coordinates": [ring]}

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "label": self.label,
            "label_en": self.label_en,
            "uri": self.uri,
            "centroid": list(self.centroid),
            "bbox": list(self.bbox),
            "ext_bbox": bbox_param(self.bbox),
            "geometry": self.geometry(),
            "approximate": True,
        }


def _fold(text: str) -> str:
    """Case-, umlaut- and punctuation-insensitive form: "Lobeda-Altstadt" == "lobeda altstadt"."""
    text = text.casefold().replace("ß", "ss")
    for umlaut, plain in (("ä", "ae"), ("ö", "oe"), ("ü", "ue")):
        text = text.replace(umlaut, plain)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(char for char in text if not unicodedata.combining(char))
    return " ".join(re.findall(r"[a-z0-9]+", text))


@functools.cache
def districts() -> tuple[District, ...]:
    """All 30 districts in code-list order; fails loudly when the data file and code list disagree."""
    data = yaml.safe_load(resources.files(__package__).joinpath("data/districts.yaml").read_text("utf-8"))
    boxes: dict[str, dict[str, Any]] = data["districts"]
    codelist = get_codelist("districts")
    missing = set(codelist.codes()) ^ set(boxes)
    if missing:
        raise ValueError(f"gazetteer and code list 'districts' disagree on {sorted(missing)}")
    result = []
    for entry in codelist:
        box = boxes[entry.code]
        min_lon, min_lat, max_lon, max_lat = (float(value) for value in box["bbox"])
        lon, lat = (float(value) for value in box["centroid"])
        result.append(
            District(
                code=entry.code,
                label=entry.label("de"),
                label_en=entry.label("en"),
                uri=entry.uri,
                centroid=(lon, lat),
                bbox=(min_lon, min_lat, max_lon, max_lat),
                aliases=tuple(box.get("aliases") or ()),
            )
        )
    return tuple(result)


def get(code: str) -> District | None:
    return next((district for district in districts() if district.code == code), None)


@functools.cache
def _patterns() -> tuple[tuple[re.Pattern[str], tuple[District, ...]], ...]:
    by_name: dict[str, list[District]] = {}
    for district in districts():
        for name in {_fold(name) for name in district.names()}:
            by_name.setdefault(name, []).append(district)
    # Longest names first so "Lobeda-Altstadt" is one match, not also "Lobeda".
    return tuple(
        (re.compile(rf"(?<![a-z0-9]){re.escape(name)}(?![a-z0-9])"), tuple(found))
        for name, found in sorted(by_name.items(), key=lambda item: -len(item[0]))
    )


def recognise(text: str) -> list[District]:
    """Districts named in free text ("was gibt es für Lobeda?"), in code-list order."""
    folded = _fold(text or "")
    found: set[str] = set()
    for pattern, named in _patterns():
        if pattern.search(folded):
            found.update(district.code for district in named)
            folded = pattern.sub(" ", folded)
    return [district for district in districts() if district.code in found]


def union_bbox(codes: list[str]) -> BBox | None:
    """The box around the given districts (unknown codes ignored); ``None`` for none."""
    boxes = [district.bbox for district in districts() if district.code in codes]
    if not boxes:
        return None
    return (
        min(box[0] for box in boxes),
        min(box[1] for box in boxes),
        max(box[2] for box in boxes),
        max(box[3] for box in boxes),
    )


def bbox_param(bbox: BBox) -> str:
    """``minx,miny,maxx,maxy`` as ckanext-spatial's ``ext_bbox`` expects it."""
    return ",".join(f"{value:g}" for value in bbox)
