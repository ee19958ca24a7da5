"""Emails through CKAN's mailer to a real (local) SMTP server: reviewers hear about a
submission, authors about the decision; a broken mail server never undoes a transition."""

from __future__ import annotations

import email
import email.policy
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import ckan.plugins.toolkit as tk
import pytest
from aiosmtpd.controller import Controller
from ckan.tests.helpers import call_action

from ckanext.jena.release import states
from jena_stack.ports import free_port
from tests.auth import auth_headers
from tests.release.support import approve, context, dataset_in_state, make_dataset, release_state, submit


@dataclass
class Inbox:
    messages: list[email.message.EmailMessage] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append(message)  # type: ignore[arg-type]
        return "250 OK"

    def to(self, address: str) -> list[email.message.EmailMessage]:
        return [message for message in self.messages if address in message["To"]]

    def clear(self) -> None:
        self.messages.clear()


@pytest.fixture
def inbox(ckan_config: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[Inbox]:
    handler = Inbox()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    monkeypatch.setitem(ckan_config, "smtp.server", f"127.0.0.1:{port}")
    monkeypatch.setitem(ckan_config, "smtp.mail_from", "opendata@jena.invalid")
    try:
        yield handler
    finally:
        controller.stop()


def _body(message: email.message.EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    assert part is not None
    return part.get_content()


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
class TestNotifications:
    def test_submission_goes_to_the_reviewers_of_the_department(self, people, inbox):
        dataset = make_dataset(people, title="Baumkataster Jena")
        submit(people, dataset, comment="Bitte bis Freitag prüfen.")
        recipients = sorted(message["To"].addresses[0].addr_spec for message in inbox.messages)
        # both data managers of the department and the central data team; not the author,
        # not the other department, not the plain member
        assert recipients == ["dana@jena.invalid", "david@jena.invalid", "team@jena.invalid"]
        message = inbox.to("dana@jena.invalid")[0]
        assert message["Subject"] == "[Offene Daten Jena] Zur Prüfung: „Baumkataster Jena“"
        body = _body(message)
        assert "erika-editor hat den Datensatz „Baumkataster Jena“ zur Prüfung eingereicht." in body
        assert "Bitte bis Freitag prüfen." in body
        assert f"/dataset/{dataset['name']}/freigabe" in body
        assert "/aufgaben" in body

    def test_decisions_go_to_the_author(self, people, inbox):
        dataset = make_dataset(people, title="Baumkataster Jena")
        submit(people, dataset)
        inbox.clear()
        call_action(
            "jena_release_request_changes", context(people.admin), id=dataset["id"], comment="Die Lizenz fehlt."
        )
        [changes] = inbox.messages
        assert changes["To"].addresses[0].addr_spec == "erika@jena.invalid"
        assert changes["Subject"] == "[Offene Daten Jena] Änderungen angefordert: „Baumkataster Jena“"
        assert "Die Lizenz fehlt." in _body(changes)
        inbox.clear()
        submit(people, dataset)
        inbox.clear()
        approve(people, dataset, user=people.admin2)
        [approved] = inbox.messages
        assert approved["To"].addresses[0].addr_spec == "erika@jena.invalid"
        assert approved["Subject"] == "[Offene Daten Jena] Veröffentlicht: „Baumkataster Jena“"
        assert "david-datenmanager hat den Datensatz „Baumkataster Jena“ freigegeben" in _body(approved)

    def test_mails_are_in_the_portal_language_whatever_the_actor_reads(self, app, people, inbox):
        dataset = make_dataset(people, title="Baumkataster Jena")
        english = {"CKAN_LANG": "en", "CKAN_LANG_IS_DEFAULT": False}
        with app.flask_app.test_request_context("/en/dataset", environ_overrides=english):
            assert tk._("Zurückgezogen") == "Withdrawn"  # the actor's request really is English
            submit(people, dataset)
        message = inbox.to("dana@jena.invalid")[0]
        assert message["Subject"] == "[Offene Daten Jena] Zur Prüfung: „Baumkataster Jena“"
        assert "zur Prüfung eingereicht" in _body(message)

    def test_a_dead_mail_server_does_not_undo_the_transition(self, people, ckan_config, monkeypatch):
        monkeypatch.setitem(ckan_config, "smtp.server", f"127.0.0.1:{free_port()}")  # nobody listens
        monkeypatch.setitem(ckan_config, "smtp.mail_from", "opendata@jena.invalid")
        dataset = make_dataset(people)
        result = submit(people, dataset)
        assert result["state"] == states.IN_REVIEW
        assert release_state(dataset) == states.IN_REVIEW


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
class TestThePageSaysWhoHears:
    def test_request_changes_page_mentions_the_mail_only_when_one_is_sent(self, app, people, inbox):
        dataset = dataset_in_state(people, states.IN_REVIEW)
        response = app.post(
            f"/dataset/{dataset['name']}/freigabe/request_changes",
            data={"comment": "Bitte Zeitraum ergänzen."},
            headers=auth_headers(people.admin),
            follow_redirects=True,
        )
        body = response.get_data(as_text=True)
        assert (
            "Die Autor:innen sehen sie unter „Aufgaben“. Zusätzlich geht eine E-Mail-Benachrichtigung an sie." in body
        )
        assert inbox.messages
