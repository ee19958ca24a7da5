"""German analysis as schema.xml describes it: stemming, folding and compound words."""

from __future__ import annotations

import pysolr
import pytest

from tests.search.conftest import SearchService, dataset, names


@pytest.fixture(scope="module")
def corpus(service: SearchService) -> pysolr.Solr:
    conn = service.solr()
    conn.delete(q="*:*", commit=True)
    conn.add(
        [
            dataset(1, name="verkehrsdaten", title="Verkehrsdaten der Stadt", notes="Zählstellen für Radverkehr"),
            dataset(2, name="datenverkehr", title="Datenverkehr im Netz", notes="Bandbreite"),
            dataset(3, name="verkehr", title="Verkehr in Jena", notes="Straßen und Wege"),
            dataset(4, name="baumkataster", title="Baumkataster Jena", notes="Stadtbäume mit Baumart"),
        ],
        commit=True,
    )
    return conn


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        # a part of a compound finds the compound, as Solr's DictionaryCompoundWordTokenFilter does
        ("title:verkehr", {"verkehrsdaten", "datenverkehr", "verkehr"}),
        ("text:baum", {"baumkataster"}),
        ("text:Bäume", {"baumkataster"}),
        # a compound finds itself, not another compound of the same parts (Solr keeps the whole word)
        ("title:Verkehrsdaten", {"verkehrsdaten"}),
        ("title:Datenverkehr", {"datenverkehr"}),
        ("text:zählstelle", {"verkehrsdaten"}),
        ("text:Stadtbäume", {"baumkataster"}),
        # phrases with compounds keep word positions
        ('title:"Baumkataster Jena"', {"baumkataster"}),
        ('title:"Jena Baumkataster"', set()),
        ('title:"Verkehrsdaten der Stadt"', {"verkehrsdaten"}),
    ],
)
def test_compounds_and_stemming(corpus: pysolr.Solr, q: str, expected: set[str]) -> None:
    assert set(names(corpus.search(q, fl="name", rows=50))) == expected


def test_dismax_with_a_compound_word(corpus: pysolr.Solr) -> None:
    params = {"defType": "dismax", "qf": "name^4 title^4 tags^2 groups^2 text", "mm": "2<-1 5<80%", "q.op": "AND"}
    res = corpus.search("Verkehrsdaten", fl="name", **params)
    assert names(res) == ["verkehrsdaten"]
    res = corpus.search("Baumkataster Jena", fl="name", **params)
    assert names(res) == ["baumkataster"]
