"""The embedded search service of the test stack protects itself (issue 12, item 6):
credentials, only CKAN's content types, no foreign Host headers. CKAN itself talks to it
with ``solr_user``/``solr_password`` from the configuration the stack runner wrote."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
import pytest
import requests

pytestmark = pytest.mark.usefixtures("with_plugins")


def _url(route: str) -> str:
    return f"{tk.config['solr_url']}/{route}"


def _auth() -> tuple[str, str]:
    return tk.config["solr_user"], tk.config["solr_password"]


def _count() -> int:
    response = requests.get(_url("select"), params={"q": "*:*", "rows": 0, "wt": "json"}, auth=_auth(), timeout=10)
    assert response.status_code == 200
    return response.json()["response"]["numFound"]


def test_the_stack_gives_ckan_credentials() -> None:
    assert tk.config["solr_user"] == "ckan"
    assert len(tk.config["solr_password"]) >= 32


@pytest.mark.parametrize(
    "kwargs",
    [
        {},
        {"auth": ("ckan", "falsch")},
        {"auth": ("jemand", "egal")},
        {"headers": {"Authorization": "Bearer abc"}},
        {"headers": {"Authorization": "Basic !!!"}},
    ],
    ids=["no credentials", "wrong password", "wrong user", "other scheme", "garbage"],
)
def test_select_without_the_credentials_is_refused(kwargs: dict[str, Any]) -> None:
    response = requests.get(_url("select"), params={"q": "*:*", "wt": "json"}, timeout=10, **kwargs)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == 'Basic realm="jena-search"'
    assert "response" not in response.json()


@pytest.mark.usefixtures("clean_index")
def test_update_without_credentials_or_as_text_plain_changes_nothing() -> None:
    requests.post(
        _url("update"),
        params={"commit": "true"},
        json=[{"id": "fremd-1", "index_id": "fremd-1", "site_id": "x", "name": "fremd", "title": "Fremd"}],
        timeout=10,
    )
    assert _count() == 0
    requests.post(
        _url("update"),
        params={"commit": "true"},
        json=[{"id": "probe-1", "index_id": "probe-1", "site_id": "x", "name": "probe", "title": "Probe"}],
        auth=_auth(),
        timeout=10,
    ).raise_for_status()
    assert _count() == 1
    # what a web page can send without a CORS preflight: text/plain (or a form) that looks like XML
    for ctype in ("text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"):
        for auth in (None, _auth()):
            response = requests.post(
                _url("update"),
                params={"commit": "true"},
                data="<delete><query>*:*</query></delete>",
                headers={"Content-Type": ctype},
                auth=auth,
                timeout=10,
            )
            assert response.status_code == (415 if auth else 401), (ctype, auth)
    assert _count() == 1


def test_foreign_host_headers_are_refused() -> None:
    for host in ("evil.example", "evil.example:8983", "127.0.0.1.nip.io", ""):
        response = requests.get(_url("select"), params={"q": "*:*"}, headers={"Host": host}, auth=_auth(), timeout=10)
        assert response.status_code == 403, host
    for host in ("127.0.0.1", "localhost:1234", "LOCALHOST"):
        response = requests.get(
            _url("select"), params={"q": "*:*", "wt": "json"}, headers={"Host": host}, auth=_auth(), timeout=10
        )
        assert response.status_code == 200, host


def test_ping_needs_no_credentials_and_tells_nothing() -> None:
    response = requests.get(_url("admin/ping"), timeout=10)
    assert response.status_code == 200 and response.json()["status"] == "OK"
