"""A dataset indexed on the way to a commit that then failed (database gone) is repaired by a job.

The commit is made to fail the way a lost database makes it fail: after CKAN indexed the
dataset (``before_commit``), the commit raises ``OperationalError``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import sqlalchemy as sa
from ckan import model
from ckan.lib.jobs import get_queue
from ckan.lib.search.common import make_connection
from ckan.tests import factories
from ckan.tests.helpers import call_action

FIELDS: dict[str, Any] = {
    "notes": "Datensatz, dessen Speichern scheitert.",
    "theme": ["ENVI"],
    "jena_category": ["environment"],
    "frequency": "ANNUAL",
    "data_steward": "Fachdienst Umweltschutz",
    "contact_point_email": "umwelt@jena.de",
    "attribution_text": "Stadt Jena, Fachdienst Umweltschutz",
}


def _lose_the_database(session: sa.orm.Session) -> None:
    raise sa.exc.OperationalError("COMMIT", {}, Exception("server closed the connection unexpectedly"))


@contextmanager
def failing_commit() -> Iterator[None]:
    sa.event.listen(model.Session, "before_commit", _lose_the_database)
    try:
        yield
    finally:
        sa.event.remove(model.Session, "before_commit", _lose_the_database)


def _indexed(name: str) -> bool:
    return make_connection().search(q=f'name:"{name}"', fq=["+site_id:*"], rows=1).hits > 0


def _repair_jobs() -> list[Any]:
    return [job for job in get_queue().jobs if job.func_name.endswith("index_repair.repair")]


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
def test_create_whose_commit_failed_is_removed_from_the_index_by_the_repair_job():
    for job in _repair_jobs():
        job.delete()
    org = factories.Organization()
    context = {"user": factories.Sysadmin()["name"]}
    with failing_commit(), pytest.raises(sa.exc.OperationalError):
        call_action(
            "package_create",
            context,
            name="verlorener-datensatz",
            title="Verloren",
            owner_org=org["id"],
            **FIELDS,
        )
    model.Session.remove()
    assert model.Package.get("verlorener-datensatz") is None
    assert _indexed("verlorener-datensatz")  # what CKAN leaves behind without the repair

    jobs = _repair_jobs()
    assert len(jobs) == 1
    jobs[0].perform()
    assert not _indexed("verlorener-datensatz")


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
def test_a_committed_create_queues_no_repair():
    for job in _repair_jobs():
        job.delete()
    org = factories.Organization()
    context = {"user": factories.Sysadmin()["name"]}
    call_action("package_create", context, name="gespeichert", title="Gespeichert", owner_org=org["id"], **FIELDS)
    assert _indexed("gespeichert")
    assert _repair_jobs() == []
