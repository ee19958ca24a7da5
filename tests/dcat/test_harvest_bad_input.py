"""Bad input to the harvesters: a specific error on the job, nothing imported, the worker carries on."""

from __future__ import annotations

import json
from typing import Any

import pytest
from ckan import model
from ckanext.harvest.model import HarvestJob

from tests.dcat import harvesting
from tests.dcat.conftest import DATA, HARVEST_FIXTURES
from tests.dcat.servers import LocalServer, Route

TURTLE = {"Content-Type": "text/turtle"}
XML = {"Content-Type": "application/rdf+xml"}

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:dct="http://purl.org/dc/terms/"
    xmlns:dcat="http://www.w3.org/ns/dcat#">
  <dcat:Dataset rdf:about="https://x.example/d"><dct:title>&lol3;</dct:title></dcat:Dataset>
</rdf:RDF>
"""
EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [ <!ENTITY secret SYSTEM "file:///etc/passwd"> ]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:dct="http://purl.org/dc/terms/"
    xmlns:dcat="http://www.w3.org/ns/dcat#">
  <dcat:Dataset rdf:about="https://x.example/d"><dct:title>&secret;</dct:title></dcat:Dataset>
</rdf:RDF>
"""
EXTERNAL_DTD = b"""<?xml version="1.0"?>
<!DOCTYPE rdf:RDF SYSTEM "http://127.0.0.1:9/evil.dtd">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>
"""
BROKEN_TURTLE = b"@prefix dcat: <http://www.w3.org/ns/dcat#> .\n<https://x.example/d> a dcat:Dataset ; dcat:x ."
UNTERMINATED = b'<https://x.example/d> <http://purl.org/dc/terms/title> "offen'
NO_TITLE = b"<https://x.example/d> a <http://www.w3.org/ns/dcat#Dataset> ."
REMOTE_CONTEXT = json.dumps(
    {"@context": "http://169.254.169.254/latest/meta-data/", "@id": "https://x.example/d", "title": "x"}
).encode()


def _page1() -> bytes:
    return (DATA / "weimar-page1.ttl").read_bytes()


def _page2() -> bytes:
    return (DATA / "weimar-page2.rdf").read_bytes()


def _assert_nothing_imported(result: harvesting.JobResult, department: Any) -> None:
    assert result.objects == 0, "no harvest object left over"
    assert harvesting.datasets_of(department) == [], "no dataset created"


@pytest.fixture
def server() -> Any:
    with LocalServer() as running:
        yield running


