"""Scheduled publication: invisible until the release date, published by the worker's
scheduler within a minute of it, idempotently, and caught up after a restart."""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
from pathlib import Path

import pytest
from ckan import model
from ckan.lib import jobs
from ckan.tests.helpers import call_action
from freezegun import freeze_time
from rq.registry import ScheduledJobRegistry

from ckanext.jena.release import scheduling, states
from tests.release.support import approve, context, events, make_dataset, release_state, submit

UTC = datetime.UTC
T0 = datetime.datetime(2031, 3, 2, 8, 0, tzinfo=UTC)
RELEASE = datetime.datetime(2031, 3, 2, 10, 0, tzinfo=UTC)


def _publicly_visible(dataset) -> bool:
    model.Session.rollback()
    found = call_action("package_search", context(None), q=f"name:{dataset['name']}")["count"] == 1
    try:
        call_action("package_show", context(None), id=dataset["id"])
        shown = True
    except Exception as error:
        # outsiders get the answer of a missing dataset (no existence oracle, issue 12)
        assert type(error).__name__ == "NotFound"
        shown = False
    assert found == shown
    return found


def _run_worker() -> None:
    """What ``ckan jobs worker`` does (rq with its scheduler), until the queue is empty."""
    model.Session.rollback()
    jobs.Worker().work(burst=True, with_scheduler=True)
    model.Session.rollback()


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index", "clean_queues")
class TestEmbargo:
    def _approve_for_later(self, people):
        with freeze_time(T0):
            dataset = make_dataset(people)
            submit(people, dataset)
            result = approve(people, dataset, release_at=RELEASE.isoformat())
        assert result["state"] == states.APPROVED
        assert result["release_at"] == RELEASE.isoformat()
        return dataset

    def test_invisible_until_the_date_then_published_within_a_minute(self, people):
        dataset = self._approve_for_later(people)
        registry = ScheduledJobRegistry(queue=jobs.get_queue())
        job_id = scheduling.publish_job_id(dataset["id"])
        assert registry.get_scheduled_time(job_id) == RELEASE.replace(tzinfo=UTC)
        with freeze_time(RELEASE - datetime.timedelta(seconds=30)):
            _run_worker()
            assert release_state(dataset) == states.APPROVED
            assert not _publicly_visible(dataset)
        with freeze_time(RELEASE + datetime.timedelta(seconds=59)):
            _run_worker()
            assert release_state(dataset) == states.PUBLISHED
            assert _publicly_visible(dataset)
        last = events(dataset)[-1]
        assert (last.action, last.actor_id, last.from_state, last.to_state) == (
            "publish",
            None,
            "approved",
            "published",
        )
        assert last.timestamp - RELEASE < datetime.timedelta(minutes=1)
        shown = call_action("jena_release_show", context(None), id=dataset["id"])
        assert datetime.datetime.fromisoformat(shown["published_at"]) - RELEASE < datetime.timedelta(minutes=1)

    def test_publishing_is_idempotent(self, people):
        dataset = self._approve_for_later(people)
        moment = RELEASE + datetime.timedelta(minutes=5)
        assert scheduling.publish_due(moment) == [dataset["id"]]
        assert scheduling.publish_due(moment) == []
        with freeze_time(moment):
            scheduling.publish_due_job()
        assert [event.action for event in events(dataset)].count("publish") == 1

    def test_review_can_be_taken_back_before_the_date(self, people):
        dataset = self._approve_for_later(people)
        call_action("jena_release_request_changes", context(people.admin), id=dataset["id"], comment="Doch nicht.")
        assert scheduling.publish_due(RELEASE + datetime.timedelta(minutes=1)) == []
        assert release_state(dataset) == states.CHANGES_REQUESTED
        assert not _publicly_visible(dataset)

    def test_a_date_missed_while_the_portal_was_down_is_published_on_the_next_start(self, people):
        real_now = datetime.datetime.now(UTC)
        with freeze_time(real_now - datetime.timedelta(days=2)):
            dataset = make_dataset(people)
            submit(people, dataset)
            approve(people, dataset, release_at=(real_now - datetime.timedelta(days=1)).isoformat())
        # The portal was down at the release date and Redis lost its scheduled jobs.
        for queue in jobs.get_all_queues():
            ScheduledJobRegistry(queue=queue).remove(scheduling.publish_job_id(dataset["id"]), delete_job=True)
            queue.empty()
        model.Session.rollback()
        assert release_state(dataset) == states.APPROVED
        assert not _publicly_visible(dataset)
        # Start a worker as `make run` does (a new process: the plugin's start-up queues the catch-up).
        ckan = str(Path(sys.executable).with_name("ckan"))
        done = subprocess.run(
            [ckan, "-c", os.environ["CKAN_INI"], "jobs", "worker", "--burst"],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert done.returncode == 0, done.stderr[-3000:]
        assert release_state(dataset) == states.PUBLISHED
        assert _publicly_visible(dataset)
        assert events(dataset)[-1].action == "publish"
