"""The German checklist form, its verdict, the overview and the public summary on the dataset page."""

from __future__ import annotations

from typing import Any

import pytest

from tests.auth import auth_headers
from tests.ethics.support import PASSING, PERSONAL, as_saved, stored, update
from tests.release.support import People, make_dataset, publish

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db")


class Client:
    """Pages as ``user`` (signed in with an API token)."""

    def __init__(self, app: Any, user: dict[str, Any]) -> None:
        self.app = app
        self.headers = auth_headers(user)

    def get(self, url: str, status: int = 200) -> Any:
        response = self.app.get(url, headers=self.headers)
        assert response.status_code == status, (url, response.status_code)
        return response

    def submit(self, url: str, fields: dict[str, Any]) -> Any:
        return self.app.post(url, data=fields, headers=self.headers, follow_redirects=False)


def _form_fields(values: dict[str, Any]) -> dict[str, str]:
    fields: dict[str, str] = {}
    for key, value in values.items():
        if isinstance(value, dict):
            fields.update({f"{key}.{sub}": sub_value for sub, sub_value in value.items()})
        else:
            fields[key] = value
    return fields


def test_form_saves_answers_and_shows_the_verdict_in_german(app: Any, people: People) -> None:
    dataset = make_dataset(people)
    client = Client(app, people.editor)
    url = f"/dataset/{dataset['name']}/ethik"
    page = client.get(url).get_data(as_text=True)
    assert "Datenethik-Checkliste" in page and "Die Datenethik-Checkliste ist nicht ausgefüllt." in page
    response = client.submit(url, _form_fields({**PASSING, "security_risk": "unclear"}))
    assert response.status_code == 302
    page = client.get(url).get_data(as_text=True)
    assert "Die Freigabe ist noch gesperrt" in page
    assert "Ein Sicherheitsrisiko besteht oder ist nicht ausgeschlossen (Frage 13)." in page  # question 13 (issue 20.6)
    assert "12 von 17 Fragen beantwortet." in page
    client.submit(url, _form_fields(PASSING))
    assert "Die Checkliste ist erfüllt." in client.get(url).get_data(as_text=True)


def test_bad_form_input_gets_a_german_error_and_stores_nothing(app: Any, people: People) -> None:
    dataset = make_dataset(people)
    update(people, dataset, PASSING)
    client = Client(app, people.editor)
    url = f"/dataset/{dataset['name']}/ethik"
    response = client.submit(url, _form_fields({**PASSING, "public_benefit": "Neu", "rights_cleared": "vielleicht"}))
    assert response.status_code == 400
    assert "Unbekannte Antwort; erlaubt: yes, no, unclear." in response.get_data(as_text=True)
    assert stored(dataset)[0] == as_saved(PASSING)


def test_strangers_get_no_form_and_data_managers_an_overview(app: Any, people: People) -> None:
    dataset = make_dataset(people)
    assert app.get(f"/dataset/{dataset['name']}/ethik").status_code == 404
    outsider = Client(app, people.outsider)
    outsider.get(f"/dataset/{dataset['name']}/ethik", status=404)
    outsider.get("/ethik/uebersicht", status=403)
    admin = Client(app, people.admin)
    page = admin.get("/ethik/uebersicht").get_data(as_text=True)
    assert dataset["title"] in page and f"/dataset/{dataset['name']}/ethik" in page


def test_dataset_page_shows_the_public_summary(app: Any, people: People) -> None:
    dataset = make_dataset(people)
    update(people, dataset, PASSING)
    publish(people, dataset)
    page = app.get(f"/dataset/{dataset['name']}").get_data(as_text=True)
    assert "Hinweise zur Nutzung" in page
    assert PASSING["limitations"] in page
    assert "Geprüft nach Fassung 1 der Datenethik-Checkliste" in page
    assert "Die Daten enthalten keine personenbezogenen Daten." in page
    assert PASSING["public_benefit"] not in page


def test_data_protection_role_opens_a_draft_and_signs_off(app: Any, people: People, dpo: dict[str, Any]) -> None:
    """The data-protection officer is no member of the department, yet must see the draft it signs off."""
    dataset = make_dataset(people)
    update(people, dataset, PERSONAL)
    client = Client(app, dpo)
    url = f"/dataset/{dataset['name']}/ethik"
    page = client.get(url).get_data(as_text=True)
    assert "Die Freigabe durch „Datenschutz“ fehlt noch." in page
    assert "Freigabe durch „Datenschutz“" in page and dataset["title"] in page
    response = client.submit(f"{url}/freigabe", {"role": "data_protection", "outcome": "approved"})
    assert response.status_code == 302
    assert "Die Checkliste ist erfüllt." in client.get(url).get_data(as_text=True)
    assert stored(dataset)[1] == 1


def test_form_verdict_and_summary_in_english(app: Any, people: People) -> None:
    dataset = make_dataset(people)
    update(people, dataset, {**PASSING, "personal_data": "unclear"})
    page = Client(app, people.editor).get(f"/en/dataset/{dataset['name']}/ethik").get_data(as_text=True)
    assert "Data-ethics checklist" in page and "Result of the check" in page
    assert "Do the raw data contain personal data (GDPR Art. 4(1)), directly or indirectly?" in page
    assert "Personal data is anything that relates to an identified or identifiable person" in page
    assert "Yes, indirectly (people can be identified through attributes)" in page
    assert "Release is still blocked:" in page
    assert "It is unclear whether the data contain personal data (question 5)." in page
    assert "Enthalten die Rohdaten" not in page and "Ob die Daten personenbezogen sind" not in page
    update(people, dataset, PASSING)
    publish(people, dataset)
    public = app.get(f"/en/dataset/{dataset['name']}").get_data(as_text=True)
    assert "Notes on use" in public and "Data-ethics review" in public
    assert "The data contain no personal data." in public
