"""Every hostile API input named in issue 13 gets a clear validation error, writes nothing and
leaves the worker able to serve the next request (items 1–6, 8, 10, 11).

One table per area; each row: the action, its data, the expected status and error. The time
each call took is printed (``-s``), not asserted.
"""

from __future__ import annotations

import json
import math
import time
from types import SimpleNamespace
from typing import Any

import pytest
import sqlalchemy as sa
from ckan import model

from tests.hostile.conftest import assert_session_clean
from tests.schemas import data

DATASET = "<dataset id>"
DEPARTMENT = "<department id>"
NUL = "Darf keine NUL-Zeichen (\\u0000) enthalten."
NOT_TEXT = "Erwartet wird ein Text, keine Liste und kein Objekt."
NOT_A_NUMBER = "Erwartet wird eine ganze Zahl von 0 bis 2147483647."
TOO_DEEP = "Die Daten sind tiefer als 64 Ebenen verschachtelt."
TOO_LARGE = (
    "Ungültiges GeoJSON: Die Geometrie ist zu umfangreich ({detail}). Bitte vereinfachen Sie den Umriss "
    "(z. B. in QGIS mit „Vereinfachen“) oder geben Sie ein umschließendes Rechteck an."
)
SCHEMES = "Links auf Ressourcen müssen mit http://, https://, ftp:// beginnen; „{url}“ wird nicht angenommen."


def complete(**changes: Any) -> dict[str, Any]:
    """A complete, valid dataset (owned by the department) with ``changes``."""
    return {**data.complete("dataset", owner_org=DEPARTMENT, name="feindliche-eingabe"), **changes}


def polygon(vertices: int) -> str:
    ring = [
        [
            round(11.58 + 0.01 * math.cos(2 * math.pi * i / vertices), 7),
            round(50.92 + 0.01 * math.sin(2 * math.pi * i / vertices), 7),
        ]
        for i in range(vertices)
    ]
    return json.dumps({"type": "Polygon", "coordinates": [[*ring, ring[0]]]})


def nested_collections(depth: int) -> str:
    return '{"type":"GeometryCollection","geometries":[' * depth + "]}" * depth


def fingerprint() -> tuple[Any, ...]:
    """What a refused call must not change."""
    return (
        model.Session.query(model.Package).count(),
        model.Session.query(model.Resource).count(),
        model.Session.query(model.Tag).count(),
        model.Session.query(sa.func.max(model.Package.metadata_modified)).scalar(),
    )


def _fill(value: Any, portal: SimpleNamespace) -> Any:
    text = json.dumps(value)
    text = text.replace(json.dumps(DATASET), json.dumps(portal.dataset["id"]))
    return text.replace(json.dumps(DEPARTMENT), json.dumps(portal.department["id"]))


def call(app: Any, portal: SimpleNamespace, action: str, body: str) -> Any:
    start = time.monotonic()
    answer = app.post(
        f"/api/action/{action}", data=body, headers={**portal.admin_headers, "Content-Type": "application/json"}
    )
    print(f"\n{action}: HTTP {answer.status_code} in {time.monotonic() - start:.2f} s")
    return answer


def check(app: Any, portal: SimpleNamespace, action: str, body: str, status: int, error: dict[str, Any]) -> None:
    before = fingerprint()
    answer = call(app, portal, action, body)
    assert answer.status_code == status, answer.body[:1000]
    assert answer.json["success"] is False
    assert {key: value for key, value in answer.json["error"].items() if key in error} == error
    model.Session.remove()
    assert fingerprint() == before
    assert_session_clean(app, portal)


VALIDATION = 409

# item 1: NUL characters reached PostgreSQL ("A string literal cannot contain NUL")
NUL_ROWS = [
    ("title", "package_create", complete(title="a\x00b"), {"title": [NUL]}),
    ("name", "package_create", complete(name="nul\x00name"), {"name": [NUL]}),
    ("notes", "package_create", complete(notes="a\x00b"), {"notes": [NUL]}),
    ("extras key", "package_create", complete(extras=[{"key": "a\x00", "value": "b"}]), {"extras.0.key": [NUL]}),
    ("show id", "package_show", {"id": "\x00"}, {"id": [NUL]}),
]

