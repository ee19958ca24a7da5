"""The guide for departments (issue 20): one page "So veröffentlichen Sie Daten" with pictures,
in German and English, linked from the dataset form (instead of CKAN's "What are datasets?")
and from "Meine Aufgaben"."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.auth import auth_headers
from tests.release.support import People

GUIDE = "/hilfe/veroeffentlichen"


@pytest.mark.usefixtures("with_plugins")
class TestGuide:
    def test_guide_in_german_and_english_with_its_pictures(self, app: Any) -> None:
        page = app.get(GUIDE).get_data(as_text=True)
        assert "<h1>So veröffentlichen Sie Daten</h1>" in page
        assert "6. Veröffentlicht – und später ändern" in page
        images = re.findall(r'<img class="img-fluid border" src="([^"]+)" alt="([^"]+)"', page)
        assert len(images) == 6 and all(alt.strip() for _, alt in images)
        for source, _ in images:
            picture = app.get(source)
            assert picture.status_code == 200 and picture.content_type == "image/png", source
            assert picture.get_data()[:8] == b"\x89PNG\r\n\x1a\n"
        english = app.get(f"/en{GUIDE}").get_data(as_text=True)
        assert "<h1>How to publish data</h1>" in english and "Review by a second person" in english

    def test_linked_from_the_form_and_the_tasks_page(self, app: Any, people: People) -> None:
        form = app.get("/dataset/new", headers=auth_headers(people.editor)).get_data(as_text=True)
        assert f'href="{GUIDE}"' in form and "Anleitung mit Bildern" in form
        assert "CKAN Datensatz" not in form and "What are datasets" not in form
        tasks = app.get("/aufgaben", headers=auth_headers(people.editor)).get_data(as_text=True)
        assert f'href="{GUIDE}"' in tasks
