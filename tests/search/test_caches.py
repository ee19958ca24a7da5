"""Issue 13 item 15 / issue 14: every cache of the search service is bounded by entries and by
bytes, whatever keys requests bring (long filter texts, field names, functions)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import tantivy

from jena_search import functions
from jena_search.bounded import MAX_NAME_CHARS, MAX_NAMES, MISSING, BoundedCache
from jena_search.engine import Engine
from jena_search.filters import MAX_COUNT_BYTES, MAX_COUNT_KEY, MAX_COUNTS, FilterCache
from jena_search.params import Params
from jena_search.schema import load_schema
from jena_search.search import select
from tests.search.conftest import SCHEMA, dataset


def test_bounded_cache_keeps_entries_and_bytes_below_the_bounds() -> None:
    cache: BoundedCache[str, int] = BoundedCache(max_entries=10, max_bytes=1000, max_item_bytes=300)
    for i in range(100):
        cache.put(f"k{i}", i, 10)
    assert len(cache) == 10 and cache.get("k99") == 99 and cache.get("k0") is None  # oldest went first
    for i in range(5):
        cache.put(f"big{i}", i, 300)
    assert cache.bytes <= 1000 and len(cache) <= 10
    cache.put("huge", 1, 301)  # above max_item_bytes: not kept at all
    assert "huge" not in cache
    cache.put("none", None, 1)  # type: ignore[arg-type]
    assert cache.get("none", MISSING) is None and cache.get("absent", MISSING) is MISSING
    cache.put("none", 5, 1)  # replacing an entry does not count it twice
    assert cache.get("none") == 5 and cache.bytes == sum(v[1] for v in cache._data.values())


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    eng = Engine(tmp_path_factory.mktemp("caches"), load_schema(SCHEMA))
    eng.add([dataset(i, tags=[f"t{i % 3}"], minx=11.5, miny=50.9, maxx=11.6, maxy=51.0) for i in range(50)])
    eng.commit()
    yield eng
    eng.close()


def test_filter_cache_is_bounded_by_bytes_of_filter_texts(engine: Engine) -> None:
    cache = FilterCache()
    searcher, generation = engine.view()
    query = tantivy.Query.all_query()
    for i in range(2000):  # 2000 x 4 kB of filter text would be 32 MB of keys
        cache.matches_all(searcher, generation, f"{i}:" + "x" * 4000, query)
    sizes = cache.sizes()
    assert 0 < sizes["counts"] < MAX_COUNTS and sizes["count_bytes"] <= MAX_COUNT_BYTES
    cache.matches_all(searcher, generation, "y" * (MAX_COUNT_KEY + 1), query)  # evaluated, not kept
    assert cache.sizes()["count_bytes"] <= MAX_COUNT_BYTES


def test_filter_masks_are_bounded_by_entries_and_bytes(engine: Engine) -> None:
    searcher, generation = engine.view()
    query = tantivy.Query.all_query()
    by_entries = FilterCache(max_masks=4)
    by_bytes = FilterCache(max_mask_bytes=3 * (51 + 10))  # a mask: one byte per _seq
    for i in range(20):
        by_entries.mask(searcher, generation, f"fq{i:06d}", query)
        by_bytes.mask(searcher, generation, f"fq{i:06d}", query)
    assert by_entries.sizes()["masks"] == 4
    assert by_bytes.sizes()["masks"] <= 3 and by_bytes.sizes()["mask_bytes"] <= 3 * (51 + 10)


def test_requests_with_new_names_and_filters_leave_bounded_caches(engine: Engine) -> None:
    """Hostile requests through /select: unknown field names, long unique filters, functions."""
    layout = engine.layout
    for i in range(200):
        select(engine, Params([("q", f"field_{i}_{'n' * 40}:x"), ("rows", "0")]))
    for i in range(MAX_NAMES + 500):  # the same lookup as above, without the rest of a request
        layout.ref(f"name_{i}_{'n' * 200}")
    for i in range(300):
        select(engine, Params([("q", "*:*"), ("fq", f'tags:"{i}{"v" * 5000}"'), ("rows", "0")]))
        select(engine, Params([("q", "*:*"), ("defType", "dismax"), ("qf", "title"), ("bf", f"add(minx,{i})")]))
    long_name = "z" * (MAX_NAME_CHARS + 1)
    select(engine, Params([("q", f"{long_name}:x"), ("rows", "0")]))
    for cache in (layout._refs, layout.schema._dynamic_cache, engine.converter._plans):
        assert len(cache) <= MAX_NAMES and cache.bytes <= cache.max_bytes
    assert long_name not in layout._refs and long_name not in layout.schema._dynamic_cache
    assert engine.filter_cache.sizes()["count_bytes"] <= MAX_COUNT_BYTES
    assert len(functions._parsed) <= 256 and functions._parsed.bytes <= functions._parsed.max_bytes


def test_long_functions_are_parsed_but_not_kept() -> None:
    text = "add(" + ",".join(["1.00000000000000000000001"] * 99) + ")"  # 2,477 characters
    assert functions.parse_function(text) == functions.parse_function(text)
    assert text not in functions._parsed