# items 2, 3, 10: sizes and nesting
SIZE_ROWS = [
    (
        "resource size above bigint",
        "resource_create",
        {"package_id": DATASET, "url": "https://example.org/a.csv", "size": "1" + 30 * "0"},
        {"resources": [{}, {"size": ["Die Dateigröße ist zu groß (höchstens 9223372036854775807 Bytes)."]}]},
    ),
    (
        "100,000 nested brackets as spatial",
        "package_create",
        complete(spatial="[" * 100_000 + "]" * 100_000),
        {"spatial": [f"Ungültiges GeoJSON: {TOO_DEEP}"]},
    ),
    (
        "5,000 nested GeometryCollections as spatial",
        "package_create",
        complete(spatial=nested_collections(5000)),
        {"spatial": [f"Ungültiges GeoJSON: {TOO_DEEP}"]},
    ),
    (
        "10,000 tags",
        "package_create",
        complete(tags=[{"name": f"schlagwort-{i}"} for i in range(10_000)]),
        {"tags": ["Höchstens 100 Schlagwörter je Datensatz (10000 angegeben)."]},
    ),
    (
        "1,000,000-vertex polygon",
        "package_create",
        complete(spatial=polygon(1_000_000)),
        {"spatial": [TOO_LARGE.format(detail="25759478 Zeichen, höchstens 2000000")]},
    ),
    (
        "30,000-vertex polygon",
        "package_create",
        complete(spatial=polygon(30_000)),
        {"spatial": [TOO_LARGE.format(detail="30001 Stützpunkte, höchstens 20000")]},
    ),
]

# items 4, 5, 8: wrong types
TYPE_ROWS = [
    ("extras not an object", "package_search", {"extras": "x"}, 409, {"__type": "Search Error"}),
    ("ext_bbox a number", "package_search", {"extras": {"ext_bbox": 5}}, 409, {"__type": "Search Error"}),
    ("ext_district a number", "package_search", {"extras": {"ext_district": 5}}, 409, {"__type": "Search Error"}),
    ("rows a list", "package_search", {"rows": [10]}, VALIDATION, {"rows": [NOT_A_NUMBER]}),
    (
        "fl with a number",
        "package_search",
        {"fl": ["id", 5]},
        VALIDATION,
        {"fl": ["Erwartet wird ein Text oder eine Liste von Texten."]},
    ),
    (
        "include_private=maybe",
        "package_search",
        {"include_private": "maybe"},
        VALIDATION,
        {"include_private": ["Erwartet wird ein Wahrheitswert (true oder false)."]},
    ),
    ("owner_org a list", "package_create", complete(owner_org=[DEPARTMENT]), VALIDATION, {"owner_org": [NOT_TEXT]}),
    ("update id a list", "package_update", {"id": [DATASET]}, VALIDATION, {"id": [NOT_TEXT]}),
    ("delete id an object", "package_delete", {"id": {}}, VALIDATION, {"id": [NOT_TEXT]}),
    ("harvest source_id a list", "harvest_job_create", {"source_id": ["a"]}, VALIDATION, {"source_id": [NOT_TEXT]}),
    (
        "resource package_id a list",
        "resource_create",
        {"package_id": [DATASET], "url": "https://example.org/b.csv"},
        VALIDATION,
        {"package_id": [NOT_TEXT]},
    ),
    (
        "harvest log level unknown",
        "harvest_log_list",
        {"level": "nonsense"},
        VALIDATION,
        {"level": ["„nonsense“ ist keiner der erlaubten Werte (DEBUG, INFO, WARNING, ERROR, CRITICAL)."]},
    ),
    ("harvest job abort without id", "harvest_job_abort", {}, VALIDATION, {"id": ["Fehlender Wert"]}),
    ("harvest object without job", "harvest_object_create", {"guid": "x"}, VALIDATION, {"job_id": ["Fehlender Wert"]}),
    (
        "harvest object content a list",
        "harvest_object_create",
        {"job_id": "nicht-da", "content": ["x"]},
        VALIDATION,
        {"content": [NOT_TEXT]},
    ),
    (
        "activity offset 10**20",
        "package_activity_list",
        {"id": DATASET, "offset": 10**20},
        VALIDATION,
        {"offset": [NOT_A_NUMBER]},
    ),
]

