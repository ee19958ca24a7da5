"""The search page renders with ckanext-dcat's stock RDF endpoints switched off."""

from __future__ import annotations

import pytest


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
def test_search_page_links_our_catalog(app):
    response = app.get("/dataset/")
    assert response.status_code == 200
    assert 'type="text/turtle" href="http://test.ckan.net/catalog.ttl"' in response.body
