"""The quality score where people see it: API, public band, explanation page, form and release page;
nothing of an unreleased dataset reaches the public."""

from __future__ import annotations

from typing import Any

import pytest
from ckan.tests.helpers import call_action

from tests.auth import auth_headers
from tests.release.support import People, context, make_dataset, publish


def test_score_in_api_pages_form_and_release_page(app: Any, people: People) -> None:
    published = make_dataset(people, tag_string="Bäume,Umwelt")
    publish(people, published)
    draft = make_dataset(people, title="Geheimer Entwurf")

    shown = call_action("jena_quality_show", context(None), id=published["name"])
    assert shown["max_score"] == 405
    assert shown["band"] in ("excellent", "good", "sufficient", "bad")
    assert shown["score"] == sum(item["points"] for item in shown["indicators"])
    assert {item["metric"] for item in shown["indicators"] if item["met"] is None} == {
        "accessUrlStatusCode",
        "downloadUrlStatusCode",
    }  # no link check yet: unknown, no points
    assert next(i for i in shown["indicators"] if i["metric"] == "keywordAvailability")["points"] == 30

    # An unreleased dataset answers outsiders like a missing one; its department sees the score.
    from ckan.plugins import toolkit as tk

    for ident in (draft["id"], "gibt-es-nicht"):
        with pytest.raises(tk.ObjectNotFound):
            call_action("jena_quality_show", context(None), id=ident)
    with pytest.raises(tk.ValidationError) as error:
        call_action("jena_quality_show", context(None))
    assert error.value.error_dict == {"id": ["Missing value"]}
    assert call_action("jena_quality_show", context(people.editor), id=draft["id"])["name"] == draft["name"]

    page = app.get(f"/dataset/{published['name']}")
    assert "jena-quality-public" in page.body
    assert f"{shown['score']} von 405 Punkten" in page.body
    assert app.get(f"/dataset/{draft['name']}", status=404)

    about = app.get("/datenqualitaet")
    assert "Schlagwörter angegeben" in about.body and "351 bis 405 Punkte" in about.body

    form = app.get(f"/dataset/edit/{draft['name']}", headers=auth_headers(people.editor))
    assert "jena-quality-panel" in form.body
    assert "Was die Bewertung am meisten hebt" in form.body
    release = app.get(f"/dataset/{draft['name']}/freigabe", headers=auth_headers(people.admin))
    assert "jena-quality-panel" in release.body


def test_a_department_can_require_a_minimum_band_for_release(people: People) -> None:
    from ckan.plugins import toolkit as tk

    from tests.release.support import approve, release_state, submit

    call_action("organization_patch", context(people.sysadmin), id=people.org["id"], min_quality_band="excellent")
    dataset = make_dataset(people)
    submit(people, dataset)
    with pytest.raises(tk.ValidationError) as error:
        approve(people, dataset)
    assert "verlangt mindestens „Ausgezeichnet“ (351 Punkte)" in str(error.value.error_dict)
    assert release_state(dataset) == "in_review"

    call_action("organization_patch", context(people.sysadmin), id=people.org["id"], min_quality_band="")
    approve(people, dataset)
    assert release_state(dataset) == "published"
