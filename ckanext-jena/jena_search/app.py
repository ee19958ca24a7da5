"""WSGI application: routing, request decoding, Solr-shaped responses and errors."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import parse_qsl

from jena_search.engine import Engine
from jena_search.errors import SolrError
from jena_search.limits import MAX_PARAMS, MAX_SELECT_BODY
from jena_search.params import Params
from jena_search.search import select
from jena_search.update import handle_update

log = logging.getLogger("jena_search.http")

StartResponse = Callable[..., Any]
_JSON = "application/json; charset=utf-8"


class SolrApp:
    """Serves one core at ``/solr/<core>``; one instance per process, shared by all threads."""

    def __init__(self, engine: Engine, core: str = "ckan", max_body_bytes: int = 64 * 1024 * 1024) -> None:
        self.engine = engine
        self.prefix = f"/solr/{core}"
        self.max_body = max_body_bytes
        self.schema_files = {"schema.xml"} | _referenced_files(engine)

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        started = time.perf_counter()
        method = environ.get("REQUEST_METHOD", "GET")
        path = environ.get("PATH_INFO", "") or "/"
        extra: dict[str, Any] = {}
        status, headers, body = 500, [("Content-Type", _JSON)], b""
        try:
            status, headers, body, extra = self._dispatch(method, path, environ)
        except SolrError as exc:
            status, body = exc.code, _error_body(exc.code, exc.msg)
            extra = {"error": exc.msg[:300]}
        except Exception as exc:
            log.exception("internal error on %s %s", method, path, extra={"event": "internal_error"})
            status, body = 500, _error_body(500, f"internal error: {type(exc).__name__}: {exc}")
        except BaseException as exc:  # Rust panics in Tantivy arrive as BaseException
            if isinstance(exc, (KeyboardInterrupt, SystemExit, GeneratorExit)):
                raise
            log.error("engine panic on %s %s: %s", method, path, exc, extra={"event": "panic"})
            status, body = 500, _error_body(500, f"internal error: {exc}")
        elapsed = (time.perf_counter() - started) * 1000
        log.info(
            "%s %s %d",
            method,
            path,
            status,
            extra={
                "event": "request",
                "method": method,
                "path": path,
                "status": status,
                "ms": round(elapsed, 2),
                **extra,
            },
        )
        headers.append(("Content-Length", str(len(body))))
        start_response(f"{status} {_REASONS.get(status, 'Error')}", headers)
        return [body]

    # -- routing ----------------------------------------------------------------------
    def _dispatch(
        self, method: str, path: str, environ: dict[str, Any]
    ) -> tuple[int, list[tuple[str, str]], bytes, dict[str, Any]]:
        if not path.startswith(self.prefix + "/") and path != self.prefix:
            raise SolrError(404, f"no such core or path: {path}")
        route = path[len(self.prefix) :].strip("/")
        if route == "select":
            params = self._params(environ, method, allow_form=True)
            result = select(self.engine, params)
            return 200, [("Content-Type", _JSON)], _dumps(result), {"numFound": result["response"]["numFound"]}
        if route in ("update", "update/json"):
            if method != "POST":
                raise SolrError(405, "/update accepts POST only")
            params = self._params(environ, "GET", allow_form=False)
            body = self._body(environ)
            result = handle_update(self.engine, params, body, environ.get("CONTENT_TYPE", ""))
            return 200, [("Content-Type", _JSON)], _dumps(result), {}
        if route == "schema":
            params = self._params(environ, "GET", allow_form=False)
            if params.get("wt") == "schema.xml":
                return 200, [("Content-Type", "application/xml; charset=utf-8")], self.engine.schema.raw, {}
            return 200, [("Content-Type", _JSON)], _dumps(self._schema_json()), {}
        if route == "admin/file":
            params = self._params(environ, "GET", allow_form=False)
            name = params.get("file") or ""
            if name not in self.schema_files:
                raise SolrError(404, f"Can not find: {name}")
            data = self.engine.schema.raw if name == "schema.xml" else (self.engine.schema.base_dir / name).read_bytes()
            ctype = "application/xml; charset=utf-8" if name.endswith(".xml") else "text/plain; charset=utf-8"
            return 200, [("Content-Type", ctype)], data, {}
        if route == "admin/ping":
            ping = {"responseHeader": {"status": 0, "QTime": 0}, "status": "OK"}
            return 200, [("Content-Type", _JSON)], _dumps(ping), {}
        raise SolrError(404, f"unknown handler: /{route}")

    def _schema_json(self) -> dict[str, Any]:
        schema = self.engine.schema
        return {
            "responseHeader": {"status": 0, "QTime": 0},
            "schema": {
                "name": schema.name,
                "version": float(schema.version) if schema.version else None,
                "uniqueKey": schema.unique_key,
                "fields": [
                    {
                        "name": f.name,
                        "type": f.type.name,
                        "indexed": f.indexed,
                        "stored": f.stored,
                        "multiValued": f.multi_valued,
                    }
                    for f in schema.fields.values()
                ],
            },
        }

    # -- request decoding -------------------------------------------------------------
    def _params(self, environ: dict[str, Any], method: str, allow_form: bool) -> Params:
        raw = environ.get("QUERY_STRING", "").encode("latin-1")
        pairs = _decode_pairs(raw, "URL")
        if method == "POST" and allow_form:
            ctype = environ.get("CONTENT_TYPE", "").split(";")[0].strip().lower()
            if ctype not in ("application/x-www-form-urlencoded", ""):
                raise SolrError(415, f"/select accepts form-encoded POST bodies, not '{ctype}'")
            pairs += _decode_pairs(self._read(environ, min(self.max_body, MAX_SELECT_BODY)), "form body")
        return Params(pairs)

    def _read(self, environ: dict[str, Any], limit: int | None = None) -> bytes:
        max_body = self.max_body if limit is None else limit
        length_raw = environ.get("CONTENT_LENGTH") or ""
        stream = environ["wsgi.input"]
        if length_raw:
            try:
                length = int(length_raw)
            except ValueError as exc:
                raise SolrError(400, f"invalid Content-Length '{length_raw[:40]}'") from exc
            if length > max_body:
                raise SolrError(413, f"request body of {length} bytes exceeds the limit of {max_body} bytes")
            return stream.read(length) if length > 0 else b""
        data = stream.read(max_body + 1)
        if len(data) > max_body:
            raise SolrError(413, f"request body exceeds the limit of {max_body} bytes")
        return data

    def _body(self, environ: dict[str, Any]) -> str:
        data = self._read(environ)
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise SolrError(400, f"request body is not valid UTF-8 (byte offset {exc.start})") from exc


def _decode_pairs(raw: bytes, where: str) -> list[tuple[str, str]]:
    if not raw:
        return []
    try:
        text = raw.decode("utf-8")
        return parse_qsl(text, keep_blank_values=True, encoding="utf-8", errors="strict", max_num_fields=MAX_PARAMS)
    except UnicodeDecodeError as exc:
        raise SolrError(400, f"invalid UTF-8 in {where} parameters") from exc
    except ValueError as exc:  # parse_qsl: more than max_num_fields
        raise SolrError(400, f"too many request parameters in {where} (at most {MAX_PARAMS})") from exc


def _referenced_files(engine: Engine) -> set[str]:
    names: set[str] = set()
    for ftype in engine.schema.types.values():
        for an in (ftype.index_analyzer, ftype.query_analyzer):
            if an is None:
                continue
            for comp in an.filters:
                for key in ("dictionary", "words", "synonyms", "protected"):
                    value = comp.get(key)
                    if value and "/" not in value and not value.startswith("."):
                        names.add(value)
    return names


def _dumps(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _error_body(code: int, msg: str) -> bytes:
    return _dumps(
        {
            "responseHeader": {"status": code, "QTime": 0},
            "error": {"metadata": ["error-class", "org.apache.solr.common.SolrException"], "msg": msg, "code": code},
        }
    )


_REASONS = {
    200: "OK",
    400: "Bad Request",
    404: "Not Found",
    405: "Method Not Allowed",
    413: "Payload Too Large",
    415: "Unsupported Media Type",
    500: "Internal Server Error",
    503: "Service Unavailable",
}
