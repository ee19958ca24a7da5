"""The information pages BITV 2.0 asks for: accessibility statement, Leichte Sprache,
Gebärdensprache — public, in the footer, editable by sysadmins only, never a way to inject script."""

from __future__ import annotations

from typing import Any

import lxml.html
import pytest
from ckan import model
from ckan.tests import factories

from tests.auth import auth_headers

MAIN = "//main | //*[@role='main']"
PAGES = {
    "/barrierefreiheit": "Erklärung zur Barrierefreiheit",
    "/leichte-sprache": "Leichte Sprache",
    "/gebaerdensprache": "Gebärdensprache",
}


def _doc(response: Any) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(response.body)


def _text(element: lxml.html.HtmlElement) -> str:
    return " ".join(element.text_content().split())


@pytest.fixture
def sysadmin() -> dict[str, Any]:
    return factories.Sysadmin()


@pytest.mark.usefixtures("with_plugins", "clean_db")
class TestInfoPages:
    def test_each_page_is_public_with_its_default_text(self, app: Any) -> None:
        for path, title in PAGES.items():
            doc = _doc(app.get(path, status=200))
            assert _text(doc.xpath("//h1")[0]) == title
            assert not doc.xpath('//a[contains(@href, "/bearbeiten")]'), "anonymous visitors get no edit link"
        statement = _text(_doc(app.get("/barrierefreiheit")).xpath(MAIN)[0])
        for required in (
            "teilweise vereinbar",
            "Nicht barrierefreie Inhalte",
            "Feedback und Kontakt",
            "Durchsetzungsverfahren",
            "Landesdurchsetzungsstelle",
            "7. Dezember 2026",
        ):
            assert required in statement
        assert "Oupen Däita" in _text(_doc(app.get("/leichte-sprache")).xpath(MAIN)[0])

    def test_footer_links_every_page(self, app: Any) -> None:
        links = {a.get("href") for a in _doc(app.get("/")).xpath("//footer//a")}
        assert set(PAGES) <= links

    def test_english_statement_and_german_only_pages(self, app: Any) -> None:
        statement = _doc(app.get("/en/barrierefreiheit"))
        assert _text(statement.xpath("//h1")[0]) == "Accessibility statement"
        assert "partially compliant" in _text(statement.xpath(MAIN)[0])
        easy = _doc(app.get("/en/leichte-sprache"))
        assert "This page is only available in German." in _text(easy.xpath(MAIN)[0])
        assert easy.xpath('//div[@lang="de"]//h2')

    def test_sysadmin_edits_and_resets_a_page(self, app: Any, sysadmin: dict[str, Any]) -> None:
        headers = auth_headers(sysadmin)
        form = _doc(app.get("/barrierefreiheit/bearbeiten", headers=headers, status=200))
        assert form.xpath('//textarea[@name="text_de"]') and form.xpath('//textarea[@name="text_en"]')
        response = app.post(
            "/barrierefreiheit/bearbeiten",
            data={"text_de": "## Stand\r\n\r\nVollständig vereinbar.", "text_en": ""},
            headers=headers,
            follow_redirects=False,
        )
        assert response.status_code == 302
        assert "Vollständig vereinbar." in _text(_doc(app.get("/barrierefreiheit")).xpath(MAIN)[0])
        assert "partially compliant" in app.get("/en/barrierefreiheit").body  # English still the default
        app.post("/barrierefreiheit/bearbeiten", data={"text_de": "  ", "text_en": ""}, headers=headers)
        assert "teilweise vereinbar" in app.get("/barrierefreiheit").body
        assert model.get_system_info("ckanext.jena.info_page.barrierefreiheit.de") is None

    def test_nobody_else_may_edit(self, app: Any) -> None:
        editor = factories.User()
        factories.Organization(users=[{"name": editor["name"], "capacity": "admin"}])
        for headers in ({}, auth_headers(editor)):
            answer = app.get("/leichte-sprache/bearbeiten", headers=headers, status=403)
            assert "Nur Administratorinnen und Administratoren" in answer.body
            app.post("/leichte-sprache/bearbeiten", data={"text_de": "gehackt"}, headers=headers, status=403)
        assert "gehackt" not in app.get("/leichte-sprache").body

    @pytest.mark.parametrize(
        ("text", "message"),
        [
            ("a\x07b", "Steuerzeichen"),  # NUL never gets this far: the request guard answers 400
            ("x" * 20_001, "zu lang (20001 Zeichen, höchstens 20000)"),
        ],
    )
    def test_bad_text_is_refused_and_nothing_saved(
        self, app: Any, sysadmin: dict[str, Any], text: str, message: str
    ) -> None:
        answer = app.post(
            "/barrierefreiheit/bearbeiten",
            data={"text_de": "Gültig", "text_en": text},
            headers=auth_headers(sysadmin),
            status=200,
        )
        alert = _text(_doc(answer).xpath('//*[@role="alert"]')[0])
        assert "Die Seite wurde nicht gespeichert" in alert and message in alert
        assert model.get_system_info("ckanext.jena.info_page.barrierefreiheit.de") is None  # not half-saved

    def test_markdown_cannot_run_script(self, app: Any, sysadmin: dict[str, Any]) -> None:
        hostile = '<script>alert(1)</script> [klick](javascript:alert(2)) <img src=x onerror="alert(3)">'
        app.post("/gebaerdensprache/bearbeiten", data={"text_de": hostile}, headers=auth_headers(sysadmin))
        main = lxml.html.tostring(_doc(app.get("/gebaerdensprache")).xpath(MAIN)[0], encoding="unicode")
        assert "<script>alert" not in main and "javascript:" not in main and "onerror" not in main
