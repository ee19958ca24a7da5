"""The link checker in the portal: only released datasets are checked, the history is kept,
a link is "defekt" only after two failed checks at least 24 h apart, the MQA score's
reachability follows the latest check, the department sees it (API, dataset page), the
public does not; ``ckan jena links check`` and the scheduled job."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from ckan import model
from ckan.lib import uploader
from ckan.plugins import toolkit as tk
from ckan.tests.helpers import call_action
from rdflib import Graph, Literal
from rdflib.namespace import RDF
from werkzeug.datastructures import FileStorage

from ckanext.jena.cli import jena
from ckanext.jena.links import job
from ckanext.jena.model import JenaLinkCheck
from ckanext.jena.profiles.namespaces import DQV
from ckanext.jena.profiles.quality import PV
from ckanext.jena.quality import digest, freshness_index, snapshots
from ckanext.jena.recurring import Recurring
from ckanext.jena.release import clock
from ckanext.jena.usage import index as usage_index
from tests.auth import auth_headers
from tests.links.server import LinkServer
from tests.release.support import People, answer_checklist, context, make_dataset, publish

T0 = dt.datetime(2026, 12, 1, 8, 0, tzinfo=dt.UTC)


def _resources(status: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {item["name"]: item for item in status["resources"]}


def _indicator(quality: dict[str, Any], metric: str) -> dict[str, Any]:
    return next(item for item in quality["indicators"] if item["metric"] == metric)


def _measured(app: Any, package_id: str) -> dict[str, Any]:
    """The DQV measurements of a dataset's DCAT-AP.de document: metric → value."""
    graph = Graph().parse(data=app.get(f"/dataset/{package_id}.ttl").get_data(as_text=True), format="turtle")
    return {
        str(graph.value(node, DQV.isMeasurementOf)): graph.value(node, DQV.value)
        for node in graph.subjects(RDF.type, DQV.QualityMeasurement)
    }


