"""Usage counting (issue 16, part 5): what is counted, what is not, and what is stored."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import sqlalchemy as sa
from ckan import model
from ckan.lib.redis import connect_to_redis
from ckan.tests.helpers import call_action

from ckanext.jena.model import JenaUsageDaily
from ckanext.jena.usage import counting, store
from tests.auth import auth_headers
from tests.release.support import People, context, make_dataset, publish, submit, withdraw

BROWSER = {"User-Agent": "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"}
CRAWLER = {"User-Agent": "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"}


@pytest.mark.parametrize(
    ("agent", "machine"),
    [
        (BROWSER["User-Agent"], False),
        (
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0",
            False,
        ),
        (CRAWLER["User-Agent"], True),
        ("Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)", True),
        (
            "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.2; +https://openai.com/gptbot)",
            True,
        ),
        ("facebookexternalhit/1.1", True),
        (
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0 Safari/537.36",
            True,
        ),
        ("python-requests/2.32.3", True),
        ("", True),
        ("   ", True),
    ],
)
def test_machines_are_told_by_their_user_agent(agent: str, machine: bool) -> None:
    assert counting.is_machine(agent) is machine


def _rows() -> list[tuple[str, str, int, int]]:
    return sorted(
        (row.package_id, row.resource_id, row.views, row.downloads) for row in model.Session.query(JenaUsageDaily)
    )


def _pending() -> dict[str, int]:
    raw = connect_to_redis().hgetall(counting.PENDING)
    return {key.decode(): int(value) for key, value in raw.items()}


def test_counts_only_people_on_released_datasets_and_stores_nothing_about_them(app: Any, people: People) -> None:
    released = make_dataset(people)
    publish(people, released)
    resource = released["resources"][0]
    draft = make_dataset(people)
    in_review = make_dataset(people)
    submit(people, in_review)
    page = f"/dataset/{released['name']}"
    resource_page = f"{page}/resource/{resource['id']}"

    # Counted: an anonymous visitor's dataset page, resource page and download (a linked file: the redirect).
    assert app.get(page, headers=BROWSER).status_code == 200
    assert app.get(resource_page, headers=BROWSER).status_code == 200
    assert app.get(f"{resource_page}/download", headers=BROWSER, follow_redirects=False).status_code == 302
    # Someone signed in from another department counts as well.
    assert app.get(page, headers={**BROWSER, **auth_headers(people.other_admin)}).status_code == 200
    # Not counted: a crawler, a request without user agent, a prefetch, the department's own staff,
    # a missing page, unreleased datasets (also when the central team may open them), other methods.
    assert app.get(page, headers=CRAWLER).status_code == 200
    assert app.get(page, headers={"User-Agent": ""}).status_code == 200
    assert app.get(page, headers={**BROWSER, "Sec-Purpose": "prefetch"}).status_code == 200
    for staff in (people.editor, people.member, people.admin, people.sysadmin):
        assert app.get(page, headers={**BROWSER, **auth_headers(staff)}).status_code == 200
    assert app.get(f"/dataset/{draft['name']}", headers=BROWSER).status_code == 404
    assert (
        app.get(f"/dataset/{in_review['name']}", headers={**BROWSER, **auth_headers(people.central)}).status_code == 200
    )
    assert app.get(f"{page}/resource/no-such-resource", headers=BROWSER).status_code == 404
    assert app.client.head(page, headers=BROWSER).status_code == 200

    day = store.today().isoformat()
    assert _pending() == {
        f"{day}|view|{released['name']}|": 2,
        f"{day}|view|{released['name']}|{resource['id']}": 1,
        f"{day}|download|{released['name']}|{resource['id']}": 1,
    }
    # A count that reached Redis for a dataset that is no longer public is dropped by the flush.
    connect_to_redis().hincrby(counting.PENDING, f"{day}|view|{in_review['id']}|", 5)
    connect_to_redis().hincrby(counting.PENDING, f"{day}|download|{released['id']}|{draft['resources'][0]['id']}", 3)

    assert store.flush() == 4
    assert _rows() == sorted([(released["id"], "", 2, 0), (released["id"], resource["id"], 1, 1)])
    assert not connect_to_redis().exists(counting.PENDING, store.FLUSHING)
    # The table holds the day, the dataset, the resource and two numbers: nothing about visitors.
    columns = {column["name"] for column in sa.inspect(model.meta.engine).get_columns("jena_usage_daily")}
    assert columns == {"day", "package_id", "resource_id", "views", "downloads"}
    assert store.recent(released["id"]).as_dict() == {"views": 3, "downloads": 1}

    # The next flush adds to the day's row.
    app.get(page, headers=BROWSER)
    assert store.flush() == 1
    assert store.recent(released["id"]).views == 4
    # Counts older than 30 days are not recent.
    row = model.Session.get(JenaUsageDaily, (store.today(), released["id"], ""))
    row.day = store.today() - dt.timedelta(days=30)
    model.Session.commit()
    assert store.recent(released["id"]).as_dict() == {"views": 1, "downloads": 1}

    # A withdrawn dataset is no longer counted.
    withdraw(people, released)
    app.get(page, headers={**BROWSER, **auth_headers(people.central)})
    assert _pending() == {}
    assert call_action("package_show", context(people.admin), id=released["id"])["name"] == released["name"]
