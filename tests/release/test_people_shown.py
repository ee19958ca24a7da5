"""Issue 20 (10): the public activity stream names the department, not the employee, in the
page's language; staff see people by their full names, not their user names."""

from __future__ import annotations

from typing import Any

import pytest
from ckan.tests.helpers import call_action

from ckanext.jena.release import states
from tests.auth import auth_headers
from tests.release.support import People, approve, context, dataset_in_state, edit, make_dataset, submit


def _activity(app: Any, dataset: dict[str, Any], headers: dict[str, str] | None = None, lang: str = "") -> str:
    response = app.get(f"{lang}/dataset/activity/{dataset['name']}", headers=headers or {})
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    stream = body[body.index('<ul class="activity') :]
    return stream[: stream.index("</ul>")]


def public_filter(app: Any, dataset: dict[str, Any]) -> str:
    body = app.get(f"/dataset/activity/{dataset['name']}").get_data(as_text=True)
    return body[body.index('id="activity_types_filter"') :][:3000]


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
class TestPeopleShown:
    def test_public_stream_names_the_department_staff_see_the_person(self, app: Any, people: People) -> None:
        dataset = dataset_in_state(people, states.PUBLISHED)
        # What happened before the release stays hidden; an approved change is public.
        edit(people, dataset, notes="Alle Straßenbäume der Stadt Jena, jetzt mit Kronendurchmesser.")
        submit(people, dataset)
        approve(people, dataset)
        public = _activity(app, dataset)
        assert "Datensatz geändert" in public_filter(app, dataset) and "Changed Package" not in public_filter(
            app, dataset
        )
        assert "Umweltschutz" in public
        assert "Erika Editor" not in public and "erika-editor" not in public
        assert "Dana Datenmanagerin" not in public and "dana-datenmanagerin" not in public
        staff = _activity(app, dataset, auth_headers(people.editor))
        assert "Erika Editor" in staff

    def test_resource_view_activity_speaks_the_page_language(self, app: Any, people: People) -> None:
        dataset = make_dataset(people)
        call_action(
            "resource_view_create",
            context(people.editor),
            resource_id=dataset["resources"][0]["id"],
            view_type="image_view",
            title="Karte",
        )
        headers = auth_headers(people.editor)
        german = _activity(app, dataset, headers)
        assert "hat die Ansicht" in german and "Karte" in german
        assert "created resource view" not in german
        assert "created the view" in _activity(app, dataset, headers, lang="/en")

    def test_release_page_names_people_in_full(self, app: Any, people: People) -> None:
        dataset = make_dataset(people)
        submit(people, dataset)
        body = app.get(f"/dataset/{dataset['name']}/freigabe", headers=auth_headers(people.admin)).get_data(
            as_text=True
        )
        facts = body[body.index('class="table table-sm jena-release-facts"') :]
        facts = facts[: facts.index("</table>")]
        assert "von Erika Editor" in facts and "erika-editor" not in facts
        history = body[body.index("jena-release-history") :]
        assert "Erika Editor" in history[: history.index("</table>")]

    def test_tasks_page_names_people_in_full(self, app: Any, people: People) -> None:
        dataset = make_dataset(people)
        submit(people, dataset)
        body = app.get("/aufgaben", headers=auth_headers(people.admin)).get_data(as_text=True)
        review = body[body.index("Zu prüfen") :]
        row = review[review.index(dataset["title"]) :]
        row = row[: row.index("</tr>")]
        # "Eingereicht" and "Zuletzt bearbeitet" both name the person, not the user name
        assert row.count("(Erika Editor)") == 2 and "erika-editor" not in row
