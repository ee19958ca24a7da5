"""Stored answers: the key of a request, and an answer's bytes with its nonce taken out.

A stored answer keeps status, headers and body; the Content-Security-Policy nonce of the
request that rendered it is replaced by a placeholder in the header and the body, and every
answer served from the cache gets a new nonce (a nonce known to anyone is no nonce).
"""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import dataclass, field
from typing import Any

__all__ = ["PLACEHOLDER", "Entry", "key_for"]

PLACEHOLDER = "jena-page-cache-nonce-placeholder"
# Request headers that change the answer of the same URL (content negotiation, CORS, htmx's
# partial pages: every ``HX-*`` header); the language is part of the path (/en/...).
VARYING_HEADERS = ("HTTP_HOST", "HTTP_ACCEPT", "HTTP_ORIGIN", "HTTP_X_FORWARDED_PROTO", "HTTP_X_FORWARDED_HOST")
_HTMX_PREFIX = "HTTP_HX_"
# Headers of the rendering request that a stored answer must not repeat.
NOT_STORED = frozenset({"set-cookie", "date", "content-length", "x-jena-cache", "cache-control"})


def cache_control(headers: list[tuple[str, str]]) -> str:
    """Every stored answer is checked again on each use (``ETag``); a page carries a nonce of its
    visitor, so only that visitor's browser may keep it, never a shared cache."""
    content_type = next((value for name, value in headers if name.lower() == "content-type"), "")
    return "private, no-cache" if content_type.lower().startswith("text/html") else "public, no-cache"


def key_for(environ: dict[str, Any], generation: int) -> str:
    """The Redis key of the answer to this request under ``generation``."""
    parts = [
        environ.get("wsgi.url_scheme", ""),
        environ.get("SCRIPT_NAME", ""),
        environ.get("PATH_INFO", ""),
        environ.get("QUERY_STRING", ""),
        *(environ.get(name, "") for name in VARYING_HEADERS),
        *sorted(f"{name}={value}" for name, value in environ.items() if name.startswith(_HTMX_PREFIX)),
    ]
    digest = hashlib.sha256("\0".join(parts).encode("utf-8", "surrogateescape")).hexdigest()
    return f"jena:page_cache:{generation}:{digest}"


@dataclass
class Entry:
    status: str
    headers: list[tuple[str, str]]
    body: bytes
    etag: str = ""
    # What the usage counter needs to count a view of this answer (``usage.counting``).
    usage_target: list[str] = field(default_factory=list)

    @classmethod
    def from_answer(
        cls, status: str, headers: list[tuple[str, str]], body: bytes, nonce: str, usage_target: list[str]
    ) -> Entry:
        kept = [(name, value) for name, value in headers if name.lower() not in NOT_STORED]
        if nonce:
            kept = [(name, value.replace(nonce, PLACEHOLDER)) for name, value in kept]
            body = body.replace(nonce.encode(), PLACEHOLDER.encode())
        etag = 'W/"' + hashlib.sha256(body).hexdigest()[:32] + '"'
        kept.append(("Cache-Control", cache_control(kept)))
        return cls(status, kept, body, etag, usage_target)

    def encode(self) -> bytes:
        head = {"status": self.status, "headers": self.headers, "etag": self.etag, "usage": self.usage_target}
        return json.dumps(head).encode() + b"\n" + self.body

    @classmethod
    def decode(cls, raw: bytes) -> Entry:
        head, _, body = raw.partition(b"\n")
        data = json.loads(head)
        headers = [(str(name), str(value)) for name, value in data["headers"]]
        return cls(data["status"], headers, body, data["etag"], list(data.get("usage") or []))

    def served(self) -> tuple[list[tuple[str, str]], bytes]:
        """Headers and body for one visitor, with a nonce of its own."""
        nonce = secrets.token_urlsafe(18)
        headers = [(name, value.replace(PLACEHOLDER, nonce)) for name, value in self.headers]
        return headers, self.body.replace(PLACEHOLDER.encode(), nonce.encode())
