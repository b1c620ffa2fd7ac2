#!/usr/bin/env bash
# Shapes that were quadratic (issue 20), each at k and 10·k items: instructions of
# `codebook check` (callgrind; the machine's load does not change them) and the ratio, which a
# linear shape keeps at about 10 (at most 11).
#   scripts/shapes.sh [BINARY] [K]
# BINARY defaults to target/release/codebook (cargo build --release), K to 2000.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-target/release/codebook}
k=${2:-2000}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

# One quote supporting n concepts.
supports() {
  local n=$1
  echo 'levels code "Codes" -> category "Categories"'
  echo 'structure s "S" {'
  echo '  category cat "C" {'
  for ((i = 0; i < n; i++)); do echo "    code c$i \"Code $i\""; done
  echo '  }'
  echo '}'
  printf 'quote "One quote, many codes." {\n  by: "someone", 2024\n  supports: c0'
  for ((i = 1; i < n; i++)); do printf ', c%d' "$i"; done
  printf '\n}\n'
}

# n phases of one month each, n quotes dated without `phase:`.
phases() {
  local n=$1
  phases_only "$n"
  for ((i = 0; i < n; i++)); do
    printf 'quote "Quote %d." {\n  by: "someone", 2024\n  date: %04d-%02d\n  supports: c0\n}\n' \
      "$i" $((1000 + i / 12)) $((1 + i % 12))
  done
}

# A matrix of n columns (n phases, one group), one row with a cell in every column.
matrix() {
  local n=$1
  phases_only "$n"
  echo 'actor a "Actor"'
  echo 'group g "Group" {'
  echo '  members: a'
  echo '}'
  echo 'quote "One quote." {'
  echo '  by: "someone", 2024'
  echo '  supports: c0'
  echo '}'
  echo 'matrix m "Matrix" {'
  echo '  columns {'
  for ((i = 0; i < n; i++)); do echo "    p$i: g"; done
  echo '  }'
  echo '  row cat {'
  for ((i = 0; i < n; i++)); do echo "    p$i g: \"Cell $i\""; done
  echo '  }'
  echo '}'
}

# The code and n phases, nothing else.
phases_only() {
  local n=$1
  echo 'levels code "Codes" -> category "Categories"'
  echo 'structure s "S" {'
  echo '  category cat "C" {'
  echo '    code c0 "Code"'
  echo '  }'
  echo '}'
  for ((i = 0; i < n; i++)); do
    printf 'phase p%d "Phase %d" %04d-%02d\n' "$i" "$i" $((1000 + i / 12)) $((1 + i % 12))
  done
}

count() {
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" check "$1" 2>&1 >/dev/null |
    sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}

echo "| shape | k | instructions | 10·k | instructions | ratio |"
echo "|---|---:|---:|---:|---:|---:|"
for shape in supports phases matrix; do
  "$shape" "$k" > "$dir/small.codebook"
  "$shape" $((10 * k)) > "$dir/large.codebook"
  a=$(count "$dir/small.codebook")
  b=$(count "$dir/large.codebook")
  echo "| $shape | $k | $a | $((10 * k)) | $b | $(awk "BEGIN { printf \"%.2f\", $b / $a }") |"
done
