"""Map preview views: can_view/info, the resource page, and the preview data endpoint on real files.

Resource files come from a local http.server on 127.0.0.1; the portal (not the browser) reads them.
"""

from __future__ import annotations

import json
import socket
from pathlib import Path
from typing import Any

import ckan.plugins as p
import pytest
from ckan.tests.helpers import call_action

from tests.spatial.conftest import DATASET_DEFAULTS, publish

FEATURES = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [11.5863, 50.9279]},
            "properties": {"name": "Holzmarkt", "art": "Platz"},
        },
        {
            "type": "Feature",
            "geometry": {"type": "LineString", "coordinates": [[11.58, 50.92], [11.60, 50.93]]},
            "properties": {"name": "Saaleradweg"},
        },
    ],
}


def view_plugin(name: str) -> Any:
    return p.get_plugin(name)


class TestCanViewAndInfo:
    @pytest.mark.parametrize(
        ("plugin", "resource", "expected"),
        [
            ("jena_geojson_view", {"format": "GEOJSON"}, True),
            ("jena_geojson_view", {"format": "", "mimetype": "application/geo+json"}, True),
            ("jena_geojson_view", {"format": "CSV"}, False),
            ("jena_geojson_view", {"format": "WMS_SRVC"}, False),
            ("jena_csv_map_view", {"format": "CSV"}, True),
            ("jena_csv_map_view", {"format": "csv"}, True),
            ("jena_csv_map_view", {"format": "XLSX"}, False),
        ],
    )
    @pytest.mark.usefixtures("with_plugins")
    def test_can_view(self, plugin: str, resource: dict[str, Any], expected: bool) -> None:
        assert view_plugin(plugin).can_view({"resource": resource, "package": {}}) is expected

    @pytest.mark.usefixtures("with_plugins")
    def test_info(self) -> None:
        info = view_plugin("jena_geojson_view").info()
        assert info["name"] == "jena_geojson_view" and info["iframed"] is False and info["icon"] == "map"
        assert view_plugin("jena_csv_map_view").info()["name"] == "jena_csv_map_view"


def resource_on(
    files: tuple[str, Path], name: str, body: bytes | str, fmt: str, sysadmin: dict[str, Any], editor: dict[str, Any]
) -> dict[str, Any]:
    base, folder = files
    (folder / name).write_bytes(body.encode() if isinstance(body, str) else body)
    dataset = publish(
        editor,
        sysadmin,
        name=f"vorschau-{name.replace('.', '-').replace('_', '-')}",
        title=f"Vorschau {name}",
        owner_org="geodaten",
        resources=[{"name": name, "url": f"{base}/{name}", "format": fmt}],
    )
    return dataset["resources"][0]


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
class TestPreviewPages:
    def test_geojson_resource_gets_the_map_view_by_default(
        self, app: Any, viewer: Any, file_server: tuple[str, Path], sysadmin: Any, editor: Any, department: Any
    ) -> None:
        resource = resource_on(file_server, "plaetze.geojson", json.dumps(FEATURES), "GEOJSON", sysadmin, editor)
        views = call_action("resource_view_list", {"user": sysadmin["name"]}, id=resource["id"])
        assert [view["view_type"] for view in views] == ["jena_geojson_view"]
        page = app.get(f"/dataset/{resource['package_id']}/resource/{resource['id']}", headers=viewer).body
        assert 'data-module="jena-map-preview"' in page
        assert f"/jena-spatial/preview/{resource['id']}/geojson.json" in page

    def test_csv_map_view_added_by_an_editor(
        self, app: Any, viewer: Any, file_server: tuple[str, Path], sysadmin: Any, editor: Any, department: Any
    ) -> None:
        resource = resource_on(file_server, "baeume.csv", "lat,lon\n50.93,11.59\n", "CSV", sysadmin, editor)
        # The dataset is published: its editor may add the portal's standard view (default title).
        view = call_action(
            "resource_view_create",
            {"user": editor["name"], "ignore_auth": False},
            resource_id=resource["id"],
            view_type="jena_csv_map_view",
        )
        assert view["title"] == "Karte (Punkte aus CSV)"
        page = app.get(
            f"/dataset/{resource['package_id']}/resource/{resource['id']}?view_id={view['id']}", headers=viewer
        ).body
        assert f"/jena-spatial/preview/{resource['id']}/csv.json" in page


