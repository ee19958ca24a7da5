"""The one Tantivy index of a service process: opening, writing, committing, searching."""

from __future__ import annotations

import json
import logging
import os
import shutil
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

import tantivy

from jena_search.documents import DocumentConverter
from jena_search.errors import SolrError
from jena_search.filters import FilterCache
from jena_search.layout import BBOX_FIELDS, LAYOUT_VERSION, SEQ, Layout
from jena_search.schema import SolrSchema
from jena_search.spatial import COLLECT_ALL_UP_TO, BBoxColumns

log = logging.getLogger("jena_search.engine")

MARKER = "jena-search.json"
T = TypeVar("T")
REBUILD_HINT = "run `ckan search-index rebuild` to restore the datasets from the CKAN database"


class IndexUnavailable(Exception):
    """The index directory cannot be used at all (e.g. another process owns its writer)."""


class Engine:
    def __init__(
        self,
        data_dir: Path,
        schema: SolrSchema,
        *,
        heap_mb: int = 256,
        threads: int = 1,  # Tantivy indexing threads, see _open
        bbox_collect_all: int = COLLECT_ALL_UP_TO,
    ) -> None:
        self.data_dir = Path(data_dir)
        self.index_dir = self.data_dir / "index"
        self.layout = Layout(schema)
        self.converter = DocumentConverter(self.layout)
        self.schema = schema
        self._heap = heap_mb * 1_000_000
        self._threads = threads
        self.bbox_collect_all = bbox_collect_all
        self._lock = threading.RLock()
        self.update_lock = threading.Lock()  # serialises /update requests, see update.py
        self._dirty = False
        self._last_write = 0.0
        self.generation = 0
        self.columns: BBoxColumns | None = BBoxColumns() if self.layout.has_bbox else None
        self._index, self._writer = self._open()
        self._searcher = self._index.searcher()
        self._view = (self._searcher, self.generation)
        self.filter_cache = FilterCache()
        self._next_seq = self._max_seq() + 1
        if self.columns is not None:
            self.columns.load(self._searcher, self.layout)
        # Runs parts of one request side by side (facet counting next to ranking).
        self._pool = ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2), thread_name_prefix="search")

    # -- opening --------------------------------------------------------------------------
    def _open(self) -> tuple[tantivy.Index, tantivy.IndexWriter]:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        problem = self._check_existing()
        if problem is not None:
            aside = self.data_dir / f"index.broken-{time.strftime('%Y%m%dT%H%M%S')}"
            shutil.move(str(self.index_dir), str(aside))
            log.error(
                "search index unusable (%s); moved it to %s and started with an empty index: %s",
                problem,
                aside,
                REBUILD_HINT,
                extra={"event": "index_reset", "reason": problem, "moved_to": str(aside)},
            )
        created = False
        if not (self.index_dir / "meta.json").exists():
            self.index_dir.mkdir(parents=True, exist_ok=True)
            index = tantivy.Index(self.layout.tantivy_schema, path=str(self.index_dir), reuse=False)
            (self.index_dir / MARKER).write_text(
                json.dumps(
                    {"schema": self.schema.fingerprint(), "schema_name": self.schema.name, "layout": LAYOUT_VERSION}
                )
            )
            created = True
        else:
            index = tantivy.Index.open(str(self.index_dir))
        self.layout.register_tokenizers(index)
        # One indexing thread by default: every thread writes its own segment at each commit,
        # and with autocommit during a bulk load two threads left ~11 segments at 100k
        # documents instead of 3; facet counting costs per segment and column (benchmark text query: 8.7 ms
        # instead of 5.6).
        # Conversion in Python and one Tantivy thread already keep two cores busy.
        try:
            writer = index.writer(self._heap, self._threads)
        except BaseException as exc:  # Rust panics arrive as BaseException
            raise IndexUnavailable(
                f"cannot open the index writer in {self.index_dir}: {exc}. "
                "Is another jena-search process serving this data directory?"
            ) from exc
        if created and problem is None:
            log.warning(
                "no search index in %s; created an empty one. If CKAN already has datasets, %s",
                self.index_dir,
                REBUILD_HINT,
                extra={"event": "index_created"},
            )
        return index, writer

    def _check_existing(self) -> str | None:
        if not self.index_dir.exists():
            return None
        if not any(self.index_dir.iterdir()):
            return None
        if not (self.index_dir / "meta.json").exists():
            return "meta.json is missing"
        try:
            marker = json.loads((self.index_dir / MARKER).read_text())
        except (OSError, ValueError):
            return f"{MARKER} is missing or unreadable"
        if marker.get("schema") != self.schema.fingerprint():
            return "it was built from a different schema.xml"
        if marker.get("layout") != LAYOUT_VERSION:
            return "it was built by another version of jena-search"
        try:
            index = tantivy.Index.open(str(self.index_dir))
            self.layout.register_tokenizers(index)
            searcher = index.searcher()
            hits = searcher.search(tantivy.Query.all_query(), 1).hits
            for _, addr in hits:
                searcher.doc(addr)
            del searcher, index
        except BaseException as exc:
            if isinstance(exc, (KeyboardInterrupt, SystemExit)):
                raise
            return f"it cannot be read: {exc}"
        return None

    def _max_seq(self) -> int:
        hits = self._searcher.search(tantivy.Query.all_query(), 1, order_by_field=SEQ).hits
        return int(hits[0][0]) if hits and hits[0][0] is not None else 0

    # -- reading --------------------------------------------------------------------------
    @property
    def index(self) -> tantivy.Index:
        return self._index

    def searcher(self) -> tantivy.Searcher:
        return self._searcher

    def view(self) -> tuple[tantivy.Searcher, int]:
        """The current searcher and its generation (read together; caches are keyed by it)."""
        return self._view

    def submit(self, fn: Callable[..., T], *args: Any) -> Future[T]:
        """Run ``fn`` on the engine's small thread pool (Tantivy releases the GIL while searching)."""
        return self._pool.submit(fn, *args)

    # -- writing --------------------------------------------------------------------------
    def prepare(self, docs: list[Any]) -> list[tuple[str, dict[str, Any], dict[str, Any]]]:
        """Validate and convert documents; raises SolrError 400 before anything is written."""
        now_ms = int(time.time() * 1000)
        convert = self.converter.convert
        return [convert(doc, now_ms) for doc in docs]

    def add(self, docs: list[Any], overwrite: bool = True) -> int:
        return self.add_prepared(self.prepare(docs), overwrite)

    def add_prepared(self, converted: list[tuple[str, dict[str, Any], dict[str, Any]]], overwrite: bool = True) -> int:
        schema = self.layout.tantivy_schema
        key_field = self.layout.key_tname
        with self._lock:
            writer = self._writer
            first = self._next_seq
            self._next_seq += len(converted)
            for seq, (key, tdoc, _) in enumerate(converted, first):
                tdoc[SEQ] = [seq]
                document = tantivy.Document.from_dict(tdoc, schema)
                if overwrite:
                    writer.delete_documents_by_term(key_field, key)
                writer.add_document(document)
            if self.columns is not None:
                boxes: list[list[float] | None] = []
                for _, _, src in converted:
                    coords: list[Any] = [src.get(n) for n in BBOX_FIELDS]
                    boxes.append(coords if all(isinstance(v, float) for v in coords) else None)
                self.columns.set_many(list(range(first, first + len(converted))), boxes)
            self._mark_dirty()
        return len(converted)

    def delete_ids(self, ids: list[str]) -> None:
        with self._lock:
            for key in ids:
                self._writer.delete_documents_by_term(self.layout.key_tname, key)
            self._mark_dirty()

    def delete_query(self, query: tantivy.Query) -> None:
        with self._lock:
            self._writer.delete_documents_by_query(query)
            self._mark_dirty()

    def _mark_dirty(self) -> None:
        self._dirty = True
        self._last_write = time.monotonic()

    @property
    def dirty(self) -> bool:
        return self._dirty

    def commit(self) -> None:
        """Make all changes durable (fsync'd by Tantivy) and visible to the next search."""
        with self._lock:
            try:
                self._writer.commit()
            except BaseException as exc:
                if isinstance(exc, (KeyboardInterrupt, SystemExit)):
                    raise
                log.exception("commit failed", extra={"event": "commit_failed"})
                raise SolrError(500, f"commit failed: {exc}") from exc
            self._index.reload()
            self._searcher = self._index.searcher()
            self._dirty = False
            self.generation += 1
            self._view = (self._searcher, self.generation)

    def rollback(self) -> None:
        with self._lock:
            self._writer.rollback()
            self._dirty = False

    def optimize(self) -> None:
        self.commit()

    def close(self) -> None:
        self._pool.shutdown(wait=True)
        with self._lock:
            if self._dirty:
                self.commit()
            try:
                self._writer.wait_merging_threads()
            except BaseException as exc:
                if isinstance(exc, (KeyboardInterrupt, SystemExit)):
                    raise
                log.warning("waiting for merges failed: %s", exc)
