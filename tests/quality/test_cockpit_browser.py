"""The cockpit with its chart in headless Chromium against the portal under gunicorn (issue 16):
Chart.js draws the daily snapshots under the portal's CSP; screenshot under ``tests/screenshots/``
(git-ignored; look at it), axe-core finds no serious WCAG 2.1 AA violation. One page load after
signing in."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from freezegun import freeze_time
from playwright.sync_api import sync_playwright

from ckanext.jena.quality import snapshots
from tests.browser_support import NEEDS_CHROMIUM, assert_accessible, launch, screenshot
from tests.release.support import PASSWORD, People, make_dataset, publish

pytestmark = [pytest.mark.browser, NEEDS_CHROMIUM]


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
def test_cockpit_chart_is_drawn(gunicorn_portal: str, people: People) -> None:
    publish(people, make_dataset(people, frequency="WEEKLY", title="Straßenbäume"))
    publish(people, make_dataset(people, title="Parkhäuser"))
    now = dt.datetime.now(dt.UTC)
    for days in (20, 10, 0):
        with freeze_time(now - dt.timedelta(days=days)):
            snapshots.take()
    with sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            page = browser.new_context(viewport={"width": 1280, "height": 1000}, locale="de-DE").new_page()
            page.goto(f"{gunicorn_portal}/user/login")
            page.fill("#field-login", people.admin["name"])
            page.fill("#field-password", PASSWORD)
            with page.expect_navigation():
                page.press("#field-password", "Enter")
            page.goto(f"{gunicorn_portal}/datenmanagement")
            page.wait_for_function("() => window.Chart && Object.keys(window.Chart.instances).length === 1")
            chart: Any = page.evaluate(
                "() => { const c = Object.values(window.Chart.instances)[0];"
                " return {labels: c.data.labels.length, series: c.data.datasets.map(d => d.label)}; }"
            )
            assert chart == {"labels": 3, "series": ["Ausgezeichnet", "Gut", "Ausreichend", "Mangelhaft", "Überfällig"]}
            page.click(".jena-cockpit-chart-table summary")  # the values as a table, for everyone
            assert page.locator(".jena-cockpit-chart-table tbody tr").count() == 3
            assert_accessible(page, "cockpit with chart")
            page.locator(".jena-cockpit-chart").scroll_into_view_if_needed()
            screenshot(page, "cockpit-chart")
            browser.assert_no_csp_violations()
        finally:
            browser.close()
