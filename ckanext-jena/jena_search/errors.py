"""The one exception type the service turns into a Solr-shaped error response."""

from __future__ import annotations

# Longest error message sent back: a message never carries a whole hostile input.
MAX_MESSAGE = 300


class SolrError(Exception):
    """An error reported to the client as ``{"error": {"msg": ..., "code": ...}}``."""

    def __init__(self, code: int, msg: str) -> None:
        if len(msg) > MAX_MESSAGE:
            msg = msg[: MAX_MESSAGE - 1] + "…"
        super().__init__(msg)
        self.code = code
        self.msg = msg


def bad_request(msg: str) -> SolrError:
    return SolrError(400, msg)


def snippet(text: str, limit: int = 40) -> str:
    """``text`` for an error message: at most ``limit`` characters, control characters escaped."""
    short = text if len(text) <= limit else text[: limit - 1] + "…"
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in short)
