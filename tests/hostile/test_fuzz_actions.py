"""Fuzz test: every registered action (core and every plugin, enumerated from CKAN's action
registry after the plugins loaded) gets generated parameters of wrong types, huge sizes, NUL
and control characters and deep nesting (issue 13).

Invariants for every call: no 5xx, no traceback logged at ERROR, and the database session is
clean afterwards (an ordinary request on the same app succeeds). A few examples per action in
CI (about a minute); ``JENA_DEEP_TESTS=1`` runs 40 per action.
"""

from __future__ import annotations

import json
import logging
import os
from types import SimpleNamespace
from typing import Any

import ckan.logic as logic
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ckanext.jena.logic import action_guard

DEEP = os.environ.get("JENA_DEEP_TESTS") == "1"
EXAMPLES = 40 if DEEP else 2

# Site-wide side effects a random call could trigger that would spoil the other examples
# (they are covered by their own tests): wiping job queues and harvest histories.
SKIPPED = {"job_clear", "harvest_sources_job_history_clear", "harvest_source_job_history_clear"}

KEYS = [
    "id", "name", "q", "fq", "rows", "start", "offset", "limit", "url", "owner_org", "package_id",
    "resource_id", "source_id", "extras", "tags", "include_private", "fl", "sort", "level", "type",
    "title", "notes", "user", "object", "object_type", "capacity", "state", "spatial", "size", "groups",
    "resources", "facet.field", "format", "email", "page", "query", "filters", "fields",
]  # fmt: skip

TEXT = st.text(alphabet=st.characters(codec="utf-8", categories=["L", "N", "P", "Cc", "Zs"]), max_size=30)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    TEXT,
    st.sampled_from(["\x00", "a\x00b", "x" * 100_000, "javascript:alert(1)", "http://[::1", "1" + "0" * 30]),
)
DEEPLY_NESTED = st.sampled_from([json.loads("[" * 40 + "]" * 40), json.loads("[" * 200 + "]" * 200)])
VALUES = st.recursive(
    st.one_of(SCALARS, DEEPLY_NESTED),
    lambda children: st.one_of(st.lists(children, max_size=3), st.dictionaries(TEXT, children, max_size=3)),
    max_leaves=6,
)
DATA = st.dictionaries(st.one_of(st.sampled_from(KEYS), TEXT), VALUES, max_size=5)


def registered_actions() -> list[str]:
    action_guard.install()
    return sorted(name for name in logic._actions if name not in SKIPPED)


@pytest.mark.usefixtures("with_plugins")
class TestFuzzEveryAction:
    def test_every_action_survives_hostile_parameters(
        self, app: Any, portal: SimpleNamespace, caplog: pytest.LogCaptureFixture
    ) -> None:
        names = registered_actions()
        assert len(names) > 200, names  # core + activity + harvest + dcat + spatial + jena
        headers = {**portal.admin_headers, "Content-Type": "application/json"}
        dataset = portal.dataset["name"]

        @settings(
            max_examples=EXAMPLES * len(names),
            deadline=None,
            database=None,
            derandomize=not DEEP,  # the same examples in every CI run; deep runs explore
            suppress_health_check=list(HealthCheck),
        )
        @given(name=st.sampled_from(names), data=DATA)
        def one_call(name: str, data: dict[str, Any]) -> None:
            caplog.clear()
            with caplog.at_level(logging.ERROR):
                answer = app.post(f"/api/action/{name}", data=json.dumps(data), headers=headers)
            assert answer.status_code < 500, (name, data, answer.body[:500])
            errors = [record for record in caplog.records if record.levelno >= logging.ERROR and record.exc_info]
            assert not errors, (name, data, [record.getMessage() for record in errors])
            shown = app.post("/api/action/package_show", json={"id": dataset}, headers=headers)
            assert shown.status_code == 200, (name, data, shown.body[:500])

        one_call()
