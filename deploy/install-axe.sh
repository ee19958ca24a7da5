#!/usr/bin/env bash
# Installs axe-core (accessibility rules engine, MPL-2.0, third-party; not in the repository) for
# the browser tests (tests/browser_support.py `assert_accessible`): the pinned npm tarball, checked
# against its npm integrity hash, unpacked to .venv/share/jena/axe-core/ (axe.min.js + LICENSE).
# Source: JENA_AXE_TARBALL (a local copy of the tarball, for offline machines) or the npm registry.
# Called by `make install` whenever the folder is missing or the pin changed; safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."
AXE_VERSION=4.14.1
# npm view axe-core@4.14.1 dist.integrity
AXE_INTEGRITY=sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ==
AXE_URL="https://registry.npmjs.org/axe-core/-/axe-core-${AXE_VERSION}.tgz"
TARGET=.venv/share/jena/axe-core
exec .venv/bin/python - "$AXE_VERSION" "$AXE_INTEGRITY" "$AXE_URL" "$TARGET" "${JENA_AXE_TARBALL:-}" <<'PY'
import base64, hashlib, io, os, sys, tarfile, urllib.request
from pathlib import Path

version, integrity, url, target, local = sys.argv[1:]
target = Path(target)
stamp = target / ".complete"
if stamp.is_file() and stamp.read_text().strip() == integrity and (target / "axe.min.js").is_file():
    print(f"[jena] axe-core {version}: already installed in {target.resolve()}.")
    sys.exit(0)
if local:
    data = Path(local).read_bytes()
else:
    print(f"[jena] Fetching axe-core {version} from {url}")
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            data = response.read()
    except OSError as error:
        sys.exit(f"[jena] Could not fetch axe-core from {url} ({error}); offline: set JENA_AXE_TARBALL to a copy of axe-core-{version}.tgz")
algorithm, _, expected = integrity.partition("-")
actual = base64.b64encode(hashlib.new(algorithm, data).digest()).decode()
if actual != expected:
    sys.exit(f"[jena] axe-core tarball has {algorithm}-{actual}, expected {integrity}: not installed.")
target.mkdir(parents=True, exist_ok=True)
with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
    for name in ("axe.min.js", "LICENSE"):
        member = archive.extractfile(f"package/{name}")
        (target / name).write_bytes(member.read())
stamp.write_text(integrity + "\n")
print(f"[jena] axe-core {version}: installed and verified in {target.resolve()}.")
PY
