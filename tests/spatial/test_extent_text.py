"""Issue 20 (10): the "Räumliche Ausdehnung" row of a dataset page says where in words, never
shows the raw GeoJSON."""

from __future__ import annotations

from typing import Any

import pytest


def _extent_row(app: Any, url: str) -> str:
    body = app.get(url).get_data(as_text=True)
    label = "Räumliche Ausdehnung" if not url.startswith("/en/") else "Spatial extent"
    row = body[body.index(f'<th scope="row" class="dataset-label">{label}</th>') :]
    return row[: row.index("</tr>")]


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
def test_extent_row_names_the_districts_not_the_geojson(app: Any, place_datasets: dict[str, Any]) -> None:
    row = _extent_row(app, "/dataset/baeume-lobeda")
    assert "Gebiet um die Ortsteile Drackendorf, Göschwitz, Lobeda-Altstadt, Neulobeda" in row
    assert "coordinates" not in row and "Polygon" not in row
    assert 'href="#jena-dataset-extent"' in row
    assert "Ganzes Stadtgebiet" in _extent_row(app, "/dataset/baeume-stadt")
    assert "Area around the districts Drackendorf" in _extent_row(app, "/en/dataset/baeume-lobeda")
