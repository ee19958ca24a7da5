"""Serialized datasets for the catalog endpoints: cached fragments, built on a miss.

A fragment is one dataset written by :mod:`.writers` from the graph the DCAT-AP.de profile
builds. Fragments are cached per format (:mod:`.cache`); a catalog page then costs one
Redis round trip plus string concatenation, and only datasets edited since their last
serialization are built again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.jena import config

from .cache import Fragment, FragmentCache, fingerprint
from .graph import dataset_graph
from .writers import fragment

__all__ = ["dataset_fragment", "fragments", "load_released"]

DatasetLoader = Callable[[Sequence[str]], list[dict[str, Any]]]


def _label_prefix(dataset_id: str) -> str:
    # Blank-node labels must be unique in a page made of many fragments.
    return "b" + hashlib.sha1(dataset_id.encode()).hexdigest()[:10]


def dataset_fragment(dataset_dict: dict[str, Any], fmt: str) -> Fragment:
    """One dataset in format ``fmt`` ("rdf", "ttl", "jsonld"), without document header."""
    graph, ref = dataset_graph(dataset_dict)
    return Fragment(str(ref), fragment(graph, ref, fmt, _label_prefix(str(dataset_dict.get("id") or ref))))


def load_released(ids: Sequence[str]) -> list[dict[str, Any]]:
    """The indexed dicts of these datasets, as an anonymous visitor may see them.

    The search index applies CKAN's permission labels, so a dataset that is not released
    (private, draft, deleted) is not returned even if a caller asks for it.
    """
    if not ids:
        return []
    quoted = " OR ".join(f'"{dataset_id}"' for dataset_id in ids)
    result = tk.get_action("package_search")(
        {"ignore_auth": False, "user": ""},
        {"fq": f"id:({quoted})", "rows": len(ids), "include_private": False, "include_drafts": False},
    )
    return list(result["results"])


def fragments(stamps: Mapping[str, str], fmt: str, loader: DatasetLoader = load_released) -> dict[str, Fragment]:
    """Fragments of the datasets ``{id: metadata_modified}``; built (and cached) where missing.

    Datasets the loader does not return are left out of the result.
    """
    cache = FragmentCache(fmt, fingerprint(), config.dcat_fragment_cache_ttl())
    found = cache.get_many(stamps)
    missing = [dataset_id for dataset_id in stamps if dataset_id not in found]
    if missing:
        built: list[tuple[str, str, Fragment]] = []
        for dataset_dict in loader(missing):
            item = dataset_fragment(dataset_dict, fmt)
            found[str(dataset_dict["id"])] = item
            built.append((str(dataset_dict["id"]), str(dataset_dict.get("metadata_modified") or ""), item))
        cache.put_many(built)
    return found
