"""Fuzzing the search service's /select (issue 13): generated q/fq/sort/rows/start/fl/facet and
parser parameters with wrong types, huge sizes, NUL and control characters and deep nesting.

Invariants: never a 5xx, always Solr-shaped JSON, nothing logged at ERROR, no parameter check
missing (the ``bad_request_unchecked`` warning of search.py), and an ordinary query afterwards
still answers. 60 examples per test in CI; ``JENA_DEEP_TESTS=1`` runs 2,000.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from typing import Any

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.search.conftest import SearchService, dataset
from tests.search.hostile_examples import SPATIAL_FN

DEEP = os.environ.get("JENA_DEEP_TESTS") == "1"
FUZZ = settings(
    max_examples=2000 if DEEP else 60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

FIELDS = [
    "title",
    "text",
    "name",
    "tags",
    "notes",
    "organization",
    "metadata_modified",
    "views_recent",
    "minx",
    "capacity",
    "extras_foo",
    "res_extras_x",
    "vocab_tags",
    "nosuch",
    "*",
    "_seq",
    "a.b",
]
SYNTAX = [*' :^~()[]{}"*?\\/!+-&|', "AND", "OR", "NOT", "TO", "&&", "||", "*:*", "{!", "}"]
REGEX_CHARS = "a.*+?()|{}[]0123,^$\\"
NUMBERS = ["0", "1", "-1", "1.5", ".", "1..2", "1.2.3", "1e400", "-1e400", "nan", "inf", "9" * 400, "0x1f", "١٢"]
DATES = [
    "NOW",
    "NOW/DAY",
    "NOW-1DAY",
    "NOW/YEAR-9999999999YEARS",
    "NOW+99999999999DAYS",
    "2024-01-01T00:00:00Z",
    "99999-01-01T00:00:00Z",
    "2024-13-45T25:61:61Z",
    "-2024-01-01T00:00:00Z",
    "1000000000000000000000-01-01T00:00:00Z",
]
WORDS = ["stadt", "jena", "Bäume", "verkehr", "daten", "x", "", "ß", "日本", "\u202e", "a" * 300]

control = st.characters(min_codepoint=0, max_codepoint=0x1F)
any_char = st.characters(blacklist_categories=["Cs"])
noise = st.text(any_char | control, max_size=40)
word = st.sampled_from(WORDS) | st.text(st.characters(min_codepoint=0x20, max_codepoint=0x2FF), min_size=1, max_size=12)
number = st.sampled_from(NUMBERS) | st.integers(-(2**80), 2**80).map(str) | st.floats().map(repr)
date = st.sampled_from(DATES)


@st.composite
def fragment(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["word", "field", "syntax", "boost", "fuzzy", "phrase", "range", "noise", "regex"]))
    if kind == "word":
        return draw(word)
    if kind == "field":
        return f"{draw(st.sampled_from(FIELDS))}:{draw(word | number | date)}"
    if kind == "syntax":
        return draw(st.sampled_from(SYNTAX))
    if kind == "boost":
        return f"{draw(word)}^{draw(number)}"
    if kind == "fuzzy":
        return f"{draw(word)}~{draw(number)}"
    if kind == "phrase":
        return f'"{draw(word)} {draw(word)}"~{draw(number)}'
    if kind == "range":
        left, right = draw(st.sampled_from("[{")), draw(st.sampled_from("]}"))
        low, high = draw(number | date | word | st.just("*")), draw(number | date | word | st.just("*"))
        return f"{draw(st.sampled_from(FIELDS))}:{left}{low} TO {high}{right}"
    if kind == "regex":
        pattern = draw(st.text(st.sampled_from(REGEX_CHARS), max_size=30))
        return f"{draw(st.sampled_from(FIELDS))}:/{pattern}/"
    return draw(noise)


@st.composite
def query(draw: st.DrawFn) -> str:
    shape = draw(st.sampled_from(["fragments", "nested", "huge", "repeated", "local"]))
    if shape == "nested":
        depth = draw(st.integers(0, 5000))
        return "(" * depth + draw(fragment()) + ")" * draw(st.sampled_from([depth, 0, depth // 2]))
    if shape == "huge":
        return draw(word) * draw(st.integers(1000, 40_000))
    if shape == "repeated":
        return " ".join([draw(fragment())] * draw(st.integers(10, 3000)))
    if shape == "local":
        parser = draw(st.sampled_from(["lucene", "dismax", "edismax", "bool", "frange", "join", "xmlparser", ""]))
        args = draw(st.sampled_from(["", " l=0 u=1", " q.op=AND df=title", " qf=title^2", " must=x", " v=$q", " x"]))
        return "{!" + parser + args + "}" + " ".join(draw(st.lists(fragment(), max_size=6)))
    return " ".join(draw(st.lists(fragment(), max_size=12)))


function = (
    st.sampled_from([SPATIAL_FN, "div(minx,0)", "add(minx)", "abs(" * 2000 + "minx" + ")" * 2000, "max(1e999,1)"])
    | st.builds(lambda f, a, b: f"{f}({a},{b})", st.sampled_from(["div", "sub", "mul", "max", "nope"]), number, word)
    | noise
)
sort = st.lists(
    st.builds(
        lambda f, o: f"{f} {o}",
        st.sampled_from([*FIELDS, "score", "title_string", "metadata_modified", "div(minx,1)"]) | word,
        st.sampled_from(["asc", "desc", "ASC", "sideways", ""]),
    ),
    max_size=30,
).map(", ".join)
integer = number | st.sampled_from(["", " 5", "5 ", "abc", "[10]", "10,20", "99999999999999999999"])
PARAMS: dict[str, st.SearchStrategy[Any]] = {
    "q": query(),
    "fq": st.lists(query(), max_size=4),
    "sort": sort | noise,
    "rows": integer,
    "start": integer,
    "fl": st.lists(st.sampled_from([*FIELDS, "score", "id,name", "*", "t*"]) | noise, max_size=5).map(" ".join),
    "facet": st.sampled_from(["true", "false", "on", "maybe", ""]),
    "facet.field": st.lists(st.sampled_from(FIELDS) | noise, max_size=6),
    "facet.limit": integer,
    "facet.mincount": integer,
    "facet.offset": integer,
    "facet.sort": st.sampled_from(["count", "index", "random"]) | noise,
    "f.tags.facet.limit": integer,
    "defType": st.sampled_from(["lucene", "dismax", "edismax", "bool", "frange", "func", "xmlparser"]) | noise,
    "qf": st.lists(st.builds(lambda f, b: f"{f}^{b}", st.sampled_from(FIELDS), number), max_size=4).map(" ".join),
    "mm": st.sampled_from(["2<-1 5<80%", "100%", "-1", "<".join(["1"] * 3000), "abc%", "1<"]) | noise,
    "tie": number | noise,
    "bf": function,
    "boost": function,
    "q.op": st.sampled_from(["AND", "OR", "and", "XOR", ""]),
    "df": st.sampled_from(FIELDS) | noise,
    "q.alt": query(),
    "wt": st.sampled_from(["json", "xml", ""]),
}
params_strategy = st.fixed_dictionaries({}, optional=PARAMS) | st.dictionaries(noise, noise, max_size=5)


@pytest.fixture(scope="module")
def fuzzed(service: SearchService) -> Iterator[SearchService]:
    conn = service.solr()
    conn.delete(q="*:*", commit=True)
    conn.add(
        [
            dataset(
                i,
                title=f"Stadt Jena {i}",
                tags=["Bäume", f"t{i}"],
                views_recent=i,
                minx=11.5,
                miny=50.9,
                maxx=11.5 + i / 100,
                maxy=51.0,
                extras_foo=f"x{i}",
                metadata_modified=f"2024-01-{i + 1:02d}T00:00:00Z",
            )
            for i in range(12)
        ],
        commit=True,
    )
    yield service
    assert (
        requests.get(service.url + "/select", params={"q": "*:*", "wt": "json"}, timeout=30).json()["response"][
            "numFound"
        ]
        == 12
    )


def check_answer(service: SearchService, send: Any) -> None:
    logged_before = len(service.log())
    resp = send()
    assert resp.status_code < 500, resp.text[:1000]
    body = json.loads(resp.content)  # Solr-shaped JSON, strictly parseable (no NaN/Infinity)
    if resp.status_code >= 400:
        assert body["error"]["code"] == resp.status_code
        assert len(body["error"]["msg"]) <= 300
    logged = service.log()[logged_before:]
    assert '"level": "ERROR"' not in logged, logged[-3000:]
    assert "bad_request_unchecked" not in logged, logged[-3000:]


def _strict_json(text: str) -> Any:
    return json.loads(text, parse_constant=lambda name: pytest.fail(f"non-JSON constant {name}"))


@FUZZ
@given(params=params_strategy)
def test_select_never_fails_on_generated_parameters(fuzzed: SearchService, params: dict[str, Any]) -> None:
    def send() -> requests.Response:
        resp = requests.post(fuzzed.url + "/select", data={"wt": "json", **params}, timeout=60)
        if resp.status_code == 200:
            _strict_json(resp.text)
        return resp

    check_answer(fuzzed, send)


@FUZZ
@given(raw=st.binary(max_size=300) | st.text(any_char | control, max_size=300).map(lambda t: t.encode()))
def test_select_never_fails_on_raw_query_strings(fuzzed: SearchService, raw: bytes) -> None:
    """Bytes as they arrive: broken percent-encoding, invalid UTF-8, NUL, stray separators."""
    from urllib.parse import quote_from_bytes

    query_string = quote_from_bytes(raw, safe=b"=&%+;")

    def send() -> requests.Response:
        return requests.get(f"{fuzzed.url}/select?{query_string}", timeout=60)

    check_answer(fuzzed, send)
