"""Where the stack keeps its files: everything mutable lives under ``var/``."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from jena_stack.errors import StackError

BASE_CONFIG = Path("deploy") / "ckan.base.ini"


@dataclass(frozen=True)
class StackLayout:
    """Paths of one stack instance (``var/`` for ``make run``, ``var/test/`` for ``make test``)."""

    root: Path
    var: Path

    @property
    def base_config(self) -> Path:
        return self.root / BASE_CONFIG

    @property
    def solr_schema(self) -> Path:
        return self.root / "deploy" / "solr" / "schema.xml"

    @property
    def ckan_ini(self) -> Path:
        return self.var / "ckan.ini"

    @property
    def pgdata(self) -> Path:
        return self.var / "postgres"

    @property
    def redis_dir(self) -> Path:
        return self.var / "redis"

    @property
    def search_dir(self) -> Path:
        return self.var / "search"

    @property
    def storage_dir(self) -> Path:
        return self.var / "storage"

    @property
    def mail_dir(self) -> Path:
        """Mails caught by the local mail sink (``JENA_MAIL_SINK=1 make run``)."""
        return self.var / "mail"

    @property
    def log_dir(self) -> Path:
        return self.var / "log"

    @property
    def secrets_file(self) -> Path:
        return self.var / "secrets.json"

    @property
    def search_credentials(self) -> Path:
        return self.var / "search-credentials.json"

    @property
    def admin_credentials(self) -> Path:
        return self.var / "admin-credentials.txt"

    @property
    def lock_file(self) -> Path:
        return self.var / "stack.pid"

    def prepare(self) -> None:
        for directory in (self.var, self.redis_dir, self.search_dir, self.storage_dir, self.log_dir):
            directory.mkdir(parents=True, exist_ok=True)


def find_root(start: Path | None = None) -> Path:
    """Return the repository root (the folder holding ``deploy/ckan.base.ini``)."""
    env_root = os.environ.get("JENA_ROOT")
    candidates = [Path(env_root)] if env_root else []
    here = (start or Path.cwd()).resolve()
    candidates += [here, *here.parents]
    for candidate in candidates:
        if (candidate / BASE_CONFIG).is_file():
            return candidate.resolve()
    raise StackError(
        f"Cannot find {BASE_CONFIG} from {here}.",
        "Run the command from the repository root or set JENA_ROOT to it.",
    )
