"""The table view as a visitor sees it in Chromium: a loaded German CSV shows its rows with typed
columns, and the view (CKAN's datatables_view, overridden for the portal's Content-Security-Policy)
needs nothing the policy refuses: its data dictionary script carries the nonce, its buttons work
without inline handlers."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from ckan.tests.helpers import call_action

from tests.browser_support import NEEDS_CHROMIUM, assert_accessible, launch, screenshot
from tests.release.support import People, context, make_dataset, publish
from tests.tables.support import DATA, file_server, run_queued_jobs, state

pytestmark = [pytest.mark.browser, NEEDS_CHROMIUM]


@pytest.fixture
def served(tmp_path: Path, ckan_config: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setitem(ckan_config, "ckanext.jena.tables.allowed_hosts", ["127.0.0.1"])
    shutil.copy(DATA / "wetter_cp1252.csv", tmp_path / "wetter_cp1252.csv")
    with file_server(tmp_path, {}) as base:
        yield base


@pytest.mark.usefixtures("with_plugins", "with_test_worker", "clean_queues")
def test_public_table_view_in_chromium(people: People, served: str, live_server: str) -> None:
    from playwright.sync_api import sync_playwright

    dataset = make_dataset(
        people, resources=[{"name": "Messwerte", "url": f"{served}/wetter_cp1252.csv", "format": "CSV"}]
    )
    run_queued_jobs()
    resource_id = dataset["resources"][0]["id"]
    assert state(resource_id)[0] == "loaded"
    publish(people, dataset)
    view = next(
        view
        for view in call_action("resource_view_list", context(None), id=resource_id)
        if view["view_type"] == "datatables_view"
    )
    with sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            page = browser.new_context(viewport={"width": 1280, "height": 900}, locale="de-DE").new_page()
            errors: list[str] = []
            page.on("pageerror", lambda error: errors.append(str(error)))
            url = f"{live_server}/dataset/{dataset['name']}/resource/{resource_id}/view/{view['id']}"
            assert page.goto(url).status == 200
            first_row = page.locator("#dtprv tbody tr").first
            first_row.wait_for(timeout=30_000)
            page.wait_for_function("() => !document.querySelector('#dtprv tbody td.dataTables_empty')")
            assert "Jena-Nord" in page.locator("#dtprv tbody").inner_text()
            assert "Löbdergraben" in page.locator("#dtprv tbody").inner_text()
            page.locator("#refit-button").click()  # wired in csp-handlers.js, not inline
            search = page.get_by_role("searchbox").first
            search.fill("Lobeda")
            search.press("Enter")
            page.wait_for_function(
                "() => { const body = document.querySelector('#dtprv tbody').innerText;"
                " return body.includes('Lobeda-Ost') && !body.includes('Jena-Nord'); }"
            )
            screenshot(page, "table-view-filtered")
            page.evaluate("() => { jQuery('#dtprv').DataTable().order([[1, 'desc']]).draw(); }")
            page.wait_for_function(
                "() => { const icon = document.getElementById('sortinfoicon');"
                " return icon && icon.title.startsWith('Umschalttaste (Shift) gedrückt halten'); }"
            )
            # CKAN's scripts speak German too (their translations are built as under gunicorn)
            assert "Sortieren" in page.locator("body").inner_text()
            assert page.get_by_label("Spalte „Messstelle“ filtern").count() >= 1  # header and its scroll copy
            assert_accessible(page, "table view")
            assert errors == []

            resource_page = page.context.new_page()
            assert resource_page.goto(f"{live_server}/dataset/{dataset['name']}/resource/{resource_id}").status == 200
            assert resource_page.get_by_role("heading", name="Daten-API").is_visible()
            screenshot(resource_page, "table-resource-page")

            chart = next(
                view
                for view in call_action("resource_view_list", context(None), id=resource_id)
                if view["view_type"] == "jena_chart_view"
            )
            chart_page = page.context.new_page()
            chart_page.on("pageerror", lambda error: errors.append(str(error)))
            chart_url = f"{live_server}/dataset/{dataset['name']}/resource/{resource_id}?view_id={chart['id']}"
            assert chart_page.goto(chart_url).status == 200
            chart_page.wait_for_function(
                "() => { const c = document.querySelector('.jena-chart canvas');"
                " return c && window.Chart && Chart.getChart(c) && Chart.getChart(c).data.labels.length === 3; }"
            )
            labels = chart_page.evaluate(
                "() => Chart.getChart(document.querySelector('.jena-chart canvas')).data.labels"
            )
            assert labels == ["31.12.2023", "01.02.2024", "29.02.2024"]
            assert chart_page.get_by_role("img", name="Liniendiagramm: Größe (m²), Einwohner nach Datum").is_visible()
            screenshot(chart_page, "table-chart")
            assert_accessible(chart_page, "resource page with chart")
            assert errors == []
            browser.assert_no_csp_violations()
        finally:
            browser.close()