def test_released_links_history_broken_after_24h_and_mqa(app: Any, people: People, server: LinkServer) -> None:
    base = server.base
    published = make_dataset(
        people,
        resources=[
            {"name": "Bäume (CSV)", "url": f"{base}/ok.csv", "format": "CSV"},
            {"name": "Alte Liste", "url": f"{base}/missing.csv", "format": "CSV"},
        ],
    )
    publish(people, published)
    only_broken = make_dataset(people, resources=[{"name": "Weg", "url": f"{base}/missing.csv", "format": "CSV"}])
    publish(people, only_broken)
    draft = make_dataset(people, resources=[{"name": "Entwurf", "url": f"{base}/ok.csv?entwurf", "format": "CSV"}])

    first = job.run_check(now=T0)
    assert (first.links, first.stored, dict(first.statuses)) == (3, 3, {"ok": 1, "broken": 2})
    asked = [path for _method, path, _range in server.requests]
    assert not any("entwurf" in path for path in asked)  # the draft's link is never requested
    # The catalog's cached serialization follows: reachability is measured in DQV now.
    assert _measured(app, published["id"])[str(PV.accessUrlStatusCode)] == Literal(True)
    assert _measured(app, only_broken["id"])[str(PV.accessUrlStatusCode)] == Literal(False)
    assert model.Session.query(JenaLinkCheck).filter_by(package_id=draft["id"]).count() == 0

    status = call_action("jena_link_status_show", context(people.editor), id=published["name"])
    links = _resources(status)
    assert status["broken_after_hours"] == 24
    assert (links["Bäume (CSV)"]["state"], links["Bäume (CSV)"]["http_status"]) == ("ok", 200)
    assert links["Bäume (CSV)"]["content_type"] == "text/csv" and links["Bäume (CSV)"]["size"] == 1234
    assert (links["Alte Liste"]["state"], links["Alte Liste"]["http_status"]) == ("failing", 404)
    assert links["Alte Liste"]["history_length"] == 1

    # A second failure 23 hours later proves nothing yet; 24 hours after the first it does.
    job.run_check(now=T0 + dt.timedelta(hours=23))
    assert (
        _resources(call_action("jena_link_status_show", context(people.editor), id=published["id"]))["Alte Liste"][
            "state"
        ]
        == "failing"
    )
    job.run_check(now=T0 + dt.timedelta(hours=24))
    links = _resources(call_action("jena_link_status_show", context(people.editor), id=published["id"]))
    assert (links["Alte Liste"]["state"], links["Alte Liste"]["broken_since"]) == ("broken", T0.isoformat())
    assert links["Alte Liste"]["last_checked"] == (T0 + dt.timedelta(hours=24)).isoformat()
    assert (links["Bäume (CSV)"]["state"], links["Bäume (CSV)"]["history_length"]) == ("ok", 3)

    # MQA: reachability from the latest check (it was unknown before any check).
    quality = call_action("jena_quality_show", context(None), id=published["id"])
    assert (
        _indicator(quality, "accessUrlStatusCode")["met"],
        _indicator(quality, "accessUrlStatusCode")["points"],
    ) == (
        True,
        50,
    )
    assert _indicator(quality, "downloadUrlStatusCode")["points"] == 30
    broken_quality = call_action("jena_quality_show", context(None), id=only_broken["id"])
    assert (
        _indicator(broken_quality, "accessUrlStatusCode")["met"],
        _indicator(broken_quality, "accessUrlStatusCode")["points"],
    ) == (False, 0)
    draft_quality = call_action("jena_quality_show", context(people.editor), id=draft["id"])
    assert _indicator(draft_quality, "accessUrlStatusCode")["met"] is None  # never checked

    # The department sees the broken link on the dataset page, in German and in English.
    page = app.get(f"/dataset/{published['name']}", headers=auth_headers(people.editor)).body
    assert "Link defekt seit 1. Dezember 2026, zuletzt geprüft am 2. Dezember 2026" in page
    assert "Alte Liste" in page
    english = app.get(f"/en/dataset/{published['name']}", headers=auth_headers(people.editor)).body
    assert "Link broken since" in english
    public = app.get(f"/dataset/{published['name']}").body
    assert "Link defekt" not in public and "jena-link-broken" not in public

    # The public and other departments get no link status; an unreleased dataset stays unknown to them.
    for user in (None, people.outsider, people.other_admin):
        with pytest.raises(tk.NotAuthorized):
            call_action("jena_link_status_show", context(user), id=published["id"])
        with pytest.raises(tk.ObjectNotFound):
            call_action("jena_link_status_show", context(user), id=draft["id"])
    with pytest.raises(tk.ValidationError) as error:
        call_action("jena_link_status_show", context(people.editor))
    assert error.value.error_dict == {"id": ["Missing value"]}
    assert call_action("jena_link_status_show", context(people.editor), id=draft["id"])["resources"][0]["state"] == (
        "unknown"
    )


@pytest.mark.ckan_config("ckanext.jena.links.broken_after_hours", 2)
def test_broken_after_is_an_option_and_a_success_ends_the_failures(people: People, server: LinkServer) -> None:
    dataset = make_dataset(people, resources=[{"name": "Weg", "url": f"{server.base}/missing.csv", "format": "CSV"}])
    publish(people, dataset)
    for hours in (0, 2):
        job.run_check(dataset["name"], now=T0 + dt.timedelta(hours=hours))
    [link] = call_action("jena_link_status_show", context(people.admin), id=dataset["id"])["resources"]
    assert (link["state"], link["history_length"]) == ("broken", 2)

    # One success in between: the failures before it no longer count.
    row = model.Session.query(JenaLinkCheck).filter_by(package_id=dataset["id"]).first()
    assert row is not None
    model.Session.add(
        JenaLinkCheck(
            resource_id=row.resource_id,
            package_id=row.package_id,
            url=row.url,
            checked_at=T0 + dt.timedelta(hours=3),
            status="ok",
            http_status=200,
        )
    )
    model.Session.commit()
    job.run_check(dataset["name"], now=T0 + dt.timedelta(hours=4))
    [link] = call_action("jena_link_status_show", context(people.admin), id=dataset["id"])["resources"]
    assert (link["state"], link["broken_since"]) == ("failing", (T0 + dt.timedelta(hours=4)).isoformat())


