"""Freshness states for every frequency of the code list, with a fixed clock."""

from __future__ import annotations

import datetime as dt

import pytest

from ckanext.jena.codelists import get_codelist
from ckanext.jena.quality import freshness

NOW = dt.datetime(2026, 6, 15, 12, 0, tzinfo=dt.UTC)
NO_PROMISE = {"IRREG", "NEVER", "OTHER", "UNKNOWN"}


def test_every_code_of_the_list_has_a_rule() -> None:
    codes = set(get_codelist("frequencies").codes())
    assert set(freshness.PERIODS) == set(freshness.GRACE) == codes - NO_PROMISE


@pytest.mark.parametrize("code", sorted(freshness.PERIODS))
def test_states_of_each_frequency(code: str) -> None:
    period, grace = freshness.PERIODS[code], freshness.GRACE[code]
    soon = min(grace, period / 5)

    def state_after(elapsed: dt.timedelta) -> freshness.Freshness:
        return freshness.assess(code, NOW - elapsed, NOW)

    assert state_after(dt.timedelta(0)).state == "current"
    assert state_after(period - soon - dt.timedelta(seconds=1)).state == "current"
    assert state_after(period - soon).state == "due_soon"
    assert state_after(period + grace).state == "due_soon"  # the grace period's last moment
    late = state_after(period + grace + dt.timedelta(days=3))
    assert late.state == "overdue"
    # Days since the promised date (not since the end of the grace period).
    assert late.overdue_days == max(1, (grace + dt.timedelta(days=3)).days)
    assert late.due_at == NOW - grace - dt.timedelta(days=3)


@pytest.mark.parametrize("code", [*sorted(NO_PROMISE), "", None])
def test_no_promise_no_state(code: str | None) -> None:
    assert freshness.assess(code, NOW - dt.timedelta(days=4000), NOW).state == "none"


def test_monthly_example_and_no_data_yet() -> None:
    last = dt.datetime(2026, 4, 1, tzinfo=dt.UTC)
    result = freshness.assess("MONTHLY", last, NOW)
    assert (result.state, result.overdue_days) == ("overdue", 44)  # due 2 May, grace 7 days
    assert freshness.assess("MONTHLY", None, NOW).state == "none"


def test_last_data_change_is_upload_creation_or_confirmation() -> None:
    resources = [
        {"created": "2026-01-01T08:00:00", "last_modified": "2026-03-01T08:00:00"},
        {"created": "2026-02-01T08:00:00", "last_modified": None},
        {"created": "kaputt"},
    ]
    assert freshness.last_data_change(resources) == dt.datetime(2026, 3, 1, 8, tzinfo=dt.UTC)
    confirmed = dt.datetime(2026, 5, 1, tzinfo=dt.UTC)
    assert freshness.last_data_change(resources, confirmed) == confirmed
    assert freshness.last_data_change([]) is None
