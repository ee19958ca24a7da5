"""The catalog endpoints: formats, Hydra keyset paging, stable crawls, proxies, ETags, released datasets only."""

from __future__ import annotations

import datetime as dt
import json
from email.utils import format_datetime
from typing import Any

import pytest
from ckan import model
from ckan.tests.helpers import call_action
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from ckanext.jena.demo import publishing
from ckanext.jena.profiles.namespaces import DCAT, DCT, GEOJSON_IMT, HYDRA, LOCN
from tests.auth import auth_headers
from tests.dcat import support

PER_PAGE = 5
MEDIA = {"rdf": "application/rdf+xml", "ttl": "text/turtle", "jsonld": "application/ld+json"}


def _uri(dataset: dict[str, Any]) -> str:
    return f"https://opendata.jena.de/dataset/{dataset['id']}"


def _datasets(graph: Graph) -> set[str]:
    return {str(s) for s in graph.subjects(RDF.type, DCAT.Dataset)}


def _next(graph: Graph) -> str | None:
    links = [str(o) for o in graph.objects(None, HYDRA.next)]
    assert len(links) <= 1
    return links[0] if links else None


def _path(url: str) -> str:
    return url.removeprefix("http://test.ckan.net")


def _crawl(app: Any, fmt: str = "ttl", between_pages: Any = None, query: str = "") -> list[set[str]]:
    pages: list[set[str]] = []
    url: str | None = f"/catalog.{fmt}{query}"
    while url:
        graph = support.parse(app.get(_path(url)).body, fmt)
        pages.append(_datasets(graph))
        url = _next(graph)
        if between_pages and url:
            between_pages(len(pages))
    return pages


def _edit_published(dataset: dict[str, Any], **changes: Any) -> None:
    """Change a published dataset as an approved revision would (trusted path, no review)."""
    site_user = call_action("get_site_user", {"ignore_auth": True})
    context = {"ignore_auth": True, "user": site_user["name"], **publishing.in_place_update_context()}
    call_action("package_patch", context, id=dataset["id"], **changes)


