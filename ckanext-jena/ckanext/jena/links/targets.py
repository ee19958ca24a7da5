"""What the link checker checks: the resources of released datasets, one URL each."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

import sqlalchemy as sa
from ckan import model

from ckanext.jena.links.checker import Target

__all__ = ["UPLOAD_PREFIX", "released", "released_ids", "target_url"]

UPLOAD_PREFIX = "upload:"


def target_url(resource: Mapping[str, Any]) -> str:
    """The URL checked for ``resource`` (a resource dict or row values): a map service's
    GetCapabilities request (its bare endpoint often answers an error), ``upload:<file>`` for
    the portal's own uploads, else the resource's URL."""
    from ckanext.jena.spatial.ows import capabilities_url, service_of

    url = str(resource.get("url") or "").strip()
    if resource.get("url_type") == "upload":
        return UPLOAD_PREFIX + os.path.basename(urlsplit(url).path)
    service = service_of(dict(resource))
    if service and url:
        try:
            return capabilities_url(url, service)
        except ValueError:  # an unparsable address: checked (and refused) as it is
            return url
    return url


def released_ids(dataset: str | None = None) -> list[str]:
    """Ids of the released datasets (or of ``dataset``, id or name, if it is released)."""
    from ckanext.jena import config
    from ckanext.jena.release import states, store

    query = model.Session.query(model.Package.id).filter(
        model.Package.state == "active", model.Package.type.in_(config.release_dataset_types())
    )
    if dataset:
        query = query.filter(sa.or_(model.Package.id == dataset, model.Package.name == dataset))
    ids = [row[0] for row in query]
    released = store.states_of(ids)
    return [package_id for package_id in ids if states.is_public(released.get(package_id))]


def released(dataset: str | None = None) -> list[Target]:
    """The URL of every active resource of every released dataset (or of ``dataset``, id or name,
    if it is released). The package tables hold the approved version, so a pending revision's
    new links are not checked before the public sees them."""
    from ckan.lib import uploader

    ids = released_ids(dataset)
    found: list[Target] = []
    for start in range(0, len(ids), 500):
        rows = (
            model.Session.query(model.Resource)
            .filter(model.Resource.package_id.in_(ids[start : start + 500]), model.Resource.state == "active")
            .order_by(model.Resource.package_id, model.Resource.position)
        )
        for resource in rows:
            values = {
                "id": resource.id,
                "url": resource.url,
                "url_type": resource.url_type,
                "format": resource.format,
                "mimetype": resource.mimetype,
            }
            url = target_url(values)
            if not url:
                continue
            path = None
            if resource.url_type == "upload":
                path = uploader.get_resource_uploader(values).get_path(resource.id)
            found.append(Target(resource.id, resource.package_id, url, path))
    return found
