"""Hostile /select requests of issue 13 (items 9 and 10) with the 400 message each must get.

Shared by tests/search/test_hostile_queries.py (status and message) and
tests/benchmarks/search_hostile.py (latency, which tests must not assert).
"""

from __future__ import annotations

from typing import Any

WORDS = ["stadt", "jena", "verkehr", "daten", "baum", "kataster", "umwelt", "schule", "wahl"]
DISMAX = {"defType": "dismax", "qf": "name^4 title^4 tags^2 groups^2 text", "tie": "0.1", "mm": "2<-1 5<80%"}
EDISMAX = {**DISMAX, "defType": "edismax"}
SLOP = 'title:"stadt jena"~' + "9" * 400
DATE_MATH = "metadata_modified:NOW/YEAR-9999999999YEARS"
SPATIAL_FN = (
    "div(mul(mul(max(0,sub(min(11.6,maxx),max(11.5,minx))),max(0,sub(min(51.0,maxy),max(50.9,miny)))),2),"
    "add(0.01,mul(sub(maxy,miny),sub(maxx,minx))))"
)


def words(count: int, sep: str = " ") -> str:
    return sep.join(WORDS[i % len(WORDS)] for i in range(count))


# (id, params, a part of the 400 message). Before issue 13 most of these were 500s
# (decimal.InvalidOperation, OverflowError, ValueError, RecursionError) or answered 200.
BAD_QUERIES: list[tuple[str, dict[str, Any], str]] = [
    ("boost 1.2.3", {"q": "title:jena^1.2.3"}, "Cannot parse query: invalid number after ^ or ~"),
    ("boost dot", {"q": "title:jena^."}, "Cannot parse query: invalid number after ^ or ~"),
    ("fuzzy 1..2", {"q": "title:jena~1..2"}, "Cannot parse query: invalid number after ^ or ~"),
    ("phrase slop 1..2", {"q": '"stadt jena"~1..2'}, "Cannot parse query: invalid number after ^ or ~"),
    ("bare ^.", {"q": "^."}, "Cannot parse query: Syntax error in input"),
    ("bare ~1..2", {"q": "~1..2"}, "Cannot parse query: Syntax error in input"),
    ("slop 400 nines", {"q": SLOP}, "invalid proximity slop"),
    ("boost 400 nines", {"q": "title:jena^" + "9" * 400}, "invalid boost"),
    ("date math -9999999999 years", {"q": DATE_MATH}, "Invalid Date String"),
    ("date math +99999999999 days", {"q": "metadata_modified:[NOW TO NOW+99999999999DAYS]"}, "Invalid Date String"),
    ("year 10^21", {"q": "metadata_modified:[1000000000000000000000-01-01T00:00:00Z TO *]"}, "Invalid Date String"),
    ("long beyond 64 bits", {"q": "views_recent:99999999999999999999999"}, "Invalid Number"),
    ("fq boost 1.2.3", {"q": "*:*", "fq": "title:jena^1.2.3"}, "invalid number after ^ or ~"),
    ("fq slop", {"q": "*:*", "fq": SLOP}, "invalid proximity slop"),
    ("fq date math", {"q": "*:*", "fq": DATE_MATH}, "Invalid Date String"),
    ("fq local params slop", {"q": "*:*", "fq": "{!lucene}" + SLOP}, "invalid proximity slop"),
    ("edismax slop", {"q": SLOP, **EDISMAX}, "invalid proximity slop"),
    ("edismax date math", {"q": DATE_MATH, **EDISMAX}, "Invalid Date String"),
    ("edismax boost 400 nines", {"q": "jena^" + "9" * 400, **EDISMAX}, "invalid boost"),
    ("qf boost inf", {"q": "jena", **DISMAX, "qf": "title^inf"}, "invalid boost in qf"),
    ("bf constant 1e999", {"q": "*:*", **DISMAX, "bf": "add(1e999,minx)"}, "number out of range"),
    ("frange nested 2000", {"q": "*:*", "fq": "{!frange l=0}" + "abs(" * 2000 + "minx" + ")" * 2000}, "nested"),
    ("mm 2000 conditions", {"q": "stadt jena", **DISMAX, "mm": "<".join(["1"] * 2000)}, "Invalid 'mm'"),
]

# (id, params, a part of the 400 message): requests above the size limits (limits.py).
# Before: 14-80 s for a 100 kB query, 6-107 s for 500 sort fields, or answered 200.
OVER_LIMITS: list[tuple[str, dict[str, Any], str]] = [
    ("100 kB q lucene", {"q": words(17_000)}, "parameter q is too long"),
    ("100 kB q dismax", {"q": words(17_000), **DISMAX}, "parameter q is too long"),
    ("100 kB q edismax", {"q": words(17_000), **EDISMAX}, "parameter q is too long"),
    ("100 kB fq", {"q": "*:*", "fq": words(17_000)}, "parameter fq is too long"),
    ("1100 words lucene", {"q": words(1100)}, "too many terms in query (more than 1024)"),
    ("1100 words in two fq", {"q": "*:*", "fq": [words(550), words(550)]}, "too many terms in query"),
    ("600 field:word", {"q": words(600, " title:")}, "too many clauses in query (more than 1024)"),
    ("300 words dismax", {"q": words(300), **DISMAX}, "too many clauses in query (more than 1024)"),
    ("300 words edismax", {"q": words(300), **EDISMAX}, "too many clauses in query (more than 1024)"),
    ("sort 500 unknown fields", {"q": "*:*", "sort": ", ".join(f"f{i} asc" for i in range(500))}, "too many sort"),
    ("sort 17 fields", {"q": "*:*", "sort": ", ".join(["name asc"] * 17)}, "too many sort fields (17, at most 16)"),
    ("101 facet fields", {"q": "*:*", "facet": "true", "facet.field": ["tags"] * 101}, "too many facet.field"),
    ("fl 201 names", {"q": "*:*", "fl": " ".join(f"f{i}" for i in range(201))}, "too many field names in fl"),
    ("1001 parameters", {"q": "*:*", "fq": ["+state:active"] * 1000}, "too many request parameters"),
    ("nesting 65", {"q": "(" * 65 + "jena" + ")" * 65}, "nested too deeply (more than 64 levels"),
    ("nesting 3000 in fq", {"q": "*:*", "fq": "(" * 3000 + "jena" + ")" * 3000}, "nested too deeply"),
    ("wildcard a*a*a*", {"q": "text:" + "a*" * 20}, "pattern too complex"),
    ("regex (.*a){200}", {"q": "text:/(.*a){200}/"}, "regex repetition too large"),
    ("regex 200 characters", {"q": "text:/" + "a" * 200 + "/"}, "pattern too long"),
    (
        "17 fuzzy clauses",
        {"q": " ".join(f"text:{w}~2" for w in words(17).split())},
        "too many wildcard, regex or fuzzy",
    ),
    ("function nested 65", {"q": "*:*", **DISMAX, "bf": "abs(" * 65 + "minx" + ")" * 65}, "nested too deeply"),
]
