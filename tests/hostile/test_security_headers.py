"""Issue 13.12: uploads cannot run script in the portal's origin; every page has a CSP.

Uploaded HTML and SVG files were served inline from the portal's origin, so a link to them (or
the website view of an HTML upload) ran the uploader's script as the portal. Now uploads are
sandboxed (``Content-Security-Policy: sandbox``), never sniffed, and types a browser renders as a
document are downloads — whatever ``mimetype`` the resource claims. Pages carry the site-wide
policy with a fresh nonce per request.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from ckan import model
from ckan.lib import uploader
from ckan.tests.helpers import call_action
from werkzeug.datastructures import FileStorage

from ckanext.jena.release import workflow
from ckanext.jena.requests.security_headers import UPLOAD_POLICY
from tests.schemas import data

SCRIPT_HTML = "<html><body><script>alert(document.domain)</script></body></html>"
SCRIPT_SVG = '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.domain)</script></svg>'
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cf00000301010018dd8db00000000049454e44ae426082"
)

# filename, content, extra resource fields, expected Content-Type prefix, attachment?, sandboxed?
UPLOADS = [
    ("seite.html", SCRIPT_HTML, {"format": "HTML"}, "text/html", True, True),
    ("bild.svg", SCRIPT_SVG, {"format": "XML"}, "image/svg+xml", True, True),
    ("daten.csv", "a;b\n1;2\n", {"format": "CSV", "mimetype": "text/html"}, "text/html", True, True),
    ("daten2.csv", "a;b\n1;2\n", {"format": "CSV"}, "text/csv", False, True),
    ("karte.png", PNG, {"format": "PNG"}, "image/png", False, True),
    ("bericht.pdf", b"%PDF-1.4\n%%EOF\n", {"format": "PDF"}, "application/pdf", False, False),
]


@pytest.fixture(scope="class")
def uploads(portal: SimpleNamespace) -> dict[str, Any]:
    """A released dataset with one uploaded resource per row of ``UPLOADS``."""
    editor = portal.editor["name"]
    dataset = call_action(
        "package_create",
        {"user": editor},
        **data.complete("dataset", owner_org=portal.department["id"], name="hochgeladene-dateien"),
    )
    assert uploader.get_storage_path(), "the test stack sets ckan.storage_path"
    resources = {}
    for filename, content, extra, *_ in UPLOADS:
        raw = content.encode() if isinstance(content, str) else content
        upload = FileStorage(io.BytesIO(raw), filename=filename)
        resources[filename] = call_action(
            "resource_create",
            {"user": editor},
            package_id=dataset["id"],
            name=filename,
            url=filename,
            upload=upload,
            **extra,
        )
    workflow.publish_without_review(
        model.Package.get(dataset["id"]), reason="Testdaten", actor_id=portal.sysadmin["id"]
    )
    model.Session.remove()
    return {"dataset": dataset, "resources": resources}


@pytest.mark.usefixtures("with_plugins")
class TestUploadsRunNoScript:
    @pytest.mark.parametrize(("filename", "content_type", "attachment", "sandboxed"), [(r[0], *r[3:]) for r in UPLOADS])
    def test_download_headers(
        self, app: Any, uploads: dict[str, Any], filename: str, content_type: str, attachment: bool, sandboxed: bool
    ) -> None:
        resource = uploads["resources"][filename]
        response = app.get(f"/dataset/{uploads['dataset']['name']}/resource/{resource['id']}/download/{filename}")
        assert response.status_code == 200, response.body[:300]
        assert response.headers["Content-Type"].startswith(content_type)
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        disposition = response.headers.get("Content-Disposition", "")
        assert disposition.startswith("attachment") is attachment, disposition
        assert (response.headers.get("Content-Security-Policy") == UPLOAD_POLICY) is sandboxed

    def test_html_upload_is_not_framed_by_the_website_view(self, app: Any, uploads: dict[str, Any]) -> None:
        resource = uploads["resources"]["seite.html"]
        page = app.get(f"/dataset/{uploads['dataset']['name']}/resource/{resource['id']}")
        assert page.status_code == 200
        views = call_action("resource_view_list", {"ignore_auth": True}, id=resource["id"])
        webpage = [view for view in views if view["view_type"] == "webpage_view"]
        assert webpage, views
        frame = app.get(f"/dataset/{uploads['dataset']['name']}/resource/{resource['id']}/view/{webpage[0]['id']}")
        assert "<iframe" not in frame.body
        assert "Hochgeladene Webseiten werden aus Sicherheitsgründen nicht im Portal angezeigt" in frame.body

    def test_group_and_user_images_are_sandboxed(self, app: Any, ckan_config: Any) -> None:
        folder = Path(ckan_config["ckan.storage_path"]) / "storage" / "uploads" / "group"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "wappen.svg").write_text(SCRIPT_SVG)
        response = app.get("/uploads/group/wappen.svg")
        assert response.status_code == 200
        assert response.headers["Content-Disposition"].startswith("attachment")
        assert response.headers["Content-Security-Policy"] == UPLOAD_POLICY
        assert response.headers["X-Content-Type-Options"] == "nosniff"


def _policy(response: Any) -> dict[str, list[str]]:
    directives = {}
    for part in response.headers["Content-Security-Policy"].split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


@pytest.mark.usefixtures("with_plugins")
class TestPagesHaveAPolicy:
    def test_every_page_gets_a_fresh_nonce_and_no_unsafe_inline_script(self, app: Any, portal: SimpleNamespace) -> None:
        first = _policy(app.get("/dataset/"))
        second = _policy(app.get(f"/dataset/{portal.dataset['name']}"))
        for policy in (first, second):
            assert "'unsafe-inline'" not in policy["script-src"]
            assert "'unsafe-eval'" not in policy["script-src"]
            assert policy["object-src"] == ["'none'"]
            assert policy["frame-ancestors"] == ["'self'"]
            assert policy["base-uri"] == ["'self'"]
        nonces = [value for policy in (first, second) for value in policy["script-src"] if value.startswith("'nonce-")]
        assert len(nonces) == 2 and nonces[0] != nonces[1]

    def test_inline_scripts_of_our_pages_carry_the_nonce(self, app: Any, portal: SimpleNamespace) -> None:
        for path in ("/", "/dataset/", f"/dataset/{portal.dataset['name']}", "/user/login"):
            response = app.get(path)
            nonce = next(v for v in _policy(response)["script-src"] if v.startswith("'nonce-"))[7:-1]
            for tag in re.findall(r"<script\b[^>]*>", response.body):
                if "src=" in tag or 'type="application/ld+json"' in tag or "text/template" in tag:
                    continue
                assert f'nonce="{nonce}"' in tag, (path, tag)

    def test_api_answers_and_catalog_carry_nosniff(self, app: Any) -> None:
        response = app.get("/api/3/action/status_show")
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert "Content-Security-Policy" not in response.headers
