"""The anonymous page cache (ckanext/jena/page_cache): what it serves, to whom, and for how long.

Its correctness is the release invariant under caching: a signed-in visitor's page is never
stored or served, nothing unreleased is stored, and a release, an edit or a withdrawal shows on
the very next request. The leak sweep (test_sweep.py) runs with the cache on as well.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from ckan.tests import factories

from ckanext.jena.page_cache import generation
from ckanext.jena.page_cache.entries import PLACEHOLDER, Entry
from ckanext.jena.page_cache.middleware import CACHE_HEADER
from ckanext.jena.redis_client import shared_redis
from tests.auth import auth_headers
from tests.release.support import approve, edit, make_dataset, publish, submit, withdraw

pytestmark = [
    pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index"),
    pytest.mark.ckan_config("ckanext.jena.page_cache.enabled", True),
]
NONCE = re.compile(r"'nonce-([A-Za-z0-9_-]+)'")


def _get(app: Any, url: str, **headers: str) -> Any:
    # A fresh client per request: no cookie jar carried from one visitor to the next.
    client = app.flask_app.test_client(use_cookies=False)
    return client.get(url, headers=headers)


def _stored_entries() -> list[Entry]:
    redis = shared_redis()
    return [Entry.decode(redis.get(key)) for key in redis.scan_iter("jena:page_cache:*:*") if redis.get(key)]


def test_anonymous_page_is_served_from_the_cache_with_a_nonce_of_its_own(app, people):
    dataset = make_dataset(people, title="Baumkataster Cachetest")
    publish(people, dataset)
    first = _get(app, f"/dataset/{dataset['name']}")
    second = _get(app, f"/dataset/{dataset['name']}")
    assert (first.status_code, second.status_code) == (200, 200)
    assert (first.headers[CACHE_HEADER], second.headers[CACHE_HEADER]) == ("MISS", "HIT")
    assert "Baumkataster Cachetest" in second.get_data(as_text=True)
    first_nonce = NONCE.search(first.headers["Content-Security-Policy"]).group(1)
    second_nonce = NONCE.search(second.headers["Content-Security-Policy"]).group(1)
    assert first_nonce != second_nonce
    body = second.get_data(as_text=True)
    assert first_nonce not in body and PLACEHOLDER not in body
    assert body.replace(second_nonce, "N") == first.get_data(as_text=True).replace(first_nonce, "N")
    assert second.headers["Cache-Control"] == "private, no-cache"
    assert "Set-Cookie" not in second.headers
    # What is stored holds the placeholder, never a nonce that was served.
    stored = [entry for entry in _stored_entries() if b"Baumkataster Cachetest" in entry.body]
    assert stored and all(first_nonce.encode() not in entry.body for entry in stored)


def test_conditional_request_is_answered_not_modified(app, people):
    publish(people, make_dataset(people))
    first = _get(app, "/api/3/action/package_search?q=*:*")
    assert first.headers["ETag"].startswith('W/"')
    assert first.headers["Cache-Control"] == "public, no-cache"
    again = _get(app, "/api/3/action/package_search?q=*:*", **{"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.get_data() == b""
    changed = _get(app, "/api/3/action/package_search?q=*:*", **{"If-None-Match": 'W/"other"'})
    assert changed.status_code == 200 and changed.headers[CACHE_HEADER] == "HIT"


def test_signed_in_visitor_is_neither_served_nor_stored(app, people):
    dataset = make_dataset(people)
    publish(people, dataset)
    url = f"/dataset/{dataset['name']}"
    assert _get(app, url).headers[CACHE_HEADER] == "MISS"
    signed_in = _get(app, url, **auth_headers(people.editor))
    assert CACHE_HEADER not in signed_in.headers
    assert signed_in.headers.get("Cache-Control") != "private, no-cache"
    # A signed-in page first, then an anonymous visitor: the anonymous page is rendered for them.
    other = make_dataset(people)
    publish(people, other)
    other_url = f"/dataset/{other['name']}"
    _get(app, other_url, **auth_headers(people.admin))
    assert _get(app, other_url).headers[CACHE_HEADER] == "MISS"
    # No stored page is a signed-in page (their header links to the dashboard).
    assert all(b"/dashboard" not in entry.body for entry in _stored_entries())
    assert b"/dashboard" in signed_in.get_data()


def test_release_edit_and_withdrawal_show_on_the_next_request(app, people):
    dataset = make_dataset(people, title="Spielplätze im Stadtgebiet")
    search = "/dataset/?q=Spielpl%C3%A4tze"
    assert "Spielplätze im Stadtgebiet" not in _get(app, search).get_data(as_text=True)
    assert _get(app, search).headers[CACHE_HEADER] == "HIT"

    publish(people, dataset)
    assert "Spielplätze im Stadtgebiet" in _get(app, search).get_data(as_text=True)
    page = f"/dataset/{dataset['name']}"
    assert _get(app, page).status_code == 200
    assert _get(app, page).headers[CACHE_HEADER] == "HIT"

    edit(people, dataset, title="Spielplätze und Bolzplätze")
    assert "Spielplätze und Bolzplätze" not in _get(app, page).get_data(as_text=True), "unreviewed edit shown"
    submit(people, dataset)
    approve(people, dataset)
    assert "Spielplätze und Bolzplätze" in _get(app, page).get_data(as_text=True)

    withdraw(people, dataset)
    assert _get(app, page).status_code == 410  # Gone: withdrawn
    assert f"/dataset/{dataset['name']}" not in _get(app, search).get_data(as_text=True)
    assert _get(app, f"/api/3/action/package_show?id={dataset['id']}").status_code in (403, 404)


def test_unreleased_content_never_enters_the_cache(app, people):
    draft = make_dataset(people, title="Entwurf Geheimprobe")
    for url in (f"/dataset/{draft['name']}", f"/api/3/action/package_show?id={draft['id']}", "/dataset/"):
        _get(app, url)
    in_review = make_dataset(people, title="Prüfung Geheimprobe")
    submit(people, in_review)
    _get(app, f"/dataset/{in_review['name']}")
    entries = _stored_entries()
    assert entries, "the search page should have been stored"
    for entry in entries:
        assert b"Geheimprobe" not in entry.body
        assert draft["id"].encode() not in entry.body and in_review["id"].encode() not in entry.body


def test_answers_that_set_a_cookie_or_carry_credentials_are_not_stored(app, people):
    login = _get(app, "/user/login")
    if "Set-Cookie" in login.headers:
        assert login.headers.get(CACHE_HEADER) is None
    assert _get(app, "/dataset/", Cookie="ckan=abc").headers.get(CACHE_HEADER) is None
    assert _get(app, "/dataset/", Authorization="not-a-token").headers.get(CACHE_HEADER) is None


def test_downloads_and_datastore_are_not_cached(app, people):
    dataset = make_dataset(people)
    publish(people, dataset)
    answer = _get(app, "/api/3/action/datastore_search?resource_id=_table_metadata")
    assert answer.headers.get(CACHE_HEADER) is None


def test_a_write_of_another_process_makes_stored_pages_stale(app, people):
    """The job worker and ``ckan`` commands write too: their commits bump the generation."""
    factories.User(name="spaeter-admin")
    before = generation.current()
    ckan = str(Path(sys.executable).with_name("ckan"))
    done = subprocess.run(
        [ckan, "-c", os.environ["CKAN_INI"], "sysadmin", "add", "spaeter-admin"],
        input="y\n",
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert generation.current() > before


def test_disabled_cache_stores_nothing(app, people, ckan_config, monkeypatch):
    monkeypatch.setitem(ckan_config, "ckanext.jena.page_cache.enabled", False)
    assert _get(app, "/dataset/").headers.get(CACHE_HEADER) is None
