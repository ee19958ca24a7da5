"""Where the installed files live and whether that folder is complete."""

from __future__ import annotations

import sys
from pathlib import Path

from .manifest import manifest_digest, read_manifest

__all__ = ["COMPLETE_MARKER", "default_directory", "is_complete", "missing_files"]

# Written last by the installer: the digest of the manifest whose files were all verified.
COMPLETE_MARKER = ".complete"


def default_directory() -> Path:
    """``<prefix>/share/jena/dcat-ap-de`` of the running Python (the virtualenv, or /opt/venv in Docker)."""
    return Path(sys.prefix) / "share" / "jena" / "dcat-ap-de"


def missing_files(directory: Path) -> list[str]:
    """Files of the manifest that are not in ``directory`` (empty when everything is there)."""
    return [entry.local_file for entry in read_manifest() if not (directory / entry.local_file).is_file()]


def is_complete(directory: Path) -> bool:
    """Did an install verify every file of the current manifest into ``directory``?"""
    marker = directory / COMPLETE_MARKER
    return marker.is_file() and marker.read_text().strip() == manifest_digest() and not missing_files(directory)
