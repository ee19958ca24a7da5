"""Settings shared by the Jena harvesters: the fetch policy and the per-source options."""

from __future__ import annotations

import datetime
import json
from typing import Any

from ckanext.jena import config
from ckanext.jena.safe_fetch import FetchError, FetchPolicy, check_url

__all__ = [
    "OwnSingleton",
    "SourceOptions",
    "fetch_policy",
    "finish_refused_job",
    "source_options",
    "source_url_error",
    "validate_source_options",
]

# Harvested datasets are drafts unless a source says otherwise: the department completes them
# (city categories, data steward) and sends them through review like every other dataset.
DEFAULT_STATE = "draft"


class OwnSingleton:
    """Mixin for plugins that subclass another plugin class.

    CKAN's ``SingletonPlugin.__new__`` checks ``hasattr(cls, "_instance")``, which a subclass
    inherits once its parent was instantiated: ``jena_dcat_rdf_harvester`` would then be the
    ``dcat_rdf_harvester`` object and never show up as a harvester of its own.
    """

    def __new__(cls, *args: Any, **kwargs: Any) -> Any:
        if "_instance" not in cls.__dict__:
            cls._instance = object.__new__(cls)  # type: ignore[attr-defined]
        return cls._instance  # type: ignore[attr-defined]


def fetch_policy() -> FetchPolicy:
    return FetchPolicy(
        allowed_hosts=tuple(config.harvest_allowed_hosts()),
        max_bytes=config.harvest_max_document_mb() * 1024 * 1024,
        timeout=float(config.harvest_timeout()),
        total_timeout=float(config.harvest_total_timeout()),
        max_redirects=config.harvest_max_redirects(),
    )


def source_url_error(url: str) -> str | None:
    """Why a harvest source URL is refused when the source is saved (``None`` if it is fine): the
    same policy as the fetch (http(s) only, no loopback, private or link-local address unless
    allowed). A name that does not resolve now is accepted; the fetch checks it again."""
    try:
        check_url(url, fetch_policy())
    except FetchError as error:
        return None if error.code == "unresolvable" else f"{error.message_de} / {error.message_en}"
    except ValueError as error:  # "http://[::1", port out of range
        return f"Die Adresse {url!r} ist ungültig ({error}). / {url!r} is not a valid URL ({error})."
    return None


def finish_refused_job(job: Any) -> None:
    """A gather that saved its reason as a gather error and has nothing to fetch ends the job
    (ckanext-harvest left it "Running" until the next harvest_jobs_run, which may never come)."""
    from ckan import model

    now = datetime.datetime.utcnow()
    job.gather_finished = job.gather_finished or now
    job.finished = now
    job.status = "Finished"
    model.Session.add(job)
    model.Session.commit()


class SourceOptions(dict[str, Any]):
    """The JSON configuration of a harvest source, with the Jena keys typed."""

    @property
    def dataset_type(self) -> str | None:
        value = self.get("dataset_type")
        return str(value) if value else None

    @property
    def defaults(self) -> dict[str, Any]:
        return dict(self.get("defaults") or {})

    @property
    def state(self) -> str:
        return str(self.get("state") or DEFAULT_STATE)


def source_options(raw: str | None) -> SourceOptions:
    if not raw:
        return SourceOptions()
    try:
        parsed = json.loads(raw)
    except ValueError:
        return SourceOptions()
    return SourceOptions(parsed if isinstance(parsed, dict) else {})


def validate_source_options(raw: str | None) -> None:
    """Raise ``ValueError`` (shown on the source form) for Jena keys with wrong values."""
    if not raw:
        return
    parsed = json.loads(raw)
    if not isinstance(parsed, dict):
        raise ValueError("Die Konfiguration muss ein JSON-Objekt sein / the configuration must be a JSON object")
    dataset_type = parsed.get("dataset_type")
    if dataset_type is not None and dataset_type not in config.dcat_dataset_types():
        allowed = ", ".join(config.dcat_dataset_types())
        raise ValueError(f"dataset_type muss einer von {allowed} sein / dataset_type must be one of {allowed}")
    if "defaults" in parsed and not isinstance(parsed["defaults"], dict):
        raise ValueError("defaults muss ein JSON-Objekt sein / defaults must be a JSON object")
    if parsed.get("state") not in (None, "draft", "active"):
        raise ValueError("state muss draft oder active sein / state must be draft or active")
