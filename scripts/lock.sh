#!/usr/bin/env bash
# Re-resolve requirements/lock.txt (everything, for development and CI) and
# requirements/device.txt (the appliance) from pyproject.toml, every file pinned by sha256.
# Run after changing a dependency in pyproject.toml, then commit both files.
# pip-tools runs in a throwaway venv so the lock never depends on what .venv holds.
set -euo pipefail
cd "$(dirname "$0")/.."
tools="$(mktemp -d)"
trap 'rm -rf "$tools"' EXIT
python3 -m venv "$tools"
"$tools/bin/pip" install -q "pip-tools==7.6.2"
cd requirements
"$tools/bin/pip-compile" --quiet --generate-hashes --allow-unsafe --all-extras \
  --no-emit-index-url --no-emit-find-links --strip-extras ${UPGRADE:+--upgrade} \
  -o lock.txt ../pyproject.toml
# The appliance's own set (base + device extra), for the image's wheelhouse.
"$tools/bin/pip-compile" --quiet --generate-hashes --allow-unsafe --extra device \
  --no-emit-index-url --no-emit-find-links --strip-extras ${UPGRADE:+--upgrade} \
  -o device.txt ../pyproject.toml
echo "requirements/lock.txt and requirements/device.txt updated"
