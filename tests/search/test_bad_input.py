"""Every bad input gets a specific 4xx, and nothing is written."""

from __future__ import annotations

import json

import pysolr
import pytest
import requests

from tests.search.conftest import SearchService, dataset


def error(resp: requests.Response) -> tuple[int, str]:
    return resp.status_code, resp.json()["error"]["msg"]


def select(service: SearchService, **params: str) -> requests.Response:
    return requests.get(service.url + "/select", params={"wt": "json", **params}, timeout=10)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"q": "title:(foo"}, "Cannot parse query: Syntax error in input : unexpected end of expression"),
        ({"q": 'title:"open'}, "Cannot parse"),
        ({"q": "AND OR"}, "Cannot parse"),
        ({"q": "{!xmlparser}<x/>"}, "query parser 'xmlparser' is not supported"),
        ({"q": "*:*", "fq": "{!join from=a to=b}x"}, "query parser 'join' is not supported"),
        ({"q": "{!lucene q.op=AND"}, "Missing '}'"),
        ({"q": "{!lucene q.op=AND bees"}, "Expected '=' after bees"),
        ({"q": "*:*", "rows": "99999999999"}, "Invalid value 99999999999 for parameter rows"),
        ({"q": "*:*", "rows": "-1"}, "Invalid value -1 for parameter rows"),
        ({"q": "*:*", "start": "abc"}, "Invalid value 'abc' for parameter start: not an integer"),
        ({"q": "*:*", "start": "100000000000"}, "parameter start"),
        ({"q": "*:*", "sort": "name sideways"}, "Can't determine a Sort Order"),
        ({"q": "*:*", "sort": "notes asc"}, "can not sort on a field of type text"),
        ({"q": "metadata_modified:[yesterday TO *]"}, "Invalid Date String: 'yesterday'"),
        ({"q": "views_recent:many"}, "Invalid Number: 'many'"),
        ({"q": "views_recent:1*"}, "Can't run prefix and wildcard queries on field views_recent"),
        ({"q": "*:*", "q.op": "XOR"}, "Invalid q.op 'XOR'"),
        ({"q": "*:*", "fq": "{!frange l=0 u=1}nosuchfunc(minx)"}, "Unknown function nosuchfunc"),
        ({"q": "*:*", "fq": "{!frange l=zero}minx"}, "frange: invalid number for l"),
        ({"q": "*:*", "fq": "{!frange l=0}notes"}, "must be a single-valued numeric field"),
        ({"q": "*:*", "facet": "true", "facet.field": "tags", "facet.limit": "x"}, "facet.limit"),
        ({"q": "a", "defType": "edismax", "mm": "abc%"}, "Invalid 'mm'"),
        ({"q": "*:*", "defType": "nonsense"}, "query parser 'nonsense' is not supported"),
        ({"q": "text:" + "(" * 3000 + "a" + ")" * 3000}, "nested too deeply"),
    ],
)
def test_bad_select_parameters(service: SearchService, params: dict[str, str], message: str) -> None:
    code, msg = error(select(service, **params))
    assert code == 400
    assert message in msg


