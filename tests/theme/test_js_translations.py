"""CKAN's JavaScript strings in German under gunicorn (``ckanext.jena.js_translations``)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from ckanext.jena.js_translations import ensure_js_translations


@pytest.mark.usefixtures("with_plugins")
def test_built_at_start_and_served_in_german(app: Any) -> None:
    folder = ensure_js_translations()
    for stale in folder.glob("*.js"):
        stale.unlink()

    ensure_js_translations()

    served = json.loads(app.get("/api/i18n/de").body)
    assert served["Show more"][1] == "Mehr anzeigen"
    assert json.loads((folder / "de.js").read_text())["Upload"][1] == "Hochladen"
    # Our scripts' German messages (ckanext-jena.pot) in English.
    english = json.loads(app.get("/api/i18n/en").body)
    assert english["Die Objekte werden geladen …"][1] == "Loading the features …"
    assert english["%(num)s Ebene im Dienst"][1:] == ["%(num)s layer in the service", "%(num)s layers in the service"]