@pytest.mark.usefixtures(*HARVEST_FIXTURES)
class TestBadDcatSources:
    def _run(self, sysadmin: Any, department: Any, url: str, name: str = "quelle", **config: Any) -> Any:
        source = harvesting.create_source(sysadmin, department, url, "jena_dcat_rdf", name=name, **config)
        return harvesting.run_job(sysadmin, source)

    def _then_a_good_source_works(self, sysadmin: Any, department: Any, server: LocalServer) -> None:
        server.routes["/gut.ttl"] = Route(_page1().replace(b"hydra:next", b"hydra:first"), headers=TURTLE)
        result = self._run(sysadmin, department, server.url("/gut.ttl"), name="gute-quelle")
        assert (result.gather_errors, result.object_errors, result.objects) == ([], [], 2)

    @pytest.mark.parametrize(
        ("body", "headers", "expected"),
        [
            (BROKEN_TURTLE, TURTLE, "RDF-Daten der Quelle sind ungültig"),
            (UNTERMINATED, TURTLE, "RDF-Daten der Quelle sind ungültig"),
            (NO_TITLE, TURTLE, "hat keinen Titel (dct:title)"),
            (BILLION_LAUGHS, XML, "deklariert Entitäten (mögliche Entitäten-Expansion)"),
            (EXTERNAL_ENTITY, XML, "deklariert externe Entitäten (SYSTEM/PUBLIC)"),
            (EXTERNAL_DTD, XML, "verweist auf eine externe DTD"),
            (REMOTE_CONTEXT, {"Content-Type": "application/ld+json"}, "lädt einen entfernten @context"),
            (b"\xff\xfe<\x00r\x00", XML, "nicht in UTF-8 kodiert"),
        ],
        ids=[
            "invalid-rdf", "unterminated-string", "no-title", "entity-expansion", "external-entity",
            "external-dtd", "jsonld-remote-context", "not-utf8",
        ],
    )  # fmt: skip
    def test_unreadable_or_dangerous_documents(
        self, sysadmin: Any, department: Any, server: LocalServer, body: bytes, headers: Any, expected: str
    ) -> None:
        server.routes["/catalog"] = Route(body, headers=headers)

        result = self._run(sysadmin, department, server.url("/catalog"))

        assert len(result.gather_errors) == 1 and expected in result.gather_errors[0], result.gather_errors
        _assert_nothing_imported(result, department)
        self._then_a_good_source_works(sysadmin, department, server)

    @pytest.mark.ckan_config("ckanext.jena.harvest.max_document_mb", 1)
    @pytest.mark.parametrize("announced", [True, False], ids=["content-length", "chunked"])
    def test_oversized_document(self, sysadmin: Any, department: Any, server: LocalServer, announced: bool) -> None:
        big = _page1() + b"\n# " + b"x" * (2 * 1024 * 1024) + b"\n"
        server.routes["/catalog.ttl"] = Route(big, headers=TURTLE, announce_length=announced)

        result = self._run(sysadmin, department, server.url("/catalog.ttl"))

        assert "ist größer als erlaubt (1 MB" in result.gather_errors[0], result.gather_errors
        _assert_nothing_imported(result, department)
        self._then_a_good_source_works(sysadmin, department, server)

    def test_redirect_loop_and_redirect_chain(self, sysadmin: Any, department: Any, server: LocalServer) -> None:
        server.routes["/a"] = Route(status=302, headers={"Location": "/b"})
        server.routes["/b"] = Route(status=301, headers={"Location": "{base}/a"})
        for index in range(10):
            server.routes[f"/kette-{index}"] = Route(status=302, headers={"Location": f"/kette-{index + 1}"})

        loop = self._run(sysadmin, department, server.url("/a"))
        chain = self._run(sysadmin, department, server.url("/kette-0"), name="kette")

        assert "Die Quelle leitet im Kreis weiter" in loop.gather_errors[0], loop.gather_errors
        assert "leitet mehr als 5-mal weiter" in chain.gather_errors[0], chain.gather_errors
        _assert_nothing_imported(chain, department)
        self._then_a_good_source_works(sysadmin, department, server)

    @pytest.mark.ckan_config("ckanext.jena.harvest.timeout", 1)
    @pytest.mark.ckan_config("ckanext.jena.harvest.total_timeout", 2)
    def test_slow_sources(self, sysadmin: Any, department: Any, server: LocalServer) -> None:
        server.routes["/stumm.ttl"] = Route(_page1(), headers=TURTLE, delay=3)
        server.routes["/tropfen.ttl"] = Route(_page1(), headers=TURTLE, trickle=0.8)

        silent = self._run(sysadmin, department, server.url("/stumm.ttl"))
        trickling = self._run(sysadmin, department, server.url("/tropfen.ttl"), name="tropfen")

        assert "hat nicht innerhalb von 1 s geantwortet" in silent.gather_errors[0], silent.gather_errors
        assert "hat nicht innerhalb von 2 s vollständig geliefert" in trickling.gather_errors[0], (
            trickling.gather_errors
        )
        _assert_nothing_imported(trickling, department)
        self._then_a_good_source_works(sysadmin, department, server)

    def test_loopback_and_private_addresses_are_refused_unless_allowed(
        self, sysadmin: Any, department: Any, server: LocalServer, ckan_config: Any, monkeypatch: Any
    ) -> None:
        # Saved while the addresses were allowed (saving checks the same policy, see
        # tests/hostile/test_harvest_sources.py); the gather checks again and ends the job.
        allowed = ["127.0.0.1", "10.11.12.13", "169.254.169.254"]
        monkeypatch.setitem(ckan_config, "ckanext.jena.harvest.allowed_hosts", allowed)
        server.routes["/catalog.ttl"] = Route(_page1(), headers=TURTLE)
        sources = [
            harvesting.create_source(sysadmin, department, url, "jena_dcat_rdf", name=name)
            for url, name in [
                (server.url("/catalog.ttl"), "quelle"),
                ("http://10.11.12.13/catalog.ttl", "privat"),
                ("http://169.254.169.254/latest/", "metadaten"),
            ]
        ]
        monkeypatch.setitem(ckan_config, "ckanext.jena.harvest.allowed_hosts", [])

        loopback, private, metadata = (harvesting.run_job(sysadmin, source) for source in sources)

        assert "(127.0.0.1) ist eine interne Adresse" in loopback.gather_errors[0], loopback.gather_errors
        assert "(10.11.12.13) ist eine interne Adresse" in private.gather_errors[0], private.gather_errors
        assert "(169.254.169.254) ist eine interne Adresse" in metadata.gather_errors[0]
        assert server.requests == [], "the refused source was never contacted"
        _assert_nothing_imported(loopback, department)
        for result in (loopback, private, metadata):
            job = model.Session.get(HarvestJob, result.job_id)
            assert (job.status, job.finished is not None) == ("Finished", True), "the refused job ended"

    def test_redirect_to_an_internal_address_is_refused(
        self, sysadmin: Any, department: Any, server: LocalServer
    ) -> None:
        port = server.base.rsplit(":", 1)[1]
        server.routes["/weiter"] = Route(status=302, headers={"Location": f"http://127.0.0.2:{port}/catalog.ttl"})

        result = self._run(sysadmin, department, server.url("/weiter"))

        assert "(127.0.0.2) ist eine interne Adresse" in result.gather_errors[0], result.gather_errors

    def test_bad_second_page_imports_nothing(self, sysadmin: Any, department: Any, server: LocalServer) -> None:
        server.routes["/catalog.ttl"] = Route(_page1(), headers=TURTLE)
        server.routes["/catalog-2.rdf"] = Route(b"<rdf:RDF kaputt", headers=XML)

        result = self._run(sysadmin, department, server.url("/catalog.ttl"))

        assert "Die RDF-Daten der Quelle sind ungültig" in result.gather_errors[0], result.gather_errors
        _assert_nothing_imported(result, department)

    def test_hydra_next_loop(self, sysadmin: Any, department: Any, server: LocalServer) -> None:
        server.routes["/catalog.ttl"] = Route(_page1(), headers=TURTLE)
        server.routes["/catalog-2.rdf"] = Route(
            _page2().replace(b"<hydra:first", b'<hydra:next rdf:resource="{base}/catalog.ttl"/><hydra:first'),
            headers=XML,
        )

        result = self._run(sysadmin, department, server.url("/catalog.ttl"))

        assert "verweisen im Kreis" in result.gather_errors[0], result.gather_errors
        _assert_nothing_imported(result, department)

    def test_http_error_status(self, sysadmin: Any, department: Any, server: LocalServer) -> None:
        result = self._run(sysadmin, department, server.url("/gibt-es-nicht.ttl"))

        assert "antwortet mit HTTP 404" in result.gather_errors[0], result.gather_errors
        _assert_nothing_imported(result, department)

    def test_local_file_sources_are_refused(self, sysadmin: Any, department: Any) -> None:
        from ckanext.jena.harvesters.dcat_rdf import JenaDCATRDFHarvester
        from ckanext.jena.harvesters.policy import fetch_policy
        from ckanext.jena.safe_fetch import FetchError, check_url

        with pytest.raises(FetchError) as caught:
            check_url("file:///etc/passwd", fetch_policy())
        assert caught.value.code == "bad_url"
        assert JenaDCATRDFHarvester().info()["name"] == "jena_dcat_rdf"
