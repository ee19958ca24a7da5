"""Entry points of the DCAT work that setup.py may not declare yet, registered for the tests only.

The profile (``ckan.rdf.profiles: dcat_ap_de``) and the harvester plugins
(``ckan.plugins: jena_dcat_rdf_harvester, jena_csw_harvester``) belong in setup.py.
Until the installed distribution declares them, the tests put a small ``.dist-info``
folder on ``sys.path`` so ``importlib.metadata`` (which CKAN and ckanext-dcat use to
find plugins and profiles) sees them. Entry points the installation already has are
left alone.
"""

from __future__ import annotations

import sys
import tempfile
from importlib.metadata import entry_points
from pathlib import Path

WANTED: dict[str, dict[str, str]] = {
    "ckan.rdf.profiles": {"dcat_ap_de": "ckanext.jena.profiles:DCATAPDEProfile"},
    "ckan.plugins": {
        "jena_dcat_rdf_harvester": "ckanext.jena.harvesters:JenaDCATRDFHarvester",
        "jena_csw_harvester": "ckanext.jena.harvesters:JenaCSWHarvester",
    },
}


def missing() -> dict[str, dict[str, str]]:
    result: dict[str, dict[str, str]] = {}
    for group, names in WANTED.items():
        for name, target in names.items():
            if not entry_points(group=group, name=name):
                result.setdefault(group, {})[name] = target
    return result


def register_missing() -> list[str]:
    """Make the missing entry points visible; returns ``group:name`` of those registered."""
    absent = missing()
    if not absent:
        return []
    folder = Path(tempfile.mkdtemp(prefix="jena-dcat-entry-points-"))
    info = folder / "jena_dcat_test_entry_points-0.0.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: jena-dcat-test-entry-points\nVersion: 0.0.0\n")
    lines = []
    for group, names in absent.items():
        lines.append(f"[{group}]")
        lines.extend(f"{name} = {target}" for name, target in names.items())
    (info / "entry_points.txt").write_text("\n".join(lines) + "\n")
    sys.path.append(str(folder))
    return [f"{group}:{name}" for group, names in absent.items() for name in names]
