"""The embedded stack every benchmark runs on: ``with bench_stack(var, fresh) as (services, ini):``,
and the portal's application on it (``portal_app(ini)``).

PostgreSQL (durable, with the DataStore database), Redis and the search service under ``var``
(emptied first when ``fresh``), an instance ini ``bench.ini`` on top of ``deploy/ckan.base.ini``,
migrated; everything stopped when the block ends, whatever happened in it.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]


def portal_app(ini: Path, **overrides: Any) -> Any:
    """The portal's Flask application on ``ini`` (with config ``overrides``), in this process."""
    from ckan.cli import load_config
    from ckan.config.middleware import make_app

    config = load_config(str(ini))
    config.update(overrides)
    app = make_app(config)
    return app._wsgi_app if hasattr(app, "_wsgi_app") else app.apps["flask_app"]._wsgi_app


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
    from jena_stack.layout import StackLayout
    from jena_stack.lock import StackLock
    from jena_stack.ports import free_port
    from jena_stack.run import child_env, ckan_command
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
    services.instance_config(
        site_url="http://bench.jena.invalid",
        extra={"ckanext.jena.demo.load_on_bootstrap": "false", "ckan.search.solr_commit": "true"},
        log_level="WARNING",
    ).write(ini)
    upgrade = subprocess.run(
        ckan_command(ini, "db", "upgrade"), env=child_env(ini), check=False, capture_output=True, text=True
    )
    if upgrade.returncode != 0:
        services.stop()
        lock.release()
        raise SystemExit(f"ckan db upgrade failed:\n{upgrade.stdout[-3000:]}{upgrade.stderr[-3000:]}")
    return services, lock, ini
