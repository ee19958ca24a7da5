"""Run harvest jobs through ckanext-harvest's real queue callbacks (what the gather and fetch workers run)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from ckan import model
from ckan.tests.helpers import call_action
from ckanext.harvest import queue
from ckanext.harvest.model import HarvestGatherError, HarvestObject, HarvestObjectError

from tests.dcat import support


@dataclass
class JobResult:
    job_id: str
    gather_errors: list[str]
    object_errors: list[str]
    objects: int


def create_source(
    user: dict[str, Any], department: dict[str, Any], url: str, source_type: str, name: str = "quelle", **config: Any
) -> dict[str, Any]:
    return call_action(
        "harvest_source_create",
        support.sysadmin_context(user),
        name=name,
        title=f"Harvest-Quelle {name}",
        url=url,
        source_type=source_type,
        owner_org=department["id"],
        config=json.dumps(config) if config else "",
    )


def _drain(consumer: Any, callback: Any) -> None:
    while True:
        body = consumer.redis.lpop(consumer.routing_key)
        if body is None:
            return
        # Exactly what the worker's consume loop hands to the callback.
        callback(consumer, queue.FakeMethod(body), consumer, body)


def run_job(user: dict[str, Any], source: dict[str, Any]) -> JobResult:
    """Create a job for ``source`` and run gather, fetch and import like the workers do."""
    context = support.sysadmin_context(user)
    job = call_action("harvest_job_create", context, source_id=source["id"])
    call_action("harvest_jobs_run", context, source_id=source["id"])
    _drain(queue.get_gather_consumer(), queue.gather_callback)
    _drain(queue.get_fetch_consumer(), queue.fetch_callback)
    try:
        call_action("harvest_jobs_run", context, source_id=source["id"])
    except Exception as error:  # "There are no new harvesting jobs" once everything finished
        if "no new harvesting jobs" not in str(error):
            raise
    model.Session.remove()
    gather = model.Session.query(HarvestGatherError).filter(HarvestGatherError.harvest_job_id == job["id"]).all()
    objects = model.Session.query(HarvestObject).filter(HarvestObject.harvest_job_id == job["id"]).all()
    object_errors = (
        model.Session.query(HarvestObjectError)
        .filter(HarvestObjectError.harvest_object_id.in_([o.id for o in objects]))
        .all()
        if objects
        else []
    )
    return JobResult(job["id"], [e.message for e in gather], [e.message for e in object_errors], len(objects))


def datasets_of(department: dict[str, Any]) -> list[model.Package]:
    model.Session.remove()
    return (
        model.Session.query(model.Package)
        .filter(model.Package.owner_org == department["id"], model.Package.type != "harvest")
        .filter(model.Package.state != "deleted")
        .all()
    )


def show(package_id: str) -> dict[str, Any]:
    site_user = call_action("get_site_user", {"ignore_auth": True})
    return call_action("package_show", {"ignore_auth": True, "user": site_user["name"]}, id=package_id)
