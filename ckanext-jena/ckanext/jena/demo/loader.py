"""Loads the demo catalogue of the city of Jena through the Action API.

Organizations and datasets go through ``organization_create`` / ``package_create``
(or ``*_patch`` when they exist), so validation, the scheming schemas, the
plugins' hooks and search indexing run exactly as for an editor's submission.
The load is idempotent: an entry that already matches the data file is left
alone, a differing one is patched in place, nothing is ever duplicated. The
first entry CKAN rejects stops the load with :class:`DemoLoadError`, which names
the entry and carries CKAN's error dict. Datasets are published at once through
the release workflow's trusted path (``publishing.py``); the search index is
committed once at the end of the load instead of after every dataset.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import ckan.plugins.toolkit as tk
from tqdm import tqdm

from ckanext.jena.demo import publishing
from ckanext.jena.demo.source import GEOJSON_FIELDS, read_demo_source

__all__ = ["DemoLoadError", "LoadReport", "load_demo_data", "load_organizations", "site_context", "site_user"]

Outcome = Literal["created", "updated", "unchanged"]

# Keys CKAN derives itself; never compared against the data file.
_RESOURCE_IGNORED = frozenset({"id", "package_id", "position", "created", "last_modified", "metadata_modified"})


class DemoLoadError(RuntimeError):
    """CKAN rejected a demo entry; ``errors`` is CKAN's validation error dict."""

    def __init__(self, kind: str, name: str, errors: Mapping[str, Any]) -> None:
        self.kind = kind
        self.name = name
        self.errors = dict(errors)
        super().__init__(f"demo {kind} {name!r} failed validation: {json.dumps(self.errors, ensure_ascii=False)}")


@dataclass
class LoadReport:
    """What one run of :func:`load_demo_data` did, by entry name."""

    organizations: dict[Outcome, list[str]] = field(
        default_factory=lambda: {"created": [], "updated": [], "unchanged": []}
    )
    datasets: dict[Outcome, list[str]] = field(default_factory=lambda: {"created": [], "updated": [], "unchanged": []})
    seconds: float = 0.0

    @property
    def changed(self) -> int:
        """Number of entries created or updated in this run (0 on a repeated run)."""
        return sum(len(self.organizations[o]) + len(self.datasets[o]) for o in ("created", "updated"))

    def summary(self) -> str:
        def part(kind: str, counts: dict[Outcome, list[str]]) -> str:
            return f"{kind}: {', '.join(f'{len(names)} {outcome}' for outcome, names in counts.items())}"

        return f"{part('organizations', self.organizations)}; {part('datasets', self.datasets)}; {self.seconds:.1f} s"


def site_user() -> dict[str, Any]:
    """The site user (a sysadmin), created by CKAN on first use."""
    return tk.get_action("get_site_user")({"ignore_auth": True}, {})


def site_context() -> dict[str, Any]:
    """A fresh action context acting as the site user.

    Fresh on every call: CKAN actions store state (``package``, ``schema``) in the context.
    """
    return {"user": site_user()["name"]}


def load_demo_data(progress: bool = True, *, data_dir: Path | None = None) -> LoadReport:
    """Create or update the demo organizations and datasets; return what changed.

    ``data_dir`` replaces the shipped ``demo/data`` folder (tests use it for broken entries).
    Raises :class:`DemoLoadError` on the first entry CKAN rejects.
    """
    started = time.monotonic()
    source = read_demo_source(data_dir)
    report = LoadReport()
    with (
        tqdm(
            total=len(source.organizations) + len(source.datasets),
            desc="Demo data",
            unit="entry",
            disable=not progress,
        ) as bar,
        publishing.deferred_search_commits(),
    ):
        for org in source.organizations:
            bar.set_postfix_str(org["name"], refresh=False)
            report.organizations[_load_organization(org)].append(org["name"])
            bar.update()
        for dataset in source.datasets:
            bar.set_postfix_str(dataset["name"], refresh=False)
            report.datasets[_load_dataset(dataset)].append(dataset["name"])
            bar.update()
    report.seconds = time.monotonic() - started
    return report


def load_organizations(organizations: Iterable[dict[str, Any]]) -> dict[Outcome, list[str]]:
    """Create or update ``organizations`` (no progress bar); names by outcome."""
    outcomes: dict[Outcome, list[str]] = {"created": [], "updated": [], "unchanged": []}
    for org in organizations:
        outcomes[_load_organization(org)].append(org["name"])
    return outcomes


