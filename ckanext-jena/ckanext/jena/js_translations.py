"""The translations of CKAN's JavaScript modules for gunicorn-served portals.

CKAN writes them (``<storage_path>/i18n/js/<lang>.js``, served at ``/api/i18n/<lang>``) only
in ``ckan run`` and ``ckan translation js``. Under gunicorn nobody did, so every string of
CKAN's scripts stayed English on the German pages ("Show more", the upload widget's
"Upload"/"Link"/"Remove", confirmation dialogs). The WSGI entry point builds them at start.
"""

from __future__ import annotations

import fcntl
from pathlib import Path

from ckan.lib.i18n import build_js_translations, get_js_translations_dir

__all__ = ["ensure_js_translations"]


def ensure_js_translations() -> Path:
    """Build the files that are missing or older than their catalogs; returns their folder.

    gunicorn's workers start side by side and each calls this: the lock lets the first one
    write, and the others find the files up to date (CKAN compares modification times)."""
    folder = Path(get_js_translations_dir())
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / ".build.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        build_js_translations()
    return folder
