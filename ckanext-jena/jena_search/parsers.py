"""Query parsers selected by ``defType`` or local params: lucene, dismax, edismax, bool, frange."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import tantivy
from luqum import tree

from jena_search.errors import SolrError, bad_request, snippet
from jena_search.functions import FunctionRange, parse_function
from jena_search.limits import query_tokens
from jena_search.query import (
    Occur,
    QueryBuilder,
    Term,
    boost_value,
    parse_lucene_tree,
    phrase_term,
    slop_value,
    word_term,
)

# Local params CKAN core and ckanext-spatial use; anything else ({!xmlparser}, {!join}, ...) is refused.
SUPPORTED_PARSERS = ("lucene", "dismax", "edismax", "bool", "frange")
_LOCAL_PAIR = re.compile(r"""\s*([\w.]+)(?:\s*=\s*('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|[^\s}]+))?""")
_DISMAX_CLAUSE = re.compile(r'([+-]?)("(?:[^"\\]|\\.)*"?|\S+)')


@dataclass
class LocalParams:
    type: str | None
    params: list[tuple[str, str]] = field(default_factory=list)
    body: str = ""

    def get(self, name: str, default: str | None = None) -> str | None:
        for key, value in self.params:
            if key == name:
                return value
        return default

    def getlist(self, name: str) -> list[str]:
        return [v for k, v in self.params if k == name]


def split_local_params(text: str, request_params: dict[str, list[str]]) -> LocalParams | None:
    """``{!type k=v ...}rest`` → LocalParams; None when text has no local params."""
    stripped = text.lstrip()
    if not stripped.startswith("{!"):
        return None
    pos = 2
    params: list[tuple[str, str]] = []
    qtype: str | None = None
    while True:
        while pos < len(stripped) and stripped[pos].isspace():
            pos += 1
        if pos >= len(stripped):
            raise bad_request(
                f"org.apache.solr.search.SyntaxError: Missing '}}' parsing local params '{snippet(text)}'"
            )
        if stripped[pos] == "}":
            pos += 1
            break
        m = _LOCAL_PAIR.match(stripped, pos)
        if not m or m.end() == pos:
            raise bad_request(f"org.apache.solr.search.SyntaxError: Invalid local params '{snippet(text)}'")
        key, value = m.group(1), m.group(2)
        pos = m.end()
        if value is None:
            if qtype is None and not params:
                qtype = key
                continue
            raise bad_request(f"org.apache.solr.search.SyntaxError: Expected '=' after {snippet(key)} in local params")
        if value[:1] in ("'", '"'):
            value = re.sub(r"\\(.)", r"\1", value[1:-1])
        elif value.startswith("$"):
            ref = request_params.get(value[1:])
            value = ref[0] if ref else ""
        if key == "type":
            qtype = value
        else:
            params.append((key, value))
    lp = LocalParams(qtype, params, stripped[pos:])
    if lp.get("v") is not None:
        lp.body = lp.get("v") or ""
    return lp


def check_parser(name: str | None) -> str:
    name = name or "lucene"
    if name not in SUPPORTED_PARSERS:
        raise bad_request(
            f"query parser '{snippet(name)}' is not supported by this search service "
            f"(supported: {', '.join(SUPPORTED_PARSERS)})"
        )
    return name


def min_should_match(spec: str | None, optional: int) -> int:
    """Solr's ``mm`` (e.g. ``2<-1 5<80%``) for ``optional`` SHOULD clauses."""
    if spec is None or not spec.strip():
        return 0
    try:
        return _mm(spec.strip(), optional)
    except (ValueError, ArithmeticError, RecursionError) as exc:
        raise bad_request(f"Invalid 'mm' (minimum should match) specification: '{snippet(spec)}'") from exc


def _mm(spec: str, optional: int) -> int:
    if "<" not in spec:
        return _mm_value(spec, optional)
    result = optional
    for part in re.sub(r"\s*<\s*", "<", spec).split():  # conditions "N<value", in increasing N
        bound, value = part.split("<", 1)
        if "<" in value:
            raise ValueError(part)
        if optional <= int(bound):
            return result
        result = _mm_value(value, optional)
    return result


def _mm_value(spec: str, optional: int) -> int:
    if spec.endswith("%"):
        calc = optional * int(spec[:-1]) / 100.0
        result = optional + int(calc) if calc < 0 else int(calc)
    else:
        calc_i = int(spec)
        result = optional + calc_i if calc_i < 0 else calc_i
    return max(0, min(result, optional))


def parse_qf(spec: str | None) -> list[tuple[str, float]]:
    out = []
    for item in (spec or "").split():
        name, _, boost = item.partition("^")
        try:
            out.append((name, boost_value(boost) if boost else 1.0))
        except SolrError as exc:
            raise bad_request(f"invalid boost in qf: '{snippet(item)}'") from exc
    return out


@dataclass
class DismaxConfig:
    qf: list[tuple[str, float]]
    mm: str | None
    tie: float


class DismaxBuilder:
    def __init__(self, qb: QueryBuilder, config: DismaxConfig) -> None:
        self.qb = qb
        self.config = config
        if not config.qf:
            if not qb.df:
                raise bad_request("dismax/edismax: neither 'qf' nor 'df' is set")
            self.config.qf = [(qb.df, 1.0)]
        self.refs = [(qb.layout.searchable(name), boost) for name, boost in self.config.qf]

    def across_fields(self, term: Term, slop: int = 0) -> tantivy.Query | None:
        subs = []
        for ref, boost in self.refs:
            if term.wildcard is not None and (ref.kind not in ("string", "text") or ref.is_json):
                continue
            self.qb.count_clause()
            q = self.qb.term(ref, term, slop=slop)
            if q is None:
                continue
            subs.append(q if boost == 1.0 else tantivy.Query.boost_query(q, boost))
        if not subs:
            return None
        if len(subs) == 1:
            return subs[0]
        return tantivy.Query.disjunction_max_query(subs, self.config.tie)

    def with_mm(self, clauses: list[tuple[tantivy.Occur, tantivy.Query | None]]) -> tantivy.Query:
        kept = [(o, q) for o, q in clauses if q is not None]
        if not kept:
            return tantivy.Query.empty_query()
        optional = sum(1 for o, _ in kept if o == Occur.Should)
        need = min_should_match(self.config.mm, optional)
        if all(o == Occur.MustNot for o, _ in kept):
            kept.append((Occur.Must, tantivy.Query.all_query()))
        if len(kept) == 1 and kept[0][0] != Occur.MustNot:
            return kept[0][1]  # type: ignore[return-value]
        return tantivy.Query.boolean_query(kept, need if need > 0 else None)  # type: ignore[arg-type]

    def dismax(self, text: str, counted: bool = False) -> tantivy.Query:
        if text.strip() in ("*:*", ""):
            return tantivy.Query.all_query()
        if not counted:
            self.qb.spend_tokens(query_tokens(text))
        clauses: list[tuple[tantivy.Occur, tantivy.Query | None]] = []
        for sign, raw in _DISMAX_CLAUSE.findall(text):
            if raw.startswith('"'):
                term = phrase_term(raw if raw.endswith('"') and len(raw) > 1 else raw + '"')
            else:
                term = Term(raw)
            occur = Occur.Must if sign == "+" else Occur.MustNot if sign == "-" else Occur.Should
            clauses.append((occur, self.across_fields(term)))
        return self.with_mm(clauses)

    def edismax(self, text: str) -> tantivy.Query:
        if text.strip() in ("*:*", ""):
            return tantivy.Query.all_query()
        self.qb.spend_tokens(query_tokens(text))  # too long or too many words: 400, no fallback
        try:
            item = parse_lucene_tree(text)
        except SolrError:
            # edismax treats broken syntax as plain words, like Solr does.
            return self.dismax(re.sub(r"[()\[\]{}:^~!]", " ", text), counted=True)
        children = list(item.children) if isinstance(item, tree.UnknownOperation) else [item]
        clauses: list[tuple[tantivy.Occur, tantivy.Query | None]] = []
        for child in children:
            occur = Occur.Should
            if isinstance(child, tree.Plus):
                occur, child = Occur.Must, child.a
            elif isinstance(child, (tree.Prohibit, tree.Not)):
                occur, child = Occur.MustNot, child.a
            clauses.append((occur, self._edismax_node(child)))
        return self.with_mm(clauses)

    def _edismax_node(self, item: tree.Item) -> tantivy.Query | None:
        if isinstance(item, tree.Word):
            if item.value == "*":
                return tantivy.Query.all_query()
            return self.across_fields(word_term(item.value))
        if isinstance(item, tree.Phrase):
            return self.across_fields(phrase_term(item.value))
        if isinstance(item, tree.Proximity) and isinstance(item.term, tree.Phrase):
            return self.across_fields(phrase_term(item.term.value), slop=slop_value(item.degree))
        if isinstance(item, tree.Boost):
            force = boost_value(item.force)
            inner = self._edismax_node(item.expr)
            return None if inner is None else tantivy.Query.boost_query(inner, force)
        if isinstance(item, tree.Group):
            return self._edismax_group(item.expr)
        if isinstance(item, (tree.AndOperation, tree.OrOperation, tree.UnknownOperation)):
            return self._edismax_group(item)
        return self.qb.node(item, None)

    def _edismax_group(self, item: tree.Item) -> tantivy.Query | None:
        if isinstance(item, (tree.AndOperation, tree.OrOperation, tree.UnknownOperation)):
            if isinstance(item, tree.AndOperation):
                occur = Occur.Must
            elif isinstance(item, tree.OrOperation):
                occur = Occur.Should
            else:
                occur = self.qb.default_occur
            clauses: list[tuple[tantivy.Occur, tantivy.Query | None]] = []
            for child in item.children:
                if isinstance(child, tree.Plus):
                    clauses.append((Occur.Must, self._edismax_node(child.a)))
                elif isinstance(child, (tree.Prohibit, tree.Not)):
                    clauses.append((Occur.MustNot, self._edismax_node(child.a)))
                else:
                    clauses.append((occur, self._edismax_node(child)))
            return QueryBuilder.combine(clauses)
        return self._edismax_node(item)


def parse_frange(lp: LocalParams) -> FunctionRange:
    def num(name: str) -> float | None:
        raw = lp.get(name)
        if raw is None or raw == "":
            return None
        try:
            return float(raw)
        except ValueError as exc:
            raise bad_request(f"frange: invalid number for {name}: '{snippet(raw)}'") from exc

    def flag(name: str) -> bool:
        raw = (lp.get(name) or "true").lower()
        if raw not in ("true", "false"):
            raise bad_request(f"frange: {name} must be true or false, got '{snippet(raw)}'")
        return raw == "true"

    if not lp.body.strip():
        raise bad_request("frange: missing function")
    return FunctionRange(parse_function(lp.body), num("l"), num("u"), flag("incl"), flag("incu"))