# items 6, 11: URLs
URL_ROWS = [
    (
        "resource at http://[::1",
        "resource_create",
        {"package_id": DATASET, "url": "http://[::1"},
        {"url": ["„http://[::1“ ist keine gültige Adresse (Invalid IPv6 URL)."]},
    ),
    (
        "javascript: resource",
        "resource_create",
        {"package_id": DATASET, "url": "javascript:alert(1)", "format": "HTML"},
        {"resources": [{}, {"url": [SCHEMES.format(url="javascript:alert(1)")]}]},
    ),
    (
        "javascript: with a tab",
        "resource_create",
        {"package_id": DATASET, "url": "java\tscript:alert(1)", "format": "HTML"},
        {"resources": [{}, {"url": [SCHEMES.format(url="java\tscript:alert(1)")]}]},
    ),
    (
        "data: resource",
        "resource_create",
        {"package_id": DATASET, "url": "data:text/html,<script>alert(1)</script>", "format": "HTML"},
        {"resources": [{}, {"url": [SCHEMES.format(url="data:text/html,<script>alert(1)</script>")]}]},
    ),
    (
        "javascript: in a new dataset",
        "package_create",
        complete(resources=[{"name": "x", "url": "javascript:alert(1)", "format": "HTML"}]),
        {"resources": [{"url": [SCHEMES.format(url="javascript:alert(1)")]}]},
    ),
]


@pytest.mark.usefixtures("with_plugins")
class TestHostileApiInput:
    @pytest.mark.parametrize(
        ("action", "body", "error"), [row[1:] for row in NUL_ROWS], ids=[row[0] for row in NUL_ROWS]
    )
    def test_nul_characters(
        self, app: Any, portal: SimpleNamespace, action: str, body: dict[str, Any], error: dict[str, Any]
    ) -> None:
        check(app, portal, action, _fill(body, portal), VALIDATION, error)

    @pytest.mark.parametrize(
        ("action", "body", "error"), [row[1:] for row in SIZE_ROWS], ids=[row[0] for row in SIZE_ROWS]
    )
    def test_sizes(
        self, app: Any, portal: SimpleNamespace, action: str, body: dict[str, Any], error: dict[str, Any]
    ) -> None:
        check(app, portal, action, _fill(body, portal), VALIDATION, error)

    @pytest.mark.parametrize(
        ("action", "body", "status", "error"), [row[1:] for row in TYPE_ROWS], ids=[row[0] for row in TYPE_ROWS]
    )
    def test_wrong_types(
        self, app: Any, portal: SimpleNamespace, action: str, body: dict[str, Any], status: int, error: dict[str, Any]
    ) -> None:
        check(app, portal, action, _fill(body, portal), status, error)

    @pytest.mark.parametrize(
        ("action", "body", "error"), [row[1:] for row in URL_ROWS], ids=[row[0] for row in URL_ROWS]
    )
    def test_urls(
        self, app: Any, portal: SimpleNamespace, action: str, body: dict[str, Any], error: dict[str, Any]
    ) -> None:
        check(app, portal, action, _fill(body, portal), VALIDATION, error)

    def test_deeply_nested_json_body(self, app: Any, portal: SimpleNamespace) -> None:
        body = '{"name": ' + '{"a": ' * 5000 + "1" + "}" * 5000 + "}"
        check(app, portal, "package_create", body, VALIDATION, {"data": [TOO_DEEP]})

    def test_include_private_maybe_in_the_query_string(self, app: Any, portal: SimpleNamespace) -> None:
        answer = app.get("/api/action/package_search?include_private=maybe")
        assert answer.status_code == VALIDATION
        assert answer.json["error"]["include_private"] == ["Erwartet wird ein Wahrheitswert (true oder false)."]


PAGE_NUL = "Die Anfrage enthält ein NUL-Zeichen (\\0); in Adressen und Formularen ist es nicht erlaubt."


@pytest.mark.usefixtures("with_plugins")
class TestHostilePaths:
    @pytest.mark.parametrize(
        "path", ["/dataset/%00", "/dataset/%00.rdf", "/jena-spatial/preview/%00/geojson.json", "/dataset/?q=a%00b"]
    )
    def test_nul_in_the_address(self, app: Any, portal: SimpleNamespace, path: str) -> None:
        answer = app.get(path)
        assert answer.status_code == 400
        assert PAGE_NUL in answer.body
        assert_session_clean(app, portal)
