"""facet.field counts against counts computed in Python, also beyond the slot columns."""

from __future__ import annotations

import random
from collections import Counter
from typing import Any

import pysolr
import pytest

from tests.search.conftest import SearchService, dataset

TAGS = [f"tag-{i:02d}" for i in range(30)] + ["", "Ünïcode tag", "a\u00a0b"]


@pytest.fixture(scope="module")
def corpus(service: SearchService) -> tuple[pysolr.Solr, list[dict[str, Any]]]:
    conn = service.solr()
    conn.delete(q="*:*", commit=True)
    rng = random.Random(3)
    docs = []
    for i in range(400):
        tags = [rng.choice(TAGS) for _ in range(rng.randint(0, 12))]  # duplicates and long lists included
        doc = dataset(
            i,
            tags=tags,
            groups=rng.sample(["umwelt", "verkehr", "bildung"], rng.randint(0, 3)),
            res_format=rng.sample(["CSV", "JSON", "PDF", "XLSX", "WMS", "ZIP"], rng.randint(0, 6)),
            organization=rng.choice(["amt-a", "amt-b", "amt-c"]),
        )
        if i % 9 == 0:
            doc.pop("organization")
        docs.append(doc)
    # Split over several commits, so counts are merged across segments.
    for lo in range(0, len(docs), 100):
        conn.add(docs[lo : lo + 100], commit=True)
    return conn, docs


def expected(docs: list[dict[str, Any]], field: str, keep: Any = lambda d: True) -> Counter[str]:
    """Solr's facet counts: documents per distinct value."""
    counts: Counter[str] = Counter()
    for doc in docs:
        value = doc.get(field)
        if keep(doc) and value is not None:
            counts.update(set(value) if isinstance(value, list) else {value})
    return counts


def facets(conn: pysolr.Solr, q: str = "*:*", **params: Any) -> dict[str, list[Any]]:
    base = {"facet": "true", "facet.field": ["tags", "groups", "res_format", "organization"], "facet.limit": -1}
    res = conn.search(q, rows=0, **{**base, **params})
    return res.facets["facet_fields"]


def as_counter(flat: list[Any]) -> Counter[str]:
    return Counter(dict(zip(flat[0::2], flat[1::2], strict=True)))


def test_counts_are_exact_for_any_number_of_values(corpus: Any) -> None:
    conn, docs = corpus
    got = facets(conn, **{"facet.mincount": 1})
    for field in ("tags", "groups", "res_format", "organization"):
        assert as_counter(got[field]) == expected(docs, field), field


def test_counts_follow_query_and_filters(corpus: Any) -> None:
    conn, docs = corpus
    got = facets(conn, "groups:umwelt", fq="organization:amt-b", **{"facet.mincount": 1})
    keep = lambda d: "umwelt" in d["groups"] and d.get("organization") == "amt-b"  # noqa: E731
    for field in ("tags", "groups", "res_format"):
        assert as_counter(got[field]) == expected(docs, field, keep), field


def test_mincount_zero_lists_terms_without_matches(corpus: Any) -> None:
    conn, docs = corpus
    got = as_counter(facets(conn, "name:dataset-1", **{"facet.mincount": 0})["tags"])
    assert set(got) == set(expected(docs, "tags"))
    assert +got == expected(docs, "tags", lambda d: d["name"] == "dataset-1")


def test_limit_offset_and_sort(corpus: Any) -> None:
    conn, docs = corpus
    counts = expected(docs, "tags")
    by_count = sorted(counts.items(), key=lambda tn: (-tn[1], tn[0]))
    got = facets(conn, **{"facet.mincount": 1, "facet.limit": 5, "facet.offset": 2})["tags"]
    assert got == [x for tn in by_count[2:7] for x in tn]
    by_term = sorted(counts.items())
    got = facets(conn, **{"facet.mincount": 1, "facet.limit": 3, "facet.sort": "index"})["tags"]
    assert got == [x for tn in by_term[:3] for x in tn]


def test_updates_and_deletes_change_counts(corpus: Any) -> None:
    conn, docs = corpus
    conn.add([dataset(1000, tags=[f"extra-{i}" for i in range(9)] + ["tag-00"])], commit=True)
    conn.delete(id="idx-3", commit=True)
    try:
        got = as_counter(facets(conn, **{"facet.mincount": 1})["tags"])
        want = expected([d for d in docs if d["index_id"] != "idx-3"], "tags")
        want.update([f"extra-{i}" for i in range(9)] + ["tag-00"])
        assert got == want
    finally:
        conn.delete(id="idx-1000", commit=True)
        conn.add([d for d in docs if d["index_id"] == "idx-3"], commit=True)


def test_columns_skipped_for_one_searcher_are_counted_after_a_commit(solr: pysolr.Solr) -> None:
    # Few values: only the first slot column is filled and nothing overflows, so the others are skipped.
    solr.add([dataset(i, tags=["eins"], groups=["umwelt"]) for i in range(3)], commit=True)
    assert facets(solr, **{"facet.mincount": 1})["tags"] == ["eins", 3]
    many = ["eins", "zwei", "drei", "vier", "fünf", "sechs"]
    solr.add([dataset(9, tags=many, groups=["umwelt", "verkehr", "bildung", "soziales"])], commit=True)
    got = facets(solr, **{"facet.mincount": 1})
    assert as_counter(got["tags"]) == Counter({"eins": 4, **dict.fromkeys(many[1:], 1)})
    assert as_counter(got["groups"]) == Counter({"umwelt": 4, "verkehr": 1, "bildung": 1, "soziales": 1})
