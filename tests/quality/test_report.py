"""The data-management report (``jena_quality_report``): who sees which department, the
rows and the counts per category."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import pytest
from ckan import model
from ckan.plugins import toolkit as tk
from ckan.tests.helpers import call_action
from freezegun import freeze_time

from ckanext.jena.model import JenaLinkCheck, JenaRelease
from ckanext.jena.quality import cockpit_state
from tests.auth import auth_headers
from tests.release.support import People, context, make_dataset, publish, submit


def _break_link(dataset: dict[str, Any], now: dt.datetime) -> None:
    """Two failed checks 30 hours apart: the link is "defekt" (recorded as the link checker's run
    records them, then the dataset's cockpit state refreshed as the run does; the run itself
    against a local server: tests/quality/test_cockpit_state.py)."""
    resource = dataset["resources"][0]
    for hours in (40, 10):
        model.Session.add(
            JenaLinkCheck(
                resource_id=resource["id"],
                package_id=dataset["id"],
                url=resource["url"],
                checked_at=now - dt.timedelta(hours=hours),
                status="broken",
                http_status=404,
            )
        )
    model.Session.commit()
    cockpit_state.refresh([dataset["id"]])


def _report(user: dict[str, Any] | None, **data: Any) -> dict[str, Any]:
    return call_action("jena_quality_report", context(user), **data)


@pytest.fixture
def scene(people: People, ckan_config: Any, monkeypatch: pytest.MonkeyPatch) -> dict[str, dict[str, Any]]:
    """Umweltschutz: a published weekly dataset (overdue later, one broken link), one waiting for
    review, a draft whose responsible person (its creator) left the department and that has no
    contact e-mail (a contact web page); Statistik: a draft."""
    monkeypatch.setitem(ckan_config, "ckanext.jena.ethics.max_age_days", 5)
    weekly = make_dataset(people, frequency="WEEKLY")
    publish(people, weekly)
    review = make_dataset(people)
    submit(people, review)
    orphan = make_dataset(
        people, user=people.editor2, contact_point_email="", contact_point_url="https://www.jena.de/umwelt"
    )
    call_action("organization_member_delete", context(people.admin), id=people.org["id"], username="emil-editor")
    other = make_dataset(people, user=people.other_admin, owner_org=people.other_org["id"])
    model.Session.rollback()
    weekly = call_action("package_show", context(people.admin), id=weekly["id"])
    return {"weekly": weekly, "review": review, "orphan": orphan, "other": other}


def test_departments_see_their_own_and_counts(app: Any, people: People, scene: dict[str, dict[str, Any]]) -> None:
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=10)
    _break_link(scene["weekly"], later)
    with freeze_time(later):
        own = _report(people.admin)
        assert [org["name"] for org in own["organizations"]] == ["umweltschutz"]
        names = [row["name"] for row in own["datasets"]]
        # Most urgent first: the overdue dataset with the broken link.
        assert names[0] == scene["weekly"]["name"]
        assert set(names) == {scene["weekly"]["name"], scene["review"]["name"], scene["orphan"]["name"]}
        rows = {row["name"]: row for row in own["datasets"]}
        weekly = rows[scene["weekly"]["name"]]
        assert weekly["freshness"]["state"] == "overdue" and weekly["freshness"]["overdue_days"] == 3
        assert weekly["broken_links"] == 1 and weekly["release"]["state"] == "published"
        assert weekly["quality"]["band"] in ("excellent", "good", "sufficient", "bad")
        assert rows[scene["review"]["name"]]["review_overdue"] is True
        assert rows[scene["review"]["name"]]["review_waiting_days"] == 10
        assert rows[scene["orphan"]["name"]]["responsibility"]["state"] == "not_member"
        assert weekly["responsibility"]["state"] == "ok"
        counts = own["counts"]
        assert counts["datasets"] == 3
        assert counts["freshness"]["overdue"] == 1
        assert counts["broken_links"] == 1 and counts["datasets_with_broken_links"] == 1
        assert counts["reviews_waiting"] == 1
        assert counts["responsibility"]["not_member"] == 1 and counts["without_responsible_person"] == 1
        assert counts["release"]["published"] == 1 and counts["release"]["in_review"] == 1
        assert counts["release"]["draft"] == 1
        assert counts["ethics_outdated"] == 3  # answered 10 days ago, at most 5 days allowed
        assert sum(counts["bands"].values()) == 3
        assert _report(people.editor, organization="umweltschutz")["counts"]["datasets"] == 3

        # The other department sees only its own draft, and may not ask for Umweltschutz.
        other = _report(people.other_admin)
        assert [row["name"] for row in other["datasets"]] == [scene["other"]["name"]]
        with pytest.raises(tk.NotAuthorized):
            _report(people.other_admin, organization="umweltschutz")

        # The central team sees every department, but no department's drafts.
        for user in (people.sysadmin, people.central):
            every = _report(user)
            assert {org["name"] for org in every["organizations"]} == {"umweltschutz", "statistik"}
            assert {row["name"] for row in every["datasets"]} == {scene["weekly"]["name"], scene["review"]["name"]}
        assert _report(people.sysadmin, organization=people.other_org["id"])["datasets"] == []

    # Members without editing rights, outsiders and anonymous visitors are refused.
    for user in (people.member, people.outsider, None):
        with pytest.raises(tk.NotAuthorized):
            _report(user)


def test_bad_organization_parameter(app: Any, people: People) -> None:
    with pytest.raises(tk.ObjectNotFound):
        _report(people.sysadmin, organization="gibt-es-nicht")
    with pytest.raises(tk.ValidationError) as error:
        _report(people.sysadmin, organization=["umweltschutz"])
    assert error.value.error_dict == {"organization": ["Must be the id or name of an organization"]}
    for bad in ("umwelt\x00schutz", "x" * 101):
        with pytest.raises(tk.ValidationError):
            _report(people.sysadmin, organization=bad)
    sysadmin = auth_headers(people.sysadmin)
    app.get("/datenmanagement?organization=umwelt%00schutz", headers=sysadmin, status=400)  # the request guard
    page = app.get(f"/datenmanagement?organization={'x' * 101}", headers=sysadmin, status=409)
    assert "Bitte wählen Sie einen Fachbereich aus der Liste." in page.body
    response = app.get("/api/3/action/jena_quality_report", status=403)
    assert response.json["success"] is False
    response = app.get("/api/3/action/jena_quality_report?organization=gibt-es-nicht", status=404)
    assert response.json["error"]["message"] == "Not found: Organization not found"
    assert model.Session.query(JenaRelease).count() == 0


def test_cockpit_page_and_csv(app: Any, people: People, scene: dict[str, dict[str, Any]]) -> None:
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=10)
    _break_link(scene["weekly"], later)
    admin, other = auth_headers(people.admin), auth_headers(people.other_admin)
    with freeze_time(later):
        page = app.get("/datenmanagement", headers=admin).body
        assert 'href="/datenmanagement"' in page  # the header link
        assert "Überfällige Aktualisierungen" in page and "überfällig seit 3 Tagen" in page
        assert "1 defekter Link" in page and "wartet seit 10 Tagen" in page
        assert "verantwortliche Person nicht mehr im Fachbereich (Emil Editor); Kontakt-E-Mail fehlt" in page
        assert f'href="/dataset/edit/{scene["orphan"]["name"]}#field-responsible_person"' in page  # "Person zuweisen"
        assert f'action="/dataset/{scene["weekly"]["name"]}/daten-aktuell"' in page  # "Daten geprüft"
        assert f'href="/dataset/{scene["review"]["name"]}/freigabe"' in page
        assert scene["other"]["title"] not in page
        assert 'name="organization"' not in page  # one department: no filter
        english = app.get("/en/datenmanagement", headers=admin).body
        assert "Overdue updates" in english and "overdue for 3 days" in english and "1 broken link" in english

        # The other department: only its own; asking for another one is refused.
        page = app.get("/datenmanagement", headers=other).body
        assert scene["other"]["title"] in page and scene["weekly"]["title"] not in page
        page = app.get("/datenmanagement?organization=umweltschutz", headers=other, status=403).body
        assert "sehen nur das zentrale Datenteam" in page

        # The central team filters by department; a wrong department is a clear 404.
        sysadmin = auth_headers(people.sysadmin)
        page = app.get("/datenmanagement?organization=statistik", headers=sysadmin).body
        assert 'name="organization"' in page and '<option value="statistik" selected>' in page
        assert scene["weekly"]["title"] not in page
        page = app.get("/datenmanagement?organization=gibt-es-nicht", headers=sysadmin, status=404).body
        assert "Fachbereich nicht gefunden." in page

        response = app.get("/datenmanagement.csv?organization=umweltschutz", headers=admin)
        assert response.headers["Content-Disposition"].startswith('attachment; filename="datenmanagement-umweltschutz-')
        assert response.headers["Content-Type"].startswith("text/csv")
        table = list(csv.reader(io.StringIO(response.body.lstrip("\ufeff"))))
        assert table[0][:4] == ["Fachbereich", "Name", "Titel", "Qualitätsstufe"]
        rows = {row[1]: row for row in table[1:]}
        assert set(rows) == {scene["weekly"]["name"], scene["review"]["name"], scene["orphan"]["name"]}
        weekly = rows[scene["weekly"]["name"]]
        assert weekly[5:10] == ["überfällig", "3", "1", "geregelt", "Veröffentlicht"]
        assert rows[scene["review"]["name"]][10] == "10"
        assert rows[scene["orphan"]["name"]][8] == "verantwortliche Person nicht mehr im Fachbereich"
        assert rows[scene["orphan"]["name"]][13] == "Emil Editor" and weekly[13] == "Erika Editor"
        app.get("/datenmanagement.csv", headers=other, status=200)
        app.get("/datenmanagement.csv?organization=umweltschutz", headers=other, status=403)

    assert 'href="/datenmanagement"' in app.get("/aufgaben", headers=admin).body  # from "Meine Aufgaben"
    # Members without editing rights and anonymous visitors: no page, no header link.
    member_page = app.get("/dataset/", headers=auth_headers(people.member)).body
    assert 'href="/datenmanagement"' not in member_page
    app.get("/datenmanagement", headers=auth_headers(people.member), status=403)
    app.get("/datenmanagement", status=403)
    app.get("/datenmanagement.csv", status=403)
