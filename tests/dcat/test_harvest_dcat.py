"""Harvesting in: a DCAT-AP.de catalog of another portal (two Hydra pages) from a local server."""

from __future__ import annotations

from typing import Any

import pytest

from tests.dcat import harvesting
from tests.dcat.conftest import DATA, HARVEST_FIXTURES
from tests.dcat.servers import LocalServer, Route


def _catalog(server: LocalServer, page1: bytes | None = None) -> None:
    server.routes["/catalog.ttl"] = Route(
        page1 or (DATA / "weimar-page1.ttl").read_bytes(), headers={"Content-Type": "text/turtle"}
    )
    server.routes["/catalog-2.rdf"] = Route(
        (DATA / "weimar-page2.rdf").read_bytes(), headers={"Content-Type": "application/rdf+xml"}
    )


@pytest.mark.usefixtures(*HARVEST_FIXTURES)
class TestHarvestDcatCatalog:
    def test_imports_into_the_department_then_updates_without_duplicates(self, sysadmin: Any, department: Any) -> None:
        with LocalServer() as server:
            _catalog(server)
            source = harvesting.create_source(
                sysadmin, department, server.url("/catalog.ttl"), "jena_dcat_rdf",
                defaults={"jena_category": ["environment"]},
            )  # fmt: skip

            first = harvesting.run_job(sysadmin, source)

            assert (first.gather_errors, first.object_errors, first.objects) == ([], [], 3)
            assert "/catalog-2.rdf" in server.requests, "followed hydra:next"
            packages = harvesting.datasets_of(department)
            assert len(packages) == 3
            by_title = {p.title: harvesting.show(p.id) for p in packages}
            air = by_title["Luftmessnetz Weimar"]
            assert air["owner_org"] == department["id"]
            assert sorted(air["theme"]) == ["ENVI", "HEAL"]
            assert (air["frequency"], air["availability"], air["license_id"]) == ("HOURLY", "STABLE", "dl-zero-de/2.0")
            assert air["contact_point_email"] == "umwelt@weimar.example"
            assert air["contributor_id"] == "http://dcat-ap.de/def/contributors/stadtWeimar"
            assert air["hvd_category"] == ["c_ac64a52d"] and air["temporal_start"] == "2020-01-01"
            assert air["jena_category"] == ["environment"], "filled from the source's defaults"
            assert air["resources"][0]["format"] == "CSV" and air["resources"][0]["license"] == "dl-zero-de/2.0"
            assert all(p.private for p in packages), "drafts until the department releases them"

            _catalog(server, (DATA / "weimar-page1.ttl").read_bytes().replace(b"Luftmessnetz Weimar", b"Luftmessnetz"))
            second = harvesting.run_job(sysadmin, source)

            assert (second.gather_errors, second.object_errors) == ([], [])
            again = harvesting.datasets_of(department)
            assert {p.id for p in again} == {p.id for p in packages}, "updated, not duplicated"
            assert "Luftmessnetz" in {p.title for p in again}

    def test_a_dataset_gone_from_the_source_is_deleted(self, sysadmin: Any, department: Any) -> None:
        with LocalServer() as server:
            _catalog(server)
            source = harvesting.create_source(sysadmin, department, server.url("/catalog.ttl"), "jena_dcat_rdf")
            harvesting.run_job(sysadmin, source)
            server.routes["/catalog-2.rdf"] = Route(
                b'<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>',
                headers={"Content-Type": "application/rdf+xml"},
            )

            result = harvesting.run_job(sysadmin, source)

            assert result.gather_errors == []
            assert {p.title for p in harvesting.datasets_of(department)} == {
                "Luftmessnetz Weimar",
                "Haushaltsplan Weimar",
            }

    def test_dataset_type_and_state_from_the_source_configuration(self, sysadmin: Any, department: Any) -> None:
        with LocalServer() as server:
            _catalog(server)
            source = harvesting.create_source(
                sysadmin, department, server.url("/catalog.ttl"), "jena_dcat_rdf", dataset_type="realtime",
                defaults={"frequency": "CONT"},
            )  # fmt: skip

            harvesting.run_job(sysadmin, source)

            types = {p.type for p in harvesting.datasets_of(department)}
            assert types == {"realtime"}
