"""The CKAN DataStore database on the embedded PostgreSQL: its own database and a read-only role.

CKAN writes tables through ``ckan.datastore.write_url`` (here the superuser of the embedded
server) and answers ``datastore_search``/``datastore_search_sql`` through
``ckan.datastore.read_url``: a role that may only SELECT in the DataStore database, cannot
connect to the CKAN database and whose statements end after :data:`READ_STATEMENT_TIMEOUT`.
The grants are CKAN's own ``set_permissions.sql`` (what ``ckan datastore set-permissions``
prints), applied directly so no ``psql`` is needed.
"""

from __future__ import annotations

import importlib.util
import secrets
from pathlib import Path

from jena_stack.errors import StackError
from jena_stack.postgres import SUPERUSER, EmbeddedPostgres

READ_ROLE = "datastore_ro"
# Ends a runaway datastore_search_sql (the read-only role is used for nothing else).
READ_STATEMENT_TIMEOUT = "15s"


def permissions_sql(main_db: str, datastore_db: str, write_user: str, read_user: str) -> str:
    """CKAN's ``set_permissions.sql`` for these names, without its ``\\connect`` line."""
    spec = importlib.util.find_spec("ckanext.datastore")
    if spec is None or not spec.submodule_search_locations:
        raise StackError("CKAN's datastore extension is not installed.", "Run `make install`.")
    template = (Path(next(iter(spec.submodule_search_locations))) / "set_permissions.sql").read_text()
    names = {"maindb": main_db, "datastoredb": datastore_db, "mainuser": write_user, "writeuser": write_user}
    names["readuser"] = read_user
    quoted = {key: '"' + value.replace('"', '""') + '"' for key, value in names.items()}
    body = "\n".join(line for line in template.splitlines() if not line.startswith("\\connect"))
    return body.format(**quoted)


def apply_permissions(write_url: str, main_db: str, write_user: str, read_user: str) -> None:
    """Run CKAN's permission script on the DataStore database named by ``write_url``."""
    import psycopg2

    conn = psycopg2.connect(write_url)
    conn.autocommit = True
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT current_database()")
            datastore_db = cur.fetchone()[0]
            cur.execute(permissions_sql(main_db, datastore_db, write_user, read_user))
            # CKAN's script revokes CONNECT from the role only, but every role has it through PUBLIC.
            cur.execute(f'REVOKE CONNECT ON DATABASE "{main_db.replace(chr(34), chr(34) * 2)}" FROM PUBLIC')
    finally:
        conn.close()


def apply_permissions_from_environment(environ: dict[str, str]) -> None:
    """Containers: grants on the DataStore database named by ``CKAN_DATASTORE_WRITE_URL`` (idempotent)."""
    from urllib.parse import urlsplit

    try:
        write, read, main = (
            urlsplit(environ[name])
            for name in ("CKAN_DATASTORE_WRITE_URL", "CKAN_DATASTORE_READ_URL", "CKAN_SQLALCHEMY_URL")
        )
    except KeyError as missing:
        raise StackError(f"Missing environment variable {missing}.", "See README, 'Tables'.") from None
    apply_permissions(
        environ["CKAN_DATASTORE_WRITE_URL"], main.path.lstrip("/"), write.username or "", read.username or ""
    )


def _password(path: Path) -> str:
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(24))
        path.chmod(0o600)
    return path.read_text().strip()


def prepare(server: EmbeddedPostgres, main_db: str, datastore_db: str, password_file: Path) -> dict[str, str]:
    """Create (idempotently) the DataStore database and its read-only role; return write and read URLs."""
    import psycopg2

    password = _password(password_file)
    server.ensure_database(datastore_db)
    conn = psycopg2.connect(server.url("postgres"))
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (READ_ROLE,))
        verb = "ALTER" if cur.fetchone() else "CREATE"
        cur.execute(f'{verb} ROLE "{READ_ROLE}" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD %s', (password,))
        cur.execute(f"ALTER ROLE \"{READ_ROLE}\" SET statement_timeout = '{READ_STATEMENT_TIMEOUT}'")
    conn.close()
    apply_permissions(server.url(datastore_db), main_db, SUPERUSER, READ_ROLE)
    read_url = f"postgresql://{READ_ROLE}:{password}@127.0.0.1:{server.port}/{datastore_db}"
    return {"datastore_write": server.url(datastore_db), "datastore_read": read_url}
