"""Issue 13.11/13.12 in Chromium: no resource runs script in the portal's origin.

A resource whose stored address is ``javascript:``/``data:`` (legacy data from before the scheme
check, or written around the API) and uploaded HTML/SVG files with script are opened the way a
visitor would: the resource page with its views, the download link, the file itself. The
payloads open a dialog and mark the portal's page; neither may happen.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pytest
from ckan import model
from ckan.lib.search import rebuild
from ckan.tests import factories
from ckan.tests.helpers import call_action
from werkzeug.datastructures import FileStorage

from ckanext.jena.release import workflow
from tests.browser_support import NEEDS_CHROMIUM, launch
from tests.schemas import data

pytestmark = [pytest.mark.browser, NEEDS_CHROMIUM]

MARK = "document.documentElement.setAttribute('data-pwned','1');alert('pwned')"
STORED_URLS = [
    f"javascript:parent.{MARK}",
    "data:text/html,<script>parent." + MARK + "</script>",
]
UPLOADS = [
    ("seite.html", f"<html><body><script>{MARK}</script></body></html>", "HTML"),
    ("bild.svg", f'<svg xmlns="http://www.w3.org/2000/svg"><script>{MARK}</script></svg>', "XML"),
]


@pytest.fixture
def chromium() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            yield browser
        finally:
            browser.close()


def _hostile_dataset(editor: dict[str, Any], sysadmin: dict[str, Any], department: dict[str, Any]) -> dict[str, Any]:
    dataset = call_action(
        "package_create",
        {"user": editor["name"]},
        **data.complete("dataset", owner_org=department["id"], name="feindliche-ressourcen"),
    )
    for filename, content, file_format in UPLOADS:
        call_action(
            "resource_create",
            {"user": editor["name"]},
            package_id=dataset["id"],
            name=filename,
            url=filename,
            format=file_format,
            upload=FileStorage(io.BytesIO(content.encode()), filename=filename),
        )
    for number, _url in enumerate(STORED_URLS):
        call_action(
            "resource_create",
            {"user": editor["name"]},
            package_id=dataset["id"],
            name=f"Altdaten {number}",
            url="https://example.org/platzhalter.html",
            format="HTML",
        )
    workflow.publish_without_review(model.Package.get(dataset["id"]), reason="Testdaten", actor_id=sysadmin["id"])
    # The addresses the scheme check refuses today, written as old data would be.
    stored = [r for r in model.Package.get(dataset["id"]).resources if r.name.startswith("Altdaten")]
    for resource, url in zip(sorted(stored, key=lambda r: r.name), STORED_URLS, strict=True):
        resource.url = url
    model.Session.commit()
    rebuild(dataset["id"])
    model.Session.remove()
    return call_action("package_show", {"ignore_auth": True}, id=dataset["id"])


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
def test_no_resource_runs_script_in_the_portal(
    chromium: Any, gunicorn_portal: str, ckan_config: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Upload addresses are stored with the site URL: the portal the browser talks to.
    monkeypatch.setitem(ckan_config, "ckan.site_url", gunicorn_portal)
    sysadmin = factories.Sysadmin()
    editor = factories.User()
    department = factories.Organization(user=sysadmin, users=[{"name": editor["name"], "capacity": "editor"}])
    dataset = _hostile_dataset(editor, sysadmin, department)
    context = chromium.new_context(locale="de-DE", accept_downloads=True)
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

    def assert_unharmed(where: str) -> None:
        page.wait_for_timeout(300)  # let frames load and run whatever they would run
        assert dialogs == [], where
        assert page.evaluate("document.documentElement.getAttribute('data-pwned')") is None, where

    for resource in dataset["resources"]:
        resource_page = f"{gunicorn_portal}/dataset/{dataset['name']}/resource/{resource['id']}"
        assert page.goto(resource_page).status == 200
        assert_unharmed(resource_page)
        for frame in page.frames[1:]:
            assert not frame.url.startswith(("javascript:", "data:")), frame.url

    for resource in dataset["resources"]:
        if resource.get("url_type") != "upload":
            continue
        download = f"{gunicorn_portal}/dataset/{dataset['name']}/resource/{resource['id']}/download/{resource['name']}"
        with page.expect_download() as started:
            try:
                page.goto(download)
            except Exception as navigation:  # Chromium reports the download as an aborted navigation
                assert "Download is starting" in str(navigation) or "net::ERR_ABORTED" in str(navigation)
        assert started.value.suggested_filename == resource["name"]
        assert_unharmed(download)

    # The one expected refusal: none. A javascript: address is never rendered as a link or frame,
    # so the policy had nothing to refuse either.
    chromium.assert_no_csp_violations()
