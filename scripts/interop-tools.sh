#!/usr/bin/env bash
# Installs the third-party programs tests/interop.rs runs, at the versions pinned in
# tests/interop/ (requirements.txt for Python, package.json for JavaScript), into DIR:
#   scripts/interop-tools.sh [DIR]        (default: target/interop)
# DIR/venv is a Python virtual environment, DIR/node/node_modules the JavaScript packages.
# Nothing is installed twice: a pin file that has not changed since the last run is skipped.
# Needs python3 (with venv) and npm; on Debian/Ubuntu: apt-get install python3-venv npm.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-target/interop}
mkdir -p "$dir"
pins=tests/interop

if ! cmp -s "$pins/requirements.txt" "$dir/venv/requirements.txt" 2>/dev/null; then
  rm -rf "$dir/venv"
  python3 -m venv "$dir/venv"
  "$dir/venv/bin/pip" install --quiet --disable-pip-version-check -r "$pins/requirements.txt"
  cp "$pins/requirements.txt" "$dir/venv/requirements.txt"
fi

if ! cmp -s "$pins/package.json" "$dir/node/package.json" 2>/dev/null; then
  rm -rf "$dir/node"
  mkdir -p "$dir/node"
  cp "$pins/package.json" "$dir/node/package.json"
  (cd "$dir/node" && npm install --silent --no-audit --no-fund --no-package-lock >/dev/null)
fi