def test_invalid_utf8(service: SearchService, solr: pysolr.Solr) -> None:
    resp = requests.get(service.url + "/select?q=%FF%FE&wt=json", timeout=10)
    assert error(resp) == (400, "invalid UTF-8 in URL parameters")
    resp = requests.post(
        service.url + "/select",
        data=b"q=%C3%28",
        timeout=10,
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert error(resp) == (400, "invalid UTF-8 in form body parameters")
    body = b'[{"index_id": "x", "id": "x", "site_id": "s", "title": "\xff\xfe"}]'
    resp = requests.post(
        service.url + "/update?commit=true", data=body, timeout=10, headers={"Content-Type": "application/json"}
    )
    assert resp.status_code == 400 and "not valid UTF-8" in resp.json()["error"]["msg"]
    assert solr.search("*:*").hits == 0


def test_oversized_body(tmp_path: object, fresh_service: SearchService) -> None:
    fresh_service.extra += ["--max-body-mb", "1"]
    fresh_service.start()
    big = json.dumps([dataset(i, notes="x" * 1000) for i in range(1200)])
    resp = requests.post(
        fresh_service.url + "/update?commit=true", data=big, timeout=30, headers={"Content-Type": "application/json"}
    )
    assert resp.status_code == 413
    assert "exceeds the limit of 1048576 bytes" in resp.json()["error"]["msg"]
    assert fresh_service.solr().search("*:*").hits == 0
    assert requests.get(fresh_service.url + "/admin/ping", timeout=5).status_code == 200


@pytest.mark.parametrize(
    ("doc", "message"),
    [
        (dataset(1, title=["a", "b"]), "multiple values encountered for non multiValued field title: [a, b]"),
        (
            dataset(1, metadata_modified="last tuesday"),
            "Error adding field 'metadata_modified'='last tuesday' msg=Invalid Date String",
        ),
        (dataset(1, metadata_modified="2024-13-45T00:00:00Z"), "Invalid Date String"),
        (dataset(1, views_recent="many"), "Error adding field 'views_recent'='many' msg=Invalid Number"),
        (dataset(1, views_recent=1.5), "Invalid Number"),
        (dataset(1, minx="east"), "Invalid Number"),
        (dataset(1, minx=float("nan")), "Invalid Number"),
        (dataset(1, title={"set": "x"}), "atomic updates and nested documents are not supported"),
        (dataset(1, tags=[["nested"]]), "nested values are not supported"),
        ({"id": "x", "site_id": "s"}, "missing mandatory uniqueKey field: index_id"),
        ({"index_id": "x", "site_id": "s"}, "missing required field: id"),
        ("just a string", "Document must be a JSON object"),
    ],
)
def test_invalid_documents(service: SearchService, solr: pysolr.Solr, doc: object, message: str) -> None:
    good = dataset("good")
    resp = requests.post(
        service.url + "/update?commit=true",
        data=json.dumps([good, doc]),
        timeout=10,
        headers={"Content-Type": "application/json"},
    )
    assert resp.status_code == 400
    assert message in resp.json()["error"]["msg"]
    assert solr.search("*:*").hits == 0  # the valid document of the batch was not written either


@pytest.mark.parametrize(
    ("body", "ctype", "status", "message"),
    [
        ("[{", "application/json", 400, "Cannot parse provided JSON"),
        ("<delete><query>title:(</query></delete>", "text/xml", 400, "Cannot parse"),
        ("<delete><query>{!xmlparser}x</query></delete>", "text/xml", 400, "query parser 'xmlparser' is not supported"),
        ("<delete>", "text/xml", 400, "Invalid XML"),
        ("<explode/>", "text/xml", 400, "Unexpected XML tag"),
        ('{"frobnicate": {}}', "application/json", 400, "Unknown command 'frobnicate'"),
        # refused by the request guard (jena_search/guard.py) before the body is read
        ("q=1", "application/octet-stream", 415, "/update does not accept 'application/octet-stream' bodies"),
    ],
)
def test_bad_update_bodies(
    service: SearchService, solr: pysolr.Solr, body: str, ctype: str, status: int, message: str
) -> None:
    solr.add([dataset(1)], commit=True)
    resp = requests.post(
        service.url + "/update?commit=true", data=body.encode(), timeout=10, headers={"Content-Type": ctype}
    )
    assert resp.status_code == status, resp.text
    assert message in resp.json()["error"]["msg"]
    assert solr.search("*:*").hits == 1


def test_unknown_paths(service: SearchService) -> None:
    assert requests.get(service.url + "/nonsense", timeout=5).status_code == 404
    assert requests.get(service.url.replace("/ckan", "/other") + "/select", timeout=5).status_code == 404
    assert requests.get(service.url + "/update", timeout=5).status_code == 405
    resp = requests.get(service.url + "/admin/file/?file=../../etc/passwd", timeout=5)
    assert resp.status_code == 404


def test_service_survives_garbage(service: SearchService, solr: pysolr.Solr) -> None:
    solr.add([dataset(1)], commit=True)
    for q in ["*", "\\", '"', "+", "-", ":", "((((", "{!", "[* TO", "a~~~", "a^^", "/", "title:/[/"]:
        resp = select(service, q=q)
        assert resp.status_code in (200, 400), (q, resp.text)
    assert solr.search("*:*").hits == 1
