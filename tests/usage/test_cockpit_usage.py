"""Use per dataset and department in the data-management report, the cockpit and its CSV
(issue 16, part 5): released datasets only."""

from __future__ import annotations

import csv
import io
from typing import Any

import lxml.html
from ckan.lib.redis import connect_to_redis
from ckan.tests.helpers import call_action

from ckanext.jena.usage import counting, store
from tests.auth import auth_headers
from tests.release.support import People, approve, context, make_dataset, publish, submit


def _count(dataset: dict[str, Any], kind: str, times: int, resource_id: str = "") -> None:
    field = f"{store.today().isoformat()}|{kind}|{dataset['id']}|{resource_id}"
    connect_to_redis().hincrby(counting.PENDING, field, times)


def test_use_per_dataset_and_department(app: Any, people: People) -> None:
    used = make_dataset(people, title="Genutzt")
    publish(people, used)
    draft = make_dataset(people, title="Entwurf")
    other = make_dataset(people, user=people.other_admin, owner_org=people.other_org["id"], title="Andere")
    submit(people, other, user=people.other_admin)
    approve(people, other, user=people.central)
    _count(used, "view", 2)
    _count(used, "download", 1, used["resources"][0]["id"])
    _count(draft, "view", 4)  # never written: not released
    _count(other, "view", 7)
    store.flush()

    own = call_action("jena_quality_report", context(people.admin))
    usage = {row["name"]: row["usage"] for row in own["datasets"]}
    assert usage == {used["name"]: {"views": 2, "downloads": 1}, draft["name"]: None}
    assert own["usage"] == [
        {"name": "umweltschutz", "title": "Umweltschutz", "datasets": 1, "views": 2, "downloads": 1}
    ]
    everything = call_action("jena_quality_report", context(people.sysadmin))
    assert [(entry["name"], entry["views"]) for entry in everything["usage"]] == [("statistik", 7), ("umweltschutz", 2)]

    page = lxml.html.fromstring(app.get("/datenmanagement", headers=auth_headers(people.admin)).body)
    cells = [
        [cell.text_content().strip() for cell in row.xpath("./th|./td")]
        for row in page.xpath('//table[contains(@class, "jena-cockpit-usage")]/tbody/tr')
    ]
    assert cells == [["Umweltschutz", "1", "2", "1"]]

    response = app.get("/datenmanagement.csv", headers=auth_headers(people.admin))
    table = list(csv.reader(io.StringIO(response.body.lstrip("\ufeff"))))
    assert table[0][-2:] == ["Aufrufe (30 Tage)", "Downloads (30 Tage)"]
    assert {row[1]: row[-2:] for row in table[1:]} == {used["name"]: ["2", "1"], draft["name"]: ["", ""]}
