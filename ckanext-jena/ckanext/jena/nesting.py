"""JSON nested deeper than any dataset needs is refused before recursive code sees it (no CKAN import).

Python's JSON decoder, and every recursive walk over a decoded value (validators, GeoJSON
checks, Shapely), fail with ``RecursionError`` on a few thousand nested brackets.
"""

from __future__ import annotations

import json
from typing import Any

__all__ = ["MAX_DEPTH", "TooDeep", "loads", "value_depth"]

# Deeper than any dataset, GeoJSON geometry (a MultiPolygon nests 4 levels) or API call needs.
MAX_DEPTH = 64


class TooDeep(ValueError):
    """A JSON text or value nested deeper than :data:`MAX_DEPTH`."""


def value_depth(value: Any, limit: int = MAX_DEPTH) -> int:
    """How deeply the lists and dicts of ``value`` nest, counted without recursion; counting stops
    just past ``limit``."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict):
            children = node.values()
        elif isinstance(node, (list, tuple)):
            children = node
        else:
            continue
        deepest = max(deepest, depth)
        if deepest > limit:
            return deepest
        stack.extend((child, depth + 1) for child in children if isinstance(child, (dict, list, tuple)))
    return deepest


def loads(text: str | bytes) -> Any:
    """``json.loads``, raising :class:`TooDeep` for values nested deeper than :data:`MAX_DEPTH`."""
    try:
        value = json.loads(text)
    except RecursionError:
        raise TooDeep(f"nested deeper than {MAX_DEPTH} levels") from None
    if value_depth(value) > MAX_DEPTH:
        raise TooDeep(f"nested deeper than {MAX_DEPTH} levels")
    return value
