"""Map service previews (jena_wms_view, jena_wfs_view): applicability, capabilities, layer chooser, bad input.

The services are a real WMS/WMTS/WFS on 127.0.0.1 (tests/spatial/ows_server.py) serving the
capabilities in data/ows/; the portal reads them through the preview's safe fetch.
"""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import ckan.plugins as p
import pytest
from ckan import model
from ckan.lib import search
from ckan.tests.helpers import call_action

from ckanext.jena.spatial import ows
from ckanext.jena.spatial.fetch import PreviewError
from ckanext.jena.spatial.ows_capabilities import parse_capabilities
from tests.dcat.servers import LocalServer
from tests.spatial.conftest import publish

DATA = Path(__file__).parent / "data" / "ows"


def capabilities(name: str) -> Any:
    return parse_capabilities((DATA / name).read_bytes().replace(b"{base}", b"http://dienste.example.org"))


class TestWhichResourcesGetTheViews:
    @pytest.mark.parametrize(
        ("resource", "service"),
        [
            ({"format": "WMS_SRVC"}, "WMS"),
            ({"format": "WMS_SRVC"}, "WMS"),
            ({"format": "OGC:WMTS"}, "WMTS"),
            ({"format": "wfs"}, "WFS"),
            ({"format": "", "url": "https://geo.jena.de/ows?service=WFS&request=GetCapabilities"}, "WFS"),
            ({"format": "", "url": "https://geo.jena.de/geoserver/wms"}, "WMS"),
            ({"format": "XML", "url": "https://geo.jena.de/1.0.0/WMTSCapabilities.xml"}, "WMTS"),
            ({"format": "GEOJSON", "url": "https://geo.jena.de/baeume.geojson"}, None),
            ({"format": "CSV", "url": "https://geo.jena.de/wms-liste.csv"}, None),
        ],
    )
    def test_service_of(self, resource: dict[str, Any], service: str | None) -> None:
        assert ows.service_of(resource) == service

    @pytest.mark.parametrize(
        ("plugin", "resource", "expected"),
        [
            ("jena_wms_view", {"format": "WMS_SRVC"}, True),
            ("jena_wms_view", {"format": "WMTS"}, True),
            ("jena_wms_view", {"format": "WFS_SRVC"}, False),
            ("jena_wms_view", {"format": "GEOJSON"}, False),
            ("jena_wfs_view", {"format": "WFS_SRVC"}, True),
            ("jena_wfs_view", {"format": "WMS_SRVC"}, False),
            ("jena_geojson_view", {"format": "WFS_SRVC"}, False),
        ],
    )
    @pytest.mark.usefixtures("with_plugins")
    def test_can_view(self, plugin: str, resource: dict[str, Any], expected: bool) -> None:
        assert p.get_plugin(plugin).can_view({"resource": resource, "package": {}}) is expected

    @pytest.mark.usefixtures("with_plugins")
    def test_info(self) -> None:
        assert p.get_plugin("jena_wms_view").info()["name"] == "jena_wms_view"
        assert p.get_plugin("jena_wfs_view").info()["iframed"] is False

    def test_capabilities_request_keeps_service_parameters_and_drops_request_ones(self) -> None:
        url = "https://geo.jena.de/cgi-bin/mapserv?map=/karten/jena.map&LAYERS=baeume&request=GetMap&version=1.1.1"
        assert ows.capabilities_url(url, "WMS") == (
            "https://geo.jena.de/cgi-bin/mapserv?map=%2Fkarten%2Fjena.map&SERVICE=WMS&REQUEST=GetCapabilities"
        )
        rest = "https://geo.jena.de/wmts/1.0.0/WMTSCapabilities.xml"
        assert ows.capabilities_url(rest, "WMTS") == rest
        assert ows.requested_layer(url) == "baeume"
        assert ows.requested_layer("https://geo.jena.de/wfs?typeNames=jena:brunnen") == "jena:brunnen"


