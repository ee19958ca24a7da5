"""The data.europa.eu Metadata Quality Assessment (MQA), computed on our own DCAT output.

One table (:data:`INDICATORS`) holds the methodology: five dimensions, 23 indicators, their
points (405 at most) and the piveau metric each one is published as. The rating bands are
those of data.europa.eu: Excellent 351–405, Good 221–350, Sufficient 121–220, Bad 0–120.

The facts are read from :func:`ckanext.jena.profiles.serialize.dcat_view`, the very dict our
DCAT-AP.de serialization writes, so the score judges what GovData and data.europa.eu harvest.
Aggregation follows piveau-metrics (the software behind data.europa.eu's MQA): every
distribution is scored on the distribution indicators, the best distribution counts, the
dataset indicators are added; ``dct:issued``/``dct:modified`` count once (on the best
distribution, else on the dataset). A status code counts when it is 200–299.

Two facts come from outside: DCAT-AP compliance (our SHACL validation against the official
DCAT-AP.de shapes; ``None`` = not checked) and the HTTP status of each access/download URL
(the link checker; a URL without a check result is "unknown" and earns no points, as on
data.europa.eu before its first check). Nothing here touches the database or CKAN's app.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from ckanext.jena.codelists import get_codelist
from ckanext.jena.profiles.serialize import dcat_view
from ckanext.jena.profiles.values import IANA_MEDIA_TYPES

__all__ = [
    "BANDS",
    "DIMENSIONS",
    "INDICATORS",
    "MAX_POINTS",
    "PV",
    "Indicator",
    "IndicatorResult",
    "Score",
    "band_of",
    "score_dataset",
]

PV = "https://piveau.eu/ns/voc#"
Dimension = Literal["findability", "accessibility", "interoperability", "reusability", "contextuality"]
Scope = Literal["dataset", "distribution", "both"]
DIMENSIONS: tuple[Dimension, ...] = ("findability", "accessibility", "interoperability", "reusability", "contextuality")


@dataclass(frozen=True)
class Indicator:
    """One MQA indicator: its points, where it is measured and the form field that fills it."""

    key: str  # the piveau metric name (``PV + key`` is its IRI)
    dimension: Dimension
    points: int
    scope: Scope
    form_field: str | None  # dataset or resource form field; None: nothing the editor can set


INDICATORS: tuple[Indicator, ...] = (
    Indicator("keywordAvailability", "findability", 30, "dataset", "tag_string"),
    Indicator("categoryAvailability", "findability", 30, "dataset", "theme"),
    Indicator("spatialAvailability", "findability", 20, "dataset", "political_geocoding"),
    Indicator("temporalAvailability", "findability", 20, "dataset", "temporal_start"),
    Indicator("accessUrlStatusCode", "accessibility", 50, "distribution", "url"),
    Indicator("downloadUrlAvailability", "accessibility", 20, "distribution", "url"),
    Indicator("downloadUrlStatusCode", "accessibility", 30, "distribution", "url"),
    Indicator("formatAvailability", "interoperability", 20, "distribution", "format"),
    Indicator("mediaTypeAvailability", "interoperability", 10, "distribution", "mimetype"),
    Indicator("formatMediaTypeVocabularyAlignment", "interoperability", 10, "distribution", "format"),
    Indicator("formatMediaTypeNonProprietary", "interoperability", 20, "distribution", "format"),
    Indicator("formatMediaTypeMachineInterpretable", "interoperability", 20, "distribution", "format"),
    Indicator("dcatApCompliance", "interoperability", 30, "dataset", None),
    Indicator("licenceAvailability", "reusability", 20, "distribution", "license_id"),
    Indicator("knownLicence", "reusability", 10, "distribution", "license_id"),
    Indicator("accessRightsAvailability", "reusability", 10, "dataset", "access_rights"),
    Indicator("accessRightsVocabularyAlignment", "reusability", 5, "dataset", "access_rights"),
    Indicator("contactPointAvailability", "reusability", 20, "dataset", "contact_point_email"),
    Indicator("publisherAvailability", "reusability", 10, "dataset", "publisher_name"),
    Indicator("rightsAvailability", "contextuality", 5, "distribution", None),
    Indicator("byteSizeAvailability", "contextuality", 5, "distribution", None),
    Indicator("dateIssuedAvailability", "contextuality", 5, "both", "issued"),
    Indicator("dateModifiedAvailability", "contextuality", 5, "both", "modified"),
)
MAX_POINTS = sum(indicator.points for indicator in INDICATORS)  # 405
# (band, lowest score): data.europa.eu's rating categories.
BANDS: tuple[tuple[str, int], ...] = (("excellent", 351), ("good", 221), ("sufficient", 121), ("bad", 0))

# Formats of our file-type list on data.europa.eu's lists of non-proprietary and of
# machine-readable formats (the MQA reads both from the EU file-type authority table).
NON_PROPRIETARY = frozenset(
    {
        "CSV", "TSV", "ODS", "JSON", "JSON_LD", "GEOJSON", "XML", "RDF_XML", "RDF_TURTLE", "PARQUET",
        "NETCDF", "GML", "KML", "KMZ", "GPKG", "GEOTIFF", "TIFF", "PNG", "JPEG", "PDF", "ODT", "TXT",
        "HTML", "ZIP", "GZIP",
    }
)  # fmt: skip
MACHINE_READABLE = frozenset(
    {
        "CSV", "TSV", "XLSX", "XLS", "ODS", "JSON", "JSON_LD", "GEOJSON", "XML", "RDF_XML", "RDF_TURTLE",
        "PARQUET", "NETCDF", "SHP", "GML", "KML", "KMZ", "GPKG", "GEOTIFF",
    }
)  # fmt: skip


def band_of(points: int) -> str:
    """The rating band of a score: ``excellent``, ``good``, ``sufficient`` or ``bad``."""
    return next(name for name, lowest in BANDS if points >= lowest)


@dataclass(frozen=True)
class IndicatorResult:
    """The outcome of one indicator: ``met`` is None when it could not be measured (unknown)."""

    indicator: Indicator
    met: bool | None
    points: int
    resource_id: str | None = None  # the distribution measured (the best one)

    @property
    def missing_points(self) -> int:
        return self.indicator.points - self.points


@dataclass(frozen=True)
class Score:
    points: int
    band: str
    results: tuple[IndicatorResult, ...]
    dimensions: dict[str, int] = field(default_factory=dict)
    max_points: int = MAX_POINTS

    def result(self, key: str) -> IndicatorResult:
        return next(result for result in self.results if result.indicator.key == key)

    def improvements(self) -> list[IndicatorResult]:
        """Unmet indicators, those worth most first; then those the form can fix before the others."""
        open_results = [r for r in self.results if r.missing_points > 0]
        return sorted(open_results, key=lambda r: (-r.missing_points, r.indicator.form_field is None))

    def as_dict(self) -> dict[str, Any]:
        return {
            "score": self.points,
            "max_score": self.max_points,
            "band": self.band,
            "dimensions": dict(self.dimensions),
            "indicators": [
                {
                    "metric": result.indicator.key,
                    "dimension": result.indicator.dimension,
                    "met": result.met,
                    "points": result.points,
                    "max_points": result.indicator.points,
                    "resource_id": result.resource_id,
                }
                for result in self.results
            ],
        }


_BY_KEY = {indicator.key: indicator for indicator in INDICATORS}


def _reachable(url: str | None, status: Mapping[str, int | None]) -> bool | None:
    if not url:
        return False
    code = status.get(url)
    if code is None:
        return None
    return 200 <= code <= 299


def _distribution_facts(view: dict[str, Any], status: Mapping[str, int | None]) -> dict[str, bool | None]:
    file_types = get_codelist("file_types")
    fmt = file_types.by_uri(str(view.get("format") or "")) if view.get("format") else None
    media_type = str(view.get("mimetype") or "")
    download = view.get("download_url")
    licence = str(view.get("license") or "")
    return {
        "accessUrlStatusCode": _reachable(view.get("access_url"), status),
        "downloadUrlAvailability": bool(download),
        "downloadUrlStatusCode": _reachable(download, status) if download else False,
        "formatAvailability": bool(view.get("format")),
        "mediaTypeAvailability": bool(media_type),
        # dct:format from the EU file-type table and, when given, dcat:mediaType from IANA's register.
        "formatMediaTypeVocabularyAlignment": fmt is not None
        and (not media_type or media_type.startswith(IANA_MEDIA_TYPES)),
        "formatMediaTypeNonProprietary": fmt in NON_PROPRIETARY,
        "formatMediaTypeMachineInterpretable": fmt in MACHINE_READABLE,
        "licenceAvailability": bool(licence),
        "knownLicence": bool(licence) and get_codelist("licenses").by_uri(licence) is not None,
        # Our DCAT output writes no dct:rights on distributions (no form field holds them).
        "rightsAvailability": False,
        # Nor dcat:byteSize: DCAT-AP.de 2.0 and 3.0 type it differently (decimal / nonNegativeInteger),
        # one literal cannot pass both shapes (see profiles/serialize.py).
        "byteSizeAvailability": False,
        "dateIssuedAvailability": bool(view.get("issued")),
        "dateModifiedAvailability": bool(view.get("modified")),
    }


def _dataset_facts(
    view: dict[str, Any], dataset_dict: dict[str, Any], compliant: bool | None
) -> dict[str, bool | None]:
    spatial = any(dataset_dict.get(key) for key in ("spatial", "political_geocoding", "district"))
    access_rights = str(view.get("access_rights") or "")
    publisher = (view.get("publisher") or [{}])[0]
    return {
        "keywordAvailability": bool(view.get("tags")),
        "categoryAvailability": bool(view.get("theme")),
        "spatialAvailability": spatial,
        "temporalAvailability": bool(view.get("temporal_start") or view.get("temporal_end")),
        "dcatApCompliance": compliant,
        "accessRightsAvailability": bool(access_rights),
        "accessRightsVocabularyAlignment": get_codelist("access_rights").by_uri(access_rights) is not None
        if access_rights
        else False,
        "contactPointAvailability": bool(view.get("contact")),
        "publisherAvailability": bool(publisher.get("name") or publisher.get("uri")),
        # ckanext-dcat writes dct:issued/dct:modified from metadata_created/_modified when empty.
        "dateIssuedAvailability": bool(view.get("issued") or view.get("metadata_created")),
        "dateModifiedAvailability": bool(view.get("modified") or view.get("metadata_modified")),
    }


def _points(key: str, met: bool | None) -> int:
    return _BY_KEY[key].points if met else 0


def score_dataset(
    dataset_dict: dict[str, Any],
    *,
    compliant: bool | None = None,
    url_status: Mapping[str, int | None] | None = None,
) -> Score:
    """Score a dataset (a ``package_show`` dict) by the MQA methodology."""
    view = dcat_view(dataset_dict)
    status = url_status or {}
    resources = [r for r in view.get("resources") or [] if isinstance(r, dict)]
    best_facts: dict[str, bool | None] = {}
    best_id: str | None = None
    best_sum = -1
    for resource in resources:
        facts = _distribution_facts(resource, status)
        total = sum(_points(key, met) for key, met in facts.items())
        if total > best_sum:
            best_facts, best_id, best_sum = facts, resource.get("id"), total
    dataset_facts = _dataset_facts(view, dataset_dict, compliant)
    results: list[IndicatorResult] = []
    for indicator in INDICATORS:
        if indicator.scope == "dataset":
            met = dataset_facts[indicator.key]
            results.append(IndicatorResult(indicator, met, _points(indicator.key, met)))
        elif indicator.scope == "distribution":
            met = best_facts.get(indicator.key, False)
            results.append(IndicatorResult(indicator, met, _points(indicator.key, met), best_id))
        else:  # counted once: on the best distribution, else on the dataset
            met = bool(best_facts.get(indicator.key)) or bool(dataset_facts[indicator.key])
            results.append(IndicatorResult(indicator, met, _points(indicator.key, met)))
    dimensions = {name: sum(r.points for r in results if r.indicator.dimension == name) for name in DIMENSIONS}
    points = sum(dimensions.values())
    return Score(points=points, band=band_of(points), results=tuple(results), dimensions=dimensions)