@pytest.mark.usefixtures("with_plugins", "clean_db")
class TestPreviewData:
    def data(self, app: Any, resource: dict[str, Any], kind: str, status: int) -> dict[str, Any]:
        response = app.get(f"/jena-spatial/preview/{resource['id']}/{kind}.json", status=status)
        return response.json

    @pytest.fixture
    def make(self, file_server: tuple[str, Path], sysadmin: Any, editor: Any, department: Any) -> Any:
        return lambda name, body, fmt="GEOJSON": resource_on(file_server, name, body, fmt, sysadmin, editor)

    def test_valid_geojson(self, app: Any, make: Any) -> None:
        answer = self.data(app, make("ok.geojson", json.dumps(FEATURES)), "geojson", 200)
        assert answer["success"] is True
        assert [f["properties"]["name"] for f in answer["result"]["features"]] == ["Holzmarkt", "Saaleradweg"]

    def test_a_bare_geometry_becomes_one_feature(self, app: Any, make: Any) -> None:
        answer = self.data(
            app, make("geom.geojson", '{"type": "Point", "coordinates": [11.59, 50.93]}'), "geojson", 200
        )
        assert len(answer["result"]["features"]) == 1

    @pytest.mark.parametrize(
        ("body", "message"),
        [
            ("{nicht json", "Die Datei ist kein gültiges GeoJSON: Die Datei ist kein gültiges JSON."),
            ('{"type": "Karte"}', "Die Datei ist kein gültiges GeoJSON: Unbekannter Typ „Karte“."),
            (
                '{"type": "FeatureCollection"}',
                "Die Datei ist kein gültiges GeoJSON: Die FeatureCollection hat keine Liste „features“.",
            ),
            (
                '{"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": {"type": "Kreis"}}]}',
                "Die Datei ist kein gültiges GeoJSON: Objekt 1 hat keinen bekannten Geometrietyp.",
            ),
            (
                '{"type": "Point", "coordinates": ["elf", 50]}',
                "Die Datei ist kein gültiges GeoJSON: Objekt 1 hat ungültige Koordinaten.",
            ),
            (
                '{"type": "FeatureCollection", "features": []}',
                "Die Datei enthält keine Geometrien, die Karte hätte nichts zu zeigen.",
            ),
        ],
    )
    def test_invalid_geojson(self, app: Any, make: Any, body: str, message: str) -> None:
        assert self.data(app, make("bad.geojson", body), "geojson", 422) == {"success": False, "error": message}

    @pytest.mark.parametrize(
        ("name", "body"),
        [
            ("deep-brackets.geojson", '{"type": "Point", "coordinates": ' + "[" * 100_000 + "]" * 100_000 + "}"),
            (
                "deep-collections.geojson",
                '{"type":"GeometryCollection","geometries":[' * 5000 + "]}" * 5000,
            ),
        ],
    )
    def test_deeply_nested_geojson(self, app: Any, make: Any, name: str, body: str) -> None:
        """Issue 13.3: a hostile public file made its preview answer 500 (RecursionError)."""
        answer = self.data(app, make(name, body), "geojson", 422)
        assert answer == {
            "success": False,
            "error": "Die Datei ist kein gültiges GeoJSON: Die Daten sind tiefer als 64 Ebenen verschachtelt.",
        }

    def test_named_crs_other_than_wgs84(self, app: Any, make: Any) -> None:
        body = json.dumps(
            {
                "type": "FeatureCollection",
                "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::25832"}},
                "features": [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [681000, 5644000]}}],
            }
        )
        error = self.data(app, make("utm.geojson", body), "geojson", 422)["error"]
        assert error.startswith("Die Datei verwendet das Koordinatenreferenzsystem urn:ogc:def:crs:EPSG::25832.")

    def test_projected_coordinates_without_crs_member(self, app: Any, make: Any) -> None:
        body = '{"type": "Point", "coordinates": [681000.5, 5644000]}'
        error = self.data(app, make("utm2.geojson", body), "geojson", 422)["error"]
        assert "(z. B. 681000, 5.644e+06) sind keine geografischen Koordinaten in WGS 84" in error
        assert "EPSG:25832" in error

    @pytest.mark.ckan_config("ckanext.jena.spatial.preview_max_features", 1)
    def test_too_many_features(self, app: Any, make: Any) -> None:
        error = self.data(app, make("many.geojson", json.dumps(FEATURES)), "geojson", 422)["error"]
        assert error == (
            "Die Datei enthält 2 Objekte; die Kartenvorschau zeigt höchstens 1. Bitte laden Sie die Datei herunter."
        )

    @pytest.mark.ckan_config("ckanext.jena.spatial.preview_max_features", 2)
    def test_huge_geometry(self, app: Any, make: Any) -> None:
        ring = [[11.5 + i / 10000, 50.9] for i in range(150)]
        body = json.dumps({"type": "LineString", "coordinates": ring})
        error = self.data(app, make("huge.geojson", body), "geojson", 422)["error"]
        assert error.startswith("Die Geometrien sind zu umfangreich für die Kartenvorschau (150 Stützpunkte).")

    @pytest.mark.ckan_config("ckanext.jena.spatial.preview_max_bytes", 100)
    def test_too_large_file(self, app: Any, make: Any) -> None:
        error = self.data(app, make("large.geojson", json.dumps(FEATURES)), "geojson", 413)["error"]
        assert error.startswith("Die Datei ist zu groß für die Kartenvorschau (mehr als 0,0 MB).")

    def test_missing_file_on_the_server(self, app: Any, make: Any, file_server: tuple[str, Path]) -> None:
        resource = make("gone.geojson", "{}")
        (file_server[1] / "gone.geojson").unlink()
        error = self.data(app, resource, "geojson", 502)["error"]
        assert error == "Der Server der Ressource antwortet mit Fehler 404; die Vorschau ist im Moment nicht möglich."

    def test_unreachable_server(self, app: Any, sysadmin: Any, editor: Any, department: Any) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        dataset = publish(
            editor,
            sysadmin,
            name="weg",
            title="Weg",
            owner_org="geodaten",
            resources=[{"name": "weg", "url": f"http://127.0.0.1:{port}/weg.geojson", "format": "GEOJSON"}],
        )
        error = self.data(app, dataset["resources"][0], "geojson", 502)["error"]
        assert error == "Der Server der Ressource ist nicht erreichbar; die Vorschau ist im Moment nicht möglich."

    def test_csv_points_with_semicolons_and_decimal_commas(self, app: Any, make: Any) -> None:
        body = "Name;Breite;Länge\nEiche;50,9279;11,5863\nLinde;kaputt;11,6\n"
        answer = self.data(app, make("baeume.csv", body.encode("cp1252"), "CSV"), "csv", 200)["result"]
        assert answer["features"][0]["geometry"]["coordinates"] == [11.5863, 50.9279]
        assert answer["features"][0]["properties"] == {"Name": "Eiche", "Breite": "50,9279", "Länge": "11,5863"}
        assert answer["skipped"] == 1

    def test_csv_field_larger_than_the_parser_reads(self, app: Any, make: Any) -> None:
        """Issue 13.3: a CSV field over 128 kB made the preview answer 500 (csv.Error)."""
        body = "Name;Breite;Länge\n" + "Eiche;50,9;11,6\n" * 3 + "x" * 200_000 + ";50,9;11,6\n"
        error = self.data(app, make("riesenfeld.csv", body, "CSV"), "csv", 422)["error"]
        assert error == (
            "Die CSV-Datei lässt sich nicht lesen (field larger than field limit (131072)); die Kartenvorschau "
            "liest Felder bis 128 kB. Bitte laden Sie die Datei herunter."
        )

    def test_csv_without_coordinate_columns(self, app: Any, make: Any) -> None:
        error = self.data(app, make("haushalt.csv", "Posten,Betrag\nSchulen,100\n", "CSV"), "csv", 422)["error"]
        assert error.startswith("Die CSV-Datei hat keine Spalten mit Koordinaten.")

    def test_an_unreleased_dataset_is_not_previewed_for_the_public(
        self, app: Any, file_server: tuple[str, Path], editor: Any, department: Any
    ) -> None:
        base, folder = file_server
        (folder / "entwurf.geojson").write_text(json.dumps(FEATURES))
        draft = call_action(
            "package_create",
            {"user": editor["name"]},
            **{
                **DATASET_DEFAULTS,
                "name": "vorschau-entwurf",
                "title": "Vorschau Entwurf",
                "owner_org": "geodaten",
                "resources": [{"name": "entwurf", "url": f"{base}/entwurf.geojson", "format": "GEOJSON"}],
            },
        )
        answer = self.data(app, draft["resources"][0], "geojson", 404)  # as for a missing one (issue 12)
        assert answer == {"success": False, "error": "Die Ressource gibt es nicht (mehr)."}
        assert "Holzmarkt" not in json.dumps(answer)

    def test_unknown_resource_and_kind(self, app: Any, make: Any) -> None:
        assert self.data(app, {"id": "nicht-da"}, "geojson", 404)["error"] == "Die Ressource gibt es nicht (mehr)."
        resource = make("ok2.geojson", json.dumps(FEATURES))
        assert self.data(app, resource, "shapefile", 404)["error"] == "Unbekannte Vorschauart."


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
class TestUploadedFilesArePreviewedFromStorage:
    """Issue 20.2: the preview fetched the portal's own upload over HTTP from the site URL and was
    refused as an internal address, with a config key in the message."""

    @pytest.mark.ckan_config("ckanext.jena.spatial.preview_allowed_hosts", [])
    def test_uploaded_geojson_is_read_from_the_portals_storage(
        self, app: Any, viewer: Any, create_with_upload: Any, sysadmin: Any, editor: Any, department: Any
    ) -> None:
        from ckan import model

        from ckanext.jena.release import workflow

        dataset = call_action(
            "package_create",
            {"user": editor["name"]},
            **{
                **DATASET_DEFAULTS,
                "name": "trinkwasserbrunnen",
                "title": "Trinkwasserbrunnen",
                "owner_org": "geodaten",
            },
        )
        resource = create_with_upload(
            json.dumps(FEATURES),
            "brunnen.geojson",
            context={"user": editor["name"]},
            package_id=dataset["id"],
            name="Brunnen",
            format="GeoJSON",
        )
        assert resource["url_type"] == "upload"
        workflow.publish_without_review(model.Package.get(dataset["id"]), reason="Test", actor_id=sysadmin["id"])
        answer = app.get(f"/jena-spatial/preview/{resource['id']}/geojson.json", headers=viewer).json
        assert answer["success"] is True, answer
        assert [feature["properties"]["name"] for feature in answer["result"]["features"]] == [
            "Holzmarkt",
            "Saaleradweg",
        ]
