"""ckanext-spatial's solr-bbox filter and ranking, with the parameters its backend builds."""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Any

import pysolr
import pytest
from ckanext.spatial.search import SolrBBoxSearchBackend

from tests.search.conftest import SearchService, dataset

# A filter the filter cache does not keep (local params): the index decides bbox membership.
UNCACHED_FQ = "{!lucene}+entity_type:package"


def spatial_params(bbox: dict[str, float], q: str = "*:*", extra_fq: tuple[str, ...] = ()) -> dict[str, Any]:
    params = SolrBBoxSearchBackend().search_params(dict(bbox), {})
    return {
        "q": q,
        "fq": ['+site_id:"default"', "+state:active", *extra_fq, *params["fq_list"]],
        "bf": params["bf"],
        "defType": params["defType"],
        "qf": "name^4 title^4 tags^2 groups^2 text",
        "tie": "0.1",
        "mm": "2<-1 5<80%",
        "q.op": "AND",
        "sort": "score desc, metadata_modified desc",
        "fl": "name score",
    }


def overlap_ratio(q: dict[str, float], d: dict[str, float]) -> float:
    """The function ckanext-spatial sends, evaluated in Python."""
    x = max(0.0, min(q["maxx"], d["maxx"]) - max(q["minx"], d["minx"]))
    y = max(0.0, min(q["maxy"], d["maxy"]) - max(q["miny"], d["miny"]))
    area_q = abs(q["maxx"] - q["minx"]) * abs(q["maxy"] - q["miny"])
    return 2 * x * y / (area_q + (d["maxy"] - d["miny"]) * (d["maxx"] - d["minx"]))


Boxes = tuple[pysolr.Solr, dict[str, dict[str, float]], tuple[str, ...]]


@pytest.fixture(scope="module", params=["columns", "collect-all", "batches"])
def boxes(
    request: pytest.FixtureRequest, service: SearchService, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Boxes]:
    """The same boxes ranked three ways: on the column cache with cached filters, or by the
    index with all matches collected, or with candidates checked in batches."""
    own = None
    extra_fq = () if request.param == "columns" else (UNCACHED_FQ,)
    if request.param == "batches":
        data_dir = tmp_path_factory.mktemp("bbox-batches") / "data"
        own = SearchService(data_dir, "--autocommit-ms", "0", "--bbox-collect-all", "0").start()
    conn = (own or service).solr()
    conn.delete(q="*:*", commit=True)
    rng = random.Random(7)
    docs, truth = [], {}
    for i in range(300):
        x, y = rng.uniform(11.45, 11.75), rng.uniform(50.82, 51.0)
        box = {"minx": x, "miny": y, "maxx": x + rng.uniform(0.001, 0.06), "maxy": y + rng.uniform(0.001, 0.05)}
        if i % 50 == 0:  # a point geometry: degenerate box, never matches
            box["maxx"], box["maxy"] = box["minx"], box["miny"]
        truth[f"dataset-{i}"] = box
        docs.append(
            dataset(
                i,
                title=f"Karte {i}" + (" Bäume" if i % 3 == 0 else ""),
                metadata_modified=f"2024-01-01T00:{i // 60:02d}:{i % 60:02d}Z",
                **box,
            )
        )
        if i % 7 == 0:  # same box, filtered out by +state:active: ranked candidates that must be skipped
            docs.append(dataset(f"draft-{i}", title=f"Entwurf {i} Bäume", state="draft", **box))
    docs.append(dataset("nobox", title="Ohne Raumbezug Bäume"))
    conn.add(docs, commit=True)
    yield conn, truth, extra_fq
    if own is not None:
        own.stop()


@pytest.mark.parametrize(
    "bbox",
    [
        {"minx": 11.55, "miny": 50.9, "maxx": 11.6, "maxy": 50.95},
        {"minx": 11.4, "miny": 50.8, "maxx": 11.8, "maxy": 51.1},
        {"minx": 11.7, "miny": 50.99, "maxx": 11.71, "maxy": 50.995},
        {"minx": 12.5, "miny": 52.0, "maxx": 12.6, "maxy": 52.1},
    ],
)
def test_bbox_filter_and_ranking_match_the_function(boxes: Boxes, bbox: dict[str, float]) -> None:
    conn, truth, extra_fq = boxes
    expected = {n: overlap_ratio(bbox, b) for n, b in truth.items()}
    matching = {n: v for n, v in expected.items() if 0 < v <= 1}
    params = spatial_params(bbox, extra_fq=extra_fq)
    res = conn.search(params.pop("q"), rows=20, **params)
    assert res.hits == len(matching)
    ranked = sorted(matching, key=lambda n: -matching[n])[:20]
    got = [d["name"] for d in res.docs]
    assert [round(matching[n], 9) for n in got] == [round(matching[n], 9) for n in ranked]
    for doc in res.docs:
        assert doc["score"] == pytest.approx(1.0 + matching[doc["name"]], rel=1e-6)


def test_bbox_with_text_query(boxes: Boxes) -> None:
    conn, truth, extra_fq = boxes
    bbox = {"minx": 11.5, "miny": 50.85, "maxx": 11.7, "maxy": 50.98}
    params = spatial_params(bbox, q="Bäume", extra_fq=extra_fq)
    res = conn.search(params.pop("q"), rows=500, **params)
    expected = {n for n, b in truth.items() if int(n.split("-")[1]) % 3 == 0 and 0 < overlap_ratio(bbox, b) <= 1}
    assert {d["name"] for d in res.docs} == expected
    scores = [d["score"] for d in res.docs]
    assert scores == sorted(scores, reverse=True)


def test_exact_fit_is_included_and_paging_is_stable(boxes: Boxes) -> None:
    conn, truth, extra_fq = boxes
    bbox = dict(truth["dataset-1"])
    params = spatial_params(bbox, extra_fq=extra_fq)
    first = conn.search(params["q"], rows=5, **{k: v for k, v in params.items() if k != "q"})
    assert first.docs[0]["name"] == "dataset-1"
    assert first.docs[0]["score"] == pytest.approx(2.0)
    page2 = conn.search(params["q"], rows=5, start=5, **{k: v for k, v in params.items() if k != "q"})
    everything = conn.search(params["q"], rows=10, **{k: v for k, v in params.items() if k != "q"})
    assert [d["name"] for d in first.docs + page2.docs] == [d["name"] for d in everything.docs]


def test_generic_frange(boxes: Boxes) -> None:
    conn, truth, _ = boxes
    res = conn.search("*:*", fq=["{!frange l=0.05 u=0.1}sub(maxx,minx)", "+state:active"], rows=0)
    assert res.hits == sum(1 for b in truth.values() if 0.05 <= b["maxx"] - b["minx"] <= 0.1)
    res = conn.search("*:*", fq=["{!frange l=11.6 incl=false}max(minx,0)", "+state:active"], rows=0)
    assert res.hits == sum(1 for b in truth.values() if b["minx"] > 11.6)
