"""Issue 20 (10): after "Änderungen anfordern" the reviewer sees what the department changed."""

from __future__ import annotations

from typing import Any

import pytest
from ckan.tests.helpers import call_action

from tests.auth import auth_headers
from tests.release.support import People, context, edit, make_dataset, request_changes, submit


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
def test_the_second_round_shows_the_changes_since_the_request(app: Any, people: People) -> None:
    dataset = make_dataset(people, title="Trinkwasserbrunnen")
    submit(people, dataset)
    shown = call_action("jena_release_show", context(people.admin), id=dataset["id"])
    assert shown["since_request"] is None
    request_changes(people, dataset, comment="Bitte den Titel genauer fassen.")
    edit(people, dataset, title="Standorte der Trinkwasserbrunnen")
    submit(people, dataset)
    shown = call_action("jena_release_show", context(people.admin), id=dataset["id"])
    assert shown["since_request"]["comment"] == "Bitte den Titel genauer fassen."
    assert [(c["field"], c["old_text"], c["new_text"]) for c in shown["since_request"]["diff"]] == [
        ("title", "Trinkwasserbrunnen", "Standorte der Trinkwasserbrunnen")
    ]
    body = app.get(f"/dataset/{dataset['name']}/freigabe", headers=auth_headers(people.admin)).get_data(as_text=True)
    section = body[body.index('class="jena-release-since-request') :]
    section = section[: section.index("</section>")]
    assert "Geändert seit der Rückfrage" in section and "Bitte den Titel genauer fassen." in section
    assert "<del>Trinkwasserbrunnen</del>" in section and "<ins>Standorte der Trinkwasserbrunnen</ins>" in section
