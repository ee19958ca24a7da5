"""Stored values come back the way Solr writes them."""

from __future__ import annotations

import pysolr

from tests.search.conftest import dataset


def test_dates_are_written_with_four_digit_years(solr: pysolr.Solr) -> None:
    solr.add(
        [
            dataset(1, metadata_created="0999-01-01T00:00:00Z", metadata_modified="2024-02-29T23:59:59.120Z"),
            dataset(2, metadata_created="1970-01-01T00:00:00.5Z", metadata_modified="1969-12-31T23:59:59.999Z"),
        ],
        commit=True,
    )
    docs = {d["name"]: d for d in solr.search("*:*", fl="name metadata_created metadata_modified").docs}
    assert docs["dataset-1"]["metadata_created"] == "0999-01-01T00:00:00Z"
    assert docs["dataset-1"]["metadata_modified"] == "2024-02-29T23:59:59.12Z"
    assert docs["dataset-2"]["metadata_created"] == "1970-01-01T00:00:00.5Z"
    assert docs["dataset-2"]["metadata_modified"] == "1969-12-31T23:59:59.999Z"


def test_typed_values_round_trip(solr: pysolr.Solr) -> None:
    solr.add([dataset(1, views_recent="3", minx=11, tags=["x", "x", "y"])], commit=True)
    doc = solr.search("*:*", fl="views_recent minx tags").docs[0]
    assert doc == {"minx": 11.0, "tags": ["x", "x", "y"]}  # views_recent is not stored
    assert solr.search("views_recent:[3 TO 3]", rows=0).hits == 1
    assert solr.search("tags:x", rows=0).hits == 1
