"""The cockpit's per-dataset state (``jena_cockpit_state``): the lists are read with SQL from it,
so every change must reach it. A dataset is edited, released, its link breaks (the real link
checker against a local server) and its responsible person's account is deactivated: each time
the cockpit's row changes on the next request. Lists are paged in the database; a missing state is
filled on the next request, ``ckan jena cockpit rebuild`` rebuilds all."""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Iterator
from typing import Any

import lxml.html
import pytest
from ckan import model
from ckan.plugins import toolkit as tk
from ckan.tests.helpers import call_action
from freezegun import freeze_time

from ckanext.jena.cli import jena
from ckanext.jena.links import job
from ckanext.jena.model import JenaCockpitState
from tests.auth import auth_headers
from tests.links.server import LinkServer, link_server
from tests.release.support import People, context, make_dataset, publish

# The module (``ckanext.jena.views.cockpit`` as an attribute is the blueprint of that name).
cockpit = importlib.import_module("ckanext.jena.views.cockpit")
T0 = dt.datetime(2026, 12, 1, 8, 0, tzinfo=dt.UTC)


@pytest.fixture
def server(people: People, ckan_config: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[LinkServer]:
    monkeypatch.setitem(ckan_config, "ckanext.jena.links.allowed_hosts", ["127.0.0.1"])
    monkeypatch.setitem(ckan_config, "ckanext.jena.links.timeout_ms", 2000)
    monkeypatch.setitem(ckan_config, "ckanext.jena.links.backoff_ms", 0)
    with link_server() as running:
        yield running


def _row(user: dict[str, Any], name: str) -> dict[str, Any] | None:
    rows = call_action("jena_quality_report", context(user))["datasets"]
    return next((row for row in rows if row["name"] == name), None)


def _list_text(app: Any, user: dict[str, Any], section: str, query: str = "") -> str:
    page = lxml.html.fromstring(app.get(f"/datenmanagement{query}", headers=auth_headers(user)).body)
    return " ".join(page.xpath(f'//section[@aria-labelledby="jena-cockpit-{section}"]')[0].text_content().split())


def test_rows_follow_edit_release_link_defect_and_person(app: Any, people: People, server: LinkServer) -> None:
    dataset = make_dataset(
        people, title="Baumkataster Zustand", resources=[{"name": "Liste", "url": f"{server.base}/missing.csv"}]
    )
    name, mail = dataset["name"], dataset["contact_point_email"]
    # Written with the dataset itself (no cockpit request has happened yet).
    stored = model.Session.get(JenaCockpitState, dataset["id"])
    assert stored is not None and stored.band is not None and stored.frequency == "ANNUAL"
    row = _row(people.admin, name)
    assert row is not None and row["freshness"]["state"] == "current" and row["release"]["state"] == "draft"
    assert row["responsibility"]["state"] == "ok" and row["broken_links"] == 0
    assert _row(people.central, name) is None  # a department's draft stays its own

    # Edit: a weekly promise and no contact e-mail any more.
    call_action(
        "package_patch",
        context(people.editor),
        id=dataset["id"],
        frequency="WEEKLY",
        contact_point_email="",
        contact_point_url="https://www.jena.de/umwelt",
    )
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=10)
    with freeze_time(later):  # time alone moves the freshness state on: no rewrite needed
        row = _row(people.admin, name)
        assert row is not None
        assert (row["freshness"]["state"], row["freshness"]["overdue_days"]) == ("overdue", 3)
        assert row["responsibility"]["state"] == "no_contact"
        assert "Baumkataster Zustand" in _list_text(app, people.admin, "overdue")
        assert "Baumkataster Zustand Umweltschutz Kontakt-E-Mail fehlt" in _list_text(
            app, people.admin, "responsibility"
        )

    # The contact e-mail back (the release needs it), then the release: the central team sees it, as published.
    call_action("package_patch", context(people.editor), id=dataset["id"], contact_point_email=mail)
    assert _row(people.admin, name)["responsibility"]["state"] == "ok"  # type: ignore[index]
    publish(people, dataset)
    row = _row(people.central, name)
    assert row is not None and row["release"]["state"] == "published"

    # A link defect, found by the link checker: failing after one check, "defekt" after the second one 30 h later.
    job.run_check(now=T0)
    assert _row(people.admin, name)["broken_links"] == 0  # type: ignore[index]
    assert "Keine defekten Links." in _list_text(app, people.admin, "broken")
    job.run_check(now=T0 + dt.timedelta(hours=30))
    assert _row(people.admin, name)["broken_links"] == 1  # type: ignore[index]
    assert "Baumkataster Zustand Umweltschutz 1 defekter Link" in _list_text(app, people.admin, "broken")

    # The responsible person (the creator) is deactivated.
    call_action("user_delete", {"user": people.sysadmin["name"], "ignore_auth": False}, id=people.editor["id"])
    row = _row(people.admin, name)
    assert row is not None and row["responsibility"]["state"] == "deactivated"
    assert "Konto der verantwortlichen Person deaktiviert (Erika Editor)" in _list_text(
        app, people.admin, "responsibility"
    )


