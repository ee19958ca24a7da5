"""axe-core (WCAG 2.0/2.1 A and AA, as BITV 2.0 asks) on every page type of the portal, in German
and English, in headless Chromium (issue 19): no serious or critical violation anywhere.

One walk over one set of data keeps the run short: four released datasets in three departments
(facets), one with a GeoJSON resource served locally (map preview), and a draft of the editor
(release page, "Meine Aufgaben"). The figures per page (all impacts) are printed.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from ckan.tests import factories

from tests.browser_support import (
    AXE_BLOCKING,
    NEEDS_CHROMIUM,
    axe_violations,
    describe_violations,
    launch,
    screenshot,
)
from tests.release.support import PASSWORD
from tests.spatial.conftest import ALLOWED_HOSTS, LOBEDA
from tests.spatial.test_views import FEATURES
from tests.tables.support import file_server
from tests.theme.conftest import DATASETS, create_dataset, publish

pytestmark = [pytest.mark.browser, NEEDS_CHROMIUM]


@pytest.fixture
def editor() -> dict[str, Any]:
    """The editor of every department, with a password: signs in through the login form."""
    return factories.User(name="erika-editor", email="erika@example.org", password=PASSWORD)


@pytest.fixture
def sysadmin() -> dict[str, Any]:
    """A sysadmin with a password: the header's admin link and the checklist overview."""
    return factories.Sysadmin(name="sigrid-sysadmin", email="sigrid@example.org", password=PASSWORD)


@pytest.fixture
def served(tmp_path: Path, ckan_config: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A local file server with a GeoJSON file the map preview may read."""
    monkeypatch.setitem(ckan_config, ALLOWED_HOSTS, ["127.0.0.1"])
    (tmp_path / "plaetze.geojson").write_text(json.dumps(FEATURES))
    with file_server(tmp_path, {}) as base:
        yield base


@pytest.fixture
def portal_data(
    sysadmin: dict[str, Any], editor: dict[str, Any], departments: list[dict[str, Any]], served: str
) -> dict[str, Any]:
    datasets = [publish(editor, sysadmin, data) for data in DATASETS]
    mapped = publish(
        editor,
        sysadmin,
        {
            "name": "plaetze-lobeda",
            "title": "Plätze in Lobeda",
            "owner_org": "umweltschutz",
            "notes": "Plätze und Wege in Lobeda.",
            "theme": ["ENVI"],
            "jena_category": ["geo"],
            "spatial": LOBEDA,
            "tags": ["Bäume", "Plätze"],
            "resources": [{"name": "Plätze", "url": f"{served}/plaetze.geojson", "format": "GEOJSON"}],
        },
    )
    draft = create_dataset(editor, {**DATASETS[2], "name": "baumkataster-2027", "title": "Baumkataster 2027"})
    return {"datasets": datasets, "mapped": mapped, "draft": draft}


def _pages(data: dict[str, Any]) -> list[tuple[str, str, str | None]]:
    """(name, path, selector to wait for) of every page the walk checks, per language."""
    mapped = data["mapped"]
    resource = mapped["resources"][0]["id"]
    return [
        ("home", "/", None),
        ("search", "/dataset/", None),
        ("search-baum", "/dataset/?q=Baum", None),
        ("search-facets", "/dataset/?organization=umweltschutz&tags=B%C3%A4ume", None),
        ("dataset", f"/dataset/{mapped['name']}", ".jena-map-extent .leaflet-overlay-pane path"),
        ("resource-map-preview", f"/dataset/{mapped['name']}/resource/{resource}", ".jena-map-preview.jena-map-ready"),
        ("departments", "/organization/", None),
        ("groups", "/group/", None),
        ("department", "/organization/umweltschutz", None),
        ("login", "/user/login", None),
        ("not-found", "/dataset/gibt-es-nicht", None),
        ("accessibility-statement", "/barrierefreiheit", None),
        ("easy-language", "/leichte-sprache", None),
        ("sign-language", "/gebaerdensprache", None),
    ]


def _signed_in_pages(data: dict[str, Any]) -> list[tuple[str, str, str | None]]:
    draft = data["draft"]["name"]
    return [
        ("dataset-form-new", "/dataset/new", None),
        ("dataset-form-edit", f"/dataset/edit/{draft}", None),
        ("release-draft", f"/dataset/{draft}/freigabe", None),
        ("checklist", f"/dataset/{draft}/ethik", None),
        ("release-published", "/dataset/baumkataster/freigabe", None),
        ("tasks", "/aufgaben", None),
    ]


SYSADMIN_PAGES: list[tuple[str, str, str | None]] = [
    ("sysadmin-tasks", "/aufgaben", None),
    ("checklist-overview", "/ethik/uebersicht", None),
    ("info-page-edit", "/barrierefreiheit/bearbeiten", None),
    ("data-management-cockpit", "/datenmanagement", None),
]


def _sign_in(page: Any, base: str, prefix: str, user: dict[str, Any]) -> None:
    page.goto(f"{base}{prefix}/user/login")
    page.fill("#field-login", user["name"])
    page.fill("#field-password", PASSWORD)
    with page.expect_navigation():
        page.press("#field-password", "Enter")
    assert "/user/login" not in page.url, f"{user['name']} could not sign in"


def _check(page: Any, base: str, pages: list[tuple[str, str, str | None]], prefix: str, found: dict[str, Any]) -> None:
    for name, path, ready in pages:
        response = page.goto(f"{base}{prefix}{path}")
        expected = 404 if name == "not-found" else 200
        assert response.status == expected, f"{prefix}{path}: {response.status}"
        if ready:
            page.wait_for_selector(ready)
        page.wait_for_load_state("load")
        found[f"{prefix or '/de'} {name}"] = axe_violations(page)


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
def test_every_page_type_meets_wcag_21_aa(
    live_server: str, editor: dict[str, Any], sysadmin: dict[str, Any], portal_data: dict[str, Any]
) -> None:
    from playwright.sync_api import sync_playwright

    found: dict[str, list[dict[str, Any]]] = {}
    with sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            for prefix, locale in (("", "de-DE"), ("/en", "en-GB")):
                context = browser.new_context(viewport={"width": 1280, "height": 900}, locale=locale)
                page = context.new_page()
                _check(page, live_server, _pages(portal_data), prefix, found)
                _sign_in(page, live_server, prefix, editor)
                _check(page, live_server, _signed_in_pages(portal_data), prefix, found)
                context.close()
            # The sysadmin's header (admin link) and pages, in German.
            page = browser.new_context(viewport={"width": 1280, "height": 900}, locale="de-DE").new_page()
            _sign_in(page, live_server, "", sysadmin)
            _check(page, live_server, SYSADMIN_PAGES, "", found)
            page.goto(f"{live_server}/barrierefreiheit")
            screenshot(page, "accessibility-statement")
            page.goto(f"{live_server}/datenmanagement")
            screenshot(page, "data-management-cockpit")
            browser.assert_no_csp_violations()
        finally:
            browser.close()

    print("\naxe-core violations per page (rules / elements; serious+critical rules):")
    for name, violations in found.items():
        blocking = [v for v in violations if v["impact"] in AXE_BLOCKING]
        nodes = sum(len(v["nodes"]) for v in violations)
        print(f"  {name:32} {len(violations):2} / {nodes:3}; blocking {len(blocking)}")
    failures = {name: [v for v in violations if v["impact"] in AXE_BLOCKING] for name, violations in found.items()}
    report = "\n".join(f"{name}:\n{describe_violations(v)}" for name, v in failures.items() if v)
    assert not report, "axe-core: serious or critical WCAG 2.1 AA violations\n" + report
