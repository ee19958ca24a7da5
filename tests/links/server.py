"""A local test server on 127.0.0.1 for the link checker: one path per behaviour, and a count
of the connections it holds at the same time."""

from __future__ import annotations

import http.server
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlsplit


class LinkServer(http.server.ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.lock = threading.Lock()
        self.active = 0
        self.max_active = 0
        self.requests: list[tuple[str, str, str]] = []  # (method, path, Range header)
        self.released = threading.Event()  # ends every /hang at once

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def enter(self) -> None:
        with self.lock:
            self.active += 1
            self.max_active = max(self.max_active, self.active)

    def leave(self) -> None:
        with self.lock:
            self.active -= 1


class _Handler(http.server.BaseHTTPRequestHandler):
    server: LinkServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _answer(self, status: int, headers: dict[str, str] | None = None, body: bytes = b"") -> None:
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if "Content-Length" not in (headers or {}):
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD" and body:
            self.wfile.write(body)

    def _handle(self) -> None:
        server = self.server
        path = urlsplit(self.path).path
        server.requests.append((self.command, self.path, self.headers.get("Range", "")))
        server.enter()
        try:
            answer = self._route(path)
        finally:
            # Counted as open until the answer goes out: the client cannot send its next
            # request on this lane before it has the answer.
            server.leave()
        self._answer(*answer)

    def _route(self, path: str) -> tuple[int, dict[str, str], bytes]:
        """The answer to ``path`` (status, headers, body), after any delay the path asks for."""
        port = self.server.server_address[1]
        if path == "/ok.csv":
            return _reply(200, {"Content-Type": "text/csv; charset=utf-8", "Content-Length": "1234"})
        elif path == "/missing.csv":
            return _reply(404, body=b"not found")
        elif path == "/slow.csv":
            time.sleep(0.3)  # slower than usual, well within the timeout
            return _reply(200, {"Content-Type": "text/csv"}, b"a,b\n")
        elif path == "/hang.csv":
            self.server.released.wait(5)  # longer than the checker's timeout
            return _reply(200, body=b"late")
        elif path == "/to-internal":
            return _reply(302, {"Location": f"http://127.0.0.2:{port}/ok.csv"})
        elif path == "/no-head.json" and self.command == "HEAD":
            return _reply(405)
        elif path == "/no-head.json":
            if self.headers.get("Range") != "bytes=0-0":
                return _reply(400, body=b"a probe asks for the first byte only")
            return _reply(206, {"Content-Type": "application/json", "Content-Range": "bytes 0-0/5000"}, b"{")
        elif path == "/wms":
            ok = "request=getcapabilities" in self.path.lower()
            return _reply(200 if ok else 400, {"Content-Type": "application/xml"})
        elif path.startswith("/wait/"):  # /wait/<ms>/...: a server that takes <ms> to answer
            time.sleep(int(path.split("/")[2]) / 1000)
            return _reply(200, {"Content-Type": "text/csv", "Content-Length": "100"})
        elif path.startswith("/busy/"):
            # Hold the request until a second one is in (at most 0.5 s), then a little longer:
            # requests sent in parallel really overlap, so the maximum seen is what was sent.
            deadline = time.monotonic() + 0.5
            while time.monotonic() < deadline and self.server.active < 2:
                time.sleep(0.01)
            time.sleep(0.05)
            return _reply(200, {"Content-Type": "text/plain"})
        else:
            return _reply(404)

    do_HEAD = _handle
    do_GET = _handle


def _reply(status: int, headers: dict[str, str] | None = None, body: bytes = b"") -> tuple[int, dict[str, str], bytes]:
    return status, headers or {}, body


@contextmanager
def link_server() -> Iterator[LinkServer]:
    server = LinkServer()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.released.set()
        server.shutdown()
        server.server_close()
