"""The demo data files: size, spread, contract fields, code lists, geography (no database needed)."""

from __future__ import annotations

import datetime as dt
import json
import math
import re
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from ckanext.jena.codelists import get_codelist
from ckanext.jena.demo import vocabulary
from ckanext.jena.demo.source import DemoSourceError, default_data_dir, read_demo_source

SOURCE = read_demo_source()
DATASETS = SOURCE.datasets
BY_NAME = {ds["name"]: ds for ds in DATASETS}

# Dataset field -> code list (schemas/codelists/<name>.yaml)
CODED_FIELDS = {
    "theme": "data_themes",
    "jena_category": "jena_categories",
    "frequency": "frequencies",
    "political_geocoding_level": "political_geocoding_levels",
    "political_geocoding": "political_geocoding",
    "district": "districts",
    "license_id": "licenses",
    "access_rights": "access_rights",
    "availability": "planned_availability",
    "hvd_category": "hvd_categories",
    "applicable_legislation": "applicable_legislation",
    "language": "languages",
    "reference_system": "reference_systems",
    "inspire_theme": "inspire_themes",
}
ORGANIZATION_FIELDS = (
    "name", "title", "official_name", "department_code", "street_address", "postal_code",
    "locality", "email", "phone", "website", "description",
)  # fmt: skip
# Generous frame around the municipal territory (lon 11.52-11.66, lat 50.86-50.97).
JENA_FRAME = (11.50, 50.85, 11.67, 50.98)
HVD_LEGISLATION = "http://data.europa.eu/eli/reg_impl/2023/138/oj"


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _positions(geometry: dict[str, Any]) -> list[tuple[float, float]]:
    if geometry["type"] == "FeatureCollection":
        return [p for feature in geometry["features"] for p in _positions(feature["geometry"])]
    flat: list[tuple[float, float]] = []

    def walk(node: Any) -> None:
        if isinstance(node[0], int | float):
            flat.append((float(node[0]), float(node[1])))
        else:
            for child in node:
                walk(child)

    walk(geometry["coordinates"])
    return flat


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    dx = (a[0] - b[0]) * 111.32 * math.cos(math.radians(50.93))
    dy = (a[1] - b[1]) * 110.57
    return math.hypot(dx, dy)


def test_catalogue_is_large_and_spread_over_departments_types_and_categories() -> None:
    assert len(DATASETS) >= 60
    assert len(SOURCE.organizations) >= 8
    per_org = Counter(ds["owner_org"] for ds in DATASETS)
    assert set(per_org) == {org["name"] for org in SOURCE.organizations}, "every department publishes"
    assert min(per_org.values()) >= 2
    assert Counter(ds["type"] for ds in DATASETS).keys() == {"dataset", "geodata", "realtime"}
    categories = {code for ds in DATASETS for code in ds["jena_category"]}
    assert categories == set(get_codelist("jena_categories").codes()), "every data category of the strategy"
    assert len({ds["frequency"] for ds in DATASETS}) >= 8
    assert {ds["license_id"] for ds in DATASETS} >= {"dl-by-de/2.0", "dl-zero-de/2.0", "cc-by/4.0"}
    licences = Counter(ds["license_id"] for ds in DATASETS)
    assert licences.most_common(1)[0][0] == "dl-by-de/2.0"


def test_dates_spread_over_2016_to_2026_and_modified_not_before_issued() -> None:
    issued = [dt.date.fromisoformat(ds["issued"]) for ds in DATASETS]
    modified = [dt.date.fromisoformat(ds["modified"]) for ds in DATASETS]
    assert min(issued).year == 2016
    assert max(modified).year == 2026
    assert len({day.year for day in issued}) >= 9
    for ds, first, last in zip(DATASETS, issued, modified, strict=True):
        assert first <= last, ds["name"]
        if ds.get("temporal_end"):
            assert ds["temporal_start"] <= ds["temporal_end"], ds["name"]


def test_every_field_key_of_the_contract_is_used() -> None:
    used = {key for ds in DATASETS for key in ds} | {"contributor_id"}  # contributor_id: config default
    contract = set(CODED_FIELDS) | {
        "title", "name", "notes", "tags", "owner_org", "publisher_name", "publisher_uri", "data_steward",
        "contact_point_name", "contact_point_email", "contact_point_url", "contact_point_phone",
        "contact_point_street", "contact_point_postal_code", "contact_point_locality", "maintainer", "maintainer_email",
        "originator", "spatial", "temporal_start", "temporal_end", "issued", "modified", "legal_basis",
        "attribution_text", "conforms_to", "version", "documentation", "url", "scale_denominator",
        "spatial_resolution_m", "wms_url", "wfs_url", "api_endpoint", "sensor_locations", "measured_parameters",
    }  # fmt: skip
    assert contract - used == set()
    resource_keys = {key for ds in DATASETS for res in ds["resources"] for key in res}
    assert {"url", "name", "description", "format", "mimetype", "size"} <= resource_keys


