"""Lucene standard query syntax (parsed by luqum) translated into Tantivy queries."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

import tantivy
from luqum import tree
from luqum.exceptions import IllegalCharacterError, ParseError
from luqum.thread import parse as luqum_parse

from jena_search.errors import SolrError, bad_request, snippet
from jena_search.layout import FIELDS, FieldRef, Layout
from jena_search.limits import (
    MAX_MULTITERM_CLAUSES,
    MAX_QUERY_CLAUSES,
    MAX_QUERY_TOKENS,
    check_pattern,
    query_tokens,
)
from jena_search.values import InvalidValue, parse_bool, parse_date, parse_float, parse_int

Occur = tantivy.Occur
_REGEX_META = set('\\.+*?()|[]{}^$#&-~"')
MAX_SLOP = 2**31 - 1  # Solr reads the slop as a Java int


@dataclass
class Term:
    """A query word or phrase after unescaping."""

    text: str
    quoted: bool = False
    wildcard: str | None = None  # regex for prefix/wildcard words


def parse_lucene_tree(text: str) -> tree.Item:
    """The luqum tree of ``text``; raises 400 (without echoing the query) for anything it cannot read."""
    try:
        return luqum_parse(text)
    except (ParseError, IllegalCharacterError) as exc:
        raise bad_request(f"org.apache.solr.search.SyntaxError: Cannot parse query: {snippet(str(exc), 120)}") from exc
    except RecursionError as exc:
        raise bad_request("org.apache.solr.search.SyntaxError: query is nested too deeply") from exc
    except (ValueError, ArithmeticError) as exc:
        # luqum reads boosts and fuzzy/proximity degrees as numbers: ``a^1.2.3``, ``a~1..2``.
        raise bad_request(
            "org.apache.solr.search.SyntaxError: Cannot parse query: invalid number after ^ or ~"
        ) from exc


def boost_value(force: object) -> float:
    """A boost (``^2``, ``qf=title^4``) as a float: finite and not negative, else 400."""
    try:
        value = float(force) if force is not None else 1.0  # type: ignore[arg-type]
    except OverflowError:
        value = math.inf
    except (ValueError, TypeError, ArithmeticError) as exc:
        raise bad_request("invalid boost: not a number") from exc
    if not math.isfinite(value) or value < 0:
        raise bad_request(f"invalid boost {snippet(str(force), 20)}: must be a finite number >= 0")
    return value


def slop_value(degree: object) -> int:
    """A phrase slop (``"a b"~3``) as an int between 0 and 2^31-1, else 400."""
    try:
        value = float(degree or 0)  # type: ignore[arg-type]
    except OverflowError:
        value = math.inf
    except (ValueError, TypeError, ArithmeticError) as exc:
        raise bad_request("invalid proximity slop: not a number") from exc
    if not 0 <= value <= MAX_SLOP:
        raise bad_request(f"invalid proximity slop {snippet(str(degree), 20)}: must be between 0 and {MAX_SLOP}")
    return int(value)


def word_term(value: str) -> Term:
    """Unescape a Lucene word; detect unescaped * and ? wildcards."""
    literal: list[str] = []
    regex: list[str] = []
    wild = False
    i = 0
    while i < len(value):
        ch = value[i]
        if ch == "\\" and i + 1 < len(value):
            nxt = value[i + 1]
            literal.append(nxt)
            regex.append("\\" + nxt if nxt in _REGEX_META else nxt)
            i += 2
            continue
        if ch in "*?":
            wild = True
            regex.append(".*" if ch == "*" else ".")
        else:
            literal.append(ch)
            regex.append("\\" + ch if ch in _REGEX_META else ch)
        i += 1
    return Term("".join(literal), wildcard="".join(regex) if wild else None)


def phrase_term(value: str) -> Term:
    inner = value[1:-1] if len(value) >= 2 and value[0] == value[-1] == '"' else value
    return Term(re.sub(r"\\(.)", r"\1", inner), quoted=True)


class QueryBuilder:
    """Builds Tantivy queries for one request (its NOW, df and q.op)."""

    def __init__(self, layout: Layout, index: tantivy.Index, *, df: str | None, q_op: str, now_ms: int) -> None:
        self.layout = layout
        self.index = index
        self.schema = layout.tantivy_schema
        self.df = df
        self.q_op = q_op
        self.now_ms = now_ms
        self._clauses = 0
        self._tokens = 0
        self._multiterm = 0

    # -- entry points ---------------------------------------------------------------------
    def lucene(self, text: str, df: str | None = None, q_op: str | None = None) -> tantivy.Query:
        saved = (self.df, self.q_op)
        if df is not None:
            self.df = df
        if q_op is not None:
            self.q_op = q_op
        try:
            if text.strip() in ("*:*", "*"):
                return tantivy.Query.all_query()
            try:
                q = self.node(self.parse(text), None)
            except RecursionError as exc:
                raise bad_request("query is nested too deeply") from exc
            return q if q is not None else tantivy.Query.empty_query()
        finally:
            self.df, self.q_op = saved

    def parse(self, text: str) -> tree.Item:
        """The luqum tree of one query text of this request, after the size limits (limits.py):
        the words of all texts of a request are counted before any of them is parsed."""
        self.spend_tokens(query_tokens(text))
        return parse_lucene_tree(text)

    def spend_tokens(self, count: int) -> None:
        self._tokens += count
        if self._tokens > MAX_QUERY_TOKENS:
            raise bad_request(f"too many terms in query (more than {MAX_QUERY_TOKENS})")

    def count_clause(self) -> None:
        self._clauses += 1
        if self._clauses > MAX_QUERY_CLAUSES:
            raise bad_request(f"too many clauses in query (more than {MAX_QUERY_CLAUSES})")

    # -- tree walking ---------------------------------------------------------------------
    def node(self, item: tree.Item, field: str | None) -> tantivy.Query | None:
        self.count_clause()
        if isinstance(item, tree.SearchField):
            return self._search_field(item, field)
        if isinstance(item, (tree.Group, tree.FieldGroup)):
            return self.node(item.expr, field)
        if isinstance(item, tree.AndOperation):
            return self._boolean(item.children, field, Occur.Must)
        if isinstance(item, tree.OrOperation):
            return self._boolean(item.children, field, Occur.Should)
        if isinstance(item, tree.UnknownOperation):
            return self._boolean(item.children, field, self.default_occur)
        if isinstance(item, (tree.Not, tree.Prohibit)):
            return self.combine([(Occur.MustNot, self.node(item.a, field))])
        if isinstance(item, tree.Plus):
            return self.node(item.a, field)
        if isinstance(item, tree.Boost):
            force = boost_value(item.force)
            inner = self.node(item.expr, field)
            return None if inner is None else tantivy.Query.boost_query(inner, force)
        if isinstance(item, tree.Fuzzy):
            return self._fuzzy(item, field)
        if isinstance(item, tree.Proximity):
            term = phrase_term(item.term.value)
            return self.term(self.field_ref(field), term, slop=slop_value(item.degree))
        if isinstance(item, tree.Range):
            return self._range(item, field)
        if isinstance(item, (tree.From, tree.To)):
            return self._half_range(item, field)
        if isinstance(item, tree.Regex):
            ref = self.field_ref(field)
            self._require_text_like(ref, "regex")
            regex = self.multiterm_pattern(item.value[1:-1])
            return self._safe(lambda: tantivy.Query.regex_query(self.schema, ref.tname, regex))
        if isinstance(item, tree.Phrase):
            return self.term(self.field_ref(field), phrase_term(item.value))
        if isinstance(item, tree.Word):
            if item.value == "*" and field is None:
                return tantivy.Query.all_query()
            return self.term(self.field_ref(field), word_term(item.value))
        raise bad_request(f"unsupported query syntax: {item}")

    @property
    def default_occur(self) -> tantivy.Occur:
        return Occur.Must if self.q_op == "AND" else Occur.Should

    def _boolean(self, children: Any, field: str | None, occur: tantivy.Occur) -> tantivy.Query | None:
        clauses: list[tuple[tantivy.Occur, tantivy.Query | None]] = []
        for child in children:
            if isinstance(child, tree.Plus):
                clauses.append((Occur.Must, self.node(child.a, field)))
            elif isinstance(child, (tree.Prohibit, tree.Not)):
                clauses.append((Occur.MustNot, self.node(child.a, field)))
            else:
                clauses.append((occur, self.node(child, field)))
        return self.combine(clauses)

    @staticmethod
    def combine(clauses: list[tuple[tantivy.Occur, tantivy.Query | None]]) -> tantivy.Query | None:
        kept = [(o, q) for o, q in clauses if q is not None]
        if not kept:
            return None
        if all(o == Occur.MustNot for o, _ in kept):
            # Lucene matches nothing for purely negative queries; Solr adds *:*.
            kept.append((Occur.Must, tantivy.Query.all_query()))
        if len(kept) == 1:
            return kept[0][1]
        return tantivy.Query.boolean_query(kept)  # type: ignore[arg-type]

    def _search_field(self, item: tree.SearchField, _outer: str | None) -> tantivy.Query | None:
        name = item.name
        name = re.sub(r"\\(.)", r"\1", name)
        if name == "*":
            if isinstance(item.expr, tree.Word) and item.expr.value == "*":
                return tantivy.Query.all_query()
            raise bad_request("org.apache.solr.search.SyntaxError: '*' is only allowed as '*:*'")
        if isinstance(item.expr, tree.Word) and item.expr.value == "*":
            return self.exists(self.layout.searchable(name))
        return self.node(item.expr, name)

    def field_ref(self, field: str | None) -> FieldRef:
        name = field or self.df
        if not name:
            raise bad_request("no field name specified in query and no default specified via 'df' param")
        return self.layout.searchable(name)

    # -- leaves ---------------------------------------------------------------------------
    def exists(self, ref: FieldRef) -> tantivy.Query:
        return tantivy.Query.term_query(self.schema, FIELDS, ref.name)

    def term(self, ref: FieldRef, term: Term, slop: int = 0) -> tantivy.Query | None:
        """The query for one word or phrase on one field (None: analyses to nothing)."""
        if term.wildcard is not None and not term.quoted:
            return self._wildcard(ref, term)
        kind = ref.kind
        if kind == "text":
            assert ref.analysis is not None
            tokens = ref.analysis.tokens(term.text)
            if not tokens:
                return None
            field = ref.tname
            if ref.twin is not None and len({pos for pos, _ in tokens}) < len(tokens):
                # A compound word was split: match it whole on the twin field, as Solr does.
                tokens = ref.analysis.whole_tokens(term.text) or tokens
                field = ref.twin
            if len(tokens) == 1:
                return tantivy.Query.term_query(self.schema, field, tokens[0][1])
            base = tokens[0][0]
            words: list[str | tuple[int, str]] = [(pos - base, tok) for pos, tok in tokens]
            return self._safe(lambda: tantivy.Query.phrase_query(self.schema, field, words, slop=slop))
        value = self.typed_value(ref, term.text)
        return tantivy.Query.term_query(self.schema, ref.tname, value)

    def typed_value(self, ref: FieldRef, text: str) -> Any:
        try:
            if ref.kind == "string":
                return text
            if ref.kind == "bool":
                return "true" if parse_bool(text) else "false"
            if ref.kind == "int":
                return parse_int(text)
            if ref.kind == "float":
                return parse_float(text)
            if ref.kind == "date":
                return parse_date(text, self.now_ms)
        except InvalidValue as exc:
            label = {"date": "Invalid Date String", "bool": "Invalid boolean"}.get(ref.kind, "Invalid Number")
            raise bad_request(f"{label}: '{snippet(text)}' (field {snippet(ref.name)})") from exc
        return text

    def _wildcard(self, ref: FieldRef, term: Term) -> tantivy.Query:
        self._require_text_like(ref, "prefix and wildcard")
        assert term.wildcard is not None
        pattern = term.wildcard
        if ref.kind == "text" and ref.analysis is not None:
            pattern = ref.analysis.normalize_multiterm(pattern)
        if pattern in (".*",):
            return self.exists(ref)
        self.multiterm_pattern(pattern)
        return self._safe(lambda: tantivy.Query.regex_query(self.schema, ref.tname, pattern))

    def multiterm_pattern(self, regex: str) -> str:
        """Count one prefix/wildcard/regex/fuzzy clause of this request and check the size of its
        automaton's pattern (limits.py): building the automaton and walking the term dictionary
        with it is the expensive part, and grows quickly with repetitions."""
        self._multiterm += 1
        if self._multiterm > MAX_MULTITERM_CLAUSES:
            raise bad_request(f"too many wildcard, regex or fuzzy clauses in query (more than {MAX_MULTITERM_CLAUSES})")
        check_pattern(regex)
        return regex

    def _require_text_like(self, ref: FieldRef, what: str) -> None:
        if ref.kind not in ("string", "text"):
            raise bad_request(f"Can't run {what} queries on field {snippet(ref.name)} of type {ref.kind}")
        if ref.is_json:
            raise bad_request(
                f"{what} queries on the dynamic field {snippet(ref.name)} are not supported by this search service"
            )

    def _fuzzy(self, item: tree.Fuzzy, field: str | None) -> tantivy.Query | None:
        ref = self.field_ref(field)
        term = word_term(item.term.value) if isinstance(item.term, tree.Word) else phrase_term(item.term.value)
        try:
            degree = float(item.degree) if item.degree is not None else 2.0
        except (ValueError, ArithmeticError):
            degree = 2.0  # beyond any float: the largest edit distance
        distance = 2 if degree >= 2 else 1 if degree >= 0.5 else 0
        text = term.text
        if ref.kind == "text" and ref.analysis is not None:
            toks = ref.analysis.tokens(text)
            if not toks:
                return None
            text = toks[0][1]
        if ref.kind not in ("text", "string"):
            return self.term(ref, term)
        self.multiterm_pattern("")
        return self._safe(lambda: tantivy.Query.fuzzy_term_query(self.schema, ref.tname, text, distance))

    def _bound(self, ref: FieldRef, item: tree.Item) -> Any:
        raw = item.value if isinstance(item, (tree.Word, tree.Phrase)) else str(item)
        if raw == "*":
            return None
        term = phrase_term(raw) if isinstance(item, tree.Phrase) else word_term(raw)
        text = term.text if term.wildcard is None else raw
        if ref.kind == "text" and ref.analysis is not None:
            return ref.analysis.normalize_multiterm(text)
        return self.typed_value(ref, text)

    def _range(self, item: tree.Range, field: str | None) -> tantivy.Query:
        ref = self.field_ref(field)
        lo, hi = self._bound(ref, item.low), self._bound(ref, item.high)
        return self.range(ref, lo, hi, bool(item.include_low), bool(item.include_high))

    def _half_range(self, item: tree.From | tree.To, field: str | None) -> tantivy.Query:
        ref = self.field_ref(field)
        value = self._bound(ref, item.a)
        if isinstance(item, tree.From):
            return self.range(ref, value, None, bool(item.include), True)
        return self.range(ref, None, value, True, bool(item.include))

    def range(self, ref: FieldRef, lo: Any, hi: Any, incl_lo: bool, incl_hi: bool) -> tantivy.Query:
        if lo is None and hi is None:
            return self.exists(ref)
        if ref.kind in ("int", "date", "float") and not ref.is_json:
            ftype = tantivy.FieldType.Float if ref.kind == "float" else tantivy.FieldType.Integer
            return self._safe(
                lambda: tantivy.Query.range_query(
                    self.schema,
                    ref.tname,
                    ftype,
                    lo,
                    hi,
                    include_lower=incl_lo or lo is None,
                    include_upper=incl_hi or hi is None,
                )
            )
        # Term ranges (strings, text, dynamic fields) go through Tantivy's own parser.
        if ref.is_json and "." in ref.name:
            raise bad_request(f"range queries on the dynamic field {ref.name} (a name with '.') are not supported")
        left = "[" if incl_lo or lo is None else "{"
        right = "]" if incl_hi or hi is None else "}"
        text = f"{ref.qp_name}:{left}{_qp_value(lo)} TO {_qp_value(hi)}{right}"
        return self._safe(lambda: self.index.parse_query(text))

    @staticmethod
    def _safe(build: Any) -> tantivy.Query:
        try:
            return build()
        except SolrError:
            raise
        except ValueError as exc:
            raise bad_request(f"invalid query: {exc}") from exc
        except BaseException as exc:  # Rust panics arrive as BaseException
            if isinstance(exc, (KeyboardInterrupt, SystemExit)):
                raise
            raise bad_request(f"invalid query: {exc}") from exc


_QP_SAFE = re.compile(r"^[^\s\[\]{}:\\\"()^~*+!]+$")


def _qp_value(value: Any) -> str:
    if value is None:
        return "*"
    if isinstance(value, (int, float)):
        return repr(value)
    text = str(value)
    if not _QP_SAFE.match(text):
        raise bad_request(
            f"range bound '{text}' on a string field: only bounds without spaces or query "
            "syntax characters are supported by this search service"
        )
    return text