@pytest.fixture
def released(sysadmin: dict[str, Any], department: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        support.create_released(sysadmin, **support.full_dataset(department["id"], name=f"datensatz-{i:02d}"))
        for i in range(12)
    ]


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
@pytest.mark.ckan_config("ckanext.jena.dcat.datasets_per_page", PER_PAGE)
class TestCatalogPaging:
    @pytest.mark.parametrize("fmt", ["rdf", "ttl", "jsonld"])
    def test_every_format_pages_through_every_released_dataset_once(
        self, app: Any, released: list[dict[str, Any]], fmt: str
    ) -> None:
        response = app.get(f"/catalog.{fmt}")
        assert response.status_code == 200
        assert response.headers["Content-Type"].startswith(MEDIA[fmt])

        pages = _crawl(app, fmt)

        assert [len(page) for page in pages] == [5, 5, 2]
        assert set().union(*pages) == {_uri(d) for d in released}
        first = support.parse(response.body, fmt)
        catalog = URIRef("https://opendata.jena.de")
        assert (catalog, RDF.type, DCAT.Catalog) in first
        assert {str(o) for o in first.objects(catalog, DCAT.dataset)} == pages[0]
        assert list(first.objects(None, HYDRA.totalItems)) == [Literal(12)]
        assert list(first.objects(None, HYDRA.itemsPerPage)) == [Literal(PER_PAGE)]
        assert (None, HYDRA.first, URIRef(f"http://test.ckan.net/catalog.{fmt}")) in first

    def test_crawl_is_stable_while_datasets_are_edited_created_and_withdrawn(
        self, app: Any, sysadmin: Any, department: Any, released: list[dict[str, Any]]
    ) -> None:
        created: list[dict[str, Any]] = []

        def meanwhile(pages_read: int) -> None:
            if pages_read == 1:
                # Offset paging by modification date would move these between pages.
                for dataset in (released[0], released[1], released[7]):
                    _edit_published(dataset, title=dataset["title"] + " (aktualisiert)")
                created.append(
                    support.create_released(sysadmin, **support.full_dataset(department["id"], name="neu-im-crawl"))
                )

        pages = _crawl(app, between_pages=meanwhile)

        seen = [uri for page in pages for uri in page]
        assert len(seen) == len(set(seen)), "no dataset twice"
        assert set(seen) == {_uri(d) for d in [*released, *created]}, "none skipped, the new one at the end"
        assert _uri(created[0]) in pages[-1]

    def test_the_dcat_ap_de_2_flavour_for_govdata(self, app: Any, released: list[dict[str, Any]]) -> None:
        first = app.get("/catalog.ttl?profiles=dcat_ap_de_2")
        graph = support.parse(first.body, "ttl")
        assert "profiles=dcat_ap_de_2" in (_next(graph) or "")
        assert (None, HYDRA.first, URIRef("http://test.ckan.net/catalog.ttl?profiles=dcat_ap_de_2")) in graph
        assert first.headers["ETag"] != app.get("/catalog.ttl").headers["ETag"]

        pages = _crawl(app, query="?profiles=dcat_ap_de_2")

        assert [len(page) for page in pages] == [5, 5, 2]
        assert set().union(*pages) == {_uri(d) for d in released}

    def test_byte_size_and_geometry_per_flavour(self, app: Any, released: list[dict[str, Any]]) -> None:
        dataset = released[0]
        v3 = support.parse(app.get(f"/dataset/{dataset['id']}.rdf").body, "rdf")
        v2 = support.parse(app.get(f"/dataset/{dataset['id']}.rdf?profiles=dcat_ap_de_2").body, "rdf")

        assert [(o, o.datatype) for o in v3.objects(None, DCAT.byteSize)] == [
            (Literal("412380", datatype=XSD.nonNegativeInteger), XSD.nonNegativeInteger)
        ]
        assert [o.datatype for o in v2.objects(None, DCAT.byteSize)] == [XSD.decimal]
        assert list(v3.objects(None, LOCN.geometry)) == []
        (geometry,) = v2.objects(None, LOCN.geometry)
        assert str(geometry.datatype) == GEOJSON_IMT
        assert json.loads(str(geometry)) == support.POLYGON
        for graph in (v2, v3):  # bounding box and centroid in both
            assert len(list(graph.objects(None, DCAT.bbox))) == len(list(graph.objects(None, DCAT.centroid))) == 1

    def test_unknown_profile(self, app: Any, released: Any) -> None:
        response = app.get("/catalog.ttl?profiles=euro_dcat_ap_2", status=400)
        assert "Unbekanntes Profil" in response.body and "dcat_ap_de_2" in response.body
        app.get(f"/dataset/{released[0]['id']}.ttl?profiles=kaputt", status=400)

    def test_links_come_from_site_url_not_from_proxy_headers(self, app: Any, released: Any) -> None:
        headers = {"Host": "10.0.0.5:5000", "X-Forwarded-Host": "evil.example", "X-Forwarded-Proto": "http"}
        graph = support.parse(app.get("/catalog.ttl", headers=headers).body, "ttl")
        links = {str(o) for p in (HYDRA.next, HYDRA.first) for o in graph.objects(None, p)}
        assert links and all(link.startswith("http://test.ckan.net/catalog.ttl") for link in links), links

    @pytest.mark.ckan_config("ckan.site_url", "https://daten.jena.de")
    def test_links_follow_the_configured_public_url_dataset_uris_do_not(self, app: Any, released: Any) -> None:
        graph = support.parse(app.get("/catalog.ttl").body, "ttl")
        assert _next(graph).startswith("https://daten.jena.de/catalog.ttl?after=")
        assert _uri(released[0]) in _datasets(graph)

    def test_bad_paging_parameters(self, app: Any, released: Any) -> None:
        bad = app.get("/catalog.ttl?after=kaputt", status=400)
        assert "Ungültiger Wert für „after“" in bad.body
        legacy = app.get("/catalog.ttl?page=2", status=400)
        assert "hydra:next" in legacy.body
        assert len(_datasets(support.parse(app.get("/catalog.ttl?page=1").body, "ttl"))) == PER_PAGE
        app.get("/catalog.csv", status=404)


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
@pytest.mark.ckan_config("ckanext.jena.dcat.datasets_per_page", PER_PAGE)
class TestConditionalRequests:
    def test_etag_and_last_modified_give_304(self, app: Any, released: Any) -> None:
        first = app.get("/catalog.rdf")
        etag, last_modified = first.headers["ETag"], first.headers["Last-Modified"]
        assert etag.startswith('W/"')

        by_etag = app.get("/catalog.rdf", headers={"If-None-Match": etag})
        by_date = app.get("/catalog.rdf", headers={"If-Modified-Since": last_modified})

        assert by_etag.status_code == 304 and by_etag.body == ""
        assert by_date.status_code == 304
        assert app.get("/catalog.rdf", headers={"If-None-Match": 'W/"anders"'}).status_code == 200

    def test_an_edit_changes_only_the_page_it_is_on(self, app: Any, released: list[dict[str, Any]]) -> None:
        page1 = app.get("/catalog.ttl")
        second_url = _path(_next(support.parse(page1.body, "ttl")) or "")
        page2 = app.get(second_url)
        third_url = _path(_next(support.parse(page2.body, "ttl")) or "")
        page3 = app.get(third_url)

        _edit_published(released[6], title="Neuer Titel")

        assert app.get(second_url, headers={"If-None-Match": page2.headers["ETag"]}).status_code == 200
        assert app.get(third_url, headers={"If-None-Match": page3.headers["ETag"]}).status_code == 304
        assert "Neuer Titel" in app.get(second_url).body, "cached fragment invalidated by the edit"

    def test_head_has_the_headers_but_no_body(self, app: Any, released: Any) -> None:
        response = app.flask_app.test_client().head("/catalog.ttl")
        assert response.status_code == 200
        assert response.headers["ETag"] == app.get("/catalog.ttl").headers["ETag"]
        assert response.get_data() == b""

    def test_dataset_document_etag(self, app: Any, released: list[dict[str, Any]]) -> None:
        dataset = released[3]
        response = app.get(f"/dataset/{dataset['id']}.jsonld")
        assert _datasets(support.parse(response.body, "jsonld")) == {_uri(dataset)}
        again = app.get(f"/dataset/{dataset['id']}.jsonld", headers={"If-None-Match": response.headers["ETag"]})
        assert again.status_code == 304
        since = format_datetime(dt.datetime.now(dt.UTC) + dt.timedelta(minutes=1), usegmt=True)
        assert app.get(f"/dataset/{dataset['name']}.rdf", headers={"If-Modified-Since": since}).status_code == 304


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
class TestOnlyReleasedDatasets:
    def test_unreleased_datasets_appear_in_no_dcat_output(
        self, app: Any, sysadmin: dict[str, Any], department: dict[str, Any]
    ) -> None:
        public = support.create_released(sysadmin, **support.full_dataset(department["id"], name="oeffentlich"))
        draft = support.create(sysadmin, **support.full_dataset(department["id"], name="entwurf"))
        ckan_draft = support.create(
            sysadmin, **support.full_dataset(department["id"], name="ckan-entwurf", state="draft")
        )
        deleted = support.create_released(sysadmin, **support.full_dataset(department["id"], name="geloescht"))
        call_action("package_delete", support.sysadmin_context(sysadmin), id=deleted["id"])
        withdrawn = support.create_released(sysadmin, **support.full_dataset(department["id"], name="zurueckgezogen"))
        call_action("jena_release_withdraw", support.sysadmin_context(sysadmin), id=withdrawn["id"], reason="Fehler")
        source = call_action(
            "harvest_source_create",
            support.sysadmin_context(sysadmin),
            name="quelle",
            title="Quelle",
            url="https://daten.example.org/catalog.ttl",
            source_type="jena_dcat_rdf",
            owner_org=department["id"],
        )
        hidden = [draft, ckan_draft, deleted, withdrawn, source]
        model.Session.remove()
        for dataset in hidden[:4]:
            package = model.Package.get(dataset["id"])
            assert package.private or package.state != "active"

        # A signed-in sysadmin sees nothing more: the catalog is what the public sees.
        signed_in = auth_headers(sysadmin)
        for fmt in ("rdf", "ttl", "jsonld"):
            body = app.get(f"/catalog.{fmt}", headers=signed_in).body
            assert _datasets(support.parse(body, fmt)) == {_uri(public)}
            for dataset in hidden:
                assert dataset["id"] not in body and dataset["name"] not in body
                app.get(f"/dataset/{dataset['id']}.{fmt}", headers=signed_in, status=404)
                app.get(f"/dataset/{dataset['name']}.{fmt}", headers=signed_in, status=404)
        assert list(support.parse(app.get("/catalog.ttl").body, "ttl").objects(None, HYDRA.totalItems)) == [Literal(1)]

    def test_dataset_uri_survives_renaming_retitling_and_moving(
        self, app: Any, sysadmin: dict[str, Any], department: dict[str, Any], other_department: dict[str, Any]
    ) -> None:
        dataset = support.create_released(sysadmin, **support.full_dataset(department["id"], name="alter-name"))
        before = _datasets(support.parse(app.get("/dataset/alter-name.ttl").body, "ttl"))

        _edit_published(dataset, name="neuer-name", title="Ganz neuer Titel", owner_org=other_department["id"])

        after = support.parse(app.get("/dataset/neuer-name.ttl").body, "ttl")
        assert _datasets(after) == before == {_uri(dataset)}
        assert str(after.value(URIRef(_uri(dataset)), DCT.title)) == "Ganz neuer Titel"
        app.get("/dataset/alter-name.ttl", status=404)


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
class TestFragmentCache:
    def _keys(self) -> set[str]:
        from ckan.lib.redis import connect_to_redis

        return {key.decode() for key in connect_to_redis().scan_iter("jena:dcat:fragment:*")}

    def _flush(self) -> None:
        from ckan.lib.redis import connect_to_redis

        redis = connect_to_redis()
        for key in self._keys():
            redis.delete(key)

    def test_a_miss_caches_every_format_keyed_on_the_version(self, app: Any, released: list[dict[str, Any]]) -> None:
        from ckan.lib.redis import connect_to_redis

        self._flush()

        app.get("/catalog.ttl")

        keys = self._keys()
        assert len(keys) == 3 * len(released)  # three formats of the flavour read (3.0)
        assert {key.split(":")[4] for key in keys} == {"rdf", "ttl", "jsonld"}
        stamp = connect_to_redis().get(next(iter(keys))).split(b"\n", 1)[0].decode()
        assert stamp in {d["metadata_modified"] for d in released}

    def test_a_miss_of_the_govdata_flavour_builds_that_flavour(self, app: Any, released: list[dict[str, Any]]) -> None:
        self._flush()

        app.get("/catalog.ttl?profiles=dcat_ap_de_2")

        keys = self._keys()
        assert len(keys) == 3 * len(released)
        assert {key.split(":")[5] for key in keys} == {"dcat_ap_de_2"}

    @pytest.mark.usefixtures("with_test_worker", "clean_queues")
    def test_a_released_change_is_serialized_by_the_job_worker(self, app: Any, released: list[dict[str, Any]]) -> None:
        from ckan.lib import jobs
        from ckan.lib.redis import connect_to_redis

        self._flush()
        jobs.get_queue().empty()  # the jobs of the fixture's releases

        _edit_published(released[0], title="Frisch serialisiert")

        assert self._keys() == set(), "the write waited for the serialization"
        queued = [job for job in jobs.get_queue().jobs if job.func_name.endswith("serialize_job")]
        assert queued and {tuple(job.args[0]) for job in queued} == {(released[0]["id"],)}
        jobs.Worker().work(burst=True)
        model.Session.remove()
        stamp = model.Package.get(released[0]["id"]).metadata_modified.isoformat()
        keys = self._keys()
        assert {key.split(":")[4] for key in keys} == {"rdf", "ttl", "jsonld"}
        assert all(key.endswith(released[0]["id"]) for key in keys)
        value = connect_to_redis().get(next(k for k in keys if ":ttl:" in k))
        assert value.split(b"\n", 1)[0].decode() == stamp
        assert "Frisch serialisiert" in app.get(f"/dataset/{released[0]['id']}.ttl").body

    @pytest.mark.usefixtures("with_test_worker", "clean_queues")
    def test_the_job_skips_a_dataset_withdrawn_in_the_meantime(
        self, sysadmin: dict[str, Any], released: list[dict[str, Any]]
    ) -> None:
        from ckan.lib import jobs

        jobs.get_queue().empty()  # the jobs of the fixture's releases
        _edit_published(released[1], title="Gleich zurückgezogen")
        call_action("jena_release_withdraw", {"user": sysadmin["name"]}, id=released[1]["id"], reason="Personenbezug")
        self._flush()

        jobs.Worker().work(burst=True)

        assert not [key for key in self._keys() if key.endswith(released[1]["id"])]

    @pytest.mark.usefixtures("with_test_worker", "clean_queues")
    def test_unreleased_datasets_are_not_serialized(self, sysadmin: Any, department: Any) -> None:
        from ckan.lib import jobs

        self._flush()
        jobs.get_queue().empty()

        support.create(sysadmin, **support.full_dataset(department["id"], name="nur-entwurf"))
        jobs.Worker().work(burst=True)

        assert self._keys() == set()

    @pytest.mark.ckan_config("ckanext.jena.dcat.fragment_cache_ttl", 0)
    def test_without_cache_the_output_is_the_same(self, app: Any, released: list[dict[str, Any]]) -> None:
        uncached = support.parse(app.get("/catalog.ttl").body, "ttl")
        assert _datasets(uncached) == {_uri(d) for d in released}


