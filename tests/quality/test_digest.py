"""The weekly data-management e-mail (issue 16, part 6) to a real local SMTP server: each responsible
person and department admin hears about their overdue datasets, defective links and open reviews;
nobody with nothing to do, nobody who turned it off on the profile page."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from ckan import model
from ckan.plugins import toolkit as tk
from ckan.tests.helpers import call_action

from ckanext.jena.cli import jena
from ckanext.jena.model import JenaDigestOptOut
from ckanext.jena.quality import digest
from tests.auth import auth_headers
from tests.quality.test_report import _break_link
from tests.release.support import People, context, make_dataset, publish, submit
from tests.release.test_notifications import Inbox, _body, inbox  # noqa: F401 (the SMTP fixture)


def _send(app: Any, now: dt.datetime, **options: Any) -> digest.Summary:
    with app.flask_app.test_request_context():
        return digest.send(now=now, **options)


def test_weekly_digest(app: Any, people: People, inbox: Inbox, cli: Any) -> None:  # noqa: F811 (the fixture)
    now = dt.datetime.now(dt.UTC)
    weekly = make_dataset(people, frequency="WEEKLY", title="Baumkataster wöchentlich")
    publish(people, weekly)
    emils = make_dataset(people, user=people.editor2, title="Emils Jahresdaten")
    publish(people, emils)
    # Nothing to do yet (fresh, no broken link, no review): nothing is sent.
    inbox.clear()  # the release notifications
    summary = _send(app, now)
    assert (summary.recipients, summary.sent) == (0, 0) and inbox.messages == []

    review = make_dataset(people, title="Wartet auf Prüfung")
    submit(people, review)
    inbox.clear()  # the submission's notification
    # The dry run composes and lists, sends nothing.
    result = cli.invoke(jena, ["digest", "send", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "2 recipient(s) with something to do (dry run: nothing is sent)" in result.output
    assert "dana-datenmanagerin: 0 overdue, 0 with broken links, 1 review(s)" in result.output
    assert inbox.messages == []

    weekly = call_action("package_show", context(people.admin), id=weekly["id"])
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=10)
    _break_link(weekly, later)

    # David turns it off on his profile page; the page shows the setting.
    david = auth_headers(people.admin2)
    page = app.get("/user/edit/david-datenmanager", headers=david).get_data(as_text=True)
    assert 'for="field-weekly-digest">Wöchentliche Übersicht per E-Mail</label>' in page
    assert (
        'name="weekly_digest" value="on"' in page and "checked" in page[page.index('id="field-weekly-digest"') :][:300]
    )
    response = app.post("/user/david-datenmanager/wochenuebersicht", data={}, headers=david, follow_redirects=False)
    assert response.status_code == 302
    page = app.get("/user/edit/david-datenmanager", headers=david).get_data(as_text=True)
    assert "checked" not in page[page.index('id="field-weekly-digest"') :][:300]
    # Nobody else may change it.
    app.post("/user/david-datenmanager/wochenuebersicht", data={}, headers=auth_headers(people.admin), status=403)
    with pytest.raises(tk.NotAuthorized):
        call_action("jena_digest_subscription_update", context(people.admin), id="david-datenmanager", subscribed=True)
    with pytest.raises(tk.ValidationError) as error:
        call_action("jena_digest_subscription_update", context(people.admin2), id="david-datenmanager", subscribed="ja")
    assert error.value.error_dict == {"subscribed": ["Bitte geben Sie true oder false an."]}
    assert [row.user_id for row in model.Session.query(JenaDigestOptOut)] == [people.admin2["id"]]

    summary = _send(app, later)
    assert (summary.recipients, summary.sent, summary.failed, summary.opted_out) == (2, 2, 0, 1)
    assert sorted(m["To"].addresses[0].addr_spec for m in inbox.messages) == ["dana@jena.invalid", "erika@jena.invalid"]

    erika = _body(inbox.to("erika@jena.invalid")[0]).replace("\r\n", "\n")
    assert inbox.to("erika@jena.invalid")[0]["Subject"] == (
        "[Offene Daten Jena] Datenmanagement: Ihre wöchentliche Übersicht"
    )
    assert "Guten Tag Erika Editor," in erika, erika
    assert (
        "Überfällige Aktualisierungen (1):\n- Baumkataster wöchentlich (Umweltschutz): überfällig seit 3 Tagen" in erika
    )
    assert f"/dataset/{weekly['name']}" in erika
    assert "Defekte Links (1):\n- Baumkataster wöchentlich (Umweltschutz): 1 defekter Link" in erika
    assert "Offene Prüfungen" not in erika and "Emils Jahresdaten" not in erika
    assert "/datenmanagement" in erika and "/user/edit/erika-editor" in erika

    dana = _body(inbox.to("dana@jena.invalid")[0]).replace("\r\n", "\n")
    assert "Überfällige Aktualisierungen (1)" in dana and "Defekte Links (1)" in dana
    assert "Offene Prüfungen (1):\n- Wartet auf Prüfung (Umweltschutz): wartet seit 10 Tagen" in dana
    assert f"/dataset/{review['name']}/freigabe" in dana

    # In English where the portal speaks English.
    with app.flask_app.test_request_context():
        from flask_babel import force_locale

        with force_locale("en"):
            subject, body = digest.compose(digest.collect(later)[0])
    assert subject.endswith("Data management: your weekly overview")
    assert "Overdue updates (1):" in body and "overdue for 3 days" in body
