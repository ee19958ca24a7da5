"""Issue 13 item 9, CKAN side: a query the search service refuses reaches the user as a short
German/English message (API 400 "Search Query Error", search page 400), without the Solr query
and without an ERROR log line (ckanext/jena/logic/action/search.py)."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from ckan.tests.helpers import call_action

from tests.search.hostile_examples import DATE_MATH, SLOP, words

SYNTAX_DE = "Die Suchanfrage enthält einen Syntaxfehler."
SYNTAX_EN = "The search query has a syntax error."
TOO_BIG_DE = "Die Suchanfrage ist zu lang oder zu komplex."
SORT_DE = "Die Sortierung der Suchanfrage ist ungültig."

# (id, package_search parameters, German message)
REFUSED = [
    ("boost 1.2.3", {"q": "title:jena^1.2.3"}, SYNTAX_DE),
    ("fuzzy 1..2", {"q": "title:jena~1..2"}, SYNTAX_DE),
    ("slop 400 nines", {"q": SLOP}, SYNTAX_DE),
    ("date math", {"q": DATE_MATH}, SYNTAX_DE),
    ("fq boost 1.2.3", {"q": "*:*", "fq": "title:jena^1.2.3"}, SYNTAX_DE),
    ("fq date math", {"fq": DATE_MATH}, SYNTAX_DE),
    ("100 kB words", {"q": words(17_000)}, TOO_BIG_DE),
    ("300 words", {"q": words(300)}, TOO_BIG_DE),
    ("nesting 3000", {"q": "title:" + "(" * 3000 + "jena" + ")" * 3000}, TOO_BIG_DE),
    ("500 sort fields", {"sort": ", ".join(f"f{i} asc" for i in range(500))}, SORT_DE),
]


def no_errors_logged(caplog: pytest.LogCaptureFixture) -> None:
    bad = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert not bad, [r.getMessage()[:300] for r in bad]


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
class TestRefusedQueries:
    @pytest.mark.parametrize(("params", "message"), [r[1:] for r in REFUSED], ids=[r[0] for r in REFUSED])
    def test_api_answers_400_with_a_short_message(
        self, app: Any, caplog: pytest.LogCaptureFixture, params: dict[str, Any], message: str
    ) -> None:
        response = app.post("/api/3/action/package_search", json=params)
        assert response.status_code == 400, response.get_data(as_text=True)[:500]
        error = response.json["error"]
        assert error["__type"] == "Search Query Error"
        assert error["message"].startswith("Search Query is invalid: ")
        assert message in error["message"]
        body = response.get_data(as_text=True)
        assert len(body) < 600
        assert "SOLR" not in body and "permission_labels" not in body
        no_errors_logged(caplog)

    def test_search_page_shows_the_message_in_german(self, app: Any, caplog: pytest.LogCaptureFixture) -> None:
        response = app.get("/dataset/", query_string={"q": "title:jena^1.2.3"})
        body = response.get_data(as_text=True)
        assert response.status_code == 400
        assert f"Ungültige Suchanfrage: {SYNTAX_DE}" in body
        assert "jena^1.2.3" not in body
        assert "SOLR" not in body and "permission_labels" not in body
        no_errors_logged(caplog)

    def test_search_page_shows_the_message_in_english(self, app: Any, caplog: pytest.LogCaptureFixture) -> None:
        response = app.get("/en/dataset/", query_string={"q": words(300)})
        body = response.get_data(as_text=True)
        assert response.status_code == 400
        assert "Invalid search query: The search query is too long or too complex." in body
        assert words(300) not in body
        no_errors_logged(caplog)

    def test_ordinary_and_other_failing_searches_are_unchanged(self, app: Any) -> None:
        assert call_action("package_search", q="jena")["count"] == 0
        # Refused by CKAN itself before the search service is asked: CKAN's own answer.
        response = app.post("/api/3/action/package_search", json={"q": "{!xmlparser}x"})
        assert response.status_code == 409
        assert "Local parameters are not supported" in response.json["error"]["message"]
