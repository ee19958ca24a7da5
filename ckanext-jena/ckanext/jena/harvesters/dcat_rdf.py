"""``jena_dcat_rdf``: ckanext-dcat's DCAT RDF harvester with a safe fetch and all-or-nothing gathering.

Differences to ``dcat_rdf``:

* documents are downloaded by :func:`ckanext.jena.safe_fetch.fetch` (address policy, size limit, redirect
  and time limits) and refused before parsing if they carry XML entity tricks or remote
  JSON-LD contexts; local file paths are not read at all;
* paging follows ``hydra:next`` at most ``ckanext.jena.harvest.max_pages`` times and never
  the same page twice;
* if anything goes wrong while gathering, the objects gathered so far are dropped: no
  dataset is created, updated or deleted by a half-read catalog;
* datasets are parsed with the DCAT-AP.de profile (``ckanext.dcat.rdf.profiles``) and land
  in the source's department, as drafts unless the source says ``"state": "active"``;
  ``dataset_type`` and ``defaults`` in the source configuration fill what the source lacks.
"""

from __future__ import annotations

import logging
from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model
from ckanext.dcat.harvesters.rdf import DCATRDFHarvester
from ckanext.harvest.model import HarvestGatherError, HarvestObject

from ckanext.jena import config
from ckanext.jena.safe_fetch import FetchError, fetch, refuse_unsafe_content

from .policy import OwnSingleton, fetch_policy, finish_refused_job, source_options, validate_source_options

__all__ = ["JenaDCATRDFHarvester"]

log = logging.getLogger(__name__)

ACCEPT = "text/turtle, application/rdf+xml;q=0.9, application/ld+json;q=0.8, */*;q=0.1"
_PARSE_ERROR = "Error parsing the RDF file"
_NO_TITLE = "Error when processsing dataset: KeyError('title')"


class _GatherAborted(Exception):
    """Raised after the reason was saved as a gather error; ends the gather stage."""


def _gather_errors(job: Any) -> int:
    return model.Session.query(HarvestGatherError).filter(HarvestGatherError.harvest_job_id == job.id).count()


class JenaDCATRDFHarvester(OwnSingleton, DCATRDFHarvester):
    _pages: int = 0
    _visited: set[str]

    def info(self) -> dict[str, str]:
        return {
            "name": "jena_dcat_rdf",
            "title": "DCAT-AP.de (RDF)",
            "description": "DCAT-AP.de-Katalog eines anderen Portals (RDF/XML, Turtle, JSON-LD; Hydra-Seiten), "
            "sicher abgerufen / DCAT-AP.de catalog of another portal, fetched safely",
        }

    def validate_config(self, source_config: str | None) -> str | None:
        source_config = super().validate_config(source_config)
        validate_source_options(source_config)
        return source_config

    @classmethod
    def _save_gather_error(cls, message: str, job: Any) -> None:
        if message.startswith(_PARSE_ERROR):
            message = f"Die RDF-Daten der Quelle sind ungültig und wurden nicht importiert ({message})."
        elif message.startswith(_NO_TITLE):
            message = (
                "Ein Datensatz der Quelle hat keinen Titel (dct:title); der Katalog wurde nicht importiert "
                "/ a dataset of the source has no title."
            )
        super()._save_gather_error(message, job)

    def gather_stage(self, harvest_job: Any) -> list[str]:
        self._pages = 0
        self._visited = set()
        errors_before = _gather_errors(harvest_job)
        try:
            object_ids = super().gather_stage(harvest_job)
        except _GatherAborted:
            object_ids = []
        except Exception as error:
            # rdflib raises more than ckanext-dcat catches (an AssertionError on some broken
            # Turtle); an exception here would stop the gather worker for every other source.
            model.Session.rollback()
            log.exception("Gathering harvest job %s failed", harvest_job.id)
            self._save_gather_error(f"{_PARSE_ERROR}: {error.__class__.__name__}: {error}", harvest_job)
            object_ids = []
        if _gather_errors(harvest_job) > errors_before:
            # All or nothing: objects of pages read before the failure are not imported.
            model.Session.query(HarvestObject).filter(HarvestObject.harvest_job_id == harvest_job.id).delete()
            model.Session.commit()
            finish_refused_job(harvest_job)
            return []
        return object_ids or []

    def _get_content_and_type(
        self, url: str, harvest_job: Any, page: int = 1, content_type: str | None = None
    ) -> tuple[str | None, str | None]:
        self._pages += 1
        if url in self._visited:
            self._save_gather_error(
                f"Die Seiten der Quelle verweisen im Kreis (hydra:next zeigt erneut auf {url}) / paging loop.",
                harvest_job,
            )
            raise _GatherAborted(url)
        if self._pages > config.harvest_max_pages():
            self._save_gather_error(
                f"Die Quelle hat mehr als {config.harvest_max_pages()} Seiten (ckanext.jena.harvest.max_pages) "
                "/ too many pages.",
                harvest_job,
            )
            raise _GatherAborted(url)
        self._visited.add(url)
        try:
            fetched = fetch(url, fetch_policy(), accept=ACCEPT)
            refuse_unsafe_content(fetched.content, fetched.content_type)
            text = fetched.content.decode("utf-8")
        except FetchError as error:
            self._save_gather_error(str(error), harvest_job)
            raise _GatherAborted(url) from None
        except UnicodeDecodeError:
            self._save_gather_error(
                f"Das Dokument {url} ist nicht in UTF-8 kodiert / the document is not UTF-8.", harvest_job
            )
            raise _GatherAborted(url) from None
        # ckanext-dcat hands the previous page's type in again; only a configured rdf_format is
        # binding, otherwise each page is parsed as what its server says it is.
        configured = source_options(harvest_job.source.config).get("rdf_format")
        return text, configured or fetched.content_type or content_type or None

    def _get_existing_dataset(self, guid: str) -> dict[str, Any] | None:
        # ckanext-dcat asks package_show anonymously; harvested datasets are drafts (private)
        # until released, so the second run would fail instead of updating them.
        rows = self._read_datasets_from_db(guid)
        if not rows:
            return None
        if len(rows) > 1:
            log.error("Found more than one dataset with the guid %s", guid)
        context = {"user": self._get_user_name(), "ignore_auth": True}
        return tk.get_action("package_show")(context, {"id": rows[0][0]})

    def modify_package_dict(self, package_dict: dict[str, Any], dcat_dict: Any, harvest_object: Any) -> dict[str, Any]:
        options = source_options(harvest_object.source.config)
        if options.dataset_type:
            package_dict["type"] = options.dataset_type
        for key, value in options.defaults.items():
            if package_dict.get(key) in (None, "", []):
                package_dict[key] = value
        package_dict["state"] = options.state
        return package_dict
