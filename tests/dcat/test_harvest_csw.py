"""Harvesting in from a CSW (ISO 19139 geodata metadata) served by a local server."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.dcat import harvesting
from tests.dcat.conftest import DATA, HARVEST_FIXTURES
from tests.dcat.servers import LocalServer, Route

RECORD = (DATA / "csw" / "record-bebauungsplaene.xml").read_bytes()
IDENTIFIER = "3c6f4a52-6d1b-4c5f-9b7e-weimar-bplan-0001"
NAMESPACES = (
    'xmlns:csw="http://www.opengis.net/cat/csw/2.0.2" xmlns:gmd="http://www.isotc211.org/2005/gmd" '
    'xmlns:gco="http://www.isotc211.org/2005/gco"'
)
GET_RECORDS = f"""<?xml version="1.0" encoding="UTF-8"?>
<csw:GetRecordsResponse {NAMESPACES} version="2.0.2">
  <csw:SearchStatus timestamp="2025-07-01T00:00:00Z"/>
  <csw:SearchResults numberOfRecordsMatched="1" numberOfRecordsReturned="1" nextRecord="0" elementSet="brief">
    <gmd:MD_Metadata><gmd:fileIdentifier><gco:CharacterString>{IDENTIFIER}</gco:CharacterString>
    </gmd:fileIdentifier></gmd:MD_Metadata>
  </csw:SearchResults>
</csw:GetRecordsResponse>
""".encode()


def _csw(record: bytes = RECORD, records: bytes = GET_RECORDS) -> Any:
    def answer(query: dict[str, list[str]]) -> Route:
        request = {k.lower(): v[0] for k, v in query.items()}.get("request", "")
        headers = {"Content-Type": "application/xml"}
        if request == "GetRecords":
            return Route(records, headers=headers)
        if request == "GetRecordById" and IDENTIFIER in {k.lower(): v[0] for k, v in query.items()}.get("id", ""):
            body = record.split(b"?>", 1)[1]
            return Route(
                f'<?xml version="1.0" encoding="UTF-8"?><csw:GetRecordByIdResponse {NAMESPACES}>'.encode()
                + body
                + b"</csw:GetRecordByIdResponse>",
                headers=headers,
            )
        return Route(b"<ows:ExceptionReport xmlns:ows='http://www.opengis.net/ows'/>", status=400, headers=headers)

    return answer


@pytest.mark.usefixtures(*HARVEST_FIXTURES)
class TestHarvestCsw:
    def test_iso_record_lands_as_geodata_with_jena_fields(self, sysadmin: Any, department: Any) -> None:
        with LocalServer() as server:
            server.routes["/csw"] = _csw()
            source = harvesting.create_source(sysadmin, department, server.url("/csw"), "jena_csw")

            first = harvesting.run_job(sysadmin, source)

            assert (first.gather_errors, first.object_errors) == ([], [])
            (package,) = harvesting.datasets_of(department)
            shown = harvesting.show(package.id)
            assert shown["type"] == "geodata" and shown["owner_org"] == department["id"]
            assert shown["title"] == "Bebauungspläne der Stadt Weimar"
            assert shown["frequency"] == "MONTHLY"
            assert shown["reference_system"] == "EPSG:25832"
            assert shown["license_id"] == "dl-zero-de/2.0"
            assert shown["contact_point_email"] == "stadtplanung@weimar.example"
            assert shown["contact_point_name"] == "Stadtverwaltung Weimar, Stadtplanung"
            assert (shown["issued"], shown["modified"]) == ("2018-04-01", "2025-06-01")
            assert (shown["temporal_start"], shown["temporal_end"]) == ("1991-01-01", "2025-06-01")
            assert shown["language"] == ["DEU"]
            assert json.loads(shown["spatial"])["type"] == "Polygon"
            assert shown["resources"][0]["url"] == "https://geodaten.weimar.example/bplan/bebauungsplaene.geojson"
            assert package.private, "a draft until the department releases it"

            second = harvesting.run_job(sysadmin, source)

            assert second.gather_errors == []
            assert [p.id for p in harvesting.datasets_of(department)] == [package.id], "no duplicate"

    def test_dangerous_csw_answers_are_refused(self, sysadmin: Any, department: Any) -> None:
        bomb = GET_RECORDS.replace(
            b"<csw:GetRecordsResponse",
            b'<!DOCTYPE csw:GetRecordsResponse [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<csw:GetRecordsResponse',
            1,
        )
        with LocalServer() as server:
            server.routes["/csw"] = _csw(records=bomb)
            source = harvesting.create_source(sysadmin, department, server.url("/csw"), "jena_csw")

            result = harvesting.run_job(sysadmin, source)

            assert "deklariert externe Entitäten" in result.gather_errors[0], result.gather_errors
            assert harvesting.datasets_of(department) == []

    def test_internal_csw_address_is_refused(
        self, sysadmin: Any, department: Any, ckan_config: Any, monkeypatch: Any
    ) -> None:
        monkeypatch.setitem(ckan_config, "ckanext.jena.harvest.allowed_hosts", [])
        with LocalServer() as server:
            server.routes["/csw"] = _csw()
            source = harvesting.create_source(sysadmin, department, server.url("/csw"), "jena_csw")

            result = harvesting.run_job(sysadmin, source)

            assert "(127.0.0.1) ist eine interne Adresse" in result.gather_errors[0], result.gather_errors
            assert server.requests == [] and harvesting.datasets_of(department) == []
