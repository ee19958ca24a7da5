"""Size limits of a search request: hostile requests are refused with a 400 before any
expensive work (parsing, query evaluation, sorting), and every request costs time linear in its size.

The limits are far above what CKAN and its extensions send (a search box query of a few
words, up to a few hundred permission labels in ``fq``, two sort keys, about ten facet fields).
"""

from __future__ import annotations

import re

from jena_search.errors import bad_request

# One query text (q, q.alt, an fq, a bf/boost function, a local params body).
MAX_QUERY_CHARS = 20_000
# Query clauses of a whole request (q and every fq together): query nodes of the Lucene
# syntax, and dismax/edismax terms counted once per query field. Solr's maxBooleanClauses.
MAX_QUERY_CLAUSES = 1024
# Words and operators of all query texts of a request, counted before anything is parsed
# (a clause such as a range spans several words, so this is a looser bound than the clause limit).
MAX_QUERY_TOKENS = MAX_QUERY_CLAUSES
# Prefix, wildcard, regex and fuzzy clauses of a request, and the size of one pattern: each
# builds an automaton and walks the term dictionary with it; repetitions make that grow
# quickly (``a*a*a*…`` or ``(.*a){200}`` took seconds).
MAX_MULTITERM_CLAUSES = 16
MAX_PATTERN_CHARS = 100
MAX_PATTERN_OPERATORS = 12  # unescaped . * + ? | { in one pattern (a wildcard * counts as .*: two)
MAX_REPEAT = 10  # bound of a counted repetition {n,m}
# Nesting of parentheses and brackets.
MAX_NESTING = 64
MAX_SORT_FIELDS = 16
MAX_FACET_FIELDS = 100
MAX_FIELD_LIST = 200  # names and patterns in fl
MAX_PARAMS = 1000  # parameters of one request
MAX_SELECT_BODY = 2**20  # form-encoded /select body (the --max-body-mb limit is for /update)

_PHRASE_OR_ESCAPE = re.compile(r'\\.|"(?:[^"\\]|\\.)*"?', re.DOTALL)
_BRACKET = re.compile(r"[()\[\]{}]")
_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"?|(?:[^\s()"\\]|\\.)+', re.DOTALL)
_OPERATORS = frozenset(("AND", "OR", "NOT", "&&", "||", "TO"))
_REGEX_ESCAPE = re.compile(r"\\.", re.DOTALL)
_REGEX_OPERATOR = re.compile(r"[.*+?|{]")
_REPEAT = re.compile(r"\{\s*(\d*)\s*(?:,\s*(\d*)\s*)?\}")


def check_length(text: str, what: str) -> None:
    if len(text) > MAX_QUERY_CHARS:
        raise bad_request(f"{what} is too long ({len(text)} characters, at most {MAX_QUERY_CHARS})")


def query_tokens(text: str, what: str = "query") -> int:
    """Words and phrases of a Lucene/dismax query text (operators not counted), after checking
    its length and nesting; raises 400."""
    check_length(text, what)
    depth = deepest = 0
    for bracket in _BRACKET.findall(_PHRASE_OR_ESCAPE.sub(" ", text)):
        if bracket in "([{":
            depth += 1
            deepest = max(deepest, depth)
        elif depth:
            depth -= 1
    if deepest > MAX_NESTING:
        raise bad_request(f"{what} is nested too deeply (more than {MAX_NESTING} levels of parentheses)")
    return sum(1 for token in _TOKEN.findall(text) if token not in _OPERATORS)


def check_pattern(regex: str) -> None:
    """A regex (or a wildcard term as a regex) small enough to build its automaton quickly; raises 400."""
    if len(regex) > MAX_PATTERN_CHARS:
        raise bad_request(f"wildcard or regex pattern too long ({len(regex)} characters, at most {MAX_PATTERN_CHARS})")
    plain = _REGEX_ESCAPE.sub("", regex)
    if len(_REGEX_OPERATOR.findall(plain)) > MAX_PATTERN_OPERATORS:
        raise bad_request(f"wildcard or regex pattern too complex (more than {MAX_PATTERN_OPERATORS} operators)")
    for low, high in _REPEAT.findall(plain):
        if max(len(low), len(high)) > 3 or max(int(low or 0), int(high or 0)) > MAX_REPEAT:
            raise bad_request(f"regex repetition too large (at most {{{MAX_REPEAT}}})")
