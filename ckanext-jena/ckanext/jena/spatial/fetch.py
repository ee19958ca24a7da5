"""Download a resource file for a map preview, with a size limit and German messages.

The browser only talks to the portal; the portal reads the file (so the size limit holds
before anything reaches the browser, and remote servers need no CORS headers).
"""

from __future__ import annotations

import requests

__all__ = ["PreviewError", "fetch"]

TIMEOUT = (10, 30)
CHUNK = 64 * 1024


class PreviewError(Exception):
    """A preview cannot be shown; ``message`` is the German text for the user."""

    def __init__(self, message: str, status: int = 422) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


def _megabytes(size: int) -> str:
    return f"{size / 1_048_576:.1f}".replace(".", ",") + " MB"


def fetch(url: str, max_bytes: int, declared_size: int | None = None) -> bytes:
    """The body of ``url``; ``PreviewError`` when it is too large, unreachable or not http(s)."""
    too_large = (
        f"Die Datei ist zu groß für die Kartenvorschau (mehr als {_megabytes(max_bytes)}). "
        "Bitte laden Sie sie herunter und öffnen Sie sie in einem GIS-Programm."
    )
    if declared_size is not None and declared_size > max_bytes:
        raise PreviewError(too_large, 413)
    if not url.startswith(("http://", "https://")):
        raise PreviewError("Die Ressource hat keine Web-Adresse (http/https), die Vorschau kann sie nicht laden.")
    try:
        with requests.get(url, stream=True, timeout=TIMEOUT, allow_redirects=True) as response:
            if response.status_code >= 400:
                raise PreviewError(
                    f"Der Server der Ressource antwortet mit Fehler {response.status_code}; "
                    "die Vorschau ist im Moment nicht möglich.",
                    502,
                )
            length = response.headers.get("Content-Length", "")
            if length.isdigit() and int(length) > max_bytes:
                raise PreviewError(too_large, 413)
            body = bytearray()
            for chunk in response.iter_content(CHUNK):
                body.extend(chunk)
                if len(body) > max_bytes:
                    raise PreviewError(too_large, 413)
            return bytes(body)
    except requests.RequestException as error:
        raise PreviewError(
            "Der Server der Ressource ist nicht erreichbar; die Vorschau ist im Moment nicht möglich.", 502
        ) from error
