"""The district gazetteer: data, recognition in free text, the jena_gazetteer_search action."""

from __future__ import annotations

import pytest
from ckan.plugins import toolkit as tk
from ckan.tests.helpers import call_action

from ckanext.jena.codelists import get_codelist
from ckanext.jena.spatial import gazetteer

HOME = (11.45, 50.84, 11.70, 51.00)


def codes(text: str) -> list[str]:
    return [district.code for district in gazetteer.recognise(text)]


class TestData:
    def test_every_code_of_the_code_list_has_a_box_inside_the_city(self) -> None:
        districts = gazetteer.districts()
        assert [d.code for d in districts] == get_codelist("districts").codes()
        assert len(districts) == 30
        for district in districts:
            minx, miny, maxx, maxy = district.bbox
            assert HOME[0] <= minx < maxx <= HOME[2] and HOME[1] <= miny < maxy <= HOME[3], district.code
            lon, lat = district.centroid
            assert minx < lon < maxx and miny < lat < maxy, district.code

    def test_geometry_is_a_closed_polygon_of_the_box(self) -> None:
        district = gazetteer.get("winzerla")
        assert district is not None
        ring = district.geometry()["coordinates"][0]
        assert ring[0] == ring[-1] and len(ring) == 5
        assert district.as_dict()["ext_bbox"] == "11.562,50.887,11.582,50.903"

    def test_union_box_of_several_districts(self) -> None:
        assert gazetteer.union_bbox(["neulobeda", "lobeda-altstadt"]) == (11.603, 50.874, 11.633, 50.895)
        assert gazetteer.union_bbox(["atlantis"]) is None


class TestRecognise:
    def test_lobeda_names_both_lobeda_districts(self) -> None:
        assert codes("was gibt es für Lobeda?") == ["lobeda-altstadt", "neulobeda"]

    def test_the_full_name_wins_over_its_part(self) -> None:
        assert codes("Bäume in Lobeda-Altstadt") == ["lobeda-altstadt"]

    def test_spellings_without_umlauts_and_parts_of_double_names(self) -> None:
        assert codes("Spielplätze Zwaetzen und Kunitz") == ["kunitz-laasan", "zwaetzen"]
        assert codes("GÖSCHWITZ jena süd") == ["goeschwitz", "jena-sued"]

    def test_no_district_in_ordinary_words(self) -> None:
        assert codes("Bäume in Jena") == []
        assert codes("Mauer Closewitzer") == []
        assert codes("") == []


@pytest.mark.usefixtures("with_plugins")
class TestAction:
    def test_anonymous_search_by_text(self) -> None:
        found = call_action("jena_gazetteer_search", {"user": ""}, q="was gibt es für Lobeda?")
        assert [d["code"] for d in found] == ["lobeda-altstadt", "neulobeda"]
        assert found[1]["label"] == "Neulobeda" and found[1]["approximate"] is True
        assert found[1]["geometry"]["type"] == "Polygon"

    def test_all_districts_without_text(self) -> None:
        assert len(call_action("jena_gazetteer_search", {"user": ""})) == 30

    def test_text_must_be_a_string(self) -> None:
        with pytest.raises(tk.ValidationError) as error:
            call_action("jena_gazetteer_search", {"user": ""}, q=["Lobeda"])
        assert error.value.error_dict == {"q": ["Bitte geben Sie einen Suchtext an."]}

    def test_through_the_api(self, app: object) -> None:
        response = app.get("/api/3/action/jena_gazetteer_search", query_string={"q": "Zwätzen"})  # type: ignore[attr-defined]
        assert response.status_code == 200
        assert [d["code"] for d in response.json["result"]] == ["zwaetzen"]
