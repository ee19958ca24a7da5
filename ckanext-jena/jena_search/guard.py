"""Who may talk to the search service: a WSGI wrapper in front of ``SolrApp``.

The embedded service listens on 127.0.0.1, where every local process and every web page
open in a browser on the same machine can reach it. Production Solr lives on an internal
network; the embedded one protects itself:

* **Host**: only the names of the loopback interface (and ``--allowed-host`` names) — a
  page that rebinds its own DNS name to 127.0.0.1 sends its own name and is refused (403);
* **credentials**: with ``--credentials-file`` (JSON ``{"user": ..., "password": ...}``,
  written by the stack runner under ``var/``, passed to CKAN as ``solr_user``/``solr_password``)
  every request but ``/admin/ping`` needs HTTP Basic authentication (401 otherwise);
* **content types**: only those CKAN (pysolr) sends — JSON or XML to ``/update``, a form to
  ``/select`` — so a browser's ``text/plain`` "simple request" never reaches the XML parser (415).
"""

from __future__ import annotations

import base64
import binascii
import hmac
import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

StartResponse = Callable[..., Any]
WsgiApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]

LOOPBACK_NAMES = frozenset({"127.0.0.1", "localhost", "[::1]"})
# Bodies per handler: what pysolr sends (adds as JSON, deletes and commits as XML, long queries as a form).
UPDATE_TYPES = frozenset({"application/json", "text/xml", "application/xml"})
SELECT_TYPES = frozenset({"application/x-www-form-urlencoded"})
OPEN_ROUTES = frozenset({"admin/ping"})


def load_credentials(path: Path) -> tuple[str, str]:
    """``(user, password)`` from a credentials file as the stack runner writes it."""
    data = json.loads(path.read_text())
    user, password = data.get("user"), data.get("password")
    if not isinstance(user, str) or not isinstance(password, str) or not user or not password:
        raise ValueError(f"{path}: expected a JSON object with non-empty 'user' and 'password'")
    return user, password


class RequestGuard:
    def __init__(
        self,
        app: WsgiApp,
        *,
        prefix: str,
        credentials: tuple[str, str] | None,
        allowed_hosts: Iterable[str] = (),
    ) -> None:
        self.app = app
        self.prefix = prefix
        self.credentials = credentials
        self.allowed_hosts = LOOPBACK_NAMES | {name.lower() for name in allowed_hosts}

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        refusal = self._refusal(environ)
        if refusal is None:
            return self.app(environ, start_response)
        status, reason, message, headers = refusal
        body = json.dumps(
            {"responseHeader": {"status": status, "QTime": 0}, "error": {"msg": message, "code": status}}
        ).encode()
        start_response(
            f"{status} {reason}",
            [("Content-Type", "application/json; charset=utf-8"), ("Content-Length", str(len(body))), *headers],
        )
        return [body]

    def _refusal(self, environ: dict[str, Any]) -> tuple[int, str, str, list[tuple[str, str]]] | None:
        if _host_name(environ.get("HTTP_HOST", "")) not in self.allowed_hosts:
            return 403, "Forbidden", "foreign or missing Host header", []
        path = environ.get("PATH_INFO", "") or "/"
        route = path[len(self.prefix) :].strip("/") if path.startswith(self.prefix) else path
        if route in OPEN_ROUTES:
            return None
        if self.credentials is not None and not self._authenticated(environ.get("HTTP_AUTHORIZATION", "")):
            return 401, "Unauthorized", "authentication required", [("WWW-Authenticate", 'Basic realm="jena-search"')]
        if environ.get("REQUEST_METHOD", "GET") == "POST":
            ctype = environ.get("CONTENT_TYPE", "").split(";")[0].strip().lower()
            accepted = UPDATE_TYPES if route.startswith("update") else SELECT_TYPES
            if ctype not in accepted:
                return 415, "Unsupported Media Type", f"/{route} does not accept '{ctype}' bodies", []
        return None

    def _authenticated(self, header: str) -> bool:
        assert self.credentials is not None
        scheme, _, encoded = header.partition(" ")
        if scheme.lower() != "basic":
            return False
        try:
            user, _, password = base64.b64decode(encoded.strip(), validate=True).decode("utf-8").partition(":")
        except (binascii.Error, UnicodeDecodeError):
            return False
        expected_user, expected_password = self.credentials
        user_ok = hmac.compare_digest(user.encode(), expected_user.encode())
        return hmac.compare_digest(password.encode(), expected_password.encode()) and user_ok


def _host_name(host: str) -> str:
    """The name part of a Host header (``127.0.0.1:8983`` → ``127.0.0.1``, ``[::1]:8983`` → ``[::1]``)."""
    host = host.strip().lower()
    if host.startswith("["):
        return host.split("]", 1)[0] + "]"
    return host.rsplit(":", 1)[0] if ":" in host else host