def test_lists_are_paged_in_the_database(
    app: Any, people: People, ckan_config: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = make_dataset(people, title="Erster Datensatz", contact_point_email="", contact_point_url="https://a.de")
    second = make_dataset(people, title="Zweiter Datensatz", contact_point_email="", contact_point_url="https://b.de")
    monkeypatch.setattr(cockpit, "PER_PAGE", 1)

    text = _list_text(app, people.admin, "responsibility")
    assert "Erster Datensatz" in text and "Zweiter Datensatz" not in text and "Seite 1 von 2" in text
    page = lxml.html.fromstring(app.get("/datenmanagement", headers=auth_headers(people.admin)).body)
    assert page.xpath('//a[@href="/datenmanagement?seite_responsibility=2#jena-cockpit-responsibility"]')
    text = _list_text(app, people.admin, "responsibility", "?seite_responsibility=2")
    assert "Zweiter Datensatz" in text and "Erster Datensatz" not in text and "Seite 2 von 2" in text
    # A page number that is no number is the first page.
    assert "Erster Datensatz" in _list_text(app, people.admin, "responsibility", "?seite_responsibility=x")

    result = call_action("jena_quality_report", context(people.admin), list="responsibility", limit=1, offset=1)
    assert result["total"] == 2 and [row["name"] for row in result["datasets"]] == [second["name"]]
    assert result["counts"]["responsibility"]["no_contact"] == 2
    # Every work list at once (what the page asks for): one page each, from its own offset.
    result = call_action(
        "jena_quality_report", context(people.admin), datasets=False, lists={"responsibility": 1}, list_limit=1
    )
    assert "datasets" not in result and result["lists"]["overdue"] == {"total": 0, "datasets": []}
    assert result["lists"]["responsibility"]["total"] == 2
    assert [row["name"] for row in result["lists"]["responsibility"]["datasets"]] == [second["name"]]
    assert first["name"] != second["name"]
    for bad, key in (
        ({"limit": 0}, "limit"),
        ({"offset": -1}, "offset"),
        ({"list": "alle"}, "list"),
        ({"lists": {"alle": 0}}, "lists"),
        ({"lists": {"overdue": -1}}, "lists"),
        ({"list_limit": 101}, "list_limit"),
    ):
        with pytest.raises(tk.ValidationError) as error:
            call_action("jena_quality_report", context(people.admin), **bad)
        assert list(error.value.error_dict) == [key]
    response = app.get("/api/3/action/jena_quality_report?limit=abc", headers=auth_headers(people.admin), status=409)
    assert response.json["error"]["limit"] == ["Must be a whole number from 1 to 1000"]


def test_missing_state_filled_on_request_and_rebuilt_by_the_cli(app: Any, cli: Any, people: People) -> None:
    datasets = [make_dataset(people) for _ in range(3)]
    model.Session.query(JenaCockpitState).delete()
    model.Session.commit()
    # A catalog from before the table: scored on the cockpit's next request.
    rows = call_action("jena_quality_report", context(people.admin))["datasets"]
    assert all(row["quality"] is not None for row in rows) and len(rows) == 3
    assert model.Session.query(JenaCockpitState).count() == 3

    model.Session.query(JenaCockpitState).update({"band": None, "score": None})
    model.Session.commit()
    result = cli.invoke(jena, ["cockpit", "rebuild"])
    assert result.exit_code == 0, result.output
    assert "3 dataset(s) to score" in result.output and "Cockpit state written for 3 dataset(s)." in result.output
    model.Session.expire_all()
    bands = {row.package_id: row.band for row in model.Session.query(JenaCockpitState)}
    assert set(bands) == {dataset["id"] for dataset in datasets} and None not in bands.values()


def test_contact_email_that_bounces(app: Any, cli: Any, people: People) -> None:
    """The mail system's bounce handler reports an address (``ckan jena cockpit bounce``): the
    datasets whose contact e-mail it is appear under "Zuständigkeit fehlt" until it works again
    or the dataset gets another contact e-mail."""
    dataset = make_dataset(people, title="Spielplätze", contact_point_email="Spiel@Jena.invalid")
    other = make_dataset(people, title="Brunnen", contact_point_email="brunnen@jena.invalid")

    result = cli.invoke(jena, ["cockpit", "bounce", "spiel@jena.invalid", "--reason", "550 5.1.1 user unknown"])
    assert result.exit_code == 0, result.output
    assert "spiel@jena.invalid recorded as bouncing; contact e-mail of 1 dataset(s)." in result.output
    row = _row(people.admin, dataset["name"])
    assert row is not None and row["responsibility"]["state"] == "bounced"
    assert _row(people.admin, other["name"])["responsibility"]["state"] == "ok"  # type: ignore[index]
    report = call_action("jena_quality_report", context(people.admin), datasets=False)
    assert report["counts"]["responsibility"]["bounced"] == 1
    text = _list_text(app, people.admin, "responsibility")
    assert "Spielplätze Umweltschutz Kontakt-E-Mail kommt nicht an Bearbeiten" in text and "Brunnen" not in text
    english = app.get("/en/datenmanagement", headers=auth_headers(people.admin)).body
    assert "Contact e-mail bounces" in english

    # Another contact e-mail: the dataset leaves the list; the address works again: cleared.
    call_action("package_patch", context(people.editor), id=dataset["id"], contact_point_email="spiele@jena.invalid")
    assert _row(people.admin, dataset["name"])["responsibility"]["state"] == "ok"  # type: ignore[index]
    result = cli.invoke(jena, ["cockpit", "bounce", "SPIEL@jena.invalid", "--clear"])
    assert result.exit_code == 0 and "SPIEL@jena.invalid: cleared." in result.output
    result = cli.invoke(jena, ["cockpit", "bounce", "kein-mail"])
    assert result.exit_code != 0 and "not an e-mail address" in result.output