class TestCapabilitiesParsing:
    def test_wms_130_named_layers_with_inherited_box(self) -> None:
        parsed = capabilities("wms-130.xml")
        assert (parsed.service, parsed.version, parsed.title) == ("WMS", "1.3.0", "Stadtplan Jena (Testdienst)")
        assert parsed.endpoint == "http://dienste.example.org/wms?"
        assert [(layer.name, layer.title) for layer in parsed.layers] == [
            ("ortsteile", "Ortsteile"),
            ("baeume", "Straßenbäume"),
            ("radwege", "Radwege"),
        ]
        assert parsed.layer("ortsteile").bbox == (11.45, 50.84, 11.70, 51.00)  # inherited from the group
        assert parsed.layer("baeume").bbox == (11.57, 50.91, 11.61, 50.94)
        assert all(layer.problem == "" for layer in parsed.layers)

    def test_wms_111_latin1_with_dtd_and_no_web_mercator(self) -> None:
        parsed = capabilities("wms-111-utm-only.xml")
        layer = parsed.layers[0]
        assert (parsed.version, layer.name, layer.title) == ("1.1.1", "flurstuecke", "Flurstücke")
        assert layer.problem == (
            "Der Dienst bietet diese Ebene nicht in Web-Mercator (EPSG:3857) an; "
            "die Kartenvorschau kann sie nicht anzeigen."
        )

    def test_wmts_rest_and_kvp_templates_and_zoom_to_matrix(self) -> None:
        parsed = capabilities("wmts.xml")
        luftbild, stadtkarte, bodenrichtwerte = parsed.layers
        assert luftbild.tiles == {
            "template": "http://dienste.example.org/wmts/rest/luftbild/default/WebMercator/{TileMatrix}/{TileRow}/{TileCol}.jpeg",
            "matrices": {str(zoom): f"WebMercator:{zoom}" for zoom in range(19)},
        }
        assert stadtkarte.tiles is not None
        assert stadtkarte.tiles["template"] == (
            "http://dienste.example.org/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=stadtkarte&STYLE=grau"
            "&TILEMATRIXSET=WebMercator&TILEMATRIX={TileMatrix}&TILEROW={TileRow}&TILECOL={TileCol}&FORMAT=image/png"
        )
        assert bodenrichtwerte.tiles is None
        assert bodenrichtwerte.problem == (
            "Diese Ebene hat keine Kachelmatrix in Web-Mercator (EPSG:3857 / GoogleMapsCompatible); "
            "die Kartenvorschau kann sie nicht anzeigen."
        )

    def test_wfs_feature_types_and_geojson_output(self) -> None:
        parsed = capabilities("wfs-200.xml")
        assert [layer.name for layer in parsed.layers] == ["jena:spielplaetze", "jena:brunnen"]
        assert parsed.geojson_format() == "application/json"
        assert parsed.endpoint == "http://dienste.example.org/wfs?"
        assert capabilities("wfs-110-gml-only.xml").geojson_format() is None

    def test_getfeature_request(self) -> None:
        parsed = capabilities("wfs-200.xml")
        url = ows.getfeature_url(parsed, "", "jena:brunnen", "application/json", 101)
        assert parse_qs(urlsplit(url).query) == {
            "SERVICE": ["WFS"],
            "VERSION": ["2.0.0"],
            "REQUEST": ["GetFeature"],
            "TYPENAMES": ["jena:brunnen"],
            "COUNT": ["101"],
            "OUTPUTFORMAT": ["application/json"],
            "SRSNAME": ["EPSG:4326"],
        }
        old = ows.getfeature_url(capabilities("wfs-110-gml-only.xml"), "", "alt:wege", "json", 5)
        assert {"TYPENAME", "MAXFEATURES"} <= set(parse_qs(urlsplit(old).query))

    def test_addresses_for_the_browser_must_be_web_addresses(self) -> None:
        wms = (DATA / "wms-130.xml").read_bytes().replace(b"{base}/wms?", b"javascript:alert(1)//")
        assert parse_capabilities(wms).endpoint == ""  # the preview then uses the resource's own address
        wmts = (DATA / "wmts.xml").read_bytes().replace(b'template="{base}', b'template="data:text/html,')
        luftbild = parse_capabilities(wmts).layers[0]
        assert luftbild.tiles is None
        assert luftbild.problem == "Der Dienst nennt keine Web-Adresse für Kacheln (weder REST noch KVP)."

    @pytest.mark.parametrize(
        ("body", "message"),
        [
            (
                b"<html><body>Wartung",
                "Der Dienst hat keine lesbare Capabilities-Antwort geliefert (kein gültiges XML).",
            ),
            (b"", "Der Dienst hat keine lesbare Capabilities-Antwort geliefert (kein gültiges XML)."),
            (b"<Karte/>", "Die Antwort des Dienstes ist kein WMS-, WMTS- oder WFS-Capabilities-Dokument"),
            (
                (DATA / "service-exception.xml").read_bytes(),
                "Der Dienst meldet einen Fehler: Parameter 'map': Kartendatei /srv/karten/jena.map nicht gefunden.",
            ),
            ((DATA / "no-layers.xml").read_bytes(), "Der WMS-Dienst bietet keine Ebenen an"),
        ],
    )
    def test_unusable_documents(self, body: bytes, message: str) -> None:
        with pytest.raises(PreviewError) as caught:
            parse_capabilities(body)
        assert caught.value.message.startswith(message)


