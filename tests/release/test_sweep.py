"""The sweep: every registered action and every GET route, as anonymous, a plain registered
user and another department's data manager, against datasets in every release state
(``sweep.py``). No response may contain a marker of unreleased content (or the id of an
unreleased dataset, unless the request named it), and no response may be a 5xx.

Nothing here lists channels: the actions come from CKAN's action registry and the pages
from the Flask URL map, so an action or a page added by anybody later is swept too. The
parameters are filled from the fixture by name (``id`` of a dataset, a resource, a view,
an activity, an organization, a group, a user or a tag, depending on the action's or the
route's name), a few sets per action. Read-only actions run first, then the ones that
write (which must refuse these users); at the end the fixture must be as it was.

The anonymous page cache is on (``ckanext/jena/page_cache``): anonymous answers are stored and
served from it as in production.

By default each user is swept with two of the six states (all six are covered per run; about
2 minutes, 5,600 requests, most of the time page rendering); ``JENA_DEEP_TESTS=1`` sweeps
every state for every user.
"""

from __future__ import annotations

import io
import json
import os
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import ckan.logic
import ckan.plugins.toolkit as tk
import pytest
import requests
from ckan import model

from tests.auth import auth_headers
from tests.release import sweep
from tests.release.support import release_state

DEEP = os.environ.get("JENA_DEEP_TESTS") == "1"
# Never called: they would end the sweep's own session or need a body the sweep cannot fill.
SKIPPED_ROUTES = {"static", "webassets.index", "user.logout", "user.logged_out", "user.logged_out_page"}
SKIPPED_PREFIXES = ("/webassets/", "/base/", "/jena-theme/", "/_debug")
# No 5xx is tolerated: the crashes of CKAN core, ckanext-harvest and ckanext-dcat code this sweep
# found on missing or foreign parameters are fixed (tests/hostile/test_logic_errors.py).


@dataclass
class Finding:
    who: str
    request: str
    problem: str


@dataclass
class Sweep:
    fixture: sweep.Fixture
    markers: dict[str, str]
    findings: list[Finding] = field(default_factory=list)
    requests: int = 0
    public_seen: bool = False

    def check(self, who: str, request: str, status: int, body: str) -> None:
        self.requests += 1
        if status >= 500:
            self.findings.append(Finding(who, request, f"answered {status}: {body[:300]}"))
        text = body.lower()
        for marker, where in self.markers.items():
            if marker in text and marker not in request.lower():
                self.findings.append(Finding(who, request, f"shows {where} ({marker})"))
        if self.fixture.public_marker in text:
            self.public_seen = True


def _registry() -> dict[str, Any]:
    tk.get_action("package_show")  # fills the registry (plugins included)
    return dict(ckan.logic._actions)


def _params(fixture: sweep.Fixture, action: str, datasets: list[sweep.SecretDataset]) -> Iterator[dict[str, Any]]:
    """A few parameter sets for ``action``, filled from the fixture by the action's name."""
    people = fixture.people
    yield {}
    common = {
        "include_datasets": True,
        "include_private": True,
        "include_drafts": True,
        "include_data": True,
        "all_fields": True,
        "limit": 100,
    }
    for dataset in datasets:
        base = {
            **common,
            "package_id": dataset.id,
            "resource_id": dataset.resource_id,
            "object": dataset.id,
            "object_type": "package",
            "activity_id": dataset.activity_id,
            "view_id": dataset.view_id,
            "q": "zq*",
            "query": "zq",
        }
        if "resource_view" in action:
            ids = [dataset.view_id, dataset.resource_id]
        elif "resource" in action:
            ids = [dataset.resource_id]
        elif action.startswith("activity_") or action.endswith("_activity"):
            ids = [dataset.activity_id]
        elif "tag" in action:
            ids = [dataset.tag]
        else:
            ids = [dataset.id, dataset.name]
        if "sql" in action:  # datastore_search_sql
            base["sql"] = f'SELECT * FROM "{dataset.resource_id}"'
        for reference in ids:
            if reference:
                yield {**base, "id": reference}
    for reference in (people.org["id"], fixture.group["id"], people.editor["id"]):
        yield {**common, "id": reference, "object_type": "package", "q": "zq*", "query": "zq"}


_STATUS = {"NotAuthorized": 403, "NotFound": 404, "ValidationError": 409, "SearchQueryError": 400, "SearchError": 409}


def _sweep_actions(run: Sweep, who: str, user: str, datasets: list[sweep.SecretDataset]) -> None:
    """Every action through ``get_action`` (the API view only adds JSON around it), as ``user``."""
    registry = _registry()
    read_only = sorted(name for name, func in registry.items() if getattr(func, "side_effect_free", False))
    writing = sorted(name for name in registry if name not in read_only)
    for name in [*read_only, *writing]:
        for params in _params(run.fixture, name, datasets):
            payload = json.dumps(params, default=str)
            request = f"action {name} {payload}"
            try:
                result = tk.get_action(name)({"user": user, "ignore_auth": False}, dict(params))
                status, body = 200, json.dumps(result, default=str)
            except Exception as error:
                kind = type(error).__name__
                status = _STATUS.get(kind, 500)
                body = f"{kind}: {error} {getattr(error, 'error_dict', '')}"
            run.check(who, request, status, body)
            model.Session.rollback()


