"""The backing services (database, Redis, search): embedded, or existing servers named by environment variables."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from jena_stack import datastore
from jena_stack.ckan_config import InstanceConfig, load_secrets
from jena_stack.errors import StackError
from jena_stack.layout import StackLayout
from jena_stack.lock import StackLock
from jena_stack.postgres import EmbeddedPostgres, WatchedPostgres
from jena_stack.redis import EmbeddedRedis
from jena_stack.search import EmbeddedSearch
from jena_stack.supervision import Watchable

Say = Callable[[str], None]


@dataclass(frozen=True)
class ServiceSettings:
    """What to start. A URL given here means: use that server, start nothing."""

    database_url: str
    redis_url: str
    solr_url: str
    database_name: str
    pg_port: int
    redis_port: int
    search_port: int
    durable: bool
    # CKAN DataStore: write and read-only URLs of an existing server (both, or neither)
    datastore_write_url: str = ""
    datastore_read_url: str = ""
    datastore_name: str = "datastore"


@dataclass
class BackingServices:
    layout: StackLayout
    settings: ServiceSettings
    say: Say
    postgres: EmbeddedPostgres | None = None
    redis: EmbeddedRedis | None = None
    search: EmbeddedSearch | None = None
    urls: dict[str, str] = field(default_factory=dict)
    # (user, password) of the embedded search service; CKAN's solr_user/solr_password
    solr_credentials: tuple[str, str] | None = None

    def _embedded_postgres(self) -> EmbeddedPostgres:
        if self.postgres is None:
            self.postgres = EmbeddedPostgres(
                self.layout.pgdata,
                self.settings.pg_port,
                self.layout.var / "postgres-password",
                durable=self.settings.durable,
            )
        return self.postgres

    def stop_leftovers(self) -> None:
        """Stop an embedded PostgreSQL that a crashed run left on our data directory (before any port check)."""
        if self.settings.database_url or not self.layout.pgdata.joinpath("postmaster.pid").exists():
            return
        pid = self._embedded_postgres().stop_leftover()
        if pid is not None:
            self.say(f"Stopped PostgreSQL (PID {pid}) left over from a run that ended without cleaning up.")

    def watchables(self) -> dict[str, Watchable]:
        """The embedded services for the supervisor, by their name in the stack lock."""
        units: dict[str, Watchable] = {}
        if self.postgres is not None:
            units["postgres"] = WatchedPostgres(self.postgres)
        if self.redis is not None:
            units["redis"] = self.redis.process
        if self.search is not None:
            units["search"] = self.search.process
        return units

    def start(self, lock: StackLock | None = None) -> None:
        s, layout = self.settings, self.layout
        if s.datastore_write_url or s.datastore_read_url or s.database_url:
            if not (s.datastore_write_url and s.datastore_read_url):
                raise StackError(
                    "An existing PostgreSQL needs the DataStore's write and read-only URLs too.",
                    "Set both DataStore URL variables (see README, 'Tables'); deploy/docker/datastore-init.sh "
                    "creates the database and the read-only role.",
                )
            self.urls["datastore_write"], self.urls["datastore_read"] = s.datastore_write_url, s.datastore_read_url
        if s.database_url:
            self.urls["database"] = s.database_url
            self.say("PostgreSQL: using the server from the environment")
        else:
            self._embedded_postgres().start()
            assert self.postgres is not None
            self.postgres.ensure_database(s.database_name)
            self.urls["database"] = self.postgres.url(s.database_name)
            if not s.datastore_write_url:
                self.urls.update(self.prepare_datastore())
            self.say(f"PostgreSQL: embedded, 127.0.0.1:{s.pg_port}, data in {layout.pgdata}")
        if s.redis_url:
            self.urls["redis"] = s.redis_url
            self.say("Redis: using the server from the environment")
        else:
            self.redis = EmbeddedRedis(
                layout.redis_dir, s.redis_port, layout.log_dir / "redis.log", persistent=s.durable
            )
            self.redis.start()
            if lock:
                lock.record_child("redis", self.redis.process.pid, "redis-server")
            self.urls["redis"] = self.redis.url
            self.say(f"Redis: embedded, 127.0.0.1:{s.redis_port}")
        if s.solr_url:
            self.urls["solr"] = s.solr_url
            self.say("Search: using the Solr server from the environment")
        else:
            self.search = EmbeddedSearch(
                layout.search_dir,
                s.search_port,
                layout.log_dir / "search.log",
                layout.solr_schema,
                layout.search_credentials,
            )
            self.solr_credentials = self.search.credentials
            self.search.start()
            if lock:
                lock.record_child("search", self.search.process.pid, "jena_search")
            self.urls["solr"] = self.search.url
            self.say(f"Search: embedded service, {self.search.url}")

    def instance_config(self, site_url: str, extra: dict[str, str], log_level: str = "INFO") -> InstanceConfig:
        """The instance ini of a started stack: its services' URLs, storage and secrets, plus ``extra``."""
        return InstanceConfig(
            base_config=self.layout.base_config,
            database_url=self.urls["database"],
            solr_url=self.urls["solr"],
            solr_credentials=self.solr_credentials,
            redis_url=self.urls["redis"],
            datastore_write_url=self.urls["datastore_write"],
            datastore_read_url=self.urls["datastore_read"],
            site_url=site_url,
            storage_path=self.layout.storage_dir,
            secrets=load_secrets(self.layout.secrets_file),
            extra=extra,
            log_level=log_level,
        )

    def prepare_datastore(self) -> dict[str, str]:
        """The DataStore database and its read-only role on the embedded server (idempotent)."""
        assert self.postgres is not None
        return datastore.prepare(
            self.postgres,
            self.settings.database_name,
            self.settings.datastore_name,
            self.layout.var / "datastore-ro-password",
        )

    def stop(self) -> None:
        for service in (self.search, self.redis, self.postgres):
            if service is not None:
                service.stop()