def test_cli_checks_a_released_dataset_and_refuses_a_draft(cli: Any, people: People, server: LinkServer) -> None:
    dataset = make_dataset(people, resources=[{"name": "Bäume", "url": f"{server.base}/ok.csv", "format": "CSV"}])
    publish(people, dataset)
    draft = make_dataset(people, title="Entwurf")

    result = cli.invoke(jena, ["links", "check", "--dataset", dataset["name"]])
    assert result.exit_code == 0, result.output
    assert "Checking 1 link(s) ..." in result.output
    assert "1 link(s) in" in result.output and ": ok 1" in result.output

    result = cli.invoke(jena, ["links", "check", "--dataset", draft["name"]])
    assert result.exit_code == 1
    assert f"Dataset '{draft['name']}' is not released (or does not exist)" in result.output


def test_services_by_their_capabilities_uploads_from_storage(people: People, server: LinkServer) -> None:
    dataset = make_dataset(
        people, resources=[{"name": "Karte", "url": f"{server.base}/wms?LAYERS=baeume", "format": "WMS_SRVC"}]
    )
    upload = call_action(
        "resource_create",
        context(people.editor),
        package_id=dataset["id"],
        name="Tabelle",
        url="baeume.csv",
        format="CSV",
        upload=FileStorage(io.BytesIO(b"art,anzahl\nLinde,3\n"), filename="baeume.csv"),
    )
    answer_checklist(people, dataset)  # a new resource asks for the checklist again
    publish(people, dataset)
    assert dict(job.run_check(dataset["id"], now=T0).statuses) == {"ok": 2}
    links = _resources(call_action("jena_link_status_show", context(people.editor), id=dataset["id"]))
    assert links["Karte"]["url"] == f"{server.base}/wms?SERVICE=WMS&REQUEST=GetCapabilities"
    assert (links["Tabelle"]["url"], links["Tabelle"]["size"]) == ("upload:baeume.csv", 19)
    assert not any("baeume.csv" in path for _method, path, _range in server.requests)  # read from storage

    Path(uploader.get_resource_uploader(upload).get_path(upload["id"])).unlink()
    assert dict(job.run_check(dataset["id"], now=T0 + dt.timedelta(hours=1)).statuses) == {"ok": 1, "missing": 1}


@pytest.mark.parametrize(
    ("recurring", "timeout"),
    [
        (job.SCHEDULE, 14400),
        (freshness_index.DAILY, 180),
        (digest.WEEKLY, 3600),
        (usage_index.DAILY, 3600),
        (snapshots.DAILY, 3600),
    ],
    ids=["links", "freshness", "digest", "usage", "snapshots"],
)
def test_each_run_schedules_the_next_under_its_own_id(
    people: People, monkeypatch: pytest.MonkeyPatch, recurring: Recurring, timeout: int
) -> None:
    """A real rq worker runs a due run; the next one stays scheduled (a next run under the same
    id was written back as finished by rq, with a 500 s expiry, and so was lost: the daily
    freshness re-index stopped after one day)."""
    from ckan.lib import jobs
    from rq import SimpleWorker
    from rq.job import Job, JobStatus

    queue = jobs.get_queue("jena-recurring-test")
    queue.connection.delete(f"{recurring.prefix}deciding")
    monkeypatch.setattr(recurring, "_ensured", False)
    try:
        recurring.schedule_next(queue, at=clock.now() - dt.timedelta(seconds=1))  # due now
        recurring.ensure_scheduled()  # on the default queue: another process's start
        [first] = recurring.pending(queue)
        SimpleWorker([queue], connection=queue.connection).work(burst=True, with_scheduler=True)
        assert Job.fetch(first, connection=queue.connection).get_status() == JobStatus.FINISHED
        [following] = recurring.pending(queue)
        scheduled = Job.fetch(following, connection=queue.connection)
        assert following != first and scheduled.get_status() == JobStatus.SCHEDULED
        assert queue.connection.ttl(scheduled.key) == -1  # kept until it runs
        assert scheduled.timeout == timeout
        assert len(recurring.pending(jobs.get_queue())) == 1
    finally:
        for name in ("jena-recurring-test", "default"):
            for job_id in recurring.pending(jobs.get_queue(name)):
                Job.fetch(job_id, connection=queue.connection).delete()