def _load_organization(org: dict[str, Any]) -> Outcome:
    try:
        existing = tk.get_action("organization_show")(site_context(), {"id": org["name"], "include_datasets": False})
    except tk.ObjectNotFound:
        _call("organization", org["name"], "organization_create", dict(org))
        return "created"
    if existing.get("state") == "active" and _matches(org, existing):
        return "unchanged"
    _call("organization", org["name"], "organization_patch", {**org, "id": existing["id"], "state": "active"})
    return "updated"


def _load_dataset(dataset: dict[str, Any]) -> Outcome:
    """Create, patch or keep one dataset, then make sure it is published."""
    actor = site_user()["name"]
    try:
        existing = tk.get_action("package_show")(site_context(), {"id": dataset["name"]})
    except tk.ObjectNotFound:
        created = _call("dataset", dataset["name"], "package_create", dict(dataset))
        publishing.publish(created["id"], actor)
        return "created"
    if existing.get("state") == "active" and _matches(dataset, existing):
        # Same content; it may still need publishing (e.g. an earlier run was interrupted).
        return "updated" if publishing.publish(existing["id"], actor) else "unchanged"
    patch = {**dataset, "id": existing["id"], "state": "active"}
    patch["resources"] = _keep_resource_ids(dataset.get("resources", []), existing.get("resources", []))
    _call("dataset", dataset["name"], "package_patch", patch, publishing.in_place_update_context())
    publishing.publish(existing["id"], actor)
    return "updated"


def _call(
    kind: str, name: str, action: str, data: dict[str, Any], flags: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    try:
        return tk.get_action(action)({**site_context(), **(flags or {})}, data)
    except tk.ValidationError as error:
        raise DemoLoadError(kind, name, error.error_dict) from error


def _keep_resource_ids(wanted: list[dict[str, Any]], existing: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Give each wanted resource the id of the existing one with the same URL (stable resource ids)."""
    ids = {res.get("url"): res["id"] for res in existing}
    return [{**res, "id": ids[res["url"]]} if res["url"] in ids else dict(res) for res in wanted]


def _matches(wanted: Mapping[str, Any], existing: Mapping[str, Any]) -> bool:
    """True when every value of the data file entry equals what CKAN holds."""
    for key, value in wanted.items():
        current = existing.get(key)
        if key == "owner_org":
            # package_show gives the organization's id; the data file names it.
            if value not in (current, (existing.get("organization") or {}).get("name")):
                return False
        elif key == "tags":
            if sorted(t["name"] for t in value) != sorted(t["name"] for t in current or []):
                return False
        elif key == "resources":
            if not _same_resources(value, current or []):
                return False
        elif key in GEOJSON_FIELDS:
            if not _same_geojson(value, current):
                return False
        elif not _same(value, current):
            return False
    return True


def _same_resources(wanted: list[dict[str, Any]], existing: list[dict[str, Any]]) -> bool:
    if len(wanted) != len(existing):
        return False
    for want, have in zip(wanted, existing, strict=True):
        for key, value in want.items():
            if key in _RESOURCE_IGNORED:
                continue
            # CKAN normalises format spellings (GEOJSON -> GeoJSON) unless a schema keeps codes.
            if key == "format":
                if str(value).casefold() != str(have.get(key) or "").casefold():
                    return False
            elif not _same(value, have.get(key)):
                return False
    return True


def _same_geojson(wanted: Any, current: Any) -> bool:
    try:
        return _as_json(wanted) == _as_json(current)
    except (TypeError, ValueError):
        return False


def _as_json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


def _same(wanted: Any, current: Any) -> bool:
    """Equality tolerant of the representations validators produce (list order, numbers as text, dates)."""
    if isinstance(wanted, list):
        current_list = _as_list(current)
        return current_list is not None and sorted(map(_scalar, wanted)) == sorted(map(_scalar, current_list))
    return _scalar(wanted) == _scalar(current)


def _as_list(value: Any) -> list[Any] | None:
    if isinstance(value, list):
        return value
    if isinstance(value, str):
        try:
            parsed = json.loads(value)
        except ValueError:
            return [value] if value else []
        return parsed if isinstance(parsed, list) else None
    return [] if value is None else None


def _scalar(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int | float):
        return repr(float(value))
    text = str(value).strip()
    try:
        return repr(float(text))
    except ValueError:
        pass
    # Dates may come back as midnight datetimes ("2020-01-01T00:00:00").
    if len(text) == 19 and text.endswith("T00:00:00"):
        return text[:10]
    return text
