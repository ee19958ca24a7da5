"""Query features of /select, through pysolr as CKAN uses it."""

from __future__ import annotations

from typing import Any

import pysolr
import pytest
import requests

from tests.search.conftest import SearchService, dataset, names

DISMAX = {"defType": "dismax", "qf": "name^4 title^4 tags^2 groups^2 text", "mm": "2<-1 5<80%", "tie": "0.1"}


@pytest.fixture(scope="module")
def corpus(service: SearchService) -> pysolr.Solr:
    conn = service.solr()
    conn.delete(q="*:*", commit=True)
    docs = [
        dataset(
            1,
            name="stadtbaeume",
            title="Stadtbäume in Jena",
            notes="Standorte aller Bäume",
            tags=["umwelt", "bäume"],
            groups=["umwelt"],
            organization="gruenflaechenamt",
            res_format=["CSV", "GeoJSON"],
            metadata_modified="2024-03-01T10:00:00Z",
            license_id="cc-by",
            views_recent=5,
        ),
        dataset(
            2,
            name="baumkataster",
            title="Baumkataster der Stadt Jena",
            notes="Kataster mit Baumarten",
            tags=["umwelt"],
            organization="gruenflaechenamt",
            res_format=["CSV"],
            metadata_modified="2024-02-01T10:00:00Z",
            license_id="cc-by",
        ),
        dataset(
            3,
            name="verkehrsdaten",
            title="Verkehrsdaten Zählstellen",
            notes="Radverkehr und Autoverkehr",
            tags=["verkehr", "rad"],
            organization="verkehrsamt",
            res_format=["JSON"],
            metadata_modified="2024-04-01T10:00:00Z",
            license_id="dl-de-by-2.0",
        ),
        dataset(
            4,
            name="haushalt-2023",
            title="Haushaltsplan 2023",
            notes="Einnahmen und Ausgaben",
            tags=["finanzen"],
            organization="kaemmerei",
            res_format=["PDF"],
            metadata_modified="2023-12-01T10:00:00Z",
            license_id="dl-de-by-2.0",
            state="draft",
        ),
        dataset(
            5,
            name="wahl-2024",
            title="Wahlergebnisse Kommunalwahl 2024",
            notes="Ergebnisse nach Wahlbezirk",
            tags=["wahlen", "politik"],
            organization="wahlamt",
            res_format=["CSV", "XLSX"],
            metadata_modified="2024-06-09T20:00:00Z",
            capacity="private",
            extras_quelle="Wahlamt (Jena)",
        ),
        dataset(
            6,
            name="flohmarkt",
            title="Flohmärkte",
            notes="Termine",
            tags=["freizeit"],
            metadata_modified="2024-05-01T10:00:00Z",
        ),
        dataset(
            7,
            name="special",
            title="Colon: a (tricky) title",
            notes="a+b=c",
            tags=["c++", "a b"],
            metadata_modified="2024-01-15T10:00:00Z",
        ),
    ]
    conn.add(docs, commit=True)
    return conn


def search(conn: pysolr.Solr, q: str, **kw: Any) -> pysolr.Results:
    kw.setdefault("rows", 50)
    kw.setdefault("fl", "name")
    return conn.search(q, **kw)


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("*:*", {"stadtbaeume", "baumkataster", "verkehrsdaten", "haushalt-2023", "wahl-2024", "flohmarkt", "special"}),
        ("name:wahl-2024", {"wahl-2024"}),
        ("title:jena", {"stadtbaeume", "baumkataster"}),
        ('title:"Stadt Jena"', {"baumkataster"}),
        ('title:"Jena Stadt"', set()),
        ("+title:jena -name:baumkataster", {"stadtbaeume"}),
        ("title:jena AND tags:bäume", {"stadtbaeume"}),
        ("tags:verkehr OR tags:finanzen", {"verkehrsdaten", "haushalt-2023"}),
        ("tags:umwelt AND NOT name:stadtbaeume", {"baumkataster"}),
        ("(tags:verkehr OR tags:wahlen) AND organization:wahlamt", {"wahl-2024"}),
        ("tags:(verkehr OR finanzen)", {"verkehrsdaten", "haushalt-2023"}),
        ("-state:active", {"haushalt-2023"}),
        (
            "NOT tags:umwelt AND NOT tags:verkehr AND NOT tags:wahlen AND NOT tags:freizeit AND NOT tags:finanzen",
            {"special"},
        ),
        (
            "metadata_modified:[2024-03-01T00:00:00Z TO 2024-05-01T10:00:00Z]",
            {"stadtbaeume", "verkehrsdaten", "flohmarkt"},
        ),
        ("metadata_modified:{2024-03-01T10:00:00Z TO 2024-05-01T10:00:00Z}", {"verkehrsdaten"}),
        ("metadata_modified:[2024-06-01T00:00:00Z TO *]", {"wahl-2024"}),
        ("metadata_modified:[* TO 2024-01-01T00:00:00Z]", {"haushalt-2023"}),
        (
            "metadata_modified:[NOW-100YEARS/DAY TO NOW]",
            {"stadtbaeume", "baumkataster", "verkehrsdaten", "haushalt-2023", "wahl-2024", "flohmarkt", "special"},
        ),
        ("metadata_modified:[NOW/DAY TO *]", set()),
        ("views_recent:[1 TO 10]", {"stadtbaeume"}),
        ("views_recent:*", {"stadtbaeume"}),
        ("extras_quelle:*", {"wahl-2024"}),
        ("name:flo*", {"flohmarkt"}),
        ("name:*kataster", {"baumkataster"}),
        ("name:wahl-20?4", {"wahl-2024"}),
        ("title:flohm*", {"flohmarkt"}),
        ("tags:c\\+\\+", {"special"}),
        ('tags:"a b"', {"special"}),
        ("title:Colon\\:", {"special"}),
        ("Wahlamt", {"wahl-2024"}),
        ("capacity:private", {"wahl-2024"}),
        ("baum", {"stadtbaeume", "baumkataster"}),
        ("Bäume", {"stadtbaeume", "baumkataster"}),
        ("Verkehr", {"verkehrsdaten"}),
        ("zählstelle", {"verkehrsdaten"}),
    ],
)
def test_lucene_syntax(corpus: pysolr.Solr, q: str, expected: set[str]) -> None:
    assert set(names(search(corpus, q, **{"q.op": "AND", "df": "text"}))) == expected


