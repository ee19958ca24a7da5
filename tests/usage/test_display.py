"""Where the usage counts show (issue 16, part 5): the dataset page, "Meistgenutzt" on the home
page, the search sort "Meistgenutzt" (``views_recent`` in the index) — released datasets only."""

from __future__ import annotations

import re
from typing import Any

import lxml.html

from ckanext.jena.usage import index, store
from tests.auth import auth_headers
from tests.release.support import People, make_dataset, publish, withdraw

BROWSER = {"User-Agent": "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"}


def _doc(app: Any, url: str, **kwargs: Any) -> lxml.html.HtmlElement:
    response = app.get(url, **kwargs)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    return lxml.html.fromstring(response.body)


def _text(element: lxml.html.HtmlElement) -> str:
    return re.sub(r"\s+", " ", element.text_content()).strip()


def _most_used(app: Any) -> list[str]:
    section = _doc(app, "/").xpath('//section[@aria-labelledby="jena-home-most-used"]')
    return [_text(item) for item in section[0].xpath('.//li[@class="jena-teaser"]')] if section else []


def _sorted_by_use(app: Any) -> list[str]:
    doc = _doc(app, "/dataset/", query_string={"sort": "views_recent desc, metadata_modified desc"})
    return [_text(a) for a in doc.xpath('//h2[contains(@class, "dataset-heading")]//a')]


def test_counts_show_on_the_dataset_page_the_home_page_and_in_the_search_sort(app: Any, people: People) -> None:
    popular, quiet, hidden = (make_dataset(people, title=title) for title in ("Beliebt", "Ruhig", "Entwurf"))
    publish(people, popular)
    publish(people, quiet)
    assert _most_used(app) == []  # nothing counted yet: no list
    assert _sorted_by_use(app) == ["Ruhig", "Beliebt"]  # then newest first

    for _ in range(3):
        app.get(f"/dataset/{popular['name']}", headers=BROWSER)
    app.get(
        f"/dataset/{popular['name']}/resource/{popular['resources'][0]['id']}/download",
        headers=BROWSER,
        follow_redirects=False,
    )
    app.get(f"/dataset/{quiet['name']}", headers=BROWSER)
    store.flush()
    assert sorted(index.daily_job()) == sorted([popular["id"], quiet["id"]])

    line = _doc(app, f"/dataset/{popular['name']}").xpath('//p[@class="jena-usage"]')
    assert _text(line[0]) == "Aufrufe / Downloads in den letzten 30 Tagen: 3 / 1"
    items = _most_used(app)
    assert [item.split(" Umweltschutz")[0] for item in items] == ["Beliebt", "Ruhig"]
    assert "3 Aufrufe / 1 Downloads in den letzten 30 Tagen" in items[0]
    options = _doc(app, "/dataset/").xpath('//select[@id="field-order-by"]/option')
    assert ("Meistgenutzt", "views_recent desc, metadata_modified desc") in [
        (_text(o), o.get("value")) for o in options
    ]
    assert _sorted_by_use(app) == ["Beliebt", "Ruhig"]

    # Unreleased datasets show no figures, also to their department.
    draft_page = _doc(app, f"/dataset/{hidden['name']}", headers=auth_headers(people.editor))
    assert draft_page.xpath('//p[@class="jena-usage"]') == []
    withdraw(people, popular)
    assert [item.split(" Umweltschutz")[0] for item in _most_used(app)] == ["Ruhig"]
    assert (
        _doc(app, f"/dataset/{popular['name']}", headers=auth_headers(people.editor)).xpath('//p[@class="jena-usage"]')
        == []
    )
