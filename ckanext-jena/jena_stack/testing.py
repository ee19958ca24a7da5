"""``make test``: the embedded stack with its own database and search data, then pytest.

``JENA_TEST_DIR`` (default ``var/test``) holds the test stack's files.
Existing test servers can be used instead through ``JENA_TEST_DATABASE_URL``,
``JENA_TEST_REDIS_URL`` and ``JENA_TEST_SOLR_URL`` (never the production
variables: the tests wipe the database).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from jena_stack.ckan_config import InstanceConfig, load_secrets
from jena_stack.layout import StackLayout
from jena_stack.lock import StackLock
from jena_stack.ports import free_port
from jena_stack.run import ckan_command, say
from jena_stack.services import BackingServices, ServiceSettings

TEST_CONFIG_OPTIONS = {
    "ckan.site_url": "http://test.ckan.net",
    "ckan.site_id": "test.ckan.net",
    "smtp.test_server": "127.0.0.1:6675",
    "ckan.datasets_per_page": "20",
    "ckanext.jena.demo.load_on_bootstrap": "false",
    "testing": "true",
}


def test_settings(environ: dict[str, str]) -> ServiceSettings:
    return ServiceSettings(
        database_url=environ.get("JENA_TEST_DATABASE_URL", ""),
        redis_url=environ.get("JENA_TEST_REDIS_URL", ""),
        solr_url=environ.get("JENA_TEST_SOLR_URL", ""),
        database_name="ckan_test",
        pg_port=free_port(),
        redis_port=free_port(),
        search_port=free_port(),
        durable=False,
    )


def run_tests(root: Path, pytest_args: list[str]) -> int:
    started = time.monotonic()
    # JENA_TEST_DIR lets several test runs share one checkout (each needs its own folder).
    layout = StackLayout(root=root, var=Path(os.environ.get("JENA_TEST_DIR") or root / "var" / "test").resolve())
    shutil.rmtree(layout.search_dir, ignore_errors=True)
    layout.prepare()
    lock = StackLock(layout.lock_file)
    for note in lock.acquire():
        say(note)
    settings = test_settings(dict(os.environ))
    services = BackingServices(layout, settings, say)
    try:
        services.start(lock)
        if services.postgres is not None:
            services.postgres.drop_database(settings.database_name)
            services.postgres.ensure_database(settings.database_name)
        ini = layout.var / "test.ini"
        InstanceConfig(
            base_config=layout.base_config,
            database_url=services.urls["database"],
            solr_url=services.urls["solr"],
            redis_url=services.urls["redis"],
            site_url=TEST_CONFIG_OPTIONS["ckan.site_url"],
            storage_path=layout.storage_dir,
            secrets=load_secrets(layout.secrets_file),
            extra={k: v for k, v in TEST_CONFIG_OPTIONS.items() if k != "ckan.site_url"},
            log_level="WARNING",
        ).write(ini)
        env = dict(os.environ)
        env.update({"CKAN_INI": str(ini), "JENA_TEST_SOLR_URL": services.urls["solr"]})
        for name in ("CKAN_SQLALCHEMY_URL", "CKAN_REDIS_URL", "CKAN_SOLR_URL"):
            env.pop(name, None)
        migrate = subprocess.run(
            ckan_command(ini, "db", "upgrade"), env=env, capture_output=True, text=True, check=False
        )
        if migrate.returncode != 0:
            say("Migrating the test database failed:\n" + migrate.stdout + migrate.stderr)
            return 1
        say(f"Test stack ready after {time.monotonic() - started:.1f} s; running pytest.")
        command = [sys.executable, "-m", "pytest", f"--ckan-ini={ini}", *pytest_args]
        return subprocess.run(command, env=env, cwd=root, check=False).returncode
    finally:
        services.stop()
        lock.release()
        say(f"make test finished after {time.monotonic() - started:.1f} s.")
