"""Headless Chromium: extent map, GeoJSON preview with an open popup, WMS preview with the layer
chooser, WFS preview with an open popup, map search by a drawn box; screenshots in tests/screenshots/.

Base map tiles are blocked (the page may only talk to the portal), so the maps show the plain
background and the features, as they must offline. The resource files and the capabilities come
from local servers and are read by the portal, never by the browser; only the WMS tiles are
loaded by the browser from the local test WMS (as they are from a real one).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ckanext.jena import config
from tests.browser_support import NEEDS_CHROMIUM, assert_accessible, screenshot, tab_to
from tests.dcat.servers import LocalServer
from tests.spatial.conftest import ALLOWED_HOSTS, LOBEDA, publish
from tests.spatial.test_views import FEATURES

pytestmark = [
    pytest.mark.browser,
    NEEDS_CHROMIUM,
]


@pytest.fixture(autouse=True)
def gunicorn_portal_reads_local_servers(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    """The live portal (gunicorn, its own process) gets 127.0.0.1 as allowed preview host through a
    small ini on top of the test ini; autouse, so it is in place before ``gunicorn_portal`` starts."""
    ini = tmp_path / "spatial-browser.ini"
    ini.write_text(
        f"[app:main]\nuse = config:{Path(request.config.getoption('ckan_ini')).resolve()}\n"
        f"{ALLOWED_HOSTS} = 127.0.0.1\n"
    )
    monkeypatch.setattr(request.config.option, "ckan_ini", str(ini))
    yield


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
class TestMapsInTheBrowser:
    def test_extent_map_and_geojson_preview_with_popup(
        self,
        browser_page: Any,
        gunicorn_portal: str,
        file_server: tuple[str, Path],
        sysadmin: dict[str, Any],
        editor: dict[str, Any],
        department: dict[str, Any],
    ) -> None:
        base, folder = file_server
        (folder / "plaetze.geojson").write_text(json.dumps(FEATURES))
        dataset = publish(
            editor,
            sysadmin,
            name="plaetze-lobeda",
            title="Plätze in Lobeda",
            owner_org="geodaten",
            spatial=LOBEDA,
            resources=[{"name": "Plätze", "url": f"{base}/plaetze.geojson", "format": "GEOJSON"}],
        )
        page = browser_page

        page.goto(f"{gunicorn_portal}/dataset/plaetze-lobeda")
        page.wait_for_selector(".jena-map-extent .leaflet-overlay-pane path")
        assert page.locator(".jena-map-extent .leaflet-overlay-pane path").count() == 1
        screenshot(page, "spatial-dataset-extent")

        resource = dataset["resources"][0]
        page.goto(f"{gunicorn_portal}/dataset/plaetze-lobeda/resource/{resource['id']}")
        page.wait_for_selector(".jena-map-preview.jena-map-ready")
        assert "2 Objekte auf der Karte" in page.inner_text(".jena-map-status")
        page.locator(".jena-map-preview-map .leaflet-interactive").first.click(force=True)
        popup = page.wait_for_selector(".leaflet-popup-content .jena-popup-table")
        assert "Holzmarkt" in popup.inner_text() or "Saaleradweg" in popup.inner_text()
        page.wait_for_timeout(400)  # the popup fades in
        # CKAN's own script strings are German too (JavaScript translations built at start).
        assert page.inner_text("a.show-more") == "Mehr anzeigen"
        assert_accessible(page, "spatial-geojson-preview-popup")  # issue 19: WCAG 2.1 AA
        screenshot(page, "spatial-geojson-preview-popup")

        page.goto(f"{gunicorn_portal}/en/dataset/plaetze-lobeda/resource/{resource['id']}")
        page.wait_for_selector(".jena-map-preview.jena-map-ready")
        assert "2 features on the map. Click a feature" in page.inner_text(".jena-map-status")
        assert page.errors == []

    def test_broken_geojson_shows_the_german_message(
        self,
        browser_page: Any,
        gunicorn_portal: str,
        file_server: tuple[str, Path],
        sysadmin: dict[str, Any],
        editor: dict[str, Any],
        department: dict[str, Any],
    ) -> None:
        base, folder = file_server
        (folder / "kaputt.geojson").write_text("{kein json")
        dataset = publish(
            editor,
            sysadmin,
            name="kaputt",
            title="Kaputt",
            owner_org="geodaten",
            resources=[{"name": "Kaputt", "url": f"{base}/kaputt.geojson", "format": "GEOJSON"}],
        )
        page = browser_page
        page.goto(f"{gunicorn_portal}/dataset/kaputt/resource/{dataset['resources'][0]['id']}")
        page.wait_for_selector(".jena-map-preview.jena-map-failed")
        message = page.inner_text(".jena-map-preview .jena-map-message")
        assert message == "Die Datei ist kein gültiges GeoJSON: Die Datei ist kein gültiges JSON."
        screenshot(page, "spatial-geojson-preview-error")

    def test_map_search(
        self,
        browser_page: Any,
        gunicorn_portal: str,
        place_datasets: dict[str, Any],
        editor: dict[str, Any],
    ) -> None:
        page = browser_page
        page.goto(f"{gunicorn_portal}/dataset/?ext_bbox=11.59,50.86,11.65,50.91")
        page.wait_for_selector(".jena-map-search-map .leaflet-overlay-pane path")
        titles = page.locator(".dataset-heading").all_inner_texts()
        assert [t.strip() for t in titles][:2] == ["Straßenbäume Lobeda", "Straßenbäume Stadtgebiet"]
        screenshot(page, "spatial-map-search")
        page.click(".jena-map-search-view")
        page.wait_for_url("**ext_bbox=**")
        assert "ext_bbox=" in page.url and "11.59%2C50.86" not in page.url

    def test_map_search_with_the_keyboard_only(
        self,
        browser_page: Any,
        gunicorn_portal: str,
        place_datasets: dict[str, Any],
        editor: dict[str, Any],
    ) -> None:
        """No mouse: Tab to the map, zoom in and pan with the keys, Tab to "Sichtbaren Ausschnitt
        suchen", Enter. Every stop shows a visible focus. (Drawing a rectangle needs a pointer; the
        keyboard way to a box is this one, or a district named in the search text.)"""
        page = browser_page
        page.goto(f"{gunicorn_portal}/dataset/")
        page.wait_for_selector(".jena-map-search-map .leaflet-overlay-pane path")
        focused = tab_to(page, "jena-map-search-map")
        assert focused["outline"], "the map shows no focus"
        for key in ("+", "+", "ArrowDown", "ArrowRight"):
            page.keyboard.press(key)
            page.wait_for_timeout(400)  # Leaflet animates zoom and pan
        focused = tab_to(page, "jena-map-search-view")
        assert focused["outline"], "the button shows no focus"
        screenshot(page, "spatial-map-search-keyboard-focus")
        page.keyboard.press("Enter")
        page.wait_for_url("**ext_bbox=**")
        west, south, east, north = (float(v) for v in page.url.split("ext_bbox=")[1].split("&")[0].split("%2C"))
        home_west, home_south, home_east, home_north = config.spatial_home_bbox()
        assert home_west < west < east < home_east and home_south < south < north < home_north  # zoomed in
        page.wait_for_selector(".jena-map-search-map .leaflet-overlay-pane path")


def let_browser_reach(page: Any, server: LocalServer) -> None:
    """Tiles of the local test WMS may load (page routes take precedence over the context's block)."""
    page.route(f"{server.base}/**", lambda route: route.continue_())


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
class TestMapServicesInTheBrowser:
    def test_wms_preview_with_layer_chooser(
        self,
        browser_page: Any,
        gunicorn_portal: str,
        services: LocalServer,
        sysadmin: dict[str, Any],
        editor: dict[str, Any],
        department: dict[str, Any],
    ) -> None:
        dataset = publish(
            editor,
            sysadmin,
            name="stadtplan-wms",
            title="Stadtplan Jena (WMS)",
            owner_org="geodaten",
            resources=[{"name": "Stadtplan WMS", "url": services.url("/wms"), "format": "WMS_SRVC"}],
        )
        page = browser_page
        let_browser_reach(page, services)
        page.goto(f"{gunicorn_portal}/dataset/stadtplan-wms/resource/{dataset['resources'][0]['id']}")
        page.wait_for_selector(".jena-ows-preview.jena-map-ready")
        options = page.locator(".jena-ows-layer option").all_inner_texts()
        assert options == ["Ortsteile (ortsteile)", "Straßenbäume (baeume)", "Radwege (radwege)"]
        assert page.inner_text(".jena-ows-chooser label") == "Ebene"
        # With the keyboard (issue 19): Tab to the chooser, visible focus, the next layer with ↓.
        assert tab_to(page, "jena-ows-layer")["outline"], "the layer chooser shows no focus"
        page.keyboard.press("ArrowDown")
        assert page.eval_on_selector(".jena-ows-layer", "select => select.value") == "baeume"
        page.wait_for_selector(".jena-ows-preview.jena-tiles-done .leaflet-tile-loaded")
        assert "Ebene „Straßenbäume“ des Dienstes auf der Karte." in page.inner_text(".jena-map-status")
        getmaps = [request for request in services.requests if "GetMap" in request]
        # The browser asked the WMS itself: first for the first layer, then for the chosen one.
        assert "layers=ortsteile" in getmaps[0] and "crs=EPSG%3A3857" in getmaps[0]
        assert any("layers=baeume" in request for request in getmaps)
        page.wait_for_timeout(500)  # let the zoom animation and the tiles' fade-in end before the picture
        assert_accessible(page, "spatial-wms-preview-layer-chooser")  # issue 19: WCAG 2.1 AA
        screenshot(page, "spatial-wms-preview-layer-chooser")
        assert page.errors == []

    def test_wmts_preview_rest_tiles_missing_then_kvp_tiles(
        self,
        browser_page: Any,
        gunicorn_portal: str,
        services: LocalServer,
        sysadmin: dict[str, Any],
        editor: dict[str, Any],
        department: dict[str, Any],
    ) -> None:
        dataset = publish(
            editor,
            sysadmin,
            name="luftbild-wmts",
            title="Luftbilder (WMTS)",
            owner_org="geodaten",
            resources=[{"name": "Luftbild WMTS", "url": services.url("/wmts"), "format": "WMTS_SRVC"}],
        )
        page = browser_page
        let_browser_reach(page, services)
        page.goto(f"{gunicorn_portal}/dataset/luftbild-wmts/resource/{dataset['resources'][0]['id']}")
        # The first layer's REST tiles do not exist on the test server: a message instead of an empty map.
        page.wait_for_selector(".jena-ows-preview.jena-map-failed")
        assert page.inner_text(".jena-ows-preview .jena-map-message") == (
            "Der Dienst hat für diese Ebene keine Kartenbilder geliefert (Fehler beim Laden der Kacheln)."
        )
        assert any("/wmts/rest/luftbild/default/WebMercator/WebMercator:" in r for r in services.requests)
        page.select_option(".jena-ows-layer", "stadtkarte")
        page.wait_for_selector(".jena-ows-preview.jena-tiles-done .leaflet-tile-loaded")
        assert page.locator(".jena-ows-preview .jena-map-message").is_hidden()
        gettiles = [request for request in services.requests if "REQUEST=GetTile" in request]
        assert gettiles and all("LAYER=stadtkarte&STYLE=grau&TILEMATRIXSET=WebMercator" in r for r in gettiles)
        assert page.locator(".jena-ows-layer option").all_inner_texts()[2] == (
            "Bodenrichtwerte (nur UTM) (bodenrichtwerte) – nicht darstellbar"
        )
        page.wait_for_timeout(500)  # let the zoom animation and the tiles' fade-in end before the picture
        screenshot(page, "spatial-wmts-preview")
        assert page.errors == []

    def test_wms_layer_the_map_cannot_show(
        self,
        browser_page: Any,
        gunicorn_portal: str,
        services: LocalServer,
        sysadmin: dict[str, Any],
        editor: dict[str, Any],
        department: dict[str, Any],
    ) -> None:
        dataset = publish(
            editor,
            sysadmin,
            name="alkis-wms",
            title="Liegenschaftskarte (WMS)",
            owner_org="geodaten",
            resources=[{"name": "ALKIS WMS", "url": services.url("/alkis"), "format": "WMS_SRVC"}],
        )
        page = browser_page
        page.goto(f"{gunicorn_portal}/dataset/alkis-wms/resource/{dataset['resources'][0]['id']}")
        page.wait_for_selector(".jena-ows-preview.jena-map-failed")
        assert page.inner_text(".jena-ows-preview .jena-map-message") == (
            "Der Dienst bietet diese Ebene nicht in Web-Mercator (EPSG:3857) an; "
            "die Kartenvorschau kann sie nicht anzeigen."
        )
        assert page.locator(".jena-map-preview-map").is_hidden()
        assert page.locator(".jena-ows-layer option").all_inner_texts() == [
            "Flurstücke (flurstuecke) – nicht darstellbar"
        ]
        screenshot(page, "spatial-wms-preview-not-web-mercator")

    def test_wfs_preview_with_popup(
        self,
        browser_page: Any,
        gunicorn_portal: str,
        services: LocalServer,
        sysadmin: dict[str, Any],
        editor: dict[str, Any],
        department: dict[str, Any],
    ) -> None:
        dataset = publish(
            editor,
            sysadmin,
            name="freizeit-wfs",
            title="Spielplätze und Brunnen (WFS)",
            owner_org="geodaten",
            resources=[{"name": "Freizeit WFS", "url": services.url("/wfs"), "format": "WFS_SRVC"}],
        )
        page = browser_page
        page.goto(f"{gunicorn_portal}/dataset/freizeit-wfs/resource/{dataset['resources'][0]['id']}")
        page.wait_for_selector(".jena-ows-preview.jena-map-ready")
        assert page.inner_text(".jena-ows-chooser label") == "Objekttyp"
        assert "3 Objekte auf der Karte" in page.inner_text(".jena-map-status")
        page.locator(".jena-map-preview-map path.leaflet-interactive").first.click(force=True)
        popup = page.wait_for_selector(".leaflet-popup-content .jena-popup-table")
        assert "Spielplatz" in popup.inner_text()
        assert "2 Objekttypen im Dienst" in page.inner_text(".jena-ows-service")
        page.wait_for_timeout(400)  # the popup fades in
        assert_accessible(page, "spatial-wfs-preview-popup")  # issue 19: WCAG 2.1 AA
        screenshot(page, "spatial-wfs-preview-popup")

        page.select_option(".jena-ows-layer", "jena:brunnen")
        page.wait_for_function("() => document.querySelector('.jena-map-status').innerText.startsWith('1 Objekt ')")
        assert page.errors == []

    def test_wfs_whose_getfeature_fails(
        self,
        browser_page: Any,
        gunicorn_portal: str,
        services: LocalServer,
        sysadmin: dict[str, Any],
        editor: dict[str, Any],
        department: dict[str, Any],
    ) -> None:
        dataset = publish(
            editor,
            sysadmin,
            name="kaputter-wfs",
            title="Kaputter WFS",
            owner_org="geodaten",
            resources=[{"name": "Kaputter WFS", "url": services.url("/wfs-fehler"), "format": "WFS_SRVC"}],
        )
        page = browser_page
        page.goto(f"{gunicorn_portal}/dataset/kaputter-wfs/resource/{dataset['resources'][0]['id']}")
        page.wait_for_selector(".jena-ows-preview.jena-map-failed")
        assert page.inner_text(".jena-ows-preview .jena-map-message") == (
            "Der Dienst meldet einen Fehler: Parameter 'map': Kartendatei /srv/karten/jena.map nicht gefunden."
        )
        assert page.locator(".jena-map-preview-map").is_hidden()
        assert page.locator(".jena-ows-layer").is_visible()  # another feature type can still be chosen
        screenshot(page, "spatial-wfs-preview-error")
        assert page.errors == []


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
class TestMapSearchByDrawing:
    def test_draw_a_box_over_lobeda(
        self,
        browser_page: Any,
        gunicorn_portal: str,
        place_datasets: dict[str, Any],
        editor: dict[str, Any],
    ) -> None:
        page = browser_page
        page.goto(f"{gunicorn_portal}/dataset/")
        page.wait_for_selector(".jena-map-search-map .leaflet-overlay-pane path")
        page.click(".jena-map-search-draw")
        # Lobeda lies in the south-east of the city box; drag a rectangle around it.
        start, end = _screen_point(page, 11.595, 50.905), _screen_point(page, 11.66, 50.865)
        page.mouse.move(*start)
        page.mouse.down()
        page.mouse.move((start[0] + end[0]) / 2, (start[1] + end[1]) / 2, steps=4)
        page.mouse.move(*end, steps=4)
        screenshot(page, "spatial-map-search-drawing")
        page.mouse.up()
        page.wait_for_url("**ext_bbox=**")
        page.wait_for_selector(".jena-map-search-map .leaflet-overlay-pane path")
        titles = [title.strip() for title in page.locator(".dataset-heading").all_inner_texts()]
        assert titles[:2] == ["Straßenbäume Lobeda", "Straßenbäume Stadtgebiet"]
        assert "Spielplätze Zwätzen" not in titles and "Haushaltsplan" not in titles
        screenshot(page, "spatial-map-search-drawn")


def _screen_point(page: Any, lon: float, lat: float) -> tuple[float, float]:
    """Page coordinates of a place on the map search, from the drawn outline of the city's box
    (``ckanext.jena.spatial.home_bbox``); linear in latitude, close enough over a city."""
    west, south, east, north = config.spatial_home_bbox()
    outline = page.locator(".jena-map-search-map .leaflet-overlay-pane path").first.bounding_box()
    x = outline["x"] + outline["width"] * (lon - west) / (east - west)
    y = outline["y"] + outline["height"] * (north - lat) / (north - south)
    return x, y
