"""Loads a synthetic catalogue (``synthetic.generate_datasets``) through the Action API.

Every dataset goes through ``package_create`` with the full validation of the
scheming schemas and is then published like the demo data (``publishing.py``).
For speed the datasets of one batch share a database transaction
(``defer_commit``) and the search index is committed once per batch instead of
once per dataset. Names already in the database are skipped, so an interrupted
run can be resumed with the same seed.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.lib import search
from tqdm import tqdm

from ckanext.jena.demo import publishing
from ckanext.jena.demo.loader import DemoLoadError, load_organizations, site_user
from ckanext.jena.demo.source import read_demo_source
from ckanext.jena.demo.synthetic import generate_datasets

__all__ = ["CatalogReport", "generate_catalog"]

DEFAULT_BATCH_SIZE = 200


@dataclass
class CatalogReport:
    requested: int
    created: int = 0
    skipped: int = 0
    seconds: float = 0.0

    @property
    def rate(self) -> float:
        """Datasets created per second (validation, database and indexing included)."""
        return self.created / self.seconds if self.seconds else 0.0

    def summary(self) -> str:
        return (
            f"{self.created} created, {self.skipped} already present, {self.seconds:.1f} s, {self.rate:.1f} datasets/s"
        )


def generate_catalog(
    count: int, seed: int = 0, progress: bool = True, *, batch_size: int = DEFAULT_BATCH_SIZE
) -> CatalogReport:
    """Create ``count`` synthetic datasets (deterministic for ``seed``) owned by the demo departments.

    Raises :class:`~ckanext.jena.demo.loader.DemoLoadError` naming the dataset CKAN
    rejects; the batch it belongs to is rolled back, earlier batches stay.
    """
    if count < 0 or batch_size < 1:
        raise ValueError("count must not be negative and batch_size must be positive")
    started = time.monotonic()
    load_organizations(read_demo_source().organizations)
    report = CatalogReport(requested=count)
    with (
        tqdm(total=count, desc="Synthetic catalogue", unit="dataset", disable=not progress) as bar,
        publishing.deferred_search_commits(),
    ):
        for batch in _batches(generate_datasets(count, seed), batch_size):
            created = _load_batch(batch)
            report.created += created
            report.skipped += len(batch) - created
            bar.update(len(batch))
    report.seconds = time.monotonic() - started
    return report


def _batches(datasets: Iterable[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    iterator = iter(datasets)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def _load_batch(batch: list[dict[str, Any]]) -> int:
    """Create, publish and index the datasets of ``batch`` not yet in the database; return how many."""
    names = [dataset["name"] for dataset in batch]
    existing = {name for (name,) in model.Session.query(model.Package.name).filter(model.Package.name.in_(names))}
    user = site_user()
    ids: list[str] = []
    for dataset in batch:
        if dataset["name"] in existing:
            continue
        context = {"user": user["name"], "defer_commit": True, "return_id_only": True}
        try:
            ids.append(tk.get_action("package_create")(context, dataset))
        except tk.ValidationError as error:
            model.Session.rollback()
            raise DemoLoadError("synthetic dataset", dataset["name"], error.error_dict) from error
    model.repo.commit()
    # Publishing re-indexes the dataset; datasets outside the release workflow are indexed here.
    unindexed = [package_id for package_id in ids if not publishing.publish(package_id, user["name"])]
    if unindexed:
        search.rebuild(package_ids=unindexed, defer_commit=True, quiet=True)
    search.commit()
    return len(ids)
