"""A real HTTP server on 127.0.0.1 for the harvesting tests (a thread, no mocks).

Routes map a path to a :class:`Route`: status, headers and body, optionally served slowly
(a delay before the answer, or the body trickled in small pieces). ``{base}`` in a body is
replaced by the server's base URL, so catalog pages can link to each other with hydra:next.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before the status line
    trickle: float = 0.0  # seconds between 1 KB pieces of the body
    announce_length: bool = True


Dynamic = Callable[[dict[str, list[str]]], Route]


class LocalServer:
    def __init__(self) -> None:
        self.routes: dict[str, Route | Dynamic] = {}
        self.requests: list[str] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_HEAD(self) -> None:
                self._answer(send_body=False)

            def do_GET(self) -> None:
                self._answer(send_body=True)

            def _answer(self, send_body: bool) -> None:
                parts = urlsplit(self.path)
                server.requests.append(self.path)
                route = server.routes.get(parts.path)
                if callable(route):
                    route = route(parse_qs(parts.query))
                if route is None:
                    route = Route(b"not found", status=404)
                time.sleep(route.delay)
                body = route.body.replace(b"{base}", server.base.encode())
                try:
                    self.send_response(route.status)
                    for name, value in route.headers.items():
                        self.send_header(name, value.replace("{base}", server.base))
                    if route.announce_length:
                        self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    if not send_body:
                        return
                    if route.trickle:
                        for start in range(0, len(body), 1024):
                            self.wfile.write(body[start : start + 1024])
                            self.wfile.flush()
                            time.sleep(route.trickle)
                    else:
                        self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return self.base + path

    def __enter__(self) -> LocalServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
