"""A failed request never leaves the worker's database session broken for the next request (issue 13, item 1).

Under gunicorn a worker serves request after request on the same thread, so the same
SQLAlchemy session: a web-form ``POST /dataset/new`` with a NUL in the title used to leave it
in "pending rollback", and the next, unrelated requests on that worker (another user's API
call, GovData's fetch of ``/dataset/<name>.rdf``) failed with ``PendingRollbackError``.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from types import SimpleNamespace
from typing import Any

import pytest
import requests
import sqlalchemy as sa
from ckan import model
from werkzeug.test import EnvironBuilder

from ckanext.jena.requests.session_cleanup import SessionCleanup
from tests.hostile.conftest import package_count

NUL_PAGE = "Die Anfrage enthält ein NUL-Zeichen"


def _break_the_session() -> None:
    """What a refused statement does: PostgreSQL aborts the transaction the session holds."""
    with contextlib.suppress(sa.exc.DataError):
        model.Session.execute(sa.text("SELECT 1 / 0"))


def _session_works() -> bool:
    return model.Session.execute(sa.text("SELECT 1")).scalar() == 1


class TestSessionCleanup:
    """The WSGI wrapper itself, around applications that leave the session broken."""

    def test_after_the_application_raised(self) -> None:
        def failing(environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
            _break_the_session()
            raise RuntimeError("the error page failed too")

        with pytest.raises(RuntimeError):
            SessionCleanup(failing)(EnvironBuilder("/").get_environ(), lambda *args: None)
        assert _session_works()

    def test_after_an_answer_was_sent(self) -> None:
        def answering(environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
            _break_the_session()
            start_response("500 INTERNAL SERVER ERROR", [])
            return [b"Fehler"]

        result = SessionCleanup(answering)(EnvironBuilder("/").get_environ(), lambda *args: None)
        assert list(result) == [b"Fehler"]
        result.close()  # what every WSGI server does after sending
        assert _session_works()

    def test_left_broken_before_the_request(self) -> None:
        _break_the_session()
        seen: list[bool] = []

        def reading(environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
            seen.append(_session_works())
            start_response("200 OK", [])
            return [b""]

        SessionCleanup(reading)(EnvironBuilder("/").get_environ(), lambda *args: None).close()
        assert seen == [True]


@pytest.mark.usefixtures("with_plugins")
class TestOneWorker:
    def test_next_requests_on_the_worker_succeed_after_a_nul_form_post(
        self, portal: SimpleNamespace, gunicorn_portal: str
    ) -> None:
        before = package_count()
        headers = portal.editor_headers
        draft = {"title": "a\x00b", "name": "nul-titel", "owner_org": portal.department["id"]}
        form = {**draft, "_ckan_phase": "dataset_new_1", "pkg_name": "", "save": ""}  # stage 1 saves a draft
        answer = requests.post(f"{gunicorn_portal}/dataset/new", data=form, headers=headers, timeout=30)
        assert answer.status_code == 400
        assert NUL_PAGE in answer.text
        name = portal.dataset["name"]
        assert requests.get(f"{gunicorn_portal}/dataset/{name}.rdf", timeout=30).status_code == 200
        shown = requests.post(
            f"{gunicorn_portal}/api/action/package_show", json={"id": name}, headers=headers, timeout=30
        )
        assert shown.status_code == 200
        assert package_count() == before
