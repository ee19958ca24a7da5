"""``MANIFEST.tsv``: which files the portal needs, where each comes from and its checksum."""

from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from urllib.parse import quote

__all__ = ["ManifestEntry", "file_sha256", "manifest_digest", "read_manifest"]

_COLUMNS = ("local_file", "repository", "commit", "path_in_repository", "sha256", "licence")


@dataclass(frozen=True)
class ManifestEntry:
    """One file: its place in the data folder and its pinned public origin."""

    local_file: str
    repository: str
    commit: str
    path_in_repository: str
    sha256: str
    licence: str

    def url(self, base_url: str) -> str:
        """Raw address of the file at the pinned commit (``<base>/<repository>/<commit>/<path>``)."""
        return f"{base_url.rstrip('/')}/{self.repository}/{self.commit}/{quote(self.path_in_repository)}"


def _manifest_text() -> str:
    return resources.files(__package__).joinpath("MANIFEST.tsv").read_text(encoding="utf-8")


def read_manifest() -> tuple[ManifestEntry, ...]:
    """The entries of the bundled manifest, in file order."""
    lines = [line for line in _manifest_text().splitlines() if line and not line.startswith("#")]
    reader = csv.DictReader(lines, delimiter="\t")
    if tuple(reader.fieldnames or ()) != _COLUMNS:
        raise ValueError(f"MANIFEST.tsv must have the columns {', '.join(_COLUMNS)}")
    return tuple(ManifestEntry(**{name: row[name] for name in _COLUMNS}) for row in reader)


def manifest_digest() -> str:
    """SHA-256 of the manifest: recorded in the data folder to tell which manifest filled it."""
    return hashlib.sha256(_manifest_text().encode("utf-8")).hexdigest()


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()
