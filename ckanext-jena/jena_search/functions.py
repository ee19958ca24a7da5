"""Solr function queries as CKAN extensions send them (``{!frange}`` and ``bf``/``boost``).

Only arithmetic over numeric fields and constants is supported: ``div mul product sub add
sum max min abs``. Missing field values count as 0, as in Solr. ckanext-spatial's bbox
overlap function is recognised structurally so the search can use range queries for its
filter and a column cache for its ranking (see search.py).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np

from jena_search.bounded import BoundedCache
from jena_search.errors import bad_request, snippet
from jena_search.limits import query_tokens

_TOKEN = re.compile(
    r"\s*(?:(?P<num>[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)|(?P<name>[A-Za-z_][\w.]*)|(?P<sym>[(),]))"
)
_ARITY = {
    "div": (2, 2),
    "sub": (2, 2),
    "mul": (2, 99),
    "product": (2, 99),
    "add": (2, 99),
    "sum": (2, 99),
    "max": (1, 99),
    "min": (1, 99),
    "abs": (1, 1),
}


@dataclass(frozen=True)
class Const:
    value: float


@dataclass(frozen=True)
class FieldValue:
    name: str


@dataclass(frozen=True)
class Call:
    name: str
    args: tuple[Node, ...]


Node = Const | FieldValue | Call


# ckanext-spatial sends the same long function as bf and in fq (about 300 characters); nodes are immutable.
# Cached: functions up to 2,000 characters (about 64 bytes of key and nodes per character).
_parsed: BoundedCache[str, Node] = BoundedCache(max_entries=256, max_bytes=4_000_000, max_item_bytes=64 * 2_000)


def parse_function(text: str) -> Node:
    """The function tree of ``text``; raises 400. Parsed functions are cached (bounded)."""
    node = _parsed.get(text)
    if node is None:
        node = _parse_function(text)
        _parsed.put(text, node, 64 * len(text))
    return node


def _parse_function(text: str) -> Node:
    query_tokens(text, "function query")  # length and nesting limits
    tokens: list[tuple[str, str]] = []
    pos = 0
    text = text.strip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            raise bad_request(f"Error parsing function query '{snippet(text)}' at position {pos}")
        kind = m.lastgroup or ""
        tokens.append((kind, m.group(kind)))
        pos = m.end()
        while pos < len(text) and text[pos].isspace():
            pos += 1
    node, end = _parse(tokens, 0, text)
    if end != len(tokens):
        raise bad_request(f"Error parsing function query '{snippet(text)}': unexpected trailing input")
    return node


def _parse(tokens: list[tuple[str, str]], i: int, text: str) -> tuple[Node, int]:
    if i >= len(tokens):
        raise bad_request(f"Error parsing function query '{snippet(text)}': unexpected end")
    kind, value = tokens[i]
    if kind == "num":
        number = float(value)
        if not math.isfinite(number):
            raise bad_request(f"Error parsing function query '{snippet(text)}': number out of range")
        return Const(number), i + 1
    if kind != "name":
        raise bad_request(f"Error parsing function query '{snippet(text)}': unexpected '{value}'")
    if i + 1 < len(tokens) and tokens[i + 1] == ("sym", "("):
        name = value.lower()
        if name not in _ARITY:
            raise bad_request(f"Unknown function {snippet(value)} in FunctionQuery({snippet(text)})")
        args: list[Node] = []
        j = i + 2
        while True:
            arg, j = _parse(tokens, j, text)
            args.append(arg)
            if j >= len(tokens):
                raise bad_request(f"Error parsing function query '{snippet(text)}': missing ')'")
            if tokens[j] == ("sym", ","):
                j += 1
                continue
            if tokens[j] == ("sym", ")"):
                j += 1
                break
            raise bad_request(f"Error parsing function query '{snippet(text)}': expected ',' or ')'")
        lo, hi = _ARITY[name]
        if not lo <= len(args) <= hi:
            raise bad_request(f"Function {name} takes {lo}..{hi} arguments, got {len(args)}")
        return Call(name, tuple(args)), j
    return FieldValue(value), i + 1


def field_names(node: Node) -> set[str]:
    if isinstance(node, FieldValue):
        return {node.name}
    if isinstance(node, Call):
        out: set[str] = set()
        for arg in node.args:
            out |= field_names(arg)
        return out
    return set()


def evaluate(node: Node, columns: dict[str, np.ndarray], size: int) -> np.ndarray:
    """Vectorised value of the function; columns hold float64 arrays, NaN for missing."""
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        return _eval(node, columns, size)


def _eval(node: Node, columns: dict[str, np.ndarray], size: int) -> np.ndarray:
    if isinstance(node, Const):
        return np.full(size, node.value)
    if isinstance(node, FieldValue):
        return np.nan_to_num(columns[node.name], nan=0.0)
    args = [_eval(a, columns, size) for a in node.args]
    name = node.name
    if name == "div":
        return args[0] / args[1]
    if name == "sub":
        return args[0] - args[1]
    if name in ("mul", "product"):
        out = args[0]
        for a in args[1:]:
            out = out * a
        return out
    if name in ("add", "sum"):
        out = args[0]
        for a in args[1:]:
            out = out + a
        return out
    if name == "max":
        return np.maximum.reduce(args) if len(args) > 1 else args[0]
    if name == "min":
        return np.minimum.reduce(args) if len(args) > 1 else args[0]
    return np.abs(args[0])


@dataclass(frozen=True)
class BBox:
    minx: float
    miny: float
    maxx: float
    maxy: float


def _c(node: Node) -> float | None:
    return node.value if isinstance(node, Const) else None


def _is_field(node: Node, name: str) -> bool:
    return isinstance(node, FieldValue) and node.name == name


def _overlap(node: Node, lo_field: str, hi_field: str) -> tuple[float, float] | None:
    """max(0, sub(min(HI,hi_field), max(LO,lo_field))) → (LO, HI)."""
    if not (isinstance(node, Call) and node.name == "max" and len(node.args) == 2 and _c(node.args[0]) == 0):
        return None
    sub = node.args[1]
    if not (isinstance(sub, Call) and sub.name == "sub"):
        return None
    mn, mx = sub.args
    if not (isinstance(mn, Call) and mn.name == "min" and len(mn.args) == 2 and _is_field(mn.args[1], hi_field)):
        return None
    if not (isinstance(mx, Call) and mx.name == "max" and len(mx.args) == 2 and _is_field(mx.args[1], lo_field)):
        return None
    hi, lo = _c(mn.args[0]), _c(mx.args[0])
    if hi is None or lo is None:
        return None
    return lo, hi


def match_spatial_bbox(node: Node) -> BBox | None:
    """The query box if ``node`` is ckanext-spatial's solr-bbox overlap ratio, else None.

    div(mul(mul(max(0,sub(min(X2,maxx),max(X1,minx))),max(0,sub(min(Y2,maxy),max(Y1,miny)))),2),
        add(AREA,mul(sub(maxy,miny),sub(maxx,minx))))
    """
    if not (isinstance(node, Call) and node.name == "div"):
        return None
    num, den = node.args
    if not (isinstance(num, Call) and num.name == "mul" and len(num.args) == 2 and _c(num.args[1]) == 2):
        return None
    inner = num.args[0]
    if not (isinstance(inner, Call) and inner.name == "mul" and len(inner.args) == 2):
        return None
    xs = _overlap(inner.args[0], "minx", "maxx")
    ys = _overlap(inner.args[1], "miny", "maxy")
    if xs is None or ys is None:
        return None
    if not (isinstance(den, Call) and den.name == "add" and len(den.args) == 2 and _c(den.args[0]) is not None):
        return None
    area = den.args[1]
    expected = Call(
        "mul",
        (Call("sub", (FieldValue("maxy"), FieldValue("miny"))), Call("sub", (FieldValue("maxx"), FieldValue("minx")))),
    )
    if area != expected:
        return None
    return BBox(minx=xs[0], miny=ys[0], maxx=xs[1], maxy=ys[1])


@dataclass(frozen=True)
class FunctionRange:
    """``{!frange l= u= incl= incu=}function``"""

    function: Node
    lower: float | None
    upper: float | None
    include_lower: bool
    include_upper: bool

    def mask(self, values: np.ndarray) -> np.ndarray:
        ok = ~np.isnan(values)
        if self.lower is not None:
            ok &= values >= self.lower if self.include_lower else values > self.lower
        if self.upper is not None:
            ok &= values <= self.upper if self.include_upper else values < self.upper
        return ok
