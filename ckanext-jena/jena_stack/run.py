"""``make run``: the whole portal on one machine."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from types import FrameType

import jena_shapes
from jena_stack.errors import StackError
from jena_stack.layout import StackLayout
from jena_stack.lock import StackLock
from jena_stack.mail_sink import DEFAULT_MAIL_PORT
from jena_stack.ports import ensure_port_free, port_from_env
from jena_stack.processes import ManagedProcess, http_ok, tcp_open, wait_until
from jena_stack.services import BackingServices, ServiceSettings
from jena_stack.supervision import Supervisor, Watchable

DEFAULT_WEB_PORT = 5000
DEFAULT_PG_PORT = 5435
DEFAULT_REDIS_PORT = 6390
DEFAULT_SEARCH_PORT = 8983


def say(message: str) -> None:
    print(f"[jena] {message}", flush=True)


def run_settings(environ: dict[str, str]) -> ServiceSettings:
    return ServiceSettings(
        database_url=environ.get("CKAN_SQLALCHEMY_URL", ""),
        redis_url=environ.get("CKAN_REDIS_URL", ""),
        solr_url=environ.get("CKAN_SOLR_URL", ""),
        datastore_write_url=environ.get("CKAN_DATASTORE_WRITE_URL", ""),
        datastore_read_url=environ.get("CKAN_DATASTORE_READ_URL", ""),
        database_name="ckan",
        datastore_name="datastore",
        pg_port=port_from_env(environ, "JENA_PG_PORT", DEFAULT_PG_PORT),
        redis_port=port_from_env(environ, "JENA_REDIS_PORT", DEFAULT_REDIS_PORT),
        search_port=port_from_env(environ, "JENA_SEARCH_PORT", DEFAULT_SEARCH_PORT),
        durable=True,
    )


def say_if_shapes_missing() -> None:
    """Without the official shapes no dataset can be released: say so at start, with the fix."""
    folder = jena_shapes.default_directory()
    missing = jena_shapes.missing_files(folder)
    if missing:
        say(
            f"The official DCAT-AP.de shapes are missing in {folder} ({missing[0]} and {len(missing) - 1} more), "
            "so no dataset can be released: run 'make install' (offline: JENA_SHAPES_DIR=/path/to/copy make install)."
        )


def mail_settings(environ: dict[str, str], layout: StackLayout) -> tuple[dict[str, str], ManagedProcess | None]:
    """How the portal sends mail: an existing server (``CKAN_SMTP_SERVER``), the local mail sink
    (``JENA_MAIL_SINK=1``: every mail kept under ``var/mail/``) or not at all (the default; the portal
    then says nowhere that a mail went out)."""
    sender = environ.get("CKAN_SMTP_MAIL_FROM", "")
    if environ.get("CKAN_SMTP_SERVER"):
        extra = {"smtp.server": environ["CKAN_SMTP_SERVER"]}
        return ({**extra, "smtp.mail_from": sender} if sender else extra), None
    if environ.get("JENA_MAIL_SINK", "") not in ("1", "true", "yes"):
        return {}, None
    port = port_from_env(environ, "JENA_MAIL_PORT", DEFAULT_MAIL_PORT)
    ensure_port_free(port, "the local mail sink", "JENA_MAIL_PORT")
    sink = ManagedProcess(
        "mail sink",
        [sys.executable, "-m", "jena_stack.mail_sink", "--port", str(port), "--directory", str(layout.mail_dir)],
        layout.log_dir / "mail.log",
        ready_check=tcp_open(port),
        marker="jena_stack.mail_sink",
    )
    return {"smtp.server": f"127.0.0.1:{port}", "smtp.mail_from": sender or "opendata-jena@localhost"}, sink


def _check_ports(settings: ServiceSettings, web_port: int) -> None:
    ensure_port_free(web_port, "the portal", "PORT (e.g. `PORT=5001 make run`)")
    if not settings.database_url:
        ensure_port_free(
            settings.pg_port, "the embedded PostgreSQL", "JENA_PG_PORT, or CKAN_SQLALCHEMY_URL for an existing server"
        )
    if not settings.redis_url:
        ensure_port_free(
            settings.redis_port, "the embedded Redis", "JENA_REDIS_PORT, or CKAN_REDIS_URL for an existing server"
        )
    if not settings.solr_url:
        ensure_port_free(
            settings.search_port, "the search service", "JENA_SEARCH_PORT, or CKAN_SOLR_URL for an existing Solr"
        )


def ckan_command(ini: Path, *args: str) -> list[str]:
    return [str(Path(sys.executable).with_name("ckan")), "-c", str(ini), *args]


def child_env(ini: Path) -> dict[str, str]:
    """The environment of a ``ckan`` process on ``ini``: the instance file, not the environment,
    names the servers."""
    env = dict(os.environ)
    env["CKAN_INI"] = str(ini)
    # The instance file already carries these; CKAN would let the environment override it.
    for name in (
        "CKAN_SQLALCHEMY_URL",
        "CKAN_REDIS_URL",
        "CKAN_SOLR_URL",
        "CKAN_DATASTORE_WRITE_URL",
        "CKAN_DATASTORE_READ_URL",
    ):
        env.pop(name, None)
    return env


def bootstrap(ini: Path, env: dict[str, str]) -> None:
    """Migrate the database, create the sysadmin and load the demo data (idempotent)."""
    result = subprocess.run(ckan_command(ini, "jena", "bootstrap"), env=env, check=False)
    if result.returncode != 0:
        raise StackError("Preparing the portal database failed (see the messages above).", "")


def _ckan_processes(layout: StackLayout, ini: Path, web_port: int, env: dict[str, str]) -> list[ManagedProcess]:
    """The web server first, then the background processes (which never take the web portal down)."""
    workers = os.environ.get("JENA_WEB_WORKERS", "2")
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    return [
        ManagedProcess(
            "CKAN web",
            [
                gunicorn,
                "--bind",
                f"127.0.0.1:{web_port}",
                "--workers",
                workers,
                "--timeout",
                "120",
                "--access-logfile",
                "-",
                "ckanext.jena.wsgi:application",
            ],
            layout.log_dir / "web.log",
            env,
            ready_check=http_ok(f"http://127.0.0.1:{web_port}/api/3/action/status_show"),
        ),
        ManagedProcess("background worker", ckan_command(ini, "jobs", "worker"), layout.log_dir / "worker.log", env),
        ManagedProcess(
            "harvest gather consumer",
            ckan_command(ini, "jena", "harvest-consumer", "gather"),
            layout.log_dir / "harvest-gather.log",
            env,
        ),
        ManagedProcess(
            "harvest fetch consumer",
            ckan_command(ini, "jena", "harvest-consumer", "fetch"),
            layout.log_dir / "harvest-fetch.log",
            env,
        ),
    ]


def _start(child: ManagedProcess, lock: StackLock, children: list[ManagedProcess]) -> None:
    child.start()
    lock.record_child(child.name, child.pid, child.marker)
    children.append(child)


def _supervisor(
    services: BackingServices, web: ManagedProcess, background: list[ManagedProcess], lock: StackLock
) -> Supervisor:
    """Watch everything that was started; a restarted child is recorded in the lock under its old name."""
    lock_names: dict[int, str] = {}

    def record(unit: Watchable) -> None:
        name = lock_names.get(id(unit))
        if name is not None and isinstance(unit, ManagedProcess):
            lock.record_child(name, unit.pid, unit.marker)

    supervisor = Supervisor(say, on_restart=record)
    for name, unit in services.watchables().items():
        lock_names[id(unit)] = name
        supervisor.watch(unit, essential=True)
    for child, essential in [(web, True), *((process, False) for process in background)]:
        lock_names[id(child)] = child.name
        supervisor.watch(child, essential=essential)
    return supervisor


class _Stop(Exception):
    pass


def _raise_stop(signum: int, frame: FrameType | None) -> None:
    raise _Stop()


def run(root: Path, web_port: int) -> int:
    started = time.monotonic()
    layout = StackLayout(root=root, var=Path(os.environ.get("JENA_VAR_DIR") or root / "var").resolve())
    layout.prepare()
    lock = StackLock(layout.lock_file)
    for note in lock.acquire():
        say(note)
    say_if_shapes_missing()
    settings = run_settings(dict(os.environ))
    services = BackingServices(layout, settings, say)
    children: list[ManagedProcess] = []
    signal.signal(signal.SIGTERM, _raise_stop)
    signal.signal(signal.SIGINT, _raise_stop)
    try:
        services.stop_leftovers()
        _check_ports(settings, web_port)
        mail_extra, mail_sink = mail_settings(dict(os.environ), layout)
        services.start(lock)
        if mail_sink is not None:
            _start(mail_sink, lock, children)
            wait_until(mail_sink.ready, 30, "The local mail sink", mail_sink)
            say(f"Mails are caught locally and kept in {layout.mail_dir}.")
        ini = layout.ckan_ini
        services.instance_config(
            site_url=os.environ.get("CKAN_SITE_URL", f"http://127.0.0.1:{web_port}"),
            extra={
                "ckanext.jena.portal.admin_credentials_file": str(layout.admin_credentials),
                "ckanext.jena.demo.load_on_bootstrap": "false" if os.environ.get("JENA_LOAD_DEMO") == "0" else "true",
                **mail_extra,
            },
        ).write(ini)
        env = child_env(ini)
        bootstrap(ini, env)
        web, *background = _ckan_processes(layout, ini, web_port, env)
        # The web server first: on two cores the background processes, each loading CKAN too,
        # would otherwise slow its start by half. They start as soon as the portal answers.
        _start(web, lock, children)
        wait_until(http_ok(f"http://127.0.0.1:{web_port}/api/3/action/status_show"), 120, "CKAN web", web)
        for child in background:
            _start(child, lock, children)
        say(f"Portal ready at http://127.0.0.1:{web_port} after {time.monotonic() - started:.1f} s.")
        say(f"Sysadmin login: see {layout.admin_credentials}. Logs: {layout.log_dir}. Stop with Ctrl-C.")
        extras = [mail_sink] if mail_sink is not None else []
        supervisor = _supervisor(services, web, [*extras, *background], lock)
        while True:
            supervisor.tick()
            time.sleep(0.5)
    except _Stop:
        say("Stopping ...")
        return_code = 0
    except StackError as error:
        say(str(error))
        return_code = 1
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        for child in reversed(children):
            child.stop()
        services.stop()
        lock.release()
    say("Stopped.")
    return return_code
