"""The MQA score of a dataset as the portal knows it: DCAT-AP compliance from our SHACL
validation (official DCAT-AP.de shapes), reachability from the link checker's latest check
of each URL (:mod:`ckanext.jena.links`).

The SHACL run costs tens of milliseconds; ``validate_dataset`` keeps its report per process for
the exact content validated (a digest of the dataset dict and the settings): the dataset page, the form and the release
page of an unchanged dataset validate once. A URL the link checker has not checked yet (an
unreleased dataset's, a new URL) is "unknown" and earns no reachability points (as on
data.europa.eu before its first check).
"""

from __future__ import annotations

import logging
from typing import Any

from .mqa import Score, score_dataset

__all__ = ["assess", "compliance", "link_status"]

log = logging.getLogger(__name__)


def compliance(dataset_dict: dict[str, Any]) -> bool | None:
    """Does the dataset's DCAT-AP.de serialization pass the official shapes? None: shapes missing.

    ``validate_dataset`` remembers its reports per dataset version, so pages that show the score
    validate an unchanged dataset once."""
    from ckanext.jena.dcat.shapes import ShapesUnavailableError
    from ckanext.jena.dcat.validation import validate_dataset

    try:
        return validate_dataset(dataset_dict).conforms
    except ShapesUnavailableError as error:
        log.warning("MQA: DCAT-AP compliance unknown, shapes missing: %s", error.message_en)
        return None


def link_status(dataset_dict: dict[str, Any]) -> dict[str, int | None]:
    """The status code of the latest check of each resource URL (none: never checked)."""
    from ckanext.jena.links import store

    return store.url_status(r for r in dataset_dict.get("resources") or [] if isinstance(r, dict))


def assess(dataset_dict: dict[str, Any]) -> Score:
    """The MQA score of a ``package_show`` dict (the version the caller may see)."""
    return score_dataset(dataset_dict, compliant=compliance(dataset_dict), url_status=link_status(dataset_dict))
