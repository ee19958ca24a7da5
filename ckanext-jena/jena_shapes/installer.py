"""Fill the data folder from a local copy or the public origins, every file checked against the manifest.

A folder is replaced only after every file arrived and matched its SHA-256, so a failed or
refused install leaves the previous folder (or none) as it was, never a half-filled one.
"""

from __future__ import annotations

import shutil
import tempfile
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

from .location import COMPLETE_MARKER, is_complete
from .manifest import ManifestEntry, file_sha256, manifest_digest, read_manifest

__all__ = ["DEFAULT_BASE_URL", "MAX_FILE_BYTES", "ShapesInstallError", "install"]

DEFAULT_BASE_URL = "https://raw.githubusercontent.com"
MAX_FILE_BYTES = 50 * 1024 * 1024
_OFFLINE_HINT = "offline, set JENA_SHAPES_DIR to a folder holding the files listed in MANIFEST.tsv"


class ShapesInstallError(RuntimeError):
    """The files could not be installed; the message is one sentence saying which file and what to do."""


def install(
    target: Path,
    *,
    source_dir: Path | None = None,
    base_url: str = DEFAULT_BASE_URL,
    timeout: float = 60.0,
    report: Callable[[str], None] = lambda line: None,
) -> int:
    """Make ``target`` hold every manifest file; returns how many were installed (0: all were there).

    ``source_dir`` (a local copy) is used when given, otherwise each file is downloaded from
    ``base_url``. Raises :class:`ShapesInstallError` on a missing file, a failed download or a
    checksum mismatch, leaving ``target`` untouched.
    """
    entries = read_manifest()
    if is_complete(target) and all(file_sha256(target / e.local_file) == e.sha256 for e in entries):
        return 0
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    try:
        for number, entry in enumerate(entries, start=1):
            destination = staging / entry.local_file
            destination.parent.mkdir(parents=True, exist_ok=True)
            if source_dir is not None:
                origin = _copy(entry, source_dir, destination)
            else:
                origin = _download(entry, base_url, destination, timeout)
            _verify(entry, destination, origin)
            report(f"{number}/{len(entries)} {entry.local_file}")
        (staging / COMPLETE_MARKER).write_text(manifest_digest() + "\n")
        _swap_in(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return len(entries)


def _copy(entry: ManifestEntry, source_dir: Path, destination: Path) -> str:
    origin = source_dir / entry.local_file
    if not origin.is_file():
        raise ShapesInstallError(
            f"The DCAT-AP.de file {entry.local_file} is missing in {source_dir}; nothing was installed — "
            f"copy it there from {entry.repository} (commit {entry.commit[:7]}, {entry.path_in_repository})."
        )
    shutil.copyfile(origin, destination)
    return str(origin)


def _download(entry: ManifestEntry, base_url: str, destination: Path, timeout: float) -> str:
    url = entry.url(base_url)
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response, destination.open("wb") as out:
            size = 0
            while block := response.read(1 << 16):
                size += len(block)
                if size > MAX_FILE_BYTES:
                    raise ShapesInstallError(
                        f"The DCAT-AP.de file {entry.local_file} from {url} is larger than "
                        f"{MAX_FILE_BYTES // (1024 * 1024)} MB; nothing was installed — check the address or, "
                        f"{_OFFLINE_HINT}."
                    )
                out.write(block)
    except (urllib.error.URLError, OSError, ValueError) as error:
        reason = getattr(error, "reason", None) or error
        raise ShapesInstallError(
            f"Could not download the DCAT-AP.de file {entry.local_file} from {url} ({reason}); nothing was "
            f"installed — check the internet connection or, {_OFFLINE_HINT}."
        ) from error
    return url


def _verify(entry: ManifestEntry, path: Path, origin: str) -> None:
    actual = file_sha256(path)
    if actual != entry.sha256:
        raise ShapesInstallError(
            f"The DCAT-AP.de file {entry.local_file} from {origin} does not match its SHA-256 in MANIFEST.tsv "
            f"(got {actual[:12]}…, expected {entry.sha256[:12]}…); nothing was installed — replace it with the "
            f"file of {entry.repository} at commit {entry.commit[:7]} or, {_OFFLINE_HINT}."
        )


def _swap_in(staging: Path, target: Path) -> None:
    """Replace ``target`` by the verified ``staging`` folder (the old one is removed afterwards)."""
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}-old-", dir=target.parent))
        target.rename(old / target.name)
    staging.rename(target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
