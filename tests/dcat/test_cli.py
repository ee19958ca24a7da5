"""``ckan jena dcat validate``: plain German findings for data managers, exit status for scripts."""

from __future__ import annotations

from typing import Any

import pytest

from ckanext.jena.cli import jena
from tests.dcat import support


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
class TestValidateCommand:
    def test_published_datasets_conform(self, cli: Any, sysadmin: Any, department: Any, shapes_dir: Any) -> None:
        support.create_released(sysadmin, **support.full_dataset(department["id"], name="eins"))
        support.create_released(sysadmin, **support.full_dataset(department["id"], name="zwei"))
        support.create(sysadmin, **support.full_dataset(department["id"], name="entwurf"))

        result = cli.invoke(jena, ["dcat", "validate"])

        assert result.exit_code == 0, result.output
        assert "✔ Baustellen und Verkehrseinschränkungen (eins): erfüllt DCAT-AP.de 3.0" in result.output
        assert "(zwei)" in result.output and "(entwurf)" not in result.output
        assert "Hinweis: Datensatz „Baustellen und Verkehrseinschränkungen“: „GovData-Datenbereitsteller-ID“" in (
            result.output
        )
        assert "2 Datensatz/Datensätze geprüft: 2 erfüllen DCAT-AP.de 3.0, 0 mit Verstößen" in result.output

    @pytest.mark.ckan_config("ckanext.jena.dcat.contributor_id", "")
    def test_named_draft_with_violation(self, cli: Any, sysadmin: Any, department: Any, shapes_dir: Any) -> None:
        support.create(sysadmin, **support.full_dataset(department["id"], name="entwurf", contributor_id=""))

        result = cli.invoke(jena, ["dcat", "validate", "--dataset", "entwurf", "--no-warnings"])

        assert result.exit_code == 1, result.output
        assert "✘ Baustellen und Verkehrseinschränkungen (entwurf): 1 Verstoß/Verstöße gegen DCAT-AP.de 3.0" in (
            result.output
        )
        assert (
            "Verstoß: Datensatz „Baustellen und Verkehrseinschränkungen“: „GovData-Datenbereitsteller-ID“ fehlt."
            in (result.output)
        )
        assert "Hinweis:" not in result.output

    def test_unknown_dataset(self, cli: Any, shapes_dir: Any) -> None:
        result = cli.invoke(jena, ["dcat", "validate", "--dataset", "gibt-es-nicht"])

        assert result.exit_code == 2
        assert "Datensatz „gibt-es-nicht“ nicht gefunden" in result.output

    def test_shapes_version_2_0(self, cli: Any, sysadmin: Any, department: Any, shapes_dir: Any) -> None:
        support.create_released(sysadmin, **support.full_dataset(department["id"], name="eins"))

        result = cli.invoke(jena, ["dcat", "validate", "--shapes", "2.0", "--no-warnings"])

        # The placeholder contributorID is not in the official list; DCAT-AP.de 2.0 makes that a violation.
        assert result.exit_code == 1
        assert "Verstoß: Datensatz „Baustellen und Verkehrseinschränkungen“: „GovData-Datenbereitsteller-ID“" in (
            result.output
        )


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
def test_warm_serializes_every_released_dataset(cli: Any, sysadmin: Any, department: Any) -> None:
    from ckan.lib.redis import connect_to_redis

    for name in ("eins", "zwei"):
        support.create_released(sysadmin, **support.full_dataset(department["id"], name=name))
    support.create(sysadmin, **support.full_dataset(department["id"], name="entwurf"))
    redis = connect_to_redis()
    for key in redis.scan_iter("jena:dcat:fragment:*"):
        redis.delete(key)

    result = cli.invoke(jena, ["dcat", "warm"])

    assert result.exit_code == 0, result.output
    assert "2 Datensätze für den DCAT-Katalog bereit" in result.output
    assert len(list(redis.scan_iter("jena:dcat:fragment:*"))) == 12  # two datasets, three formats, two flavours


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index", "clean_queues")
def test_start_queues_a_warm_up_only_when_the_settings_changed(
    sysadmin: Any, department: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ckan.plugins.toolkit as tk
    from ckan import model
    from ckan.lib import jobs
    from ckan.lib.redis import connect_to_redis

    from ckanext.jena.dcat.cache import fingerprint
    from ckanext.jena.dcat.warming import WARM_JOB_ID, WARMED_MARKER, queue_warm_up_if_stale, warm_job

    for name in ("eins", "zwei"):
        support.create_released(sysadmin, **support.full_dataset(department["id"], name=name))
    redis = connect_to_redis()
    for key in redis.scan_iter("jena:dcat:fragment:*"):
        redis.delete(key)

    # Never warmed: the start queues the job; it serializes both datasets and records the settings.
    assert queue_warm_up_if_stale() is True
    assert jobs.get_queue().fetch_job(WARM_JOB_ID) is not None
    warm_job()
    assert len(list(redis.scan_iter("jena:dcat:fragment:*"))) == 12  # two datasets, three formats, two flavours
    assert model.get_system_info(WARMED_MARKER) == fingerprint()
    jobs.get_queue().empty()

    # Same settings at the next start: nothing to do.
    assert queue_warm_up_if_stale() is False
    assert jobs.get_queue().fetch_job(WARM_JOB_ID) is None

    # A setting the serialization depends on changed: queued again.
    monkeypatch.setitem(tk.config, "ckanext.jena.dcat.publisher_name", "Stadtverwaltung Jena")
    assert queue_warm_up_if_stale() is True
