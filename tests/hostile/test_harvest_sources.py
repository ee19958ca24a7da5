"""Harvest source URLs follow the fetch policy already when the source is saved (issue 13, item 14)."""

from __future__ import annotations

import json
from types import SimpleNamespace
from typing import Any

import pytest
from ckan import model

from tests.hostile.test_api_examples import call

REFUSED = "ist eine interne Adresse (Loopback, privates Netz o. ä.) und wird nicht abgerufen."
NOT_HTTP = "ist keine http(s)-Adresse."
ROWS = [
    ("http://127.0.0.1/catalog.ttl", REFUSED),
    ("http://169.254.169.254/latest/meta-data/", REFUSED),
    ("http://[::ffff:0:7f00:1]/", REFUSED),
    ("file:///etc/passwd", NOT_HTTP),
    ("javascript:alert(1)", NOT_HTTP),
    ("http://[::1", "ist keine gültige Adresse (Invalid IPv6 URL)."),
    ("http://127.0.0.1:99999/", "ist keine gültige Adresse (Port out of range 0-65535)."),
]


def source_count() -> int:
    return model.Session.query(model.Package).filter(model.Package.type == "harvest").count()


@pytest.mark.usefixtures("with_plugins")
@pytest.mark.ckan_config("ckanext.jena.harvest.allowed_hosts", [])
class TestHarvestSourceUrls:
    @pytest.mark.parametrize(("url", "reason"), ROWS, ids=[row[0] for row in ROWS])
    def test_refused_when_saved(self, app: Any, portal: SimpleNamespace, url: str, reason: str) -> None:
        before = source_count()
        body = {
            "name": "quelle",
            "title": "Quelle",
            "url": url,
            "source_type": "jena_dcat_rdf",
            "owner_org": portal.department["id"],
        }
        answer = call(app, portal, "harvest_source_create", json.dumps(body))
        assert answer.status_code == 409, answer.body[:500]
        assert reason in answer.json["error"]["url"][0]
        model.Session.remove()
        assert source_count() == before
