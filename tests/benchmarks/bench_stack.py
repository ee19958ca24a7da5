"""The embedded stack every benchmark runs on: ``with bench_stack(var, fresh) as (services, ini):``.

PostgreSQL (durable, with the DataStore database), Redis and the search service under ``var``
(emptied first when ``fresh``), an instance ini ``bench.ini`` on top of ``deploy/ckan.base.ini``,
migrated; everything stopped when the block ends, whatever happened in it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]


def say(message: str) -> None:
    print(f"[bench] {message}", flush=True)


@contextmanager
def bench_stack(var: Path, fresh: bool) -> Iterator[tuple[Any, Path]]:
    """The started backing services and the path of the instance ini."""
    services, lock, ini = _start(var, fresh)
    try:
        yield services, ini
    finally:
        services.stop()
        lock.release()


def _start(var: Path, fresh: bool) -> tuple[Any, Any, Path]:
    from jena_stack.ckan_config import InstanceConfig, load_secrets
    from jena_stack.layout import StackLayout
    from jena_stack.lock import StackLock
    from jena_stack.ports import free_port
    from jena_stack.run import ckan_command
    from jena_stack.services import BackingServices, ServiceSettings

    layout = StackLayout(root=REPO, var=var)
    if fresh:
        shutil.rmtree(var, ignore_errors=True)
    layout.prepare()
    lock = StackLock(layout.lock_file)
    for note in lock.acquire():
        say(note)
    settings = ServiceSettings(
        database_url="", redis_url="", solr_url="", database_name="ckan_bench",
        pg_port=free_port(), redis_port=free_port(), search_port=free_port(), durable=True,
        datastore_name="datastore_bench",
    )  # fmt: skip
    services = BackingServices(layout, settings, say)
    services.start(lock)
    ini = var / "bench.ini"
    InstanceConfig(
        base_config=layout.base_config,
        database_url=services.urls["database"],
        solr_url=services.urls["solr"],
        solr_credentials=services.solr_credentials,
        redis_url=services.urls["redis"],
        datastore_write_url=services.urls["datastore_write"],
        datastore_read_url=services.urls["datastore_read"],
        site_url="http://bench.jena.invalid",
        storage_path=layout.storage_dir,
        secrets=load_secrets(layout.secrets_file),
        extra={"ckanext.jena.demo.load_on_bootstrap": "false", "ckan.search.solr_commit": "true"},
        log_level="WARNING",
    ).write(ini)
    env = {k: v for k, v in os.environ.items() if k not in ("CKAN_SQLALCHEMY_URL", "CKAN_REDIS_URL", "CKAN_SOLR_URL")}
    upgrade = subprocess.run(
        ckan_command(ini, "db", "upgrade"),
        env={**env, "CKAN_INI": str(ini)},
        check=False,
        capture_output=True,
        text=True,
    )
    if upgrade.returncode != 0:
        services.stop()
        lock.release()
        raise SystemExit(f"ckan db upgrade failed:\n{upgrade.stdout[-3000:]}{upgrade.stderr[-3000:]}")
    return services, lock, ini
