"""What search engines read besides the pages: ``/sitemap.xml`` (the home page, the dataset
search, every department and every released dataset, with its last change) and ``/robots.txt``
(pointing to the sitemap, keeping crawlers off the API, accounts and preview endpoints).

The sitemap is built from an anonymous ``package_search``, so it lists exactly what the public
may read (the release state's permission labels decide, ``release/visibility.py``).
"""

from __future__ import annotations

from collections.abc import Iterator
from xml.sax.saxutils import escape

import ckan.plugins.toolkit as tk
from flask import Blueprint, Response

search_engines = Blueprint("jena_search_engines", __name__)

# A sitemap file holds at most 50,000 addresses (sitemaps.org).
MAX_URLS = 50_000
PAGE = 1000
DISALLOWED = ("/api/", "/user/", "/aufgaben", "/dataset/activity/", "/datatables/", "/jena-spatial/")


def _anonymous() -> dict[str, object]:
    return {"user": "", "auth_user_obj": None, "ignore_auth": False}


def _released_datasets() -> Iterator[tuple[str, str]]:
    """(name, metadata_modified) of every dataset the public may read, by name."""
    start = 0
    while start < MAX_URLS:
        result = tk.get_action("package_search")(
            _anonymous(),
            {"q": "*:*", "rows": PAGE, "start": start, "sort": "name asc", "fl": "name,metadata_modified"},
        )
        rows = result["results"]
        yield from ((row["name"], str(row.get("metadata_modified") or "")) for row in rows)
        start += PAGE
        if len(rows) < PAGE:
            return


def _entry(url: str, modified: str = "") -> str:
    lastmod = f"<lastmod>{escape(modified[:10])}</lastmod>" if modified else ""
    return f"<url><loc>{escape(url)}</loc>{lastmod}</url>"


@search_engines.route("/sitemap.xml")
def sitemap() -> Response:
    entries = [_entry(tk.url_for("home.index", _external=True)), _entry(tk.url_for("dataset.search", _external=True))]
    for name in tk.get_action("organization_list")(_anonymous(), {}):
        entries.append(_entry(tk.url_for("organization.read", id=name, _external=True)))
    for name, modified in _released_datasets():
        if len(entries) >= MAX_URLS:
            break
        entries.append(_entry(tk.url_for("dataset.read", id=name, _external=True), modified))
    body = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + "\n".join(entries) + "\n</urlset>\n"
    )
    response = Response(body, mimetype="application/xml")
    response.headers["Cache-Control"] = "public, max-age=3600"
    return response


@search_engines.route("/robots.txt")
def robots() -> Response:
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in DISALLOWED), ""]
    lines.append(f"Sitemap: {tk.url_for('jena_search_engines.sitemap', _external=True)}")
    response = Response("\n".join(lines) + "\n", mimetype="text/plain")
    response.headers["Cache-Control"] = "public, max-age=86400"
    return response
