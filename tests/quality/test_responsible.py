"""The responsible person of a dataset (issue 16, part 4): an editor or admin of the department,
the creator by default, validated, written at once (no review) and never public."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from ckan import model
from ckan.plugins import toolkit as tk
from ckan.tests.helpers import call_action

from ckanext.jena.model import JenaResponsiblePerson
from ckanext.jena.release import states
from tests.auth import auth_headers
from tests.release.support import PASSWORD, People, context, edit, make_dataset, publish, release_state
from tests.schemas.conftest import FormClient

FIELD = "responsible_person"
NOT_MEMBER = (
    "„{name}“ ist kein:e Bearbeiter:in oder Administrator:in des Fachbereichs; "
    "bitte wählen Sie eine Person aus der Liste."
)


def _stored() -> dict[str, str]:
    model.Session.rollback()
    return {row.package_id: row.user_id for row in model.Session.query(JenaResponsiblePerson)}


def _text(body: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(body))


def test_default_choice_errors_and_no_review(app: Any, people: People) -> None:
    # Default: the creator (an editor of the department); a chosen admin; a sysadmin (no member): nobody.
    own = make_dataset(people)
    assert own[FIELD] == "erika-editor"
    emils = make_dataset(people, user=people.editor2)
    chosen = make_dataset(people, **{FIELD: people.admin2["id"]})
    assert call_action("package_show", context(people.editor), id=chosen["id"])[FIELD] == "david-datenmanager"
    by_sysadmin = make_dataset(people, user=people.sysadmin)
    assert by_sysadmin[FIELD] is None
    before = _stored()
    assert set(before) == {own["id"], chosen["id"], emils["id"]}

    # Refused: a plain member, an outsider, another department's admin, an unknown account, a list.
    count = model.Session.query(model.Package).count()
    for who in ("mia-mitglied", "otto-aussen", "olga-andere", "gibt-es-nicht"):
        with pytest.raises(tk.ValidationError) as error:
            make_dataset(people, **{FIELD: who})
        assert error.value.error_dict == {FIELD: [NOT_MEMBER.format(name=who)]}
    with pytest.raises(tk.ValidationError) as error:
        make_dataset(people, **{FIELD: ["erika-editor"]})
    assert error.value.error_dict == {FIELD: ["Bitte wählen Sie eine Person aus der Liste."]}
    # A deactivated account that still holds its membership.
    emil = model.User.get("emil-editor")
    emil.state = "deleted"
    model.Session.commit()
    with pytest.raises(tk.ValidationError) as error:
        edit(people, own, **{FIELD: "emil-editor"})
    assert error.value.error_dict == {
        FIELD: ["Das Konto „emil-editor“ ist deaktiviert; bitte wählen Sie eine aktive Person."]
    }
    assert model.Session.query(model.Package).count() == count and _stored() == before

    # A published dataset: the change is written at once, no pending revision.
    publish(people, own)
    edit(people, own, **{FIELD: "dana-datenmanagerin"})
    assert release_state(own) == states.PUBLISHED
    assert _stored()[own["id"]] == people.admin["id"]
    # The person leaves the department: an edit keeping the value is accepted (the cockpit lists it).
    call_action(
        "organization_member_delete", context(people.admin), id=people.org["id"], username="dana-datenmanagerin"
    )
    shown = call_action("package_show", context(people.editor), id=own["id"])
    assert shown[FIELD] == "dana-datenmanagerin"
    edit(people, own, notes=shown["notes"] + " Ergänzt.", **{FIELD: shown[FIELD]})
    assert release_state(own) == states.REVISION_DRAFT and _stored()[own["id"]] == people.admin["id"]

    # The cockpit: the person left, is deactivated, is missing; a valid person but no contact e-mail.
    no_contact = make_dataset(people, contact_point_email="", contact_point_url="https://www.jena.de/umwelt")
    rows = {
        row["id"]: row["responsibility"]
        for row in call_action("jena_quality_report", context(people.admin2))["datasets"]
    }
    assert {
        key: rows[key]["state"] for key in (own["id"], emils["id"], by_sysadmin["id"], no_contact["id"], chosen["id"])
    } == {
        own["id"]: "not_member",
        emils["id"]: "deactivated",
        by_sysadmin["id"]: "missing",
        no_contact["id"]: "no_contact",
        chosen["id"]: "ok",
    }
    assert rows[emils["id"]]["person"] == {"name": "emil-editor", "display_name": "Emil Editor"}
    assert rows[by_sysadmin["id"]]["person"] is None
    page = _text(app.get("/datenmanagement", headers=auth_headers(people.admin2)).get_data(as_text=True))
    section = page[page.index('id="jena-cockpit-responsibility"') :]
    assert section.index(by_sysadmin["title"]) < section.index(emils["title"]) < section.index(own["title"])
    assert section.index(own["title"]) < section.index(no_contact["title"])
    assert "keine verantwortliche Person" in section
    assert "Konto der verantwortlichen Person deaktiviert (Emil Editor)" in section
    for dataset in (own, emils, by_sysadmin):
        assert f'href="/dataset/edit/{dataset["name"]}#field-responsible_person">Person zuweisen' in section
    assert f'href="/dataset/edit/{no_contact["name"]}#field-responsible_person"' not in section
    assert chosen["title"] not in section


def test_never_public(app: Any, people: People) -> None:
    dataset = make_dataset(people, **{FIELD: "david-datenmanager"})
    publish(people, dataset)
    edit(people, dataset, title=dataset["title"] + " (neu)")  # a pending revision
    name = dataset["name"]
    # Staff of the department see it; the public, outsiders and other departments do not.
    assert call_action("package_show", context(people.editor), id=name)[FIELD] == "david-datenmanager"
    for user in (None, people.outsider, people.other_admin, people.member):
        shown = call_action("package_show", context(user), id=name)
        assert FIELD not in shown, user
    for user in (None, people.editor):
        found = call_action("package_search", context(user), q="*:*", fq=f"name:{name}")
        assert found["count"] == 1 and FIELD not in found["results"][0]
        assert call_action("package_search", context(user), q="david-datenmanager")["count"] == 0
    activities = call_action("package_activity_list", context(None), id=name, include_data=True)
    assert "david-datenmanager" not in str(activities)
    for url in (f"/dataset/{name}", f"/dataset/{name}.rdf", f"/dataset/{name}.jsonld", "/catalog.ttl"):
        response = app.get(url)
        assert response.status_code == 200, url
        assert "david-datenmanager" not in response.get_data(as_text=True), url
    page = app.get(f"/dataset/{name}", headers=auth_headers(people.outsider)).get_data(as_text=True)
    assert "david-datenmanager" not in page and "Verantwortliche Person" not in page


def test_form_offers_the_department_and_shows_errors(app: Any, people: People) -> None:
    dataset = make_dataset(people, **{FIELD: "david-datenmanager"})
    form = FormClient(app, people.editor, password=PASSWORD)
    page = _text(form.get("/dataset/new").body)
    assert '<label class="form-label" for="field-responsible_person">Verantwortliche Person</label>' in page
    assert '<option value="">Ich (wer den Datensatz anlegt)</option>' in page
    group = page[page.index('<optgroup label="Umweltschutz">') :]
    group = group[: group.index("</optgroup>")]
    assert '<option value="dana-datenmanagerin">Dana Datenmanagerin</option>' in group
    assert "mia-mitglied" not in group and "olga-andere" not in page
    assert "Statistik" not in page[page.index("field-responsible_person") :][:3000]

    edit_url = f"/dataset/edit/{dataset['name']}"
    page = _text(form.get(edit_url).body)
    assert '<option value="david-datenmanager" selected>' in page
    shown = call_action("package_show", context(people.editor), id=dataset["id"])
    fields = {
        key: value
        for key, value in shown.items()
        if isinstance(value, str) and key not in ("id", "type", "state", "metadata_created", "metadata_modified")
    }
    fields.update({"theme": shown["theme"], "jena_category": shown["jena_category"], "save": ""})
    response = form.submit(edit_url, {**fields, FIELD: "mia-mitglied"})
    assert response.status_code == 200
    assert NOT_MEMBER.format(name="mia-mitglied") in _text(response.body)
    assert _stored()[dataset["id"]] == people.admin2["id"]
    response = form.submit(edit_url, {**fields, FIELD: "erika-editor"})
    assert response.status_code == 302
    assert _stored()[dataset["id"]] == people.editor["id"]
    english = _text(app.get(f"/en{edit_url}", headers=auth_headers(people.editor)).get_data(as_text=True))
    assert ">Responsible person</label>" in english
