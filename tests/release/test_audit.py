"""Audit trail: who, when, from/to and comment of every transition; for the department and
the data managers (API and CSV export), never for the public."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from ckan.tests.helpers import call_action
from freezegun import freeze_time

from ckanext.jena.release import audit, scheduling
from tests.auth import auth_headers
from tests.release.support import approve, context, make_dataset, publish, submit, withdraw

UTC = datetime.UTC


def _rows(body: str) -> list[dict[str, str]]:
    assert body.startswith("\ufeff")  # Excel opens UTF-8 correctly only with the BOM
    return list(csv.DictReader(io.StringIO(body[1:])))


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
class TestAuditTrail:
    def test_every_transition_with_who_when_from_to_and_comment(self, people):
        with freeze_time("2031-05-04 07:30:00"):
            dataset = make_dataset(people)
        with freeze_time("2031-05-04 08:00:00"):
            submit(people, dataset, comment="Erste Fassung")
        with freeze_time("2031-05-05 09:15:00"):
            approve(people, dataset, comment="In Ordnung", release_at="2031-05-06T12:00")
        scheduling.publish_due(datetime.datetime(2031, 5, 6, 10, 0, 30, tzinfo=UTC))
        history = call_action("jena_release_audit_list", context(people.member), id=dataset["id"])
        assert history["count"] == 4
        trail = [
            (e["timestamp"], e["user_name"], e["action"], e["from_state"], e["to_state"], e["comment"], e["release_at"])
            for e in reversed(history["results"])
        ]
        assert trail == [
            ("2031-05-04T07:30:00+00:00", "erika-editor", "create", None, "draft", None, None),
            ("2031-05-04T08:00:00+00:00", "erika-editor", "submit", "draft", "in_review", "Erste Fassung", None),
            (
                "2031-05-05T09:15:00+00:00",
                "dana-datenmanagerin",
                "approve",
                "in_review",
                "approved",
                "In Ordnung",
                # entered without an offset: meant in Europe/Berlin (CEST, UTC+2)
                "2031-05-06T10:00:00+00:00",
            ),
            ("2031-05-06T10:00:30+00:00", None, "publish", "approved", "published", None, "2031-05-06T10:00:00+00:00"),
        ]

    def test_department_export_as_csv(self, app, people):
        with freeze_time("2031-01-10 09:00:00"):
            dataset = make_dataset(people, title="Baumkataster Jena")
        with freeze_time("2031-01-10 10:00:00"):
            submit(people, dataset)
        with freeze_time("2031-01-11 11:00:00"):
            approve(people, dataset, user=people.central, comment="Passt")
            withdraw(people, dataset, reason="Veraltet; Nachfolger kommt")
            other = make_dataset(people)
            publish(people, other)
        response = app.get(f"/dataset/{dataset['name']}/freigabe/verlauf.csv", headers=auth_headers(people.member))
        assert response.status_code == 200
        assert response.headers["Content-Type"].startswith("text/csv")
        rows = _rows(response.get_data(as_text=True))
        assert list(rows[0]) == list(audit.CSV_COLUMNS)
        assert [(r["action"], r["from_state"], r["to_state"], r["user"], r["comment"]) for r in rows] == [
            ("Zurückgezogen", "Veröffentlicht", "Zurückgezogen", "dana-datenmanagerin", "Veraltet; Nachfolger kommt"),
            ("Freigegeben", "In Prüfung", "Veröffentlicht", "zentrales-datenteam", "Passt"),
            ("Zur Prüfung eingereicht", "Entwurf", "In Prüfung", "erika-editor", ""),
            ("Angelegt", "", "Entwurf", "erika-editor", ""),
        ]
        assert rows[0]["timestamp"] == "2031-01-11T12:00:00+01:00"  # shown in Europe/Berlin
        assert rows[0]["dataset_title"] == "Baumkataster Jena"
        org = app.get(f"/organization/{people.org['name']}/freigabe/verlauf.csv", headers=auth_headers(people.admin))
        org_rows = _rows(org.get_data(as_text=True))
        assert {row["dataset"] for row in org_rows} == {dataset["name"], other["name"]}
        assert len(org_rows) == 7

    def test_nobody_else_gets_the_trail(self, app, people):
        dataset = make_dataset(people)
        publish(people, dataset)
        assert app.get(f"/dataset/{dataset['name']}/freigabe/verlauf.csv").status_code == 404
        assert app.get(f"/dataset/{dataset['name']}/freigabe").status_code == 404
        org_csv = f"/organization/{people.org['name']}/freigabe/verlauf.csv"
        assert app.get(org_csv).status_code == 403
        assert app.get(org_csv, headers=auth_headers(people.other_admin)).status_code == 403
        assert app.get(org_csv, headers=auth_headers(people.central)).status_code == 200
        for user in (None, people.outsider, people.other_admin):
            with pytest.raises(Exception) as raised:
                call_action("jena_release_audit_list", context(user), organization=people.org["id"])
            assert type(raised.value).__name__ == "NotAuthorized"

    def test_audit_list_input_errors(self, people):
        with pytest.raises(Exception) as raised:
            call_action("jena_release_audit_list", context(people.admin))
        assert raised.value.error_dict == {
            "id": ["Bitte geben Sie einen Datensatz (id) oder einen Fachbereich (organization) an."]
        }
        with pytest.raises(Exception) as raised:
            call_action("jena_release_audit_list", context(people.admin), organization="gibt-es-nicht")
        assert type(raised.value).__name__ == "NotFound"