@pytest.mark.parametrize("dataset", DATASETS, ids=lambda ds: ds["name"])
def test_coded_values_come_from_the_code_lists(dataset: dict[str, Any]) -> None:
    for field, codelist in CODED_FIELDS.items():
        for value in _as_list(dataset.get(field, [])):
            assert value in get_codelist(codelist), f"{field}={value!r} not in {codelist}"
    for resource in dataset["resources"]:
        assert resource["format"] in get_codelist("file_types"), resource["format"]


@pytest.mark.parametrize("dataset", DATASETS, ids=lambda ds: ds["name"])
def test_dataset_follows_the_contract_rules(dataset: dict[str, Any]) -> None:
    licences = get_codelist("licenses")
    if licences.attribute(dataset["license_id"], "attribution"):
        assert dataset.get("attribution_text"), "attribution licence without attribution text"
    if dataset.get("hvd_category"):
        assert HVD_LEGISLATION in dataset["applicable_legislation"]
    assert dataset["contact_point_email"].endswith("@jena.de")
    assert dataset["data_steward"]
    assert re.fullmatch(r"[a-z0-9-]{2,100}", dataset["name"])
    assert len(dataset["notes"]) >= 80, "a real description, not a stub"
    assert dataset["resources"], "every dataset has at least one resource"
    for resource in dataset["resources"]:
        assert re.match(r"https://(opendata|geodaten|www)\.jena\.de/", resource["url"]), resource["url"]
        if resource["format"].endswith("_SRVC"):
            assert f"SERVICE={resource['format'][:3]}" in resource["url"]
    if dataset["type"] == "realtime":
        assert dataset["frequency"] in {"CONT", "UPDATE_CONT"}
        assert dataset["api_endpoint"].startswith("https://")
        assert dataset["measured_parameters"]
        assert _positions(json.loads(dataset["sensor_locations"]))
    if dataset["type"] == "geodata":
        assert dataset.get("reference_system")
        assert dataset.get("scale_denominator") or dataset.get("spatial_resolution_m")


@pytest.mark.parametrize("dataset", DATASETS, ids=lambda ds: ds["name"])
def test_extents_lie_in_jena_and_match_the_districts(dataset: dict[str, Any]) -> None:
    min_lon, min_lat, max_lon, max_lat = JENA_FRAME
    points = _positions(json.loads(dataset["spatial"]))
    for field in ("sensor_locations",):
        if dataset.get(field):
            points += _positions(json.loads(dataset[field]))
    for lon, lat in points:
        assert min_lon <= lon <= max_lon and min_lat <= lat <= max_lat, (lon, lat)
    # A geometry smaller than the city must lie near the Ortsteile it names.
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    spread = _km((min(lons), min(lats)), (max(lons), max(lats)))
    if dataset.get("district") and spread < 8:
        centres = [vocabulary.DISTRICTS[code][1:] for code in dataset["district"]]
        assert any(_km(point, centre) < 2.5 for point in points for centre in centres), dataset["district"]


def test_organizations_carry_the_department_fields() -> None:
    for org in SOURCE.organizations:
        assert set(ORGANIZATION_FIELDS) <= set(org), org["name"]
        assert org["email"].endswith("@jena.de")
        assert re.fullmatch(r"07\d{3}", org["postal_code"])
    assert len({org["department_code"] for org in SOURCE.organizations}) == len(SOURCE.organizations)


def test_duplicate_names_are_rejected_before_anything_is_loaded(tmp_path: Path) -> None:
    shutil.copytree(default_data_dir(), tmp_path, dirs_exist_ok=True)
    path = tmp_path / "datasets.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\n  - name: giessrouten\n    title: Doppelt\n")
    with pytest.raises(DemoSourceError, match="duplicate dataset names in the demo data: giessrouten"):
        read_demo_source(tmp_path)


def test_missing_file_is_reported(tmp_path: Path) -> None:
    with pytest.raises(DemoSourceError, match="demo data file not found"):
        read_demo_source(tmp_path)
