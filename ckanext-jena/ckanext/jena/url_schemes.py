"""Which link targets the portal stores and embeds (no CKAN import).

A resource URL ends up in ``href`` and ``src`` attributes (download button, website and image
views). ``javascript:`` and ``data:`` URLs there run script in the portal's origin, so only
http(s) and ftp are accepted, both when a resource is saved and again when a view embeds it.
Browsers ignore ASCII whitespace and control characters inside a scheme (``java\\tscript:``);
so does :func:`scheme_of`.
"""

from __future__ import annotations

import re

__all__ = ["ALLOWED_SCHEMES", "is_allowed", "scheme_of"]

ALLOWED_SCHEMES = ("http", "https", "ftp")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
_IGNORED = re.compile(r"[\x00-\x20\x7f]")


def scheme_of(url: str) -> str:
    """The scheme of ``url`` as a browser reads it, lower case ('' for a relative URL)."""
    match = _SCHEME.match(_IGNORED.sub("", url))
    return match.group(1).lower() if match else ""


def is_allowed(url: str) -> bool:
    """Whether ``url`` is an http(s)/ftp URL or relative (a path of the portal, an uploaded file name)."""
    return scheme_of(url) in ("", *ALLOWED_SCHEMES)
