"""The data-ethics review in the catalog: the public summary handed to the profile, and
the part of a fragment's cache stamp that follows it.

The summary changes without the dataset's ``metadata_modified`` changing (answers saved for
a pending revision, a sign-off, an approval), so cache entries, ETags and Last-Modified
are keyed on both (see :func:`stamp`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from ckanext.jena.ethics.summary import SummaryStamp, public_summary, summary_stamps
from ckanext.jena.profiles.quality import ETHICS_SUMMARY_KEY, MQA_KEY

__all__ = ["review_stamps", "stamp", "with_quality", "with_review"]


def with_review(dataset_dict: dict[str, Any]) -> dict[str, Any]:
    """The dataset with its public review summary (or None) under the profile's key; a value
    the dict brought along under that key is always replaced."""
    return {**dataset_dict, ETHICS_SUMMARY_KEY: public_summary(str(dataset_dict.get("id") or ""))}


def with_quality(dataset_dict: dict[str, Any]) -> dict[str, Any]:
    """The dataset with its MQA score under the profile's key (DQV measurements in the catalog).

    Scored on the dict as given (the released version): the score's SHACL check serializes the
    dataset itself, without this key, so no measurement ever judges another measurement."""
    from ckanext.jena.quality import assessment

    clean = {key: value for key, value in dataset_dict.items() if key not in (MQA_KEY, ETHICS_SUMMARY_KEY)}
    # No labels: fragments are built in background jobs too, outside any request language.
    return {**dataset_dict, MQA_KEY: {**assessment.assess(clean).as_dict(), "id": clean.get("id")}}


def review_stamps(dataset_ids: Iterable[str]) -> dict[str, SummaryStamp]:
    """The review stamps of those datasets that have a checklist (bulk, three queries); times
    in naive UTC like ``metadata_modified``."""
    return {
        dataset_id: SummaryStamp(found.token, found.changed.astimezone(dt.UTC).replace(tzinfo=None))
        for dataset_id, found in summary_stamps(dataset_ids).items()
    }


def stamp(metadata_modified: str, review_token: str) -> str:
    """The cache stamp of a dataset: its ``metadata_modified`` plus its review token (if any)."""
    return f"{metadata_modified}|{review_token}" if review_token else metadata_modified
