"""CSRF (issue 12, item 13): a request authenticated by an API token exempts only itself from
the CSRF check (CKAN 2.12 exempted the view for every later request of the worker); form posts
and API calls authenticated by the session cookie need the token; the session cookie is
``Secure`` behind HTTPS."""

from __future__ import annotations

from typing import Any

import pytest
from ckan import model

from ckanext.jena.release import states
from tests.auth import auth_headers
from tests.release.support import PASSWORD, make_dataset, make_people, release_state
from tests.schemas.conftest import FormClient


@pytest.fixture
def people(clean_db: None, clean_index: None, with_plugins: None) -> Any:
    return make_people()


def _token_request_to(app: Any, url: str, user: dict[str, Any], **kwargs: Any) -> None:
    """A request authenticated by an API token reaches the view behind ``url`` (any outcome)."""
    app.post(url, headers=auth_headers(user), follow_redirects=False, **kwargs)


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
class TestCsrf:
    def test_a_token_request_does_not_open_the_form_for_everybody(self, app: Any, people: Any) -> None:
        dataset = make_dataset(people)
        browser = FormClient(app, people.editor, PASSWORD)
        _token_request_to(app, "/dataset/gibt-es-nicht/freigabe/submit", people.editor2)
        forged = app.post(f"/dataset/{dataset['name']}/freigabe/submit", data={}, follow_redirects=False)
        assert forged.status_code == 400
        assert "CSRF" in forged.body
        assert release_state(dataset) == states.DRAFT
        # The same post with the page's token is the user's own.
        page = f"/dataset/{dataset['name']}/freigabe"
        sent = browser.submit(page, {}, post_url=f"{page}/submit")
        assert sent.status_code == 302
        assert release_state(dataset) == states.IN_REVIEW

    def test_cookie_authenticated_api_calls_need_the_csrf_header(self, app: Any, people: Any) -> None:
        dataset = make_dataset(people)
        browser = FormClient(app, people.editor, PASSWORD)
        url = "/api/3/action/jena_release_submit"
        _token_request_to(app, url, people.editor2, json={"id": "gibt-es-nicht"})
        forged = app.post(url, json={"id": dataset["id"]}, follow_redirects=False)
        assert forged.status_code == 400
        assert "CSRF" in forged.body
        assert release_state(dataset) == states.DRAFT
        # CKAN's JavaScript client sends the page's token in X-CSRFToken.
        token = browser.csrf_token(browser.get("/dataset/").body)
        sent = app.post(url, json={"id": dataset["id"]}, headers={"X-CSRFToken": token})
        assert sent.status_code == 200, sent.body
        model.Session.rollback()
        assert release_state(dataset) == states.IN_REVIEW

    def test_token_requests_need_no_csrf_token(self, app: Any, people: Any) -> None:
        dataset = make_dataset(people)
        for _ in range(2):  # the exemption is made anew for each request
            answer = app.post(
                "/api/3/action/jena_release_show", json={"id": dataset["id"]}, headers=auth_headers(people.editor)
            )
            assert answer.status_code == 200


class TestSecureCookie:
    @pytest.mark.ckan_config("ckan.site_url", "https://opendata.jena.de")
    @pytest.mark.usefixtures("with_plugins")
    def test_secure_behind_https(self, app: Any) -> None:
        assert app.flask_app.config["SESSION_COOKIE_SECURE"] is True
        assert app.flask_app.config["REMEMBER_COOKIE_SECURE"] is True

    @pytest.mark.ckan_config("ckan.site_url", "http://127.0.0.1:5000")
    @pytest.mark.usefixtures("with_plugins")
    def test_not_on_plain_http(self, app: Any) -> None:
        assert not app.flask_app.config["SESSION_COOKIE_SECURE"]
