"""Counting on the request path: one Redis ``HINCRBY`` per counted request, nothing more.

An ``after_request`` handler looks at the answered request: a ``GET`` of a released dataset's
page or resource page (status 200), or of a resource's download route (the file, or the redirect
to a linked file; a partial download only when it starts at byte 0). Not counted: crawlers and
other machines (user agents of the maintained list of the ``crawler-user-agents`` package, and
requests without a user agent), browser prefetches, and signed-in staff of the dataset's
department (and sysadmins). An anonymous visitor gets status 200 only for a released dataset;
a signed-in visitor's dataset is checked, and the flush checks every dataset once more.

The counter's field is ``<day>|<kind>|<dataset id or name>|<resource id>``; the hash holds no
information about the visitor.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Mapping

import ckan.plugins.toolkit as tk
import crawleruseragents
import flask
from ckan import authz, model

from ckanext.jena import config
from ckanext.jena.redis_client import shared_redis
from ckanext.jena.release import clock, visibility

__all__ = ["PENDING", "count", "count_request", "field_for", "field_of", "is_machine", "register", "target_of"]

PENDING = "jena:usage:pending"
VIEW = "view"
DOWNLOAD = "download"
log = logging.getLogger(__name__)


@functools.lru_cache(maxsize=4096)
def is_machine(user_agent: str) -> bool:
    """Is the user agent a crawler, a monitor, a preview fetcher or a script (or missing)?"""
    agent = user_agent.strip()
    return not agent or crawleruseragents.is_crawler(agent)


def _kind(endpoint: str, status: int) -> str | None:
    blueprint, _, view = endpoint.rpartition(".")
    if blueprint.endswith("_resource") or blueprint == "resource":
        dataset_type = "dataset" if blueprint == "resource" else blueprint.removesuffix("_resource")
        if dataset_type not in config.release_dataset_types():
            return None
        if view == "read" and status == 200:
            return VIEW
        if view == "download" and (status == 200 or 300 <= status < 400 or _partial_from_start(status)):
            return DOWNLOAD
        return None
    if view == "read" and status == 200 and blueprint in config.release_dataset_types():
        return VIEW
    return None


def _partial_from_start(status: int) -> bool:
    return status == 206 and flask.request.headers.get("Range", "").replace(" ", "").startswith("bytes=0-")


def _prefetch(headers: Mapping[str, str]) -> bool:
    purpose = headers.get("Sec-Purpose") or headers.get("Purpose") or ""
    return "prefetch" in purpose.lower()


def _staff_or_unreleased(reference: str) -> bool:
    """For a signed-in visitor: is the dataset not released, or the visitor its department's staff?"""
    user = tk.current_user
    if not getattr(user, "is_authenticated", False):
        return False
    package = model.Package.get(reference)
    if package is None or not visibility.is_public(package):
        return True
    if getattr(user, "sysadmin", False):
        return True
    return bool(package.owner_org and authz.users_role_for_group_or_org(package.owner_org, user.name))


def target_of(status: int) -> list[str] | None:
    """What the current request with response ``status`` counts for, whoever sent it:
    ``[kind, dataset id or name, resource id]``, or None (nothing to count)."""
    request = flask.request
    if request.method != "GET" or not request.endpoint or status >= 400:
        return None
    kind = _kind(request.endpoint, status)
    if kind is None:
        return None
    args = request.view_args or {}
    reference = str(args.get("id") or "")
    resource_id = str(args.get("resource_id") or "")
    if not reference or "|" in reference or "|" in resource_id:
        return None
    if _staff_or_unreleased(reference):
        return None
    return [kind, reference, resource_id]


def field_for(target: list[str], headers: Mapping[str, str]) -> str | None:
    """The counter field of a visit of ``target`` by a client sending ``headers`` (today), or
    None for crawlers, scripts and prefetches."""
    if is_machine(headers.get("User-Agent", "")) or _prefetch(headers):
        return None
    kind, reference, resource_id = target
    day = clock.now().astimezone(clock.display_timezone()).date()
    return f"{day.isoformat()}|{kind}|{reference}|{resource_id}"


def field_of(status: int) -> str | None:
    """The counter field of the current request with response ``status``, or None (not counted)."""
    target = target_of(status)
    return None if target is None else field_for(target, flask.request.headers)


def count(field: str | None) -> None:
    """Add one to ``field`` (never fails the answer)."""
    if field is None:
        return
    try:
        shared_redis().hincrby(PENDING, field, 1)
    except Exception:
        log.warning("Usage count not recorded (Redis unreachable?)", exc_info=True)


def count_request(response: flask.Response) -> flask.Response:
    """``after_request`` handler: add the request to the pending counts (never fails the page)."""
    try:
        count(field_of(response.status_code))
    except Exception:
        log.warning("Usage count not recorded", exc_info=True)
    return response


def register(app: flask.Flask) -> None:
    if config.usage_counting():
        app.after_request(count_request)