def test_q_op_or_and_default_field(corpus: pysolr.Solr) -> None:
    both = search(corpus, "jena verkehr", **{"q.op": "OR", "df": "text"})
    # wahl-2024 matches through extras_quelle "Wahlamt (Jena)", copied into text
    assert set(names(both)) == {"stadtbaeume", "baumkataster", "verkehrsdaten", "wahl-2024"}
    assert names(search(corpus, "jena verkehr", **{"q.op": "AND", "df": "text"})) == []
    assert set(names(search(corpus, "umwelt", df="tags"))) == {"stadtbaeume", "baumkataster"}


def test_boost_changes_ranking(corpus: pysolr.Solr) -> None:
    plain = names(search(corpus, "name:stadtbaeume OR name:baumkataster^10", sort="score desc"))
    assert plain[0] == "baumkataster"
    flipped = names(search(corpus, "name:stadtbaeume^10 OR name:baumkataster", sort="score desc"))
    assert flipped[0] == "stadtbaeume"


def test_dismax_as_ckan_sends_it(corpus: pysolr.Solr) -> None:
    res = search(corpus, "Baum Jena", **DISMAX)
    assert set(names(res)) == {"stadtbaeume", "baumkataster"}
    # mm 2<-1: with two optional clauses both are required
    assert names(search(corpus, "Baum Wahlergebnisse", **DISMAX)) == []
    # three clauses: all but one must match
    assert set(names(search(corpus, "Baum Jena Wahlergebnisse", **DISMAX))) == {
        "stadtbaeume",
        "baumkataster",
        "wahl-2024",
    }
    assert set(names(search(corpus, "Baum Kataster Wahlergebnisse", **DISMAX))) == {"baumkataster"}
    assert names(search(corpus, "Baum -kataster", **DISMAX)) == ["stadtbaeume"]


def test_dismax_qf_boost_decides_order(corpus: pysolr.Solr) -> None:
    params = dict(DISMAX, sort="score desc")
    params["qf"] = "notes^10 title"
    assert names(search(corpus, "kataster", **params))[0] == "baumkataster"
    params["qf"] = "title^10 notes"
    res = names(search(corpus, "verkehr", **params))
    assert res == ["verkehrsdaten"]


def test_edismax_with_fields_and_bf(corpus: pysolr.Solr) -> None:
    base = {"defType": "edismax", "qf": "title text", "sort": "score desc", "fl": "name score"}
    res = search(corpus, "umwelt", **base)
    assert set(names(res)) == {"stadtbaeume", "baumkataster"}
    boosted = search(corpus, "umwelt", bf="views_recent", **base)
    assert names(boosted)[0] == "stadtbaeume"
    scores = {d["name"]: d["score"] for d in boosted.docs}
    plain = {d["name"]: d["score"] for d in res.docs}
    assert scores["stadtbaeume"] == pytest.approx(plain["stadtbaeume"] + 5, rel=1e-6)
    assert scores["baumkataster"] == pytest.approx(plain["baumkataster"], rel=1e-6)
    assert names(search(corpus, "umwelt tags:bäume", **dict(base, mm="100%"))) == ["stadtbaeume"]


def test_filters_are_anded(corpus: pysolr.Solr) -> None:
    res = search(
        corpus, "*:*", fq=['+site_id:"default"', "+state:active", "+capacity:public", "organization:gruenflaechenamt"]
    )
    assert set(names(res)) == {"stadtbaeume", "baumkataster"}
    assert names(search(corpus, "*:*", fq=["organization:gruenflaechenamt", "{!lucene q.op=AND}Kataster Jena"])) == [
        "baumkataster"
    ]
    assert search(corpus, "*:*", fq="{!bool must=umwelt must_not=kataster}").hits == 1


