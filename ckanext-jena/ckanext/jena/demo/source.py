"""Reads the demo data files (``demo/data/*.yaml``) into CKAN action dicts.

The YAML files stay readable for data architects (dates as dates, GeoJSON as
mappings, tags as plain words, shared values under ``defaults``); this module turns
them into exactly what ``organization_create`` and ``package_create`` expect. It
does not import CKAN, so tests and benchmarks can read the demo catalogue without
a running application.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

__all__ = [
    "GEOJSON_FIELDS",
    "DemoSource",
    "DemoSourceError",
    "default_data_dir",
    "read_demo_source",
]

ORGANIZATIONS_FILE = "organizations.yaml"
DATASETS_FILE = "datasets.yaml"

# Fields that hold a GeoJSON string in CKAN but a mapping in the YAML files.
GEOJSON_FIELDS: tuple[str, ...] = ("spatial", "sensor_locations")


class DemoSourceError(ValueError):
    """A demo data file is missing or malformed (before anything reaches CKAN)."""


@dataclass(frozen=True)
class DemoSource:
    """The demo catalogue as CKAN action dicts, in file order."""

    organizations: tuple[dict[str, Any], ...]
    datasets: tuple[dict[str, Any], ...]


def default_data_dir() -> Path:
    """The folder with the shipped demo data files."""
    return Path(str(resources.files("ckanext.jena.demo") / "data"))


def read_demo_source(data_dir: Path | None = None) -> DemoSource:
    """Read ``organizations.yaml`` and ``datasets.yaml`` from ``data_dir`` (default: shipped data)."""
    folder = data_dir or default_data_dir()
    organizations = _read_yaml(folder / ORGANIZATIONS_FILE).get("organizations")
    raw = _read_yaml(folder / DATASETS_FILE)
    datasets = raw.get("datasets")
    if not isinstance(organizations, list) or not organizations:
        raise DemoSourceError(f"{folder / ORGANIZATIONS_FILE}: expected a non-empty list under 'organizations'")
    if not isinstance(datasets, list) or not datasets:
        raise DemoSourceError(f"{folder / DATASETS_FILE}: expected a non-empty list under 'datasets'")
    defaults = raw.get("defaults") or {}
    if not isinstance(defaults, dict):
        raise DemoSourceError(f"{folder / DATASETS_FILE}: 'defaults' must be a mapping")
    orgs = tuple(organization_dict(entry) for entry in organizations)
    dsets = tuple(dataset_dict(entry, defaults) for entry in datasets)
    _check_unique("organization", [org["name"] for org in orgs])
    _check_unique("dataset", [ds["name"] for ds in dsets])
    return DemoSource(organizations=orgs, datasets=dsets)


def organization_dict(entry: Any) -> dict[str, Any]:
    """One ``organizations.yaml`` entry as an ``organization_create`` dict."""
    if not isinstance(entry, dict) or not entry.get("name"):
        raise DemoSourceError(f"every organization needs a 'name': {entry!r}")
    return {key: _plain(value) for key, value in entry.items() if value is not None}


def dataset_dict(entry: Any, defaults: Mapping[str, Any]) -> dict[str, Any]:
    """One ``datasets.yaml`` entry, merged with ``defaults``, as a ``package_create`` dict.

    The entry's own keys win over the defaults; an explicit ``null`` removes a default
    (e.g. ``attribution_text: null`` for a licence without attribution).
    """
    if not isinstance(entry, dict) or not entry.get("name"):
        raise DemoSourceError(f"every dataset needs a 'name': {entry!r}")
    merged = {**defaults, **entry}
    data: dict[str, Any] = {}
    for key, value in merged.items():
        if value is None:
            continue
        if key == "tags":
            data["tags"] = [{"name": str(tag)} for tag in value]
        elif key in GEOJSON_FIELDS and not isinstance(value, str):
            data[key] = geojson_text(value)
        elif key == "resources":
            data["resources"] = [_resource_dict(entry["name"], res) for res in value]
        else:
            data[key] = _plain(value)
    return data


def geojson_text(geometry: Any) -> str:
    """GeoJSON as compact text, the form stored in CKAN's ``spatial`` field."""
    return json.dumps(geometry, ensure_ascii=False, separators=(",", ":"))


def _resource_dict(dataset: str, resource: Any) -> dict[str, Any]:
    if not isinstance(resource, dict) or not resource.get("url") or not resource.get("name"):
        raise DemoSourceError(f"dataset {dataset!r}: every resource needs 'name' and 'url': {resource!r}")
    return {key: _plain(value) for key, value in resource.items() if value is not None}


def _plain(value: Any) -> Any:
    """YAML scalars CKAN does not take as they are (dates) become strings."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return value


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DemoSourceError(f"demo data file not found: {path}") from None
    except yaml.YAMLError as error:
        raise DemoSourceError(f"{path}: invalid YAML: {error}") from None
    if not isinstance(raw, dict):
        raise DemoSourceError(f"{path}: expected a mapping at the top level")
    return raw


def _check_unique(kind: str, names: list[str]) -> None:
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        raise DemoSourceError(f"duplicate {kind} names in the demo data: {', '.join(duplicates)}")
