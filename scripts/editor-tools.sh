#!/usr/bin/env bash
# Installs the third-party programs tests/editors.rs runs, at pinned versions, into DIR:
#   scripts/editor-tools.sh [DIR]        (default: target/editor-tools)
# - DIR/tree-sitter/bin/tree-sitter: the tree-sitter CLI, built from source with `cargo install` (its
#   npm package downloads a prebuilt binary from outside the package registry at install time);
#   the version is TREE_SITTER_VERSION below.
# - DIR/node/node_modules: the JavaScript packages pinned in tests/editors/package.json
#   (@vscode/vsce, vscode-textmate, vscode-oniguruma).
# - DIR/vscode/node_modules: the VS Code extension's own dependencies (the language client),
#   as editors/vscode/package.json pins them, for the test that packages the extension.
# Nothing is installed twice: a pin that has not changed since the last run is skipped.
# Needs cargo, a C compiler (the tree-sitter CLI compiles the grammar's parser.c with it), node
# and npm; on Debian/Ubuntu: apt-get install gcc nodejs npm.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-target/editor-tools}
mkdir -p "$dir"
dir=$(realpath "$dir")
TREE_SITTER_VERSION=0.26.13

ts="$dir/tree-sitter/bin/tree-sitter"
if ! { [ -x "$ts" ] && "$ts" --version 2>/dev/null | grep -qF " $TREE_SITTER_VERSION"; }; then
  rm -rf "$dir/tree-sitter"
  # A build directory of its own: never cargo's target directory of a build (or test run) that
  # may hold its lock while this runs. Without default features the CLI runs grammar.js with
  # node rather than a JavaScript engine of its own, which saves compiling one.
  env -u CARGO_TARGET_DIR -u CARGO_BUILD_TARGET_DIR \
    cargo install --quiet --locked --no-default-features \
    --version "$TREE_SITTER_VERSION" --root "$dir/tree-sitter" \
    --target-dir "$dir/tree-sitter-build" tree-sitter-cli
  rm -rf "$dir/tree-sitter-build"
fi

pins=tests/editors/package.json
if ! cmp -s "$pins" "$dir/node/package.json" 2>/dev/null; then
  rm -rf "$dir/node"
  mkdir -p "$dir/node"
  cp "$pins" "$dir/node/package.json"
  (cd "$dir/node" && npm install --silent --no-audit --no-fund --no-package-lock >/dev/null)
fi

ext=editors/vscode/package.json
if ! cmp -s "$ext" "$dir/vscode/package.json" 2>/dev/null; then
  rm -rf "$dir/vscode"
  mkdir -p "$dir/vscode"
  cp "$ext" "$dir/vscode/package.json"
  (cd "$dir/vscode" && npm install --silent --omit=dev --no-audit --no-fund --no-package-lock >/dev/null)
fi