def service_resource(
    sysadmin: dict[str, Any], editor: dict[str, Any], url: str, fmt: str, name: str = "dienst"
) -> dict[str, Any]:
    dataset = publish(
        editor,
        sysadmin,
        name=f"karte-{name}",
        title=f"Kartendienst {name}",
        owner_org="geodaten",
        resources=[{"name": f"Dienst {name}", "url": url, "format": fmt}],
    )
    return dataset["resources"][0]


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
class TestServicePages:
    def test_wms_and_wfs_resources_get_their_views_by_default(
        self, app: Any, viewer: Any, services: LocalServer, sysadmin: Any, editor: Any, department: Any
    ) -> None:
        wms = service_resource(sysadmin, editor, services.url("/wms"), "WMS_SRVC", "wms")
        wfs = service_resource(sysadmin, editor, services.url("/wfs"), "WFS_SRVC", "wfs")
        for resource, view_type, kind, label in (
            (wms, "jena_wms_view", "wms", "Ebene"),
            (wfs, "jena_wfs_view", "wfs", "Objekttyp"),
        ):
            views = call_action("resource_view_list", {"user": sysadmin["name"]}, id=resource["id"])
            assert [view["view_type"] for view in views] == [view_type]
            page = app.get(f"/dataset/{resource['package_id']}/resource/{resource['id']}", headers=viewer).body
            assert 'data-module="jena-ows-preview"' in page
            assert f"/jena-spatial/ows/{resource['id']}/{kind}/capabilities.json" in page
            assert f'<label for="jena-ows-layer-{kind}" class="form-label">{label}</label>' in page
        assert services.requests == []  # the page itself does not wait for the service

    def test_layer_chooser_in_english(
        self, app: Any, viewer: Any, services: LocalServer, sysadmin: Any, editor: Any, department: Any
    ) -> None:
        wfs = service_resource(sysadmin, editor, services.url("/wfs"), "WFS_SRVC", "wfs-en")
        page = app.get(f"/en/dataset/{wfs['package_id']}/resource/{wfs['id']}", headers=viewer).body
        assert '<label for="jena-ows-layer-wfs" class="form-label">Feature type</label>' in page
        assert 'aria-label="Map preview of the map service"' in page


