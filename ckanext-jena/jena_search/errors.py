"""The one exception type the service turns into a Solr-shaped error response."""

from __future__ import annotations


class SolrError(Exception):
    """An error reported to the client as ``{"error": {"msg": ..., "code": ...}}``."""

    def __init__(self, code: int, msg: str) -> None:
        super().__init__(msg)
        self.code = code
        self.msg = msg


def bad_request(msg: str) -> SolrError:
    return SolrError(400, msg)
