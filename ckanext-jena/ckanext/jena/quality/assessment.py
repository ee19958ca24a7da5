"""The MQA score of a dataset as the portal knows it: DCAT-AP compliance from our SHACL
validation (official DCAT-AP.de shapes), reachability from the link checker's latest check
of each URL (:mod:`ckanext.jena.links`).

The SHACL run costs tens of milliseconds, so its verdict is kept per process for the exact
content validated (a digest of the dataset dict): the dataset page, the form and the release
page of an unchanged dataset validate once. A URL the link checker has not checked yet (an
unreleased dataset's, a new URL) is "unknown" and earns no reachability points (as on
data.europa.eu before its first check).
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
from collections import OrderedDict
from typing import Any

from .mqa import Score, score_dataset

__all__ = ["assess", "compliance", "link_status"]

log = logging.getLogger(__name__)
_CACHE_SIZE = 4096
_compliance_cache: OrderedDict[str, bool | None] = OrderedDict()
_lock = threading.Lock()


def _digest(dataset_dict: dict[str, Any]) -> str:
    text = json.dumps(dataset_dict, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def compliance(dataset_dict: dict[str, Any]) -> bool | None:
    """Does the dataset's DCAT-AP.de serialization pass the official shapes? None: shapes missing."""
    from ckanext.jena.dcat.shapes import ShapesUnavailableError
    from ckanext.jena.dcat.validation import validate_dataset

    key = _digest(dataset_dict)
    with _lock:
        if key in _compliance_cache:
            _compliance_cache.move_to_end(key)
            return _compliance_cache[key]
    try:
        verdict: bool | None = validate_dataset(dataset_dict).conforms
    except ShapesUnavailableError as error:
        log.warning("MQA: DCAT-AP compliance unknown, shapes missing: %s", error.message_en)
        verdict = None
    with _lock:
        _compliance_cache[key] = verdict
        while len(_compliance_cache) > _CACHE_SIZE:
            _compliance_cache.popitem(last=False)
    return verdict


def link_status(dataset_dict: dict[str, Any]) -> dict[str, int | None]:
    """The status code of the latest check of each resource URL (none: never checked)."""
    from ckanext.jena.links import store

    return store.url_status(r for r in dataset_dict.get("resources") or [] if isinstance(r, dict))


def assess(dataset_dict: dict[str, Any]) -> Score:
    """The MQA score of a ``package_show`` dict (the version the caller may see)."""
    return score_dataset(dataset_dict, compliant=compliance(dataset_dict), url_status=link_status(dataset_dict))
