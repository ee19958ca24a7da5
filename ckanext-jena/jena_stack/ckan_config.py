"""Writes the instance configuration (``var/ckan.ini``) on top of ``deploy/ckan.base.ini``.

The base file holds every portal setting; the instance file only adds what
belongs to this machine: server URLs, secrets, paths and the site URL.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass, field
from pathlib import Path

LOGGING = """
[loggers]
keys = root, ckan, ckanext, jena_search

[handlers]
keys = console

[formatters]
keys = generic

[logger_root]
level = WARNING
handlers = console

[logger_ckan]
level = {level}
handlers = console
qualname = ckan
propagate = 0

[logger_ckanext]
level = {level}
handlers = console
qualname = ckanext
propagate = 0

[logger_jena_search]
level = {level}
handlers = console
qualname = jena_search
propagate = 0

[handler_console]
class = StreamHandler
args = (sys.stderr,)
level = NOTSET
formatter = generic

[formatter_generic]
format = %(asctime)s %(levelname)-5.5s [%(name)s] %(message)s
"""


def load_secrets(path: Path) -> dict[str, str]:
    """Secrets generated once per instance and kept under ``var/``."""
    if path.exists():
        return json.loads(path.read_text())
    values = {"secret_key": secrets.token_urlsafe(32), "jwt_secret": secrets.token_urlsafe(32)}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(values))
    path.chmod(0o600)
    return values


@dataclass
class InstanceConfig:
    base_config: Path
    database_url: str
    solr_url: str
    redis_url: str
    site_url: str
    storage_path: Path
    secrets: dict[str, str]
    extra: dict[str, str] = field(default_factory=dict)
    log_level: str = "INFO"
    solr_credentials: tuple[str, str] | None = None
    # CKAN DataStore (plugin ``datastore``): tables in their own database, read through a read-only role
    datastore_write_url: str = ""
    datastore_read_url: str = ""

    def render(self) -> str:
        options = {
            "use": f"config:{self.base_config}",
            "sqlalchemy.url": self.database_url,
            "solr_url": self.solr_url,
            "ckan.redis.url": self.redis_url,
            "ckan.site_url": self.site_url,
            "ckan.storage_path": str(self.storage_path),
            "SECRET_KEY": self.secrets["secret_key"],
            "api_token.jwt.encode.secret": f"string:{self.secrets['jwt_secret']}",
            "api_token.jwt.decode.secret": f"string:{self.secrets['jwt_secret']}",
            **self.extra,
        }
        if self.datastore_write_url:
            options["ckan.datastore.write_url"] = self.datastore_write_url
            options["ckan.datastore.read_url"] = self.datastore_read_url
        if self.solr_credentials is not None:
            options["solr_user"], options["solr_password"] = self.solr_credentials
        body = "".join(f"{key} = {value}\n" for key, value in options.items())
        header = "# Written by jena-stack on every start; edit deploy/ckan.base.ini instead.\n"
        return f"{header}[DEFAULT]\n\n[app:main]\n{body}{LOGGING.format(level=self.log_level)}"

    def write(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(self.render())
        tmp.chmod(0o600)
        tmp.replace(path)


def from_environment(environ: dict[str, str], base_config: Path) -> InstanceConfig:
    """Instance configuration of a container: every value comes from environment variables.

    Required: ``CKAN_SQLALCHEMY_URL``, ``CKAN_DATASTORE_WRITE_URL``, ``CKAN_DATASTORE_READ_URL``,
    ``CKAN_SOLR_URL``, ``CKAN_REDIS_URL``, ``CKAN_SECRET_KEY``, ``CKAN_JWT_SECRET``; optional ``CKAN_SITE_URL``,
    ``CKAN_STORAGE_PATH``, ``CKAN_SMTP_SERVER``, ``CKAN_SMTP_MAIL_FROM``.
    """
    from jena_stack.errors import StackError

    required = [
        "CKAN_SQLALCHEMY_URL",
        "CKAN_DATASTORE_WRITE_URL",
        "CKAN_DATASTORE_READ_URL",
        "CKAN_SOLR_URL",
        "CKAN_REDIS_URL",
        "CKAN_SECRET_KEY",
        "CKAN_JWT_SECRET",
    ]
    missing = [name for name in required if not environ.get(name)]
    if missing:
        raise StackError(f"Missing environment variables: {', '.join(missing)}.", "Set them (see README, Production).")
    extra = {}
    if environ.get("CKAN_SMTP_SERVER"):
        extra["smtp.server"] = environ["CKAN_SMTP_SERVER"]
    if environ.get("CKAN_SMTP_MAIL_FROM"):
        extra["smtp.mail_from"] = environ["CKAN_SMTP_MAIL_FROM"]
    return InstanceConfig(
        base_config=base_config,
        database_url=environ["CKAN_SQLALCHEMY_URL"],
        datastore_write_url=environ["CKAN_DATASTORE_WRITE_URL"],
        datastore_read_url=environ["CKAN_DATASTORE_READ_URL"],
        solr_url=environ["CKAN_SOLR_URL"],
        redis_url=environ["CKAN_REDIS_URL"],
        site_url=environ.get("CKAN_SITE_URL", "http://localhost"),
        storage_path=Path(environ.get("CKAN_STORAGE_PATH", "/srv/ckan/storage")),
        secrets={"secret_key": environ["CKAN_SECRET_KEY"], "jwt_secret": environ["CKAN_JWT_SECRET"]},
        extra=extra,
    )