@pytest.mark.usefixtures("with_plugins", "clean_db")
class TestServiceData:
    @pytest.fixture
    def make(self, services: LocalServer, sysadmin: Any, editor: Any, department: Any) -> Any:
        counter = iter(range(1000))
        return lambda path, fmt="WMS_SRVC": service_resource(
            sysadmin, editor, services.url(path), fmt, str(next(counter))
        )

    def caps(self, app: Any, resource: dict[str, Any], kind: str, status: int = 200) -> dict[str, Any]:
        return app.get(f"/jena-spatial/ows/{resource['id']}/{kind}/capabilities.json", status=status).json

    def features(self, app: Any, resource: dict[str, Any], layer: str, status: int = 200) -> dict[str, Any]:
        return app.get(
            f"/jena-spatial/ows/{resource['id']}/wfs/features.json", params={"layer": layer}, status=status
        ).json

    def test_wms_layer_list(self, app: Any, make: Any, services: LocalServer) -> None:
        result = self.caps(app, make("/wms"), "wms")["result"]
        assert (result["service"], result["version"], result["endpoint"]) == ("WMS", "1.3.0", services.url("/wms?"))
        assert [(layer["name"], layer["title"]) for layer in result["layers"]] == [
            ("ortsteile", "Ortsteile"),
            ("baeume", "Straßenbäume"),
            ("radwege", "Radwege"),
        ]
        assert result["selected"] == ""
        assert services.requests == ["/wms?SERVICE=WMS&REQUEST=GetCapabilities"]

    def test_layer_named_in_the_resource_address_is_preselected(self, app: Any, make: Any) -> None:
        assert self.caps(app, make("/wms?LAYERS=baeume"), "wms")["result"]["selected"] == "baeume"

    def test_unknown_layer_in_the_resource_address(self, app: Any, make: Any) -> None:
        answer = self.caps(app, make("/wms?LAYERS=gibt-es-nicht"), "wms", 404)
        assert answer == {
            "success": False,
            "error": "Der Dienst bietet die Ebene „gibt-es-nicht“ nicht an. "
            "Angeboten werden: ortsteile, baeume, radwege.",
        }

    def test_wmts_layers_with_tile_templates(self, app: Any, make: Any, services: LocalServer) -> None:
        result = self.caps(app, make("/wmts", "WMTS_SRVC"), "wms")["result"]
        assert result["service"] == "WMTS"
        assert [bool(layer["tiles"]) for layer in result["layers"]] == [True, True, False]
        assert result["layers"][1]["tiles"]["template"].startswith(services.url("/wmts?SERVICE=WMTS&REQUEST=GetTile"))
        assert services.requests == ["/wmts?SERVICE=WMTS&REQUEST=GetCapabilities"]

    def test_wfs_features_as_geojson_with_a_count_limit(self, app: Any, make: Any, services: LocalServer) -> None:
        resource = make("/wfs", "WFS_SRVC")
        assert [layer["name"] for layer in self.caps(app, resource, "wfs")["result"]["layers"]] == [
            "jena:spielplaetze",
            "jena:brunnen",
        ]
        result = self.features(app, resource, "jena:spielplaetze")["result"]
        assert [feature["properties"]["name"] for feature in result["features"]] == [
            "Spielplatz Holzmarkt",
            "Spielplatz Lobeda-West",
            "Abenteuerspielplatz Nord",
        ]
        assert result["limited"] is False
        getfeature = parse_qs(urlsplit(services.requests[-1]).query)
        assert getfeature["TYPENAMES"] == ["jena:spielplaetze"]
        assert getfeature["OUTPUTFORMAT"] == ["application/json"]
        assert getfeature["COUNT"] == ["20001"]  # preview_max_features + 1, to know whether there are more

    @pytest.mark.ckan_config("ckanext.jena.spatial.preview_max_features", 2)
    def test_wfs_with_more_features_than_the_limit(self, app: Any, make: Any) -> None:
        result = self.features(app, make("/wfs", "WFS_SRVC"), "jena:spielplaetze")["result"]
        assert len(result["features"]) == 2 and result["limited"] is True

    def test_wfs_unknown_feature_type(self, app: Any, make: Any) -> None:
        answer = self.features(app, make("/wfs", "WFS_SRVC"), "jena:ampeln", 404)
        assert answer["error"] == (
            "Der Dienst bietet den Objekttyp „jena:ampeln“ nicht an. Angeboten werden: jena:spielplaetze, jena:brunnen."
        )

    def test_wfs_without_geojson_output(self, app: Any, make: Any, services: LocalServer) -> None:
        expected = (
            "Der WFS-Dienst liefert keine Objekte als GeoJSON (outputFormat application/json); die Kartenvorschau "
            "kann ihn nicht anzeigen. Angebotene Formate: text/xml; subtype=gml/3.1.1."
        )
        resource = make("/alt-wfs", "WFS_SRVC")
        assert self.caps(app, resource, "wfs", 422)["error"] == expected
        assert self.features(app, resource, "alt:wege", 422)["error"] == expected
        assert not any("GetFeature" in request for request in services.requests)

    def test_wfs_getfeature_answering_an_exception_report(self, app: Any, make: Any) -> None:
        answer = self.features(app, make("/wfs-fehler", "WFS_SRVC"), "jena:brunnen", 502)
        assert answer["error"] == (
            "Der Dienst meldet einen Fehler: Parameter 'map': Kartendatei /srv/karten/jena.map nicht gefunden."
        )

    def test_wms_view_on_a_wfs(self, app: Any, make: Any) -> None:
        answer = self.caps(app, make("/wfs?service=WFS", "XML"), "wms", 422)
        assert answer["error"] == "Der Dienst ist ein WFS, kein WMS oder WMTS; bitte wählen Sie die passende Ansicht."

    @pytest.mark.parametrize(
        ("path", "status", "message"),
        [
            (
                "/defekt",
                502,
                "Der Server der Ressource antwortet mit Fehler 500; die Vorschau ist im Moment nicht möglich.",
            ),
            (
                "/kaputt",
                422,
                "Der Dienst hat keine lesbare Capabilities-Antwort geliefert (kein gültiges XML). "
                "Bitte prüfen Sie die Adresse des Dienstes.",
            ),
            (
                "/fehler",
                502,
                "Der Dienst meldet einen Fehler: Parameter 'map': Kartendatei /srv/karten/jena.map nicht gefunden.",
            ),
            ("/leer", 422, "Der WMS-Dienst bietet keine Ebenen an; die Karte hätte nichts zu zeigen."),
            (
                "/bombe",
                502,
                "Das XML-Dokument deklariert Entitäten (mögliche Entitäten-Expansion) und wird abgelehnt.",
            ),
        ],
    )
    def test_broken_services(self, app: Any, make: Any, path: str, status: int, message: str) -> None:
        assert self.caps(app, make(path), "wms", status) == {"success": False, "error": message}

    @pytest.mark.ckan_config("ckanext.jena.spatial.preview_max_bytes", 1000)
    def test_oversized_capabilities(self, app: Any, make: Any) -> None:
        error = self.caps(app, make("/wms"), "wms", 413)["error"]
        assert error.startswith("Die Datei ist zu groß für die Kartenvorschau (mehr als 0,0 MB).")

    @pytest.mark.ckan_config("ckanext.jena.spatial.preview_timeout", 1)
    def test_service_that_does_not_answer_in_time(self, app: Any, make: Any) -> None:
        error = self.caps(app, make("/langsam"), "wms", 504)["error"]
        assert error == (
            "Der Server der Ressource hat nicht rechtzeitig geantwortet (Zeitlimit 1 s bzw. 30 s insgesamt); "
            "die Vorschau ist im Moment nicht möglich."
        )

    def test_unreachable_service(self, app: Any, sysadmin: Any, editor: Any, department: Any) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        resource = service_resource(sysadmin, editor, f"http://127.0.0.1:{port}/wms", "WMS_SRVC")
        assert self.caps(app, resource, "wms", 502)["error"] == (
            "Der Server der Ressource ist nicht erreichbar; die Vorschau ist im Moment nicht möglich."
        )

    @pytest.mark.parametrize(
        ("stored", "detail"),
        [
            ("http://127.0.0.1:99999/wfs", "Port out of range 0-65535"),
            ("http://127.0.0.1:port/wfs", "Port could not be cast to integer value as 'port'"),
        ],
    )
    def test_stored_address_that_cannot_be_parsed(
        self, app: Any, make: Any, services: LocalServer, stored: str, detail: str
    ) -> None:
        """Issue 13.6: an address stored before the URL check (or harvested) was a 500 here."""
        resource = make("/wfs", "WFS_SRVC")
        record = model.Resource.get(resource["id"])
        record.url = stored
        model.Session.commit()
        search.rebuild(resource["package_id"])
        answer = self.caps(app, resource, "wfs", 422)
        assert answer == {"success": False, "error": f"„{stored}“ ist keine gültige Adresse ({detail})."}
        assert services.requests == []

    def test_unknown_kind_and_missing_layer(self, app: Any, make: Any) -> None:
        resource = make("/wfs", "WFS_SRVC")
        assert self.caps(app, resource, "shape", 404)["error"] == "Unbekannte Vorschauart."
        assert self.features(app, resource, "", 400)["error"] == "Bitte wählen Sie einen Objekttyp."