@pytest.fixture
def people(
    clean_db: None, clean_index: None, with_plugins: None, ckan_config: Any, monkeypatch: pytest.MonkeyPatch
) -> Any:
    from tests.release.support import make_data_management_people

    return make_data_management_people(ckan_config, monkeypatch)


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
@pytest.mark.ckan_config("ckanext.jena.dcat.datasets_per_page", PER_PAGE)
class TestCrawlWhileReviewedEditsAreApproved:
    def test_no_dataset_missed_or_repeated_and_approved_edits_arrive(self, app: Any, people: Any) -> None:
        """Published datasets are edited, submitted and approved (four-eyes) during a crawl of
        three pages: pages are cut on (metadata_created, id), which neither an edit nor an
        approval changes, so every dataset comes exactly once, in the order of the first crawl."""
        from tests.release.support import approve, edit, make_dataset, publish, submit

        datasets = []
        for number in range(12):
            dataset = make_dataset(people, name=f"katalog-{number:02d}", title=f"Katalogeintrag {number:02d}")
            publish(people, dataset)
            datasets.append(dataset)
        by_uri = {_uri(dataset): dataset for dataset in datasets}
        before = [uri for page in _crawl(app) for uri in sorted(page, key=_key_of)]
        assert set(before) == set(by_uri) and len(before) == 12

        # After page 1: a dataset of page 1 (read), of page 2 (next) and of page 3; after page 2 again.
        picks = {1: [before[0], before[6], before[11]], 2: [before[5], before[10], before[1]]}
        edited: list[str] = []

        def meanwhile(pages_read: int) -> None:
            for uri in picks.get(pages_read, []):
                dataset = by_uri[uri]
                edit(people, dataset, title=dataset["title"] + " (überarbeitet)")
                submit(people, dataset)
                approve(people, dataset, user=people.admin2)
                edited.append(uri)

        pages = _crawl_graphs(app, between_pages=meanwhile)

        seen = [uri for page in pages for uri in _datasets_in_order(page)]
        assert len(seen) == len(set(seen)), "no dataset twice"
        assert set(seen) == set(by_uri), "none skipped"
        assert [len(_datasets(page)) for page in pages] == [5, 5, 2]
        assert seen == before, "the order of the pages did not move"
        titles = {str(s): str(o) for page in pages for s, o in page.subject_objects(DCT.title) if str(s) in by_uri}
        # An approved edit of a dataset on a page not read yet arrives with the crawl.
        for uri in (before[6], before[11], before[10]):
            assert titles[uri].endswith("(überarbeitet)"), titles[uri]
        assert len(edited) == 6
        model.Session.remove()
        created = {model.Package.get(d["id"]).metadata_created for d in datasets}
        assert len(created) == 12, "approvals left metadata_created alone"


def _crawl_graphs(app: Any, between_pages: Any) -> list[Graph]:
    pages: list[Graph] = []
    url: str | None = "/catalog.ttl"
    while url:
        graph = support.parse(app.get(_path(url)).body, "ttl")
        pages.append(graph)
        url = _next(graph)
        if url:
            between_pages(len(pages))
    return pages


def _datasets_in_order(graph: Graph) -> list[str]:
    """The datasets of a page in the order of their (metadata_created, id) paging key."""
    return sorted(_datasets(graph), key=_key_of)


def _key_of(uri: str) -> tuple[Any, str]:
    dataset_id = uri.rsplit("/", 1)[1]
    return model.Package.get(dataset_id).metadata_created, dataset_id