def test_sort_by_fields_missing_last(corpus: pysolr.Solr) -> None:
    res = names(search(corpus, "*:*", sort="metadata_modified desc"))
    assert res[:3] == ["wahl-2024", "flohmarkt", "verkehrsdaten"]
    asc = names(search(corpus, "*:*", sort="organization asc, metadata_modified desc"))
    assert asc[:2] == ["stadtbaeume", "baumkataster"]
    assert set(asc[-2:]) == {"flohmarkt", "special"}  # no organization: last
    desc = names(search(corpus, "*:*", sort="organization desc, name asc"))
    assert desc[0] == "wahl-2024" and set(desc[-2:]) == {"flohmarkt", "special"}
    assert names(search(corpus, "*:*", sort="views_recent desc, name asc"))[:3] == [
        "stadtbaeume",
        "baumkataster",
        "flohmarkt",
    ]


def test_unknown_sort_field_is_ignored(corpus: pysolr.Solr) -> None:
    res = search(corpus, "*:*", sort="no_such_field_xyz desc, name asc")
    assert names(res)[0] == "baumkataster"


def test_bad_sort_order_is_a_400(corpus: pysolr.Solr) -> None:
    with pytest.raises(pysolr.SolrError, match="Can't determine a Sort Order"):
        search(corpus, "*:*", sort="metadata_modified")


def test_fl_start_rows(corpus: pysolr.Solr) -> None:
    res = corpus.search("*:*", fl="id,name", sort="name asc", start=1, rows=2)
    assert res.hits == 7
    assert [d["name"] for d in res.docs] == ["flohmarkt", "haushalt-2023"]
    assert set(res.docs[0]) == {"id", "name"}
    assert corpus.search("*:*", rows=0).docs == []
    everything = corpus.search("name:flohmarkt", fl="*").docs[0]
    assert everything["title"] == "Flohmärkte" and "text" not in everything  # text is not stored
    with_score = corpus.search("title:jena", fl="name score").docs[0]
    assert with_score["score"] > 0


def test_facets(corpus: pysolr.Solr) -> None:
    res = corpus.search(
        "*:*",
        rows=0,
        **{
            "facet": "true",
            "facet.field": ["tags", "res_format", "organization"],
            "facet.mincount": 1,
            "facet.limit": 2,
        },
    )
    ff = res.facets["facet_fields"]
    assert ff["tags"] == ["umwelt", 2, "a b", 1]
    assert ff["res_format"] == ["CSV", 3, "GeoJSON", 1]
    assert len(ff["organization"]) == 4
    unlimited = corpus.search(
        "tags:umwelt", rows=0, **{"facet": "true", "facet.field": "tags", "facet.limit": -1, "facet.mincount": 1}
    )
    # like Solr, facet.limit=-1 sorts by term unless facet.sort says otherwise
    assert unlimited.facets["facet_fields"]["tags"] == ["bäume", 1, "umwelt", 2]
    zero = corpus.search(
        "tags:umwelt",
        rows=0,
        **{"facet": "true", "facet.field": "organization", "facet.limit": -1, "facet.mincount": 0},
    )
    assert zero.facets["facet_fields"]["organization"][:2] == ["gruenflaechenamt", 2]
    assert "verkehrsamt" in zero.facets["facet_fields"]["organization"]


def test_long_query_is_sent_as_post(corpus: pysolr.Solr, service: SearchService) -> None:
    clauses = " OR ".join(f"name:nothing-{i}" for i in range(80)) + " OR name:flohmarkt"
    assert len(clauses) > 1024
    assert names(search(corpus, clauses)) == ["flohmarkt"]
    resp = requests.post(service.url + "/select", data={"q": clauses, "wt": "json", "fl": "name"}, timeout=10)
    assert resp.status_code == 200 and resp.json()["response"]["docs"] == [{"name": "flohmarkt"}]


def test_index_id_lookup_and_dates_format(corpus: pysolr.Solr) -> None:
    doc = corpus.search("index_id:idx-1", fl="*").docs[0]
    assert doc["metadata_modified"] == "2024-03-01T10:00:00Z"
    assert doc["tags"] == ["umwelt", "bäume"]


@pytest.mark.parametrize("tied", [30, 400])
def test_score_ties_at_the_page_edge_are_ordered_by_the_next_key(solr: pysolr.Solr, tied: int) -> None:
    # Identical titles score the same; metadata_modified decides, also beyond the first fetch.
    stamps = [f"2024-01-{1 + i // 24:02d}T{i % 24:02d}:00:00Z" for i in range(tied)]
    solr.add([dataset(i, title="Gleicher Titel", metadata_modified=stamps[i]) for i in range(tied)], commit=True)
    newest_first = [f"dataset-{i}" for i in reversed(range(tied))]
    for start in (0, tied - 12):
        res = solr.search("Titel", **DISMAX, sort="score desc, metadata_modified desc", rows=10, start=start)
        assert names(res) == newest_first[start : start + 10]
