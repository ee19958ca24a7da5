"""The filter cache (per searcher generation) never changes what a search returns."""

from __future__ import annotations

import pysolr

from tests.search.conftest import dataset, names
from tests.search.test_spatial import spatial_params

BOX = {"minx": 11.55, "miny": 50.9, "maxx": 11.6, "maxy": 50.95}


def test_filter_that_matched_everything_applies_after_a_commit(solr: pysolr.Solr) -> None:
    solr.add([dataset(i) for i in range(3)], commit=True)
    assert solr.search("*:*", fq=["+state:active", '+site_id:"default"']).hits == 3
    solr.add([dataset("draft", state="draft"), dataset("other", site_id="other")], commit=True)
    assert solr.search("*:*", fq=["+state:active", '+site_id:"default"']).hits == 3
    assert solr.search("*:*", fq=["+state:active"]).hits == 4
    assert solr.search("*:*").hits == 5


def test_same_filter_text_with_another_q_op_is_another_filter(solr: pysolr.Solr) -> None:
    solr.add([dataset(1, title="Karte Baum"), dataset(2, title="Karte Wasser")], commit=True)
    assert solr.search("*:*", fq=["title:(Karte Baum)"], **{"q.op": "AND"}).hits == 1
    assert solr.search("*:*", fq=["title:(Karte Baum)"], **{"q.op": "OR"}).hits == 2
    assert solr.search("*:*", fq=["title:(Karte Baum)"], **{"q.op": "AND"}).hits == 1


def test_bbox_search_follows_updates_deletes_and_commits(solr: pysolr.Solr) -> None:
    inside = {"minx": 11.56, "miny": 50.91, "maxx": 11.58, "maxy": 50.93}
    outside = {"minx": 12.56, "miny": 51.91, "maxx": 12.58, "maxy": 51.93}
    solr.add([dataset(i, **inside) for i in range(4)], commit=True)
    params = spatial_params(BOX)
    q = params.pop("q")
    assert sorted(names(solr.search(q, **params))) == [f"dataset-{i}" for i in range(4)]

    solr.add([dataset(1, **outside), dataset(2, **inside, state="draft")], commit=True)
    solr.delete(id="idx-3", commit=True)
    assert names(solr.search(q, **params)) == ["dataset-0"]

    solr.add([dataset(5, **inside)], commit=False)  # not visible before the commit
    assert names(solr.search(q, **params)) == ["dataset-0"]
    solr.commit()
    assert sorted(names(solr.search(q, **params))) == ["dataset-0", "dataset-5"]


def test_bbox_with_a_degenerate_query_box_matches_nothing(solr: pysolr.Solr) -> None:
    solr.add([dataset(1, minx=11.5, miny=50.9, maxx=11.7, maxy=51.0)], commit=True)
    params = spatial_params({"minx": 11.6, "miny": 50.9, "maxx": 11.6, "maxy": 50.95})
    assert solr.search(params.pop("q"), **params).hits == 0
