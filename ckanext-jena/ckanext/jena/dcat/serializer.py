"""Serialized datasets for the catalog endpoints: cached fragments, built on a miss.

A fragment is one dataset written by :mod:`.writers` from the graph the DCAT-AP.de profile
builds. Fragments are cached per format and flavour (:mod:`.cache`); a catalog page then costs one
Redis round trip plus string concatenation, and only datasets edited since their last
serialization are built again.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.jena import config
from ckanext.jena.profiles.flavours import DEFAULT_FLAVOUR, FLAVOURS

from .cache import Fragment, FragmentCache, fingerprint
from .graph import dataset_graphs
from .review import review_stamps, stamp, with_quality, with_review
from .writers import FORMATS, fragment

__all__ = ["build_fragments", "dataset_fragment", "fragments", "load_released", "refresh_on_index", "serialize_job"]

log = logging.getLogger(__name__)

DatasetLoader = Callable[[Sequence[str]], list[dict[str, Any]]]


def _label_prefix(dataset_id: str) -> str:
    # Blank-node labels must be unique in a page made of many fragments.
    return "b" + hashlib.sha1(dataset_id.encode()).hexdigest()[:10]


def dataset_fragment(dataset_dict: dict[str, Any], fmt: str, flavour: str = DEFAULT_FLAVOUR) -> Fragment:
    """One dataset in format ``fmt`` ("rdf", "ttl", "jsonld") and a flavour, without document header."""
    return build_fragments(dataset_dict, (fmt,), (flavour,))[flavour, fmt]


def build_fragments(
    dataset_dict: dict[str, Any], formats: Sequence[str] = FORMATS, flavours: tuple[str, ...] = FLAVOURS
) -> dict[tuple[str, str], Fragment]:
    """One dataset (with its public data-ethics review and its MQA quality measurements) in
    several formats and flavours, keyed ``(flavour, format)``; the profile runs once (that is
    most of the cost)."""
    graphs, ref = dataset_graphs(with_quality(with_review(dataset_dict)), flavours)
    prefix = _label_prefix(str(dataset_dict.get("id") or ref))
    return {
        (flavour, fmt): Fragment(str(ref), fragment(graph, ref, fmt, prefix))
        for flavour, graph in graphs.items()
        for fmt in formats
    }


Built = Sequence[tuple[dict[str, Any], dict[tuple[str, str], Fragment]]]


def _store(built: Built, stamps: Mapping[str, str]) -> None:
    """Cache the fragments under the stamps (``metadata_modified`` and review) they were built for."""
    ttl = config.dcat_fragment_cache_ttl()
    for flavour in FLAVOURS:
        for fmt in FORMATS:
            entries = [
                (str(d["id"]), stamps[str(d["id"])], items[flavour, fmt])
                for d, items in built
                if (flavour, fmt) in items
            ]
            if entries:
                FragmentCache(fmt, fingerprint(), ttl, flavour).put_many(entries)


def refresh_on_index(index_dict: dict[str, Any]) -> None:
    """``before_dataset_index``: queue the serialization of a released dataset that changed.

    Every change of a dataset (an edit, a release, a withdrawal) re-indexes it; a background job
    (:func:`serialize_job`) then writes the fragments of the new version in all formats and
    flavours, so a crawl finds them cached without the write waiting for them (about a quarter
    of a second per dataset). Until the job ran, a catalog page builds a missing fragment itself. Not released:
    nothing to do (its old fragments are never read again, the catalog query does not list it).
    Redis down: only a later build on a catalog request.
    """
    released = index_dict.get("capacity") == "public" and index_dict.get("state") == "active"
    if not released or index_dict.get("type") not in config.dcat_dataset_types():
        return
    if config.dcat_fragment_cache_ttl() <= 0:
        return
    try:
        tk.enqueue_job(serialize_job, [[str(index_dict["id"])]], title="jena: DCAT-Katalogeintrag schreiben")
    except Exception:
        log.exception("Could not queue the DCAT serialization of dataset %s", index_dict.get("id"))


def serialize_job(dataset_ids: list[str]) -> int:
    """Background job: cache the fragments of those datasets that are released now; returns their number.

    The datasets are read as an anonymous visitor would (:func:`load_released`), so one withdrawn
    in the meantime is skipped. The stamp combines the indexed ``metadata_modified`` with the
    committed review: if the job ran before the change committed, the stamps differ and the
    catalog builds the fragment itself (never an unapproved version under a current stamp).
    """
    datasets = load_released(dataset_ids)
    if not datasets:
        return 0
    reviews = review_stamps([str(d["id"]) for d in datasets])
    stamps = {}
    for dataset in datasets:
        review = reviews.get(str(dataset["id"]))
        stamps[str(dataset["id"])] = stamp(str(dataset.get("metadata_modified") or ""), review.token if review else "")
    _store([(dataset, build_fragments(dataset)) for dataset in datasets], stamps)
    return len(datasets)


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


def fragments(
    stamps: Mapping[str, str],
    fmt: str,
    loader: DatasetLoader = load_released,
    flavour: str = DEFAULT_FLAVOUR,
    build: tuple[str, ...] = (),
) -> dict[str, Fragment]:
    """Fragments of the datasets ``{id: metadata_modified}`` in ``flavour``; built (and cached)
    where missing, in every format and in ``flavour`` plus the flavours named in ``build``.

    A crawl builds only the flavour it reads (the background job and the warm-up build both).
    Datasets the loader does not return are left out of the result.
    """
    cache = FragmentCache(fmt, fingerprint(), config.dcat_fragment_cache_ttl(), flavour)
    found = cache.get_many(stamps)
    missing = [dataset_id for dataset_id in stamps if dataset_id not in found]
    if missing:
        # All formats at once: a harvester reading the Turtle pages next finds them cached.
        flavours = tuple(dict.fromkeys((flavour, *build)))
        built = [(dataset, build_fragments(dataset, FORMATS, flavours)) for dataset in loader(missing)]
        for dataset, items in built:
            found[str(dataset["id"])] = items[flavour, fmt]
        _store(built, stamps)
    return found
