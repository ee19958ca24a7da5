"""Issue 20 (6): the checklist's messages name the questions they are about by the numbers the
form shows; department, mailbox and frequency come from the dataset's metadata (they cannot
contradict it); a failing checklist on the release page links to the checklist."""

from __future__ import annotations

import importlib.resources
import re
from typing import Any

import pytest
import yaml
from ckan import model
from ckan.tests.helpers import call_action

from ckanext.jena.ethics import checklist
from tests.auth import auth_headers
from tests.ethics.support import PASSING, show, stored, update
from tests.release.support import People, context, make_dataset, submit

NUMBER = re.compile(r"\b(?:Frage|question) (\d+)\b")


def _named_questions(rule: dict[str, Any]) -> set[str]:
    return {clause["q"] for clause in rule["when"]}


def test_every_message_names_the_numbers_of_the_questions_its_rule_is_about() -> None:
    current = checklist.current()
    numbers = {question.id: question.number for question in current.questions}
    for question in current.questions:
        for rule in question.blocks:
            expected = {numbers[question_id] for question_id in _named_questions(rule)} | {question.number}
            for lang in ("de", "en"):
                named = {int(number) for number in NUMBER.findall(rule["message"][lang])}
                assert named, (question.id, lang, rule["message"][lang])
                assert named <= expected, (question.id, lang, rule["message"][lang], expected)


def test_the_reported_examples_point_at_their_questions() -> None:
    current = checklist.current()
    security = current.question("security_risk")
    responsibility = current.question("responsibility")
    assert (security.number, responsibility.number) == (13, 17)
    assert f"(Frage {security.number})" in security.blocks[0]["message"]["de"]
    assert all(f"(Frage {responsibility.number})" in rule["message"]["de"] for rule in responsibility.blocks)


def test_the_definition_names_questions_by_id_not_by_number() -> None:
    text = importlib.resources.files("jena_schemas").joinpath("ethics_checklist.yaml").read_text("utf-8")
    assert not NUMBER.search(text)


def test_a_message_naming_an_unknown_question_is_refused_when_loading() -> None:
    raw = yaml.safe_load(importlib.resources.files("jena_schemas").joinpath("ethics_checklist.yaml").read_text("utf-8"))
    raw["questions"][0]["blocks"][0]["message"]["de"] = "Siehe Frage {gibt_es_nicht}."
    with pytest.raises(ValueError, match="unknown question"):
        checklist.parse(raw)


@pytest.mark.usefixtures("with_plugins", "clean_db")
class TestResponsibilityComesFromTheMetadata:
    def test_saved_answers_take_department_mailbox_and_frequency_from_the_dataset(self, people: People) -> None:
        dataset = make_dataset(people, frequency="QUARTERLY", contact_point_email="umwelt@jena.de")
        update(people, dataset, PASSING)
        answers, _ = stored(dataset)
        assert answers["responsibility"] == {
            "department": "Umweltschutz",
            "mailbox": "umwelt@jena.de",
            "frequency": "QUARTERLY",
            "next_update": "2027-03-01",
        }
        call_action("package_patch", context(people.editor), id=dataset["id"], frequency="ANNUAL")
        model.Session.rollback()
        shown = show(people, dataset)
        assert shown["answers"]["responsibility"]["frequency"] == "ANNUAL"
        assert shown["passed"] is True

    def test_the_form_shows_them_read_only_with_a_way_to_change_them(self, app: Any, people: People) -> None:
        dataset = make_dataset(people, frequency="QUARTERLY")
        update(people, dataset, PASSING)
        body = app.get(f"/dataset/{dataset['name']}/ethik", headers=auth_headers(people.editor)).get_data(as_text=True)
        block = body[body.index('id="q-responsibility-frequency"') :][:600]
        assert "<strong>vierteljährlich</strong>" in block and "aus den Metadaten des Datensatzes" in block
        assert f'href="/dataset/edit/{dataset["name"]}"' in block
        for name in ("department", "mailbox", "frequency"):
            assert f'name="responsibility.{name}"' not in body
        assert 'name="responsibility.next_update"' in body

    def test_failing_checklist_links_to_it_from_the_release_page(self, app: Any, people: People) -> None:
        dataset = make_dataset(people)
        submit(people, dataset)
        body = app.get(f"/dataset/{dataset['name']}/freigabe", headers=auth_headers(people.admin)).get_data(
            as_text=True
        )
        gate = body[body.index('class="jena-release-gates') :]
        gate = gate[: gate.index("</section>")]
        assert f'<a href="/dataset/{dataset["name"]}/ethik">Datenethik-Checkliste</a>: nicht erfüllt' in gate
