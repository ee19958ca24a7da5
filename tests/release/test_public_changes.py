"""Nothing becomes public without review (issue 12, items 8-10): resource views of submitted,
approved or public datasets, harvest sources (sysadmins only) and dataset types the
workflow does not manage."""

from __future__ import annotations

from typing import Any

import pytest
from ckan import model
from ckan.tests.helpers import call_action

from ckanext.jena.release import states
from tests.release.support import (
    People,
    approve,
    context,
    dataset_in_state,
    make_dataset,
    publish,
    release_state,
    submit,
)

FROZEN = (
    "Die Ansichten eines eingereichten, freigegebenen oder veröffentlichten Datensatzes "
    "gehören zur geprüften Fassung und können nicht geändert, umsortiert oder gelöscht werden."
)
ONLY_STANDARD = (
    "Einem eingereichten, freigegebenen oder veröffentlichten Datensatz fügt das Portal nur "
    "seine Standardansicht einer Ressource hinzu (mit vorgegebenem Titel, ohne Beschreibung, "
    "URL oder eigene Einstellungen). Andere Ansichten sind nur im Entwurf möglich."
)
HARVEST_DENIED = "Nur Systemadministrator:innen dürfen Harvest-Quellen verwalten."
GEOJSON = {"name": "Bäume (GeoJSON)", "url": "https://example.org/baeume.geojson", "format": "GeoJSON"}


def _refused(action: str, user: dict[str, Any] | None, **data: Any) -> Exception:
    with pytest.raises(Exception) as raised:
        call_action(action, context(user), **data)
    model.Session.rollback()
    return raised.value


def _views(resource_id: str) -> list[dict[str, Any]]:
    model.Session.rollback()
    return call_action("resource_view_list", {"ignore_auth": True}, id=resource_id)


def _iframe(resource_id: str) -> dict[str, Any]:
    return {
        "resource_id": resource_id,
        "view_type": "webpage_view",
        "title": "Mehr",
        "page_url": "https://evil.example/",
    }


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
class TestResourceViews:
    @pytest.mark.parametrize("state", [states.PUBLISHED, states.REVISION_DRAFT, states.IN_REVIEW, states.APPROVED])
    def test_no_own_view_on_a_submitted_or_public_dataset(self, people: People, state: str) -> None:
        dataset = dataset_in_state(people, state, resources=[GEOJSON])
        resource_id = dataset["resources"][0]["id"]
        before = _views(resource_id)
        for user in (people.editor, people.admin, people.sysadmin):
            error = _refused("resource_view_create", user, **_iframe(resource_id))
            assert type(error).__name__ == "NotAuthorized"
            assert str(error) == ONLY_STANDARD
        assert _views(resource_id) == before
        assert release_state(dataset) == state

    def test_views_of_a_public_dataset_are_not_changed_reordered_or_deleted(self, people: People) -> None:
        dataset = make_dataset(people, resources=[GEOJSON])
        resource_id = dataset["resources"][0]["id"]
        own = call_action("resource_view_create", context(people.editor), **_iframe(resource_id))
        publish(people, dataset)
        before = _views(resource_id)
        assert [view["view_type"] for view in before] == ["jena_geojson_view", "webpage_view"]
        for action, data in (
            ("resource_view_update", {"id": own["id"], "resource_id": resource_id, "title": "Anders"}),
            ("resource_view_delete", {"id": before[0]["id"]}),
            ("resource_view_reorder", {"id": resource_id, "order": [own["id"], before[0]["id"]]}),
        ):
            error = _refused(action, people.editor, **data)
            assert (type(error).__name__, str(error)) == ("NotAuthorized", FROZEN)
        assert _views(resource_id) == before

    def test_the_view_form_answers_403_not_500(self, app: Any, people: People) -> None:
        from tests.auth import auth_headers

        dataset = dataset_in_state(people, states.PUBLISHED, resources=[GEOJSON])
        resource_id = dataset["resources"][0]["id"]
        before = _views(resource_id)
        response = app.post(
            f"/dataset/{dataset['name']}/resource/{resource_id}/new_view?view_type=webpage_view",
            data={"title": "Mehr", "page_url": "https://evil.example/"},
            headers=auth_headers(people.editor),
            follow_redirects=False,
        )
        assert response.status_code == 403
        assert _views(resource_id) == before

    def test_outsiders_get_the_usual_answer(self, people: People) -> None:
        dataset = dataset_in_state(people, states.PUBLISHED, resources=[GEOJSON])
        error = _refused("resource_view_create", people.outsider, **_iframe(dataset["resources"][0]["id"]))
        assert type(error).__name__ == "NotAuthorized"
        assert str(error) != ONLY_STANDARD

    def test_the_portal_still_adds_its_standard_view(self, people: People) -> None:
        dataset = dataset_in_state(people, states.PUBLISHED, resources=[GEOJSON])
        resource_id = dataset["resources"][0]["id"]
        default = _views(resource_id)[0]
        call_action("resource_view_delete", {"ignore_auth": True, "user": ""}, id=default["id"])
        assert _views(resource_id) == []
        # With a title of its own, no: the title is public content.
        error = _refused(
            "resource_view_create", people.editor, resource_id=resource_id, view_type="jena_geojson_view", title="X"
        )
        assert str(error) == ONLY_STANDARD
        # A type that cannot show the resource, no.
        error = _refused("resource_view_create", people.editor, resource_id=resource_id, view_type="jena_wms_view")
        assert str(error) == ONLY_STANDARD
        view = call_action(
            "resource_view_create", context(people.editor), resource_id=resource_id, view_type="jena_geojson_view"
        )
        assert (view["view_type"], view["title"]) == ("jena_geojson_view", "Karte")

    def test_views_of_a_draft_change_freely_and_count_for_four_eyes(self, people: People) -> None:
        dataset = make_dataset(people, resources=[GEOJSON])
        resource_id = dataset["resources"][0]["id"]
        view = call_action("resource_view_create", context(people.admin), **_iframe(resource_id))
        call_action("resource_view_update", context(people.admin), id=view["id"], resource_id=resource_id, title="Neu")
        submit(people, dataset)
        error = _refused("jena_release_approve", people.admin, id=dataset["id"])
        assert str(error) == "Vier-Augen-Prinzip: Sie haben die zu prüfende Fassung dieses Datensatzes bearbeitet."
        approve(people, dataset, user=people.admin2)
        assert release_state(dataset) == states.PUBLISHED


