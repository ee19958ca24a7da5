"""Demo data of the city of Jena and synthetic catalogues for benchmarks.

* ``load_demo_data()``      - the realistic demo catalogue (``demo/data/*.yaml``) via the Action API
* ``generate_datasets(n)``  - a deterministic stream of synthetic ``package_create`` dicts (no CKAN needed)
* ``generate_catalog(n)``   - loads that stream through the Action API
* ``demo``                  - the click group (``ckan jena demo load|generate``), in ``demo/cli.py``

Attributes are imported on first use, so ``generate_datasets`` works without CKAN.
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = [
    "CatalogReport",
    "DemoLoadError",
    "LoadReport",
    "generate_catalog",
    "generate_datasets",
    "load_demo_data",
    "read_demo_source",
]

_LOCATIONS = {
    "CatalogReport": "catalog",
    "DemoLoadError": "loader",
    "LoadReport": "loader",
    "generate_catalog": "catalog",
    "generate_datasets": "synthetic",
    "load_demo_data": "loader",
    "read_demo_source": "source",
}


def __getattr__(name: str) -> Any:
    if name not in _LOCATIONS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_LOCATIONS[name]}"), name)
