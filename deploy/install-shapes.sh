#!/usr/bin/env bash
# Installs the official DCAT-AP.de validation files (third-party data, not in the repository)
# into .venv/share/jena/dcat-ap-de, each checked against ckanext-jena/jena_shapes/MANIFEST.tsv.
# Sources, first match wins: JENA_SHAPES_DIR; ../shared/dcat-ap-de beside the checkout (our
# development machines and CI); the public origins at the pinned commits. Called by install.sh
# and by `make install` whenever the folder is missing or incomplete; safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."
exec .venv/bin/jena-shapes install --local-source ../shared/dcat-ap-de "$@"