def _source(**data: Any) -> dict[str, Any]:
    return {
        "name": "fremder-katalog",
        "title": "Fremder Katalog",
        "url": "https://daten.example.org/catalog.rdf",
        "source_type": "jena_dcat_rdf",
        **data,
    }


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
class TestHarvestSources:
    def test_editors_and_data_managers_cannot_create_a_source(self, people: People) -> None:
        for user in (people.editor, people.admin):
            error = _refused("harvest_source_create", user, **_source(owner_org=people.org["id"]))
            assert (type(error).__name__, str(error)) == ("NotAuthorized", HARVEST_DENIED)
            error = _refused("package_create", user, **_source(owner_org=people.org["id"], type="harvest"))
            assert (type(error).__name__, str(error)) == ("NotAuthorized", HARVEST_DENIED)
        assert model.Package.get("fremder-katalog") is None

    def test_editors_cannot_change_run_or_delete_a_source(self, people: People) -> None:
        source = call_action("harvest_source_create", context(people.sysadmin), **_source(owner_org=people.org["id"]))
        for action, data in (
            ("harvest_source_update", _source(id=source["id"], owner_org=people.org["id"], title="Gekapert")),
            ("package_patch", {"id": source["id"], "title": "Gekapert"}),
            ("harvest_source_delete", {"id": source["id"]}),
            ("package_delete", {"id": source["id"]}),
            ("harvest_job_create", {"source_id": source["id"]}),
            ("harvest_source_clear", {"id": source["id"]}),
        ):
            error = _refused(action, people.editor, **data)
            assert type(error).__name__ == "NotAuthorized", action
        model.Session.rollback()
        package = model.Package.get(source["id"])
        assert (package.title, package.state) == ("Fremder Katalog", "active")
        assert call_action("harvest_job_list", {"ignore_auth": True}, source_id=source["id"]) == []

    def test_sysadmins_manage_sources(self, people: People) -> None:
        source = call_action("harvest_source_create", context(people.sysadmin), **_source(owner_org=people.org["id"]))
        call_action("harvest_source_patch", context(people.sysadmin), id=source["id"], title="Neuer Titel")
        job = call_action("harvest_job_create", context(people.sysadmin), source_id=source["id"])
        assert job["source_id"] == source["id"]


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
class TestDatasetTypes:
    @pytest.mark.parametrize(
        ("dataset_type", "extra"),
        [("xyz", {}), ("Dataset", {}), ("xyz", {"private": False}), ("nonexistent", {"private": False})],
    )
    @pytest.mark.parametrize("role", ["editor", "sysadmin"])
    def test_unknown_types_are_refused(self, people: People, dataset_type: str, extra: Any, role: str) -> None:
        error = _refused(
            "package_create",
            getattr(people, role),
            name="fremdtyp",
            title="Fremdtyp",
            owner_org=people.org["id"],
            type=dataset_type,
            **extra,
        )
        assert type(error).__name__ == "ValidationError"
        assert error.error_dict == {
            "type": [f"Unbekannter Datensatztyp „{dataset_type}“. Erlaubt: dataset, geodata, realtime."]
        }
        assert model.Package.get("fremdtyp") is None

    def test_the_portal_pages_stay_up(self, app: Any, people: People) -> None:
        _refused("package_create", people.editor, name="fremdtyp", owner_org=people.org["id"], type="xyz")
        for url in ("/", "/dataset/", f"/organization/{people.org['name']}", "/dataset/fremdtyp"):
            assert app.get(url).status_code in (200, 404), url

    def test_every_managed_type_is_a_draft_first(self, people: People) -> None:
        from tests.schemas import data

        for dataset_type in ("dataset", "geodata", "realtime"):
            fields = data.complete(dataset_type, name=f"typ-{dataset_type}", owner_org=people.org["id"], private=False)
            dataset = call_action("package_create", context(people.editor), **fields)
            assert dataset["private"] is True
            assert release_state(dataset) == states.DRAFT
