"""The portal answers in German first, offers English, and its home page shows what the contract asks for."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

import lxml.html
import pytest
from ckan.tests import factories

from ckanext.jena.codelists import get_codelist
from ckanext.jena.helpers import DATA_THEME_ICONS

from .conftest import DATASETS, create_dataset, publish

LEGAL_LINKS_DE = ["Impressum", "Datenschutz", "Barrierefreiheit", "Kontakt"]
LEGAL_LINKS_EN = ["Legal notice", "Privacy", "Accessibility", "Contact"]


def page(app: Any, url: str, **kwargs: Any) -> lxml.html.HtmlElement:
    response = app.get(url, **kwargs)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    return lxml.html.fromstring(response.body)


def text(element: lxml.html.HtmlElement) -> str:
    return re.sub(r"\s+", " ", element.text_content()).strip()


def section_titles(doc: lxml.html.HtmlElement, heading_id: str) -> list[str]:
    """Titles of the teaser list in the home page section headed by ``heading_id``."""
    section = doc.xpath(f'//section[@aria-labelledby="{heading_id}"]')
    assert section, f"no section {heading_id}"
    return [text(a) for a in section[0].xpath('.//h3[@class="jena-teaser-title"]/a')]


def nav_labels(doc: lxml.html.HtmlElement) -> list[str]:
    return [text(a) for a in doc.xpath('//header[@class="masthead"]//ul[contains(@class, "navbar-nav")]//a')]


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
class TestGermanFirst:
    def test_home_page_is_german(self, app: Any, public_datasets: list[dict[str, Any]]) -> None:
        doc = page(app, "/")
        assert doc.get("lang") == "de"
        assert text(doc.xpath("//h1")[0]) == "Offene Daten Jena"
        assert doc.xpath('//label[@for="jena-home-search"]')[0].text == "Daten suchen"
        assert nav_labels(doc)[:2] == ["Datensätze", "Fachbereiche"]
        footer = text(doc.xpath("//footer")[0])
        for label in LEGAL_LINKS_DE:
            assert label in footer
        assert "Datenlizenz Deutschland – Namensnennung – Version 2.0" in footer

    def test_dataset_page_asks_for_its_department_once(
        self, app: Any, public_datasets: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """organization_show (members, followers, a dataset count) cost ~50 ms and ran twice per page."""
        import ckan.logic

        asked: list[str] = []
        original = ckan.logic.get_action

        def counting(name: str) -> Any:
            if name == "organization_show":
                asked.append(name)
            return original(name)

        monkeypatch.setattr(ckan.logic, "get_action", counting)
        doc = page(app, f"/dataset/{public_datasets[0]['name']}")
        assert doc.xpath('//*[contains(@class, "context-info")] | //section[contains(@class, "module-narrow")]')
        assert len(asked) == 1, asked

    def test_no_third_party_avatars(self, app: Any) -> None:
        """No gravatar.com: it would receive a hash of staff e-mail addresses and visitors' IPs."""
        from tests.auth import auth_headers

        person = factories.User(image_url="")
        dashboard = app.get("/dashboard/datasets", headers=auth_headers(person), status=200).body
        assert "gravatar.com" not in dashboard
        assert "/base/images/placeholder-user.png" in dashboard

    def test_account_pictures_only_from_the_portal(self, app: Any) -> None:
        """A picture on another host (a web address in the profile; CKAN's test factory gives one
        on placekittens.com) is not loaded: the header showed its alt text (the user name) when
        the host was unreachable, and loading it hands the visitor's address to that host. An
        uploaded picture is shown."""
        from tests.auth import auth_headers

        person = factories.User(name="ines-extern", image_url="https://placekittens.com/180/551")
        header = page(app, "/dashboard/datasets", headers=auth_headers(person)).xpath('//a[@class="image"]/img')[0]
        assert header.get("src") == "/base/images/placeholder-user.png" and header.get("alt") == person["display_name"]
        uploaded = factories.User(name="ulla-upload", image_url="2026-12-07-avatar.png")
        header = page(app, "/dashboard/datasets", headers=auth_headers(uploaded)).xpath('//a[@class="image"]/img')[0]
        assert header.get("src").endswith("/uploads/user/2026-12-07-avatar.png")

    @pytest.mark.parametrize("url", ["/", "/dataset/"])
    def test_home_and_search_page_link_the_dcat_catalog(self, app: Any, url: str) -> None:
        doc = page(app, url)
        links = doc.xpath('//head/link[@rel="alternate"]')
        assert {link.get("type"): urlsplit(link.get("href")).path for link in links} == {
            "application/rdf+xml": "/catalog.rdf",
            "text/turtle": "/catalog.ttl",
            "application/ld+json": "/catalog.jsonld",
        }
        icons = doc.xpath('//head/link[contains(@rel, "icon")]')
        assert [icon.get("href") for icon in icons] == ["/jena-theme/jena-logo.svg"]

    def test_search_page_is_german(self, app: Any, public_datasets: list[dict[str, Any]]) -> None:
        doc = page(app, "/dataset/")
        assert doc.get("lang") == "de"
        body = text(doc.xpath("//body")[0])
        assert "4 Datensätze gefunden" in body
        assert "Organisation" not in body
        facet_titles = [text(h) for h in doc.xpath('//section[contains(@class, "module-narrow")]//h2')]
        assert "Fachbereiche" in facet_titles

    def test_dataset_page_is_german(self, app: Any, public_datasets: list[dict[str, Any]]) -> None:
        doc = page(app, "/dataset/baumkataster")
        assert doc.get("lang") == "de"
        body = text(doc.xpath("//body")[0])
        assert "Baumkataster" in text(doc.xpath("//h1")[0])
        assert "Daten und Ressourcen" in body
        assert "Organisation" not in body
        breadcrumb = [text(a) for a in doc.xpath('//ol[@class="breadcrumb"]//a')]
        assert breadcrumb[:3] == ["Start", "Fachbereiche", "Umweltschutz"]

    def test_dataset_page_lists_only_fields_with_values(self, app: Any, public_datasets: list[dict[str, Any]]) -> None:
        doc = page(app, "/dataset/baumkataster")
        rows = {text(row.xpath("th")[0]): text(row.xpath("td")[0]) for row in doc.xpath("//table//tr[th and td]")}
        assert rows["E-Mail der Kontaktstelle"] == "opendata@example.org"
        assert rows["EU-Datenthemen"] == "Umwelt"
        # Left empty in the test data: no row instead of an empty one.
        assert "Web-Adresse der Kontaktstelle" not in rows
        assert "Version" not in rows
        assert all(value for value in rows.values()), rows

    def test_resource_page_lists_only_fields_with_values_and_no_raw_keys(
        self, app: Any, public_datasets: list[dict[str, Any]]
    ) -> None:
        dataset = next(d for d in public_datasets if d["name"] == "baumkataster")
        resource = dataset["resources"][0]
        doc = page(app, f"/dataset/baumkataster/resource/{resource['id']}")
        rows = {text(row.xpath("th")[0]): text(row.xpath("td")[0]) for row in doc.xpath("//table//tr[th and td]")}
        assert rows["Format"] == "CSV"
        # No byte size or checksum in the test data: no row for them.
        assert "Größe in Bytes" not in rows and "Prüfsumme" not in rows
        assert all(value for value in rows.values()), rows
        # Behind "Mehr anzeigen": the resource ID, not CKAN's raw English key names.
        assert rows["Kennung der Ressource"] == resource["id"]
        assert not {"Package id", "Position", "State", "Datastore active", "Url type"} & set(rows), rows

    def test_status_show_answers_in_german(self, app: Any) -> None:
        response = app.get("/api/3/action/status_show")
        assert response.status_code == 200
        result = response.json["result"]
        assert result["locale_default"] == "de"
        assert result["site_title"] == "Offene Daten Jena"
        assert result["site_description"] == "Das Open-Data-Portal der Stadt Jena"
        assert "jena" in result["extensions"]

    def test_english_is_offered(self, app: Any, public_datasets: list[dict[str, Any]]) -> None:
        doc = page(app, "/en/")
        assert doc.get("lang") == "en"
        assert doc.xpath('//label[@for="jena-home-search"]')[0].text == "Search data"
        assert nav_labels(doc)[:2] == ["Datasets", "Departments"]
        assert text(doc.xpath('//*[@id="jena-home-newest"]')[0]) == "New and updated"
        footer = text(doc.xpath("//footer")[0])
        for label in LEGAL_LINKS_EN:
            assert label in footer
        assert page(app, "/en/dataset/baumkataster").get("lang") == "en"

    def test_language_switch_keeps_the_page(self, app: Any, public_datasets: list[dict[str, Any]]) -> None:
        german = page(app, "/dataset/baumkataster")
        to_english = german.xpath('//nav[@class="jena-language-switch"]//a[@hreflang="en"]')[0]
        assert to_english.get("href") == "/en/dataset/baumkataster"
        assert text(to_english) == "English"
        english = page(app, to_english.get("href"))
        to_german = english.xpath('//nav[@class="jena-language-switch"]//a[@hreflang="de"]')[0]
        assert to_german.get("href") == "/dataset/baumkataster"
        assert text(to_german) == "Deutsch"
        current = english.xpath('//nav[@class="jena-language-switch"]//span[@aria-current="true"]')
        assert [text(span) for span in current] == ["English"]


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
class TestHomePage:
    def test_newest_datasets_come_first(
        self,
        app: Any,
        editor: dict[str, Any],
        sysadmin: dict[str, Any],
        public_datasets: list[dict[str, Any]],
    ) -> None:
        titles = section_titles(page(app, "/"), "jena-home-newest")
        assert titles == [data["title"] for data in reversed(DATASETS)]

        publish(editor, sysadmin, DATASETS[2], name="spielplaetze", title="Spielplätze")
        titles = section_titles(page(app, "/"), "jena-home-newest")
        assert titles[:2] == ["Spielplätze", DATASETS[-1]["title"]]
        assert len(titles) == 5

    @pytest.mark.ckan_config("ckanext.jena.portal.home_dataset_count", "2")
    def test_number_of_listed_datasets_is_configurable(self, app: Any, public_datasets: list[dict[str, Any]]) -> None:
        doc = page(app, "/")
        assert len(section_titles(doc, "jena-home-newest")) == 2
        assert len(section_titles(doc, "jena-home-departments")) == 2

    def test_unreleased_datasets_stay_off_the_home_page(
        self,
        app: Any,
        editor: dict[str, Any],
        sysadmin: dict[str, Any],
        public_datasets: list[dict[str, Any]],
    ) -> None:
        create_dataset(editor, DATASETS[0], name="interner-entwurf", title="Interner Entwurf")
        token = factories.APIToken(user=sysadmin["name"])["token"]
        # The sysadmin finds the draft in the search, but the home page shows what the public sees.
        search = text(page(app, "/dataset/", headers={"Authorization": token}).xpath("//body")[0])
        assert "Interner Entwurf" in search
        doc = page(app, "/", headers={"Authorization": token})
        assert "Interner Entwurf" not in section_titles(doc, "jena-home-newest")
        assert "4 Datensätze" in text(doc.xpath('//ul[@class="jena-stats"]')[0])

    def test_figures_count_datasets_and_departments(self, app: Any, public_datasets: list[dict[str, Any]]) -> None:
        stats = [text(li) for li in page(app, "/").xpath('//ul[@class="jena-stats"]/li')]
        assert stats == ["4 Datensätze", "3 Fachbereiche"]
        stats = [text(li) for li in page(app, "/en/").xpath('//ul[@class="jena-stats"]/li')]
        assert stats == ["4 datasets", "3 departments"]

    def test_empty_portal_says_so(self, app: Any) -> None:
        doc = page(app, "/")
        assert "Es sind noch keine Datensätze veröffentlicht." in text(doc.xpath("//body")[0])
        assert [text(li) for li in doc.xpath('//ul[@class="jena-stats"]/li')] == ["0 Datensätze", "0 Fachbereiche"]

    def test_departments_with_most_datasets(self, app: Any, public_datasets: list[dict[str, Any]]) -> None:
        doc = page(app, "/")
        assert section_titles(doc, "jena-home-departments") == [
            "Verkehr und Mobilität",
            "Statistik und Wahlen",
            "Umweltschutz",
        ]
        link = doc.xpath('//section[@aria-labelledby="jena-home-departments"]//h3/a')[0]
        assert link.get("href") == "/organization/verkehr-und-mobilitaet"

    def test_themes_link_to_the_search(self, app: Any, public_datasets: list[dict[str, Any]]) -> None:
        links = page(app, "/").xpath('//ul[@class="jena-themes"]//a')
        by_code = {link.get("href").removeprefix("/dataset/?theme="): link for link in links}
        assert all(link.get("href").startswith("/dataset/?theme=") for link in links)
        for code in ("TRAN", "ENVI", "SOCI", "REGI"):
            label = text(by_code[code].xpath('.//span[@class="jena-theme-label"]')[0])
            assert label == get_codelist("data_themes").label(code, "de")
        assert set(by_code) <= set(get_codelist("data_themes").codes())

    def test_theme_links_find_their_datasets_and_show_counts(
        self, app: Any, public_datasets: list[dict[str, Any]]
    ) -> None:
        doc = page(app, "/")
        tiles = {
            text(tile.xpath('.//span[@class="jena-theme-label"]')[0]): text(
                tile.xpath('.//span[@class="jena-theme-count"]')[0]
            )
            for tile in doc.xpath('//ul[@class="jena-themes"]//a')
        }
        assert tiles == {
            "Verkehr": "2 Datensätze",
            "Umwelt": "1 Datensatz",
            "Bevölkerung und Gesellschaft": "1 Datensatz",
            "Regionen und Städte": "1 Datensatz",
        }
        found = text(page(app, "/dataset/?theme=TRAN").xpath("//body")[0])
        assert "2 Datensätze gefunden" in found

    def test_every_theme_of_the_code_list_has_an_icon(self) -> None:
        assert sorted(DATA_THEME_ICONS) == sorted(get_codelist("data_themes").codes())

    def test_most_used_is_left_out_without_usage_figures(self, app: Any, public_datasets: list[dict[str, Any]]) -> None:
        doc = page(app, "/")
        assert not doc.xpath('//*[@id="jena-home-most-used"]')
        assert "Meistgenutzt" not in text(doc.xpath("//body")[0])

    @pytest.mark.ckan_config("ckanext.jena.portal.imprint_url", "https://example.org/impressum")
    @pytest.mark.ckan_config("ckanext.jena.portal.contact_url", "mailto:opendata@example.org")
    def test_footer_links_are_configurable(self, app: Any) -> None:
        links = {text(a): a.get("href") for a in page(app, "/").xpath('//nav[@aria-labelledby="jena-footer-legal"]//a')}
        assert links == {
            "Impressum": "https://example.org/impressum",
            "Datenschutz": "https://www.jena.de/datenschutz",
            "Barrierefreiheit": "/barrierefreiheit",
            "Kontakt": "mailto:opendata@example.org",
        }
