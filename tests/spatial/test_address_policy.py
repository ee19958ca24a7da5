"""Every server-side preview fetch follows the address policy of the harvesters (ckanext.jena.safe_fetch).

Without 127.0.0.1 in ``ckanext.jena.spatial.preview_allowed_hosts`` no preview reads from the
local servers: not a GeoJSON or CSV file, not the capabilities of a WMS/WMTS/WFS, not WFS
features; the server sees no request at all. Allowing hosts for harvesting does not open previews.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.dcat.servers import LocalServer, Route
from tests.spatial.test_ows import service_resource
from tests.spatial.test_views import FEATURES, resource_on

REFUSED = (
    "Die Adresse der Ressource zeigt auf ein internes Netz; solche Adressen "
    "liest die Vorschau nicht. Bitte laden Sie die Datei herunter."
)


@pytest.mark.usefixtures("with_plugins", "clean_db")
class TestInternalAddressesAreRefused:
    @pytest.mark.ckan_config("ckanext.jena.spatial.preview_allowed_hosts", [])
    @pytest.mark.ckan_config("ckanext.jena.harvest.allowed_hosts", ["127.0.0.1"])
    def test_no_preview_reads_from_loopback_unless_allowed(
        self,
        app: Any,
        services: LocalServer,
        file_server: tuple[str, Path],
        sysadmin: Any,
        editor: Any,
        department: Any,
    ) -> None:
        geojson = resource_on(file_server, "plaetze.geojson", json.dumps(FEATURES), "GEOJSON", sysadmin, editor)
        csv = resource_on(file_server, "baeume.csv", "lat,lon\n50.93,11.59\n", "CSV", sysadmin, editor)
        wms = service_resource(sysadmin, editor, services.url("/wms"), "WMS_SRVC", "wms")
        wmts = service_resource(sysadmin, editor, services.url("/wmts"), "WMTS_SRVC", "wmts")
        wfs = service_resource(sysadmin, editor, services.url("/wfs"), "WFS_SRVC", "wfs")
        addresses = [
            f"/jena-spatial/preview/{geojson['id']}/geojson.json",
            f"/jena-spatial/preview/{csv['id']}/csv.json",
            f"/jena-spatial/ows/{wms['id']}/wms/capabilities.json",
            f"/jena-spatial/ows/{wmts['id']}/wms/capabilities.json",
            f"/jena-spatial/ows/{wfs['id']}/wfs/capabilities.json",
            f"/jena-spatial/ows/{wfs['id']}/wfs/features.json?layer=jena:brunnen",
        ]
        for address in addresses:
            assert app.get(address, status=403).json == {"success": False, "error": REFUSED}, address
        assert services.requests == []

    @pytest.mark.ckan_config("ckanext.jena.spatial.preview_allowed_hosts", [])
    def test_localhost_by_name_is_refused_too(
        self, app: Any, services: LocalServer, sysadmin: Any, editor: Any, department: Any
    ) -> None:
        url = services.url("/wms").replace("127.0.0.1", "localhost")
        resource = service_resource(sysadmin, editor, url, "WMS_SRVC", "localhost")
        assert app.get(f"/jena-spatial/ows/{resource['id']}/wms/capabilities.json", status=403).json["error"] == REFUSED
        # Issue 20 (10): the English page's preview explains it in English.
        english = app.get(f"/en/jena-spatial/ows/{resource['id']}/wms/capabilities.json", status=403).json["error"]
        assert english == (
            "The resource's address points to an internal network; the preview does not read such addresses. "
            "Please download the file."
        )

    def test_redirect_from_an_allowed_host_to_a_refused_one(
        self, app: Any, services: LocalServer, sysadmin: Any, editor: Any, department: Any
    ) -> None:
        # 127.0.0.1 is allowed (conftest); the service redirects to the link-local metadata address.
        services.routes["/umleitung"] = Route(status=302, headers={"Location": "http://169.254.169.254/latest/"})
        resource = service_resource(sysadmin, editor, services.url("/umleitung"), "WMS_SRVC", "umleitung")
        answer = app.get(f"/jena-spatial/ows/{resource['id']}/wms/capabilities.json", status=403).json
        assert answer["error"] == REFUSED

    @pytest.mark.ckan_config("ckanext.jena.spatial.preview_allowed_hosts", ["127.0.0.0/8"])
    def test_allowed_as_a_network(
        self, app: Any, services: LocalServer, sysadmin: Any, editor: Any, department: Any
    ) -> None:
        resource = service_resource(sysadmin, editor, services.url("/wms"), "WMS_SRVC", "netz")
        assert app.get(f"/jena-spatial/ows/{resource['id']}/wms/capabilities.json").json["success"] is True