def _route_values(rule: Any, fixture: sweep.Fixture, dataset: sweep.SecretDataset) -> dict[str, Any]:
    people = fixture.people
    path = rule.rule
    values: dict[str, Any] = {}
    for argument in rule.arguments:
        if argument in ("resource_id",):
            values[argument] = dataset.resource_id
        elif argument == "view_id":
            values[argument] = dataset.view_id or dataset.resource_id
        elif argument == "activity_id":
            values[argument] = dataset.activity_id
        elif argument == "package_type":
            values[argument] = "dataset"
        elif argument == "group_type":
            values[argument] = "organization" if "organization" in path else "group"
        elif argument == "is_organization":
            values[argument] = "organization" in path
        elif argument in ("ver",):
            values[argument] = 3
        elif argument == "logic_function":
            values[argument] = "package_show"
        elif argument in ("user", "user_id", "username"):
            values[argument] = people.editor["name"]
        elif argument == "id" and path.startswith("/organization"):
            values[argument] = people.org["name"]
        elif argument == "id" and path.startswith("/group"):
            values[argument] = fixture.group["name"]
        elif argument == "id" and path.startswith("/user"):
            values[argument] = people.editor["name"]
        elif argument == "id" and "/harvest" in path:
            values[argument] = dataset.id
        elif argument in ("tag", "tag_name"):
            values[argument] = dataset.tag
        else:
            values[argument] = dataset.name if argument in ("id", "name") else dataset.id
    return values


def _get_rules(app: Any) -> list[Any]:
    rules = []
    for rule in app.flask_app.url_map.iter_rules():
        if "GET" not in (rule.methods or ()) or rule.endpoint in SKIPPED_ROUTES:
            continue
        if rule.rule.startswith(SKIPPED_PREFIXES) or rule.endpoint.endswith(".static"):
            continue
        rules.append(rule)
    return sorted(rules, key=lambda rule: rule.rule)


def _sweep_routes(app: Any, run: Sweep, who: str, headers: dict[str, str], datasets: list[sweep.SecretDataset]) -> None:
    adapter = app.flask_app.url_map.bind("localhost")
    for rule in _get_rules(app):
        fills = datasets if rule.arguments else datasets[:1]
        seen: set[str] = set()
        for dataset in fills:
            try:
                url = adapter.build(rule.endpoint, _route_values(rule, run.fixture, dataset), method="GET")
            except Exception:  # a converter refuses the value: nothing to request
                continue
            if url in seen:
                continue
            seen.add(url)
            query = "?q=zq&incomplete=zq" if not rule.arguments else ""
            try:
                # no cookie jar: every request as a new visitor (so anonymous ones meet the page cache)
                client = app.test_client(use_cookies=False)
                response = client.get(url + query, headers=headers, follow_redirects=False)
            except Exception as error:  # the test client re-raises what would be a 500
                run.check(who, f"GET {url}{query}", 500, f"{type(error).__name__}: {error}")
            else:
                run.check(who, f"GET {url}{query}", response.status_code, _text(response))
            model.Session.rollback()


def _text(response: Any) -> str:
    """The response as text to search for markers; a zip container (the cockpit's XLSX) by the
    text of its parts, which the compression would otherwise hide."""
    body = response.get_data()
    if body.startswith(b"PK\x03\x04"):
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            return "\n".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())
    return body.decode("utf-8", "replace")


def _states_now(fixture: sweep.Fixture) -> list[str | None]:
    return [release_state({"id": dataset.id}) for dataset in fixture.secret]


def _search_service_refuses_anonymous() -> list[str]:
    problems = []
    url = tk.config["solr_url"]
    for route, method in (("select?q=*:*&wt=json", "get"), ("update?commit=true", "post")):
        response = getattr(requests, method)(
            f"{url}/{route}",
            data="<delete><query>*:*</query></delete>",
            headers={"Content-Type": "text/xml"},
            timeout=10,
        )
        if response.status_code != 401:
            problems.append(f"search service /{route} without credentials answered {response.status_code}")
    return problems


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
@pytest.mark.ckan_config("ckanext.jena.page_cache.enabled", True)  # with the anonymous page cache on
def test_no_channel_shows_unreleased_content_to_outsiders(app: Any) -> None:
    fixture = sweep.build()
    run = Sweep(fixture, fixture.markers())
    people = fixture.people
    before = _states_now(fixture)
    principals = [
        ("anonymous", "", {}),
        ("registered user", people.outsider["name"], auth_headers(people.outsider)),
        ("other department's data manager", people.other_admin["name"], auth_headers(people.other_admin)),
    ]
    for index, (who, user, headers) in enumerate(principals):
        # each user gets two of the six states (all of them with JENA_DEEP_TESTS=1)
        subset = fixture.secret if DEEP else fixture.secret[index * 2 : index * 2 + 2]
        started = time.monotonic()
        with app.flask_app.test_request_context():  # as the API calls them (dcat_catalog_* read the request)
            _sweep_actions(run, who, user, subset)
        actions_done = time.monotonic()
        _sweep_routes(app, run, who, headers, subset)
        print(f"sweep {who}: actions {actions_done - started:.0f} s, routes {time.monotonic() - actions_done:.0f} s")
    problems = [f"{item.who}: {item.request[:200]} → {item.problem}" for item in run.findings]
    problems += _search_service_refuses_anonymous()
    assert _states_now(fixture) == before, "the sweep changed the fixture (a write was not refused)"
    print(f"sweep: {run.requests} requests, {len(run.findings)} findings")
    assert run.public_seen, "the sweep never saw the released dataset's marker: it is blind"
    assert problems == [], "\n".join(problems[:80]) + f"\n({len(problems)} problems)"
