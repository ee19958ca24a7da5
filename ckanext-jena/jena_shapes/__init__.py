"""The official DCAT-AP.de validation files (SHACL shapes, code lists, ontologies) as installed data.

The files are third-party data: the repository keeps only ``MANIFEST.tsv`` (origin, pinned
commit, path, SHA-256, licence of each file); ``jena-shapes install`` (called by the install
step and the Docker build) brings them into a data folder outside the source tree, by default
``<virtualenv>/share/jena/dcat-ap-de``, which is where the portal reads them at run time.
No CKAN import here: the install step runs before CKAN is configured.
"""

from __future__ import annotations

from .installer import ShapesInstallError, install
from .location import COMPLETE_MARKER, default_directory, missing_files
from .manifest import ManifestEntry, read_manifest

__all__ = [
    "COMPLETE_MARKER",
    "ManifestEntry",
    "ShapesInstallError",
    "default_directory",
    "install",
    "missing_files",
    "read_manifest",
]
