"""Confidentiality: the department's answers never reach a public channel (package_show,
search, activity stream, DCAT, feeds, the dataset page) — only the public summary does."""

from __future__ import annotations

from typing import Any

import pytest
from ckan.tests.helpers import call_action
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests.ethics.support import PASSING, answers, update
from tests.release.channels import observe
from tests.release.support import People, approve, context, make_dataset, publish, submit

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db")

_words = st.text(alphabet="abcdefghijklmnopqrstuvwxyzäöü", min_size=6, max_size=12)


def _public_channels(app: Any, people: People, dataset: dict[str, Any]) -> dict[str, str]:
    name = dataset["name"]
    channels = {
        "package_show (anonymous)": str(call_action("package_show", context(None), id=name)),
        "package_show (editor)": str(call_action("package_show", context(people.editor), id=name)),
        "package_search (sysadmin, private too)": str(
            call_action("package_search", context(people.sysadmin), q="*:*", include_private=True, rows=1000)
        ),
        "package_activity_list (editor)": str(
            call_action("package_activity_list", context(people.editor), id=name, include_hidden_activity=True)
        ),
    }
    for url in (
        f"/dataset/{name}",
        f"/dataset/{name}.ttl",
        f"/dataset/{name}.rdf",
        "/catalog.ttl",
        "/feeds/dataset.atom",
    ):
        response = app.get(url)
        assert response.status_code == 200, url
        channels[url] = response.get_data(as_text=True)
    # The search page (/dataset/) is left out: on the test configuration ckanext-dcat's search
    # template links the disabled endpoint dcat.read_catalog (BuildError); package_search covers it.
    return channels


@settings(
    max_examples=3, deadline=None, phases=(Phase.generate,), suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(secret=_words)
def test_confidential_answers_never_leak(app: Any, people: People, secret: str) -> None:
    marker = f"geheim{secret}"
    dataset = make_dataset(people)
    confidential = answers(
        public_benefit=f"Nutzen {marker}",
        legal_provision=f"Vorschrift {marker}",
        harm_mitigation=f"Maßnahme {marker}",
        dpo={"name": f"Abteilung {marker}"},
        limitations="Öffentlicher Hinweis: Lücken bei privaten Grundstücken.",
    )
    update(people, dataset, confidential)
    # Searching for the marker must not find the dataset either.
    publish(people, dataset)
    found = call_action("package_search", context(people.sysadmin), q=marker, include_private=True)
    assert found["count"] == 0
    for channel, text in _public_channels(app, people, dataset).items():
        assert marker not in text, channel
    page = app.get(f"/dataset/{dataset['name']}").get_data(as_text=True)
    assert "Lücken bei privaten Grundstücken" in page  # the published limitations ("Hinweise zur Nutzung")


def test_limitations_saved_for_a_pending_revision_stay_off_every_channel(app: Any, people: People) -> None:
    """The public summary is the one the last approval saw: answers given for a pending revision
    reach no public channel (tests/release/channels.py) before a reviewer approves them."""
    dataset = make_dataset(people)
    update(people, dataset, PASSING)
    publish(people, dataset)
    marker = "Neuerdings fehlen die Bäume im Paradiespark."
    call_action("package_patch", context(people.editor), id=dataset["id"], notes="Überarbeitete Beschreibung.")
    update(people, dataset, answers(limitations=marker))

    pending = observe(app, dataset, people.org)
    assert pending.leaking(marker) == []
    assert pending.leaking(PASSING["limitations"]) == []  # the old answers are no longer the current ones
    assert "dataset_page" in pending.showing()

    submit(people, dataset)
    approve(people, dataset)
    assert {"dataset_page", "dcat_dataset", "dcat_catalog"} <= set(observe(app, dataset, people.org).leaking(marker))
