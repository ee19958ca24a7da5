"""Live sensor feeds (issue 17): a data manager opens a feed on a ``realtime`` resource; the
gateway's token pushes rows into that table, also after publication, and can do nothing else;
retention keeps the last N days; a closed feed's token stops working; rows of an unreleased
dataset stay closed to the public."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from typing import Any

import pytest
from ckan import model
from ckan.tests.helpers import call_action

from ckanext.jena.tables import sensor_feeds
from tests.release.support import People, answer_checklist, context, publish
from tests.schemas import data
from tests.tables.support import rows

FIELDS = [
    {"id": "Zeitpunkt", "type": "timestamp"},
    {"id": "Messstelle", "type": "text"},
    {"id": "PM10", "type": "numeric"},
]
_numbers = itertools.count(1)


def _realtime(people: People, **changes: Any) -> dict[str, Any]:
    fields = data.complete("realtime", owner_org=people.org["id"], name=f"luft-echtzeit-{next(_numbers)}", **changes)
    fields["resources"] = [
        {"name": "Messwerte", "url": "https://opendata.jena.de/api/luft/v1/messwerte", "format": "JSON"},
        {"name": "Tagesmittel", "url": "https://opendata.jena.de/api/luft/v1/tagesmittel", "format": "JSON"},
    ]
    dataset = call_action("package_create", context(people.editor), **fields)
    answer_checklist(people, dataset)
    return dataset


def _open_feed(people: People, resource_id: str, **options: Any) -> dict[str, Any]:
    return call_action(
        "jena_sensor_feed_create", context(people.admin), resource_id=resource_id, fields=FIELDS, **options
    )


def _push(app: Any, token: str, resource_id: str, records: list[dict[str, Any]], status: int = 200, **extra: Any):
    return app.post(
        "/api/3/action/datastore_upsert",
        json={"resource_id": resource_id, "method": "insert", "records": records, **extra},
        headers={"Authorization": token},
        status=status,
    ).json


def _reading(hours_ago: float, station: str = "Jena-Nord", value: float = 12.5) -> dict[str, Any]:
    moment = dt.datetime.now(dt.UTC).replace(tzinfo=None) - dt.timedelta(hours=hours_ago)
    return {"Zeitpunkt": moment.isoformat(timespec="seconds"), "Messstelle": station, "PM10": value}


def _sensor_accounts() -> int:
    return sum(1 for user in model.Session.query(model.User) if sensor_feeds.feed_of(user) is not None)


@pytest.mark.usefixtures("with_plugins")
class TestSensorFeeds:
    def test_gateway_pushes_into_its_resource_of_a_published_dataset(self, app: Any, people: People) -> None:
        dataset = _realtime(people)
        resource_id = dataset["resources"][0]["id"]
        feed = _open_feed(people, resource_id)
        assert feed["name"].startswith("sensor-") and feed["token"] and feed["created_by"] == people.admin["name"]
        publish(people, dataset)

        answer = _push(app, feed["token"], resource_id, [_reading(0.1)])
        assert answer["success"] is True
        public = app.get("/api/3/action/datastore_search", params={"resource_id": resource_id}).json["result"]
        assert [(row["Messstelle"], row["PM10"]) for row in public["records"]] == [("Jena-Nord", 12.5)]
        listed = call_action("jena_sensor_feed_list", context(people.editor), resource_id=resource_id)
        assert [entry["name"] for entry in listed] == [feed["name"]]
        assert listed[0]["last_push"] is not None and "token" not in listed[0]
        # The department itself still changes the published table only through review.
        with pytest.raises(Exception, match="freigegebene Überarbeitung"):
            call_action(
                "datastore_upsert",
                context(people.editor),
                resource_id=resource_id,
                method="insert",
                records=[_reading(0)],
                force=True,
            )

    def test_the_token_writes_nowhere_else(self, app: Any, people: People) -> None:
        dataset = _realtime(people)
        own, sibling = (resource["id"] for resource in dataset["resources"])
        other = _realtime(people)["resources"][0]["id"]
        for resource_id in (own, sibling, other):
            call_action(
                "datastore_create", context(people.sysadmin), resource_id=resource_id, fields=FIELDS, force=True
            )
        feed = call_action("jena_sensor_feed_create", context(people.admin), resource_id=own)
        publish(people, dataset)
        token = {"Authorization": feed["token"]}
        refused = [
            ("datastore_upsert", {"resource_id": sibling, "method": "insert", "records": [_reading(0)]}),
            ("datastore_upsert", {"resource_id": other, "method": "insert", "records": [_reading(0)]}),
            ("datastore_upsert", {"resource_id": own, "method": "update", "records": [_reading(0)]}),
            ("datastore_create", {"resource_id": own, "fields": [{"id": "neu", "type": "text"}], "force": True}),
            ("datastore_delete", {"resource_id": own, "force": True}),
            ("datastore_records_delete", {"resource_id": own, "filters": {}, "force": True}),
            ("package_patch", {"id": dataset["id"], "title": "Gekapert"}),
            ("resource_patch", {"id": own, "name": "Gekapert"}),
            ("jena_sensor_feed_create", {"resource_id": own}),
            ("jena_release_submit", {"id": dataset["id"]}),
        ]
        for action, body in refused:
            answer = app.post(f"/api/3/action/{action}", json=body, headers=token, status=403).json
            assert answer["success"] is False, action
        assert rows(own) == rows(sibling) == rows(other) == []
        assert call_action("package_show", {"ignore_auth": True}, id=dataset["id"])["title"] == dataset["title"]
        message = app.post("/api/3/action/datastore_upsert", json=refused[0][1], headers=token, status=403).json[
            "error"
        ]["message"]
        assert message == (
            "Access denied: Ein Sensor-Konto darf nur Zeilen in die Tabelle seiner Ressource schreiben "
            "(insert oder upsert)."
        )

    def test_who_may_open_a_feed_and_for_what(self, app: Any, people: People) -> None:
        dataset = _realtime(people)
        resource_id = dataset["resources"][0]["id"]
        for user in (people.editor, people.other_admin, people.outsider):
            with pytest.raises(Exception, match="Nur Datenmanager:innen des Fachbereichs"):
                call_action("jena_sensor_feed_create", context(user), resource_id=resource_id, fields=FIELDS)
        ordinary = call_action(
            "package_create",
            context(people.editor),
            **data.complete("dataset", owner_org=people.org["id"], name=f"haushalt-{next(_numbers)}"),
        )
        cases = [
            ({"resource_id": ordinary["resources"][0]["id"], "fields": FIELDS}, "resource_id", "Datensatztyp"),
            ({"resource_id": resource_id}, "fields", "noch keine Tabelle"),
            ({"resource_id": resource_id, "fields": FIELDS, "retention_days": 7}, "time_field", "Zeitspalte"),
            (
                {"resource_id": resource_id, "fields": FIELDS, "retention_days": 7, "time_field": "PM10"},
                "time_field",
                "„PM10“ ist keine Datums- oder Zeitspalte der Tabelle. Zeitspalten: Zeitpunkt.",
            ),
            ({"resource_id": resource_id, "fields": FIELDS, "retention_days": "0"}, "retention_days", "1 bis 3650"),
            ({"resource_id": resource_id, "fields": FIELDS, "retention_days": [7]}, "retention_days", "1 bis 3650"),
        ]
        for body, key, text in cases:
            answer = app.post(
                "/api/3/action/jena_sensor_feed_create",
                json=body,
                headers={"Authorization": _token(people.admin)},
                status=409,
            ).json
            assert text in answer["error"][key][0], body
        assert _sensor_accounts() == 0  # nothing written by a refused call
        with pytest.raises(Exception, match="was not found"):
            call_action("datastore_info", {"ignore_auth": True}, id=resource_id)

    def test_retention_keeps_the_last_days(self, app: Any, people: People) -> None:
        dataset = _realtime(people)
        resource_id = dataset["resources"][0]["id"]
        feed = _open_feed(people, resource_id, retention_days=2, time_field="Zeitpunkt")
        publish(people, dataset)
        _push(app, feed["token"], resource_id, [_reading(24 * 5, "Alt"), _reading(24 * 3, "Vorgestern")])
        assert rows(resource_id) == []  # older than two days: gone right after the push
        _push(app, feed["token"], resource_id, [_reading(24 * 1, "Gestern"), _reading(0.5, "Jetzt")])
        assert [row["Messstelle"] for row in rows(resource_id)] == ["Gestern", "Jetzt"]

    def test_a_closed_feed_stops_its_token(self, app: Any, people: People) -> None:
        dataset = _realtime(people)
        resource_id = dataset["resources"][0]["id"]
        feed = _open_feed(people, resource_id)
        publish(people, dataset)
        _push(app, feed["token"], resource_id, [_reading(1)])
        with pytest.raises(Exception, match="Nur Datenmanager:innen"):
            call_action("jena_sensor_feed_delete", context(people.editor), name=feed["name"])
        closed = call_action("jena_sensor_feed_delete", context(people.admin), name=feed["name"])
        assert closed == {"name": feed["name"], "resource_id": resource_id, "state": "deleted"}
        _push(app, feed["token"], resource_id, [_reading(0)], status=403)
        assert len(rows(resource_id)) == 1
        assert call_action("jena_sensor_feed_list", context(people.admin), resource_id=resource_id) == []

    def test_rows_of_an_unreleased_dataset_stay_closed(self, app: Any, people: People) -> None:
        dataset = _realtime(people)
        resource_id = dataset["resources"][0]["id"]
        feed = _open_feed(people, resource_id)
        _push(app, feed["token"], resource_id, [_reading(1, "Vor der Freigabe")])  # the feed may start early
        for headers in ({}, {"Authorization": _token(people.outsider)}, {"Authorization": feed["token"]}):
            response = app.get(
                "/api/3/action/datastore_search", params={"resource_id": resource_id}, headers=headers, status=None
            )
            assert response.status_code in (403, 404)
            assert "Vor der Freigabe" not in response.get_data(as_text=True)

    def test_a_push_is_the_realtime_datasets_last_data_change(self, app: Any, people: People) -> None:
        """Freshness (issue 16): the feed's last push counts as a data change; the page follows at
        once, the facet with the daily re-index."""
        from freezegun import freeze_time

        from ckanext.jena.quality import freshness_index

        dataset = _realtime(people)  # promises continuous updates: due after a day, a day's grace
        resource_id = dataset["resources"][0]["id"]
        feed = _open_feed(people, resource_id)
        publish(people, dataset)

        with freeze_time(dt.datetime.now(dt.UTC) + dt.timedelta(days=3)):
            page = app.get(f"/dataset/{dataset['name']}").body
            assert "überfällig seit 2 Tagen" in page
            _push(app, feed["token"], resource_id, [_reading(0.1)])
            model.Session.rollback()
            shown = call_action("package_show", context(None), id=dataset["id"])
            assert freshness_index.of_dataset(shown).state == "current"
            assert "überfällig" not in app.get(f"/dataset/{dataset['name']}").body
            assert freshness_index.refresh_job() == [dataset["id"]]
            found = call_action(
                "package_search", context(None), fq=f"id:{dataset['id']}", **{"facet.field": '["jena_freshness"]'}
            )
            assert [item["name"] for item in found["search_facets"]["jena_freshness"]["items"]] == ["current"]
        model.Session.rollback()

    def test_a_push_moves_the_datasets_cockpit_row_once_per_period(self, app: Any, people: People) -> None:
        """The cockpit (issue 16) lists the dataset as overdue until a push; a push refreshes its
        row when the stored state would change within the hour, not on every push."""
        from freezegun import freeze_time

        from ckanext.jena.model import JenaCockpitState
        from ckanext.jena.quality import cockpit_state

        dataset = _realtime(people)  # continuous: due after a day, a day's grace
        resource_id = dataset["resources"][0]["id"]
        feed = _open_feed(people, resource_id)
        publish(people, dataset)
        model.Session.rollback()
        before = model.Session.get(JenaCockpitState, dataset["id"])
        assert before is not None and before.overdue_at is not None

        def row() -> JenaCockpitState:
            model.Session.rollback()
            found = model.Session.get(JenaCockpitState, dataset["id"])
            assert found is not None
            return found

        later = dt.datetime.now(dt.UTC) + dt.timedelta(days=3)
        with freeze_time(later):
            assert row().overdue_at < later  # overdue in the cockpit
            _push(app, feed["token"], resource_id, [_reading(0.1)])
            refreshed = row()
            assert refreshed.overdue_at > later and refreshed.soon_at > later + cockpit_state.PUSH_REFRESH_MARGIN
            updated = refreshed.updated_at
        with freeze_time(later + dt.timedelta(minutes=10)):
            _push(app, feed["token"], resource_id, [_reading(0.05, value=13.0)])
            assert row().updated_at == updated  # the state holds for a day: no refresh per push
        model.Session.rollback()


def _token(user: dict[str, Any]) -> str:
    from tests.auth import auth_headers

    return auth_headers(user)["Authorization"]


def _page(app: Any, dataset: dict[str, Any], resource_id: str, user: dict[str, Any] | None) -> str:
    headers = {"Authorization": _token(user)} if user else {}
    return app.get(f"/dataset/{dataset['name']}/resource/{resource_id}", headers=headers).get_data(as_text=True)


@pytest.mark.usefixtures("with_plugins")
class TestFeedManagementPage:
    """The data manager's forms on the resource page, through the real app (one walk through)."""

    def test_open_renew_retain_and_revoke_a_feed_on_the_resource_page(self, app: Any, people: People) -> None:
        dataset = _realtime(people)
        resource_id, other_id = (resource["id"] for resource in dataset["resources"])
        base = f"/dataset/{dataset['name']}/resource/{resource_id}/sensor-zugang"
        admin = {"Authorization": _token(people.admin)}

        page = _page(app, dataset, resource_id, people.admin)
        assert "Live-Einspeisung: Sensor-Zugänge" in page and 'for="sensor-fields"' in page
        assert page.count('name="_csrf_token"') >= 1
        assert "Live-Einspeisung" not in _page(app, dataset, resource_id, people.editor)  # staff of the feed only
        refused = app.post(
            base, data={"fields": "Zeitpunkt zeitpunkt"}, headers={"Authorization": _token(people.editor)}
        )
        assert refused.status_code == 403 and _sensor_accounts() == 0

        bad = [
            ({"fields": "Zeitpunkt uhrzeit"}, "Zeile 1: „Zeitpunkt uhrzeit“ – bitte „Name Typ“ angeben"),
            (
                {"fields": "Zeitpunkt zeitpunkt\nPM10 zahl", "retention_days": "abc", "time_field": "Zeitpunkt"},
                "Bitte eine ganze Zahl von Tagen angeben (1 bis 3650).",
            ),
            (
                {"fields": "Zeitpunkt zeitpunkt\nPM10 zahl", "retention_days": "7", "time_field": "PM10"},
                "„PM10“ ist keine Datums- oder Zeitspalte der Tabelle. Zeitspalten: Zeitpunkt.",
            ),
        ]
        for form, message in bad:
            answer = app.post(base, data=form, headers=admin)
            assert answer.status_code == 200 and message in answer.get_data(as_text=True), form
        assert _sensor_accounts() == 0
        with pytest.raises(Exception, match="was not found"):
            call_action("datastore_info", {"ignore_auth": True}, id=resource_id)

        form = {
            "fields": "Zeitpunkt zeitpunkt\nMessstelle text\nPM10 zahl",
            "retention_days": "7",
            "time_field": "Zeitpunkt",
        }
        answer = app.post(base, data=form, headers=admin)
        assert answer.status_code == 200 and "no-store" in answer.headers["Cache-Control"]
        token = re.search(r'id="sensor-token" rows="3" readonly>([^<]+)<', answer.get_data(as_text=True)).group(1)
        name = re.search(r"<code>(sensor-[0-9a-f-]+)</code>", answer.get_data(as_text=True)).group(1)
        _push(app, token, resource_id, [_reading(1)])

        page = _page(app, dataset, resource_id, people.admin)
        assert f"Sensor-Konto {name}" in page and "Zeilen in der Tabelle: 1" in page
        assert "die letzten 7 Tage (Zeitspalte „Zeitpunkt“)" in page and "noch keiner" not in page
        assert token not in page  # shown once only

        renewed = app.post(f"{base}/{name}/erneuern", headers=admin)
        new_token = re.search(r"readonly>([^<]+)<", renewed.get_data(as_text=True)).group(1)
        assert new_token != token
        _push(app, token, resource_id, [_reading(0.5)], status=403)
        _push(app, new_token, resource_id, [_reading(0.5)])

        answer = app.post(
            f"{base}/{name}/aufbewahrung", data={"retention_days": "0", "time_field": "Zeitpunkt"}, headers=admin
        )
        assert "Bitte eine ganze Zahl von Tagen angeben (1 bis 3650)." in answer.get_data(as_text=True)
        answer = app.post(f"{base}/{name}/aufbewahrung", data={"retention_days": "", "time_field": ""}, headers=admin)
        assert "Die Aufbewahrungsfrist ist gespeichert." in answer.get_data(
            as_text=True
        ) and "alle Zeilen" in answer.get_data(as_text=True)
        # a form of one resource cannot act on another resource's feed, nor on an unknown account
        wrong = f"/dataset/{dataset['name']}/resource/{other_id}/sensor-zugang/{name}/widerrufen"
        assert app.post(wrong, headers=admin).status_code == 404
        assert app.post(f"{base}/niemand/widerrufen", headers=admin).status_code == 404

        answer = app.post(f"{base}/{name}/widerrufen", headers=admin)
        assert "Der Sensor-Zugang ist widerrufen" in answer.get_data(as_text=True)
        _push(app, new_token, resource_id, [_reading(0.1)], status=403)
        assert len(rows(resource_id)) == 2
