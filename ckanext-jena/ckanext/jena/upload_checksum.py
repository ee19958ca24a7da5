"""The checksum of an uploaded file, computed by the portal (issue 20: a department is never
asked for "Prüfsumme"; CKAN itself fills size and media type of an upload)."""

from __future__ import annotations

import hashlib
from typing import Any

from werkzeug.datastructures import FileStorage

__all__ = ["ALGORITHM", "add_checksum"]

ALGORITHM = "sha256"
_CHUNK = 1 << 20


def add_checksum(resource: dict[str, Any]) -> None:
    """Set ``hash`` and ``hash_algorithm`` of ``resource`` from the file it uploads, if any."""
    upload = resource.get("upload")
    if not isinstance(upload, FileStorage) or not upload.filename:
        return
    stream = upload.stream
    stream.seek(0)
    digest = hashlib.new(ALGORITHM)
    for chunk in iter(lambda: stream.read(_CHUNK), b""):
        digest.update(chunk)
    stream.seek(0)
    resource["hash"] = digest.hexdigest()
    resource["hash_algorithm"] = ALGORITHM
