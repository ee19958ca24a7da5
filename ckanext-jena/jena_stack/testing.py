"""``make test``: the embedded stack with its own database and search data, then pytest.

``JENA_TEST_DIR`` (default ``var/test``) holds the test stack's files. The whole suite runs on
several pytest-xdist workers (``JENA_TEST_WORKERS``, default one per core, at most 2), each on
a stack of its own under ``var/test/gw0``, ``gw1`` ...: own PostgreSQL, Redis, search service,
storage; test files are spread over them (``--dist loadfile``), so a file's tests stay together.
Existing test servers can be used instead through ``JENA_TEST_DATABASE_URL`` (with
``JENA_TEST_DATASTORE_WRITE_URL`` and ``JENA_TEST_DATASTORE_READ_URL``),
``JENA_TEST_REDIS_URL`` and ``JENA_TEST_SOLR_URL`` (never the production
variables: the tests wipe the database).
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

from jena_stack.errors import StackError
from jena_stack.layout import StackLayout
from jena_stack.lock import StackLock
from jena_stack.ports import free_port
from jena_stack.run import child_env, ckan_command, say
from jena_stack.services import BackingServices, ServiceSettings

# CKAN's own search tests (run against our search service) expect the settings of
# CKAN's test-core.ini: English, no plugins, an extra resource field, open auth.
CKAN_CORE_TESTS = [
    "ckan/tests/lib/search",
    "ckan/tests/logic/action/test_get.py::TestPackageSearch",
    "ckan/tests/logic/action/test_get.py::TestResourceSearch",
]
# Not run: these two read fixture files (ckan/tests/lib/search/data/*.xml) that the ckan wheel
# does not ship, so they fail on any search backend. Listed in README.md.
CKAN_CORE_DESELECTED = [
    "ckan/tests/lib/search/test_search.py::test_check_invalid_schema",
    "ckan/tests/lib/search/test_search.py::test_check_schema_with_wrong_version",
]
CORE_CONFIG_OPTIONS = {
    "ckan.plugins": "",
    "ckan.locale_default": "en",
    "ckan.locale_order": "en de",
    "ckan.locales_offered": "",
    "ckan.extra_resource_fields": "alt_url",
    "ckan.auth.user_create_organizations": "true",
    "ckan.auth.user_create_groups": "true",
    "ckan.auth.create_dataset_if_not_in_organization": "true",
    "ckan.auth.create_unowned_dataset": "true",
    "ckan.auth.user_delete_groups": "true",
    "ckan.auth.user_delete_organizations": "true",
    "ckan.auth.public_user_details": "true",
    "ckan.auth.public_activity_stream_detail": "true",
    "ckan.search.show_all_types": "false",
    "scheming.dataset_schemas": "",
}
TEST_CONFIG_OPTIONS = {
    "ckan.site_url": "http://test.ckan.net",
    "ckan.site_id": "test.ckan.net",
    "smtp.test_server": "127.0.0.1:6675",
    "ckan.datasets_per_page": "20",
    "ckanext.jena.demo.load_on_bootstrap": "false",
    # Off in tests, whose config marks change settings without a database write (which would leave
    # pages of another setting in the cache); on in the cache's own tests and in the leak sweep.
    "ckanext.jena.page_cache.enabled": "false",
    "testing": "true",
}


def test_settings(environ: dict[str, str]) -> ServiceSettings:
    return ServiceSettings(
        database_url=environ.get("JENA_TEST_DATABASE_URL", ""),
        redis_url=environ.get("JENA_TEST_REDIS_URL", ""),
        solr_url=environ.get("JENA_TEST_SOLR_URL", ""),
        datastore_write_url=environ.get("JENA_TEST_DATASTORE_WRITE_URL", ""),
        datastore_read_url=environ.get("JENA_TEST_DATASTORE_READ_URL", ""),
        database_name="ckan_test",
        datastore_name="datastore_test",
        pg_port=free_port(),
        redis_port=free_port(),
        search_port=free_port(),
        durable=False,
    )


WORKERS_VARIABLE = "JENA_TEST_WORKERS"
# pytest-xdist workers map their name (gw0, gw1, ...) to their own stack's ini through this variable
# (read by tests/conftest.py).
WORKER_INIS_VARIABLE = "JENA_TEST_WORKER_INIS"
EXTERNAL_SERVER_VARIABLES = (
    "JENA_TEST_DATABASE_URL",
    "JENA_TEST_REDIS_URL",
    "JENA_TEST_SOLR_URL",
    "JENA_TEST_DATASTORE_WRITE_URL",
    "JENA_TEST_DATASTORE_READ_URL",
)


def worker_count(environ: dict[str, str], whole_suite: bool, cpus: int | None) -> int:
    """How many pytest workers, each on its own stack, run the tests.

    ``JENA_TEST_WORKERS`` decides when set; otherwise the whole suite runs on one worker per
    core (at most 2: the stacks share the cores), a narrowed run (``PYTEST_ARGS``) on one.
    Existing servers named by ``JENA_TEST_*_URL`` hold one stack only, so they mean one worker."""
    if any(environ.get(name) for name in EXTERNAL_SERVER_VARIABLES):
        return 1
    raw = environ.get(WORKERS_VARIABLE, "")
    if raw:
        if not raw.isdigit() or not 1 <= int(raw) <= 16:
            raise StackError(
                f"{WORKERS_VARIABLE}={raw!r} is not a number of workers.",
                f"Set {WORKERS_VARIABLE} to a number from 1 to 16, or unset it.",
            )
        return int(raw)
    return max(1, min(cpus or 1, 2)) if whole_suite else 1


@dataclass
class TestStack:
    """One stack of the test run: its backing services, its lock and the ini files pointing at them."""

    services: BackingServices
    lock: StackLock
    ini: Path
    core_ini: Path
    env: dict[str, str]

    def stop(self) -> None:
        self.services.stop()
        self.lock.release()


def start_test_stack(root: Path, var: Path, name: str = "") -> TestStack:
    """Start the embedded services under ``var``, fresh databases and search index, migrated."""
    started = time.monotonic()
    prefix = f"[{name}] " if name else ""

    def tell(message: str) -> None:
        say(prefix + message)

    layout = StackLayout(root=root, var=var)
    shutil.rmtree(layout.search_dir, ignore_errors=True)
    layout.prepare()
    lock = StackLock(layout.lock_file)
    for note in lock.acquire():
        tell(note)
    settings = test_settings(dict(os.environ))
    services = BackingServices(layout, settings, tell)
    stack = TestStack(services, lock, layout.var / "test.ini", layout.var / "test-core.ini", {})
    try:
        services.start(lock)
        if services.postgres is not None:
            services.postgres.drop_database(settings.database_name)
            services.postgres.ensure_database(settings.database_name)
            if not settings.datastore_write_url:
                services.postgres.drop_database(settings.datastore_name)
                services.urls.update(services.prepare_datastore())
        instance = services.instance_config(
            site_url=TEST_CONFIG_OPTIONS["ckan.site_url"],
            extra={k: v for k, v in TEST_CONFIG_OPTIONS.items() if k != "ckan.site_url"},
            log_level="WARNING",
        )
        instance.write(stack.ini)
        instance.extra = {**instance.extra, **CORE_CONFIG_OPTIONS}
        instance.write(stack.core_ini)
        stack.env = env = child_env(stack.ini)
        migrate = subprocess.run(
            ckan_command(stack.ini, "db", "upgrade"), env=env, capture_output=True, text=True, check=False
        )
        if migrate.returncode != 0:
            raise StackError(
                "Migrating the test database failed:\n" + migrate.stdout + migrate.stderr,
                "Fix the migration named above, then run the tests again.",
            )
    except BaseException:
        stack.stop()
        raise
    tell(f"Test stack ready after {time.monotonic() - started:.1f} s.")
    return stack


def run_tests(root: Path, pytest_args: list[str]) -> int:
    started = time.monotonic()
    # JENA_TEST_DIR lets several test runs share one checkout (each needs its own folder).
    var = Path(os.environ.get("JENA_TEST_DIR") or root / "var" / "test").resolve()
    workers = worker_count(dict(os.environ), whole_suite=not pytest_args, cpus=os.cpu_count())
    stacks: list[TestStack] = []
    try:
        if workers == 1:
            stacks.append(start_test_stack(root, var))
        else:
            say(f"{workers} test workers, each on its own stack ({WORKERS_VARIABLE} changes the number).")
            with ThreadPoolExecutor(max_workers=workers) as pool:
                futures = [
                    pool.submit(start_test_stack, root, var / f"gw{number}", f"gw{number}") for number in range(workers)
                ]
                errors = []
                for future in futures:
                    try:
                        stacks.append(future.result())
                    except StackError as error:
                        errors.append(error)
                if errors:
                    raise errors[0]
        first = stacks[0]
        env = dict(first.env)
        parallel: list[str] = []
        if workers > 1:
            env[WORKER_INIS_VARIABLE] = json.dumps({f"gw{number}": str(s.ini) for number, s in enumerate(stacks)})
            parallel = ["-n", str(workers), "--dist", "loadfile"]
        if pytest_args:
            # JENA_TEST_CONFIG=core runs the given tests on CKAN's core test settings instead.
            chosen = first.core_ini if os.environ.get("JENA_TEST_CONFIG") == "core" else first.ini
            return _pytest(root, env, chosen, [*parallel, *pytest_args], var / "results-args.xml").returncode
        return _run_both_suites(root, env, first.ini, first.core_ini, var, parallel)
    finally:
        for stack in stacks:
            stack.stop()
        say(f"make test finished after {time.monotonic() - started:.1f} s.")


@dataclass
class SuiteResult:
    returncode: int
    passed: int = 0
    failed: int = 0
    skipped: int = 0


def _pytest(root: Path, env: dict[str, str], ini: Path, args: list[str], junit: Path) -> SuiteResult:
    junit.unlink(missing_ok=True)
    command = [sys.executable, "-m", "pytest", f"--ckan-ini={ini}", f"--junitxml={junit}", *args]
    returncode = subprocess.run(command, env={**env, "CKAN_INI": str(ini)}, cwd=root, check=False).returncode
    result = SuiteResult(returncode)
    if junit.exists():
        for suite in ElementTree.parse(junit).getroot().iter("testsuite"):
            total, skipped = int(suite.get("tests", 0)), int(suite.get("skipped", 0))
            failed = int(suite.get("failures", 0)) + int(suite.get("errors", 0))
            result.passed += total - skipped - failed
            result.failed += failed
            result.skipped += skipped
    return result


def _run_both_suites(root: Path, env: dict[str, str], ini: Path, core_ini: Path, var: Path, parallel: list[str]) -> int:
    """Our suite on the portal configuration (on every worker), then CKAN's own search tests on
    CKAN's test settings (on the first worker's stack)."""
    say("Phase 1/2: the portal's test suite (tests/)")
    ours = _pytest(root, env, ini, [*parallel, "tests"], var / "results-portal.xml")
    say("Phase 2/2: CKAN 2.12's own search tests against the search service")
    ckan_dir = Path(ckan_package_dir())
    core_paths = [str(ckan_dir / path.removeprefix("ckan/")) for path in CKAN_CORE_TESTS]
    # --deselect matches node ids, which pytest writes relative to the root folder.
    ckan_rel = Path(os.path.relpath(ckan_dir, root))
    deselect = [f"--deselect={ckan_rel / path.removeprefix('ckan/')}" for path in CKAN_CORE_DESELECTED]
    core = _pytest(root, env, core_ini, [*core_paths, *deselect], var / "results-ckan-core.xml")
    say(f"portal suite: {ours.passed} passed, {ours.failed} failed, {ours.skipped} skipped")
    say(f"CKAN search suite: {core.passed} passed, {core.failed} failed, {core.skipped} skipped")
    passed, failed, skipped = ours.passed + core.passed, ours.failed + core.failed, ours.skipped + core.skipped
    print(f"{passed} passed, {failed} failed, {skipped} skipped", flush=True)
    return 0 if ours.returncode == 0 and core.returncode == 0 else 1


def ckan_package_dir() -> str:
    spec = importlib.util.find_spec("ckan")
    assert spec is not None and spec.origin is not None
    return str(Path(spec.origin).parent)
