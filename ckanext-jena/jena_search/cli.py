"""``jena-search``: run the search service (one process, one index writer, many threads)."""

from __future__ import annotations

import argparse
import gc
import json
import logging
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from cheroot import wsgi

from jena_search.app import SolrApp
from jena_search.engine import Engine, IndexUnavailable
from jena_search.guard import RequestGuard, load_credentials
from jena_search.memory import MemoryReleaser, limit_arenas
from jena_search.schema import SchemaError, default_schema_path, load_schema
from jena_search.spatial import COLLECT_ALL_UP_TO

log = logging.getLogger("jena_search")

_STD_ATTRS = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    """One JSON object per line: ts, level, logger, msg and any ``extra`` fields."""

    def format(self, record: logging.LogRecord) -> str:
        data: dict[str, Any] = {
            "ts": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created)) + f".{int(record.msecs):03d}Z",
            "level": record.levelname,
            "logger": record.name,
            "msg": record.getMessage(),
        }
        for key, value in record.__dict__.items():
            if key not in _STD_ATTRS and not key.startswith("_"):
                data[key] = value
        if record.exc_info:
            data["exc"] = self.formatException(record.exc_info)
        return json.dumps(data, ensure_ascii=False, default=str)


def _setup_logging(level: str) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    logging.getLogger("cheroot").setLevel(logging.WARNING)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="jena-search", description=__doc__)
    p.add_argument("--data-dir", required=True, help="directory holding the index (created if missing)")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8983)
    p.add_argument("--core", default="ckan", help="core name in the URL /solr/<core> (default: ckan)")
    p.add_argument(
        "--schema",
        default=os.environ.get("JENA_SEARCH_SCHEMA") or str(default_schema_path()),
        help="Solr schema.xml (default: deploy/solr/schema.xml of the repository)",
    )
    p.add_argument("--threads", type=int, default=8, help="HTTP worker threads (default: 8)")
    p.add_argument("--writer-heap-mb", type=int, default=256, help="Tantivy writer memory budget")
    p.add_argument(
        "--writer-threads",
        type=int,
        default=1,
        help="Tantivy indexing threads (default: 1; each thread writes its own segment per commit)",
    )
    p.add_argument(
        "--autocommit-ms",
        type=int,
        default=1000,
        help="commit uncommitted changes after this many ms (0: only explicit commits)",
    )
    p.add_argument("--max-body-mb", type=int, default=64, help="largest accepted request body")
    p.add_argument(
        "--bbox-collect-all",
        type=int,
        default=COLLECT_ALL_UP_TO,
        help="bbox ranking collects all matches when at most this many boxes overlap the query box "
        f"(default: {COLLECT_ALL_UP_TO}); above it, candidates are checked in batches",
    )
    p.add_argument(
        "--trim-interval",
        type=float,
        default=5.0,
        help="seconds between returning freed memory to the OS while requests come in (0: never)",
    )
    p.add_argument(
        "--malloc-arenas",
        type=int,
        default=2,
        help="glibc malloc arenas (fewer arenas hold less freed memory; 0: glibc's default, 8 per core)",
    )
    p.add_argument(
        "--credentials-file",
        help='JSON {"user": ..., "password": ...}: require HTTP Basic authentication (see guard.py)',
    )
    p.add_argument(
        "--allowed-host",
        action="append",
        default=[],
        help="a Host name accepted besides 127.0.0.1, localhost and [::1] (repeatable)",
    )
    p.add_argument("--log-level", default="INFO")
    return p


class AutoCommitter(threading.Thread):
    """Commits pending changes periodically, like Solr's autoSoftCommit."""

    def __init__(self, engine: Engine, interval_ms: int) -> None:
        super().__init__(name="autocommit", daemon=True)
        self.engine = engine
        self.interval = interval_ms / 1000.0
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.wait(self.interval):
            if self.engine.dirty:
                try:
                    self.engine.commit()
                except Exception:
                    log.exception("autocommit failed", extra={"event": "autocommit_failed"})


def _tune_gc() -> None:
    """Fewer cyclic GC passes: converting a 1,000-document update allocates ~10^6 containers,
    and with CPython's default thresholds the collector re-scans the live batch again and
    again (~25% of conversion time). Objects from start-up are moved out of its way."""
    gc.freeze()
    gc.set_threshold(20_000, 20, 50)


def _noting_activity(app: Callable[..., Iterable[bytes]], releaser: MemoryReleaser) -> Callable[..., Iterable[bytes]]:
    def wsgi_app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        releaser.activity()
        return app(environ, start_response)

    return wsgi_app


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    _setup_logging(args.log_level)
    # Before the engine and the server start their threads (each may get its own arena).
    limit_arenas(args.malloc_arenas)
    try:
        schema = load_schema(args.schema)
        engine = Engine(
            Path(args.data_dir),
            schema,
            heap_mb=args.writer_heap_mb,
            threads=args.writer_threads,
            bbox_collect_all=args.bbox_collect_all,
        )
    except (SchemaError, IndexUnavailable) as exc:
        log.error("cannot start: %s", exc, extra={"event": "startup_failed"})
        return 2

    solr = SolrApp(engine, core=args.core, max_body_bytes=args.max_body_mb * 1024 * 1024)
    try:
        credentials = load_credentials(Path(args.credentials_file)) if args.credentials_file else None
    except (OSError, ValueError) as exc:
        log.error("cannot read the credentials: %s", exc, extra={"event": "startup_failed"})
        engine.close()
        return 2
    app = RequestGuard(solr, prefix=solr.prefix, credentials=credentials, allowed_hosts=args.allowed_host)
    releaser = MemoryReleaser(args.trim_interval)
    server = wsgi.Server(
        (args.host, args.port),
        _noting_activity(app, releaser),
        numthreads=args.threads,
        shutdown_timeout=30,
        server_name="jena-search",
    )
    # Every CKAN process (web workers, job worker, harvest consumers) keeps its own pysolr
    # connection open; cheroot closes idle keep-alive connections above its default of 10,
    # which makes clients reconnect. Idle connections only cost a socket in the selector.
    server.keep_alive_conn_limit = 64
    # The app enforces --max-body-mb itself, with a Solr-shaped 413 error.
    _tune_gc()
    committer = AutoCommitter(engine, args.autocommit_ms) if args.autocommit_ms > 0 else None
    stopper: list[threading.Thread] = []

    def on_signal(signum: int, _frame: Any) -> None:
        if stopper:
            return
        log.info("signal %s: finishing requests and shutting down", signum, extra={"event": "shutdown"})
        thread = threading.Thread(target=server.stop, name="stopper")
        stopper.append(thread)
        thread.start()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    try:
        server.prepare()
    except OSError as exc:
        log.error("cannot listen on %s:%s: %s", args.host, args.port, exc, extra={"event": "startup_failed"})
        engine.close()
        return 2
    bound = server.bind_addr
    log.info(
        "serving core %s at http://%s:%s/solr/%s (%d documents, schema %s)",
        args.core,
        bound[0],
        bound[1],
        args.core,
        engine.searcher().num_docs,
        schema.name,
        extra={"event": "started", "host": bound[0], "port": bound[1], "data_dir": args.data_dir, "pid": os.getpid()},
    )
    if committer is not None:
        committer.start()
    if args.trim_interval > 0:
        releaser.start()
    try:
        server.serve()
    finally:
        for thread in stopper:
            thread.join()
        releaser.stopped.set()
        if committer is not None:
            committer.stopped.set()
            committer.join()
        engine.close()
        log.info("stopped", extra={"event": "stopped"})
    return 0


if __name__ == "__main__":
    sys.exit(main())
