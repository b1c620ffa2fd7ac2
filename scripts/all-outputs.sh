#!/usr/bin/env bash
# Every output of every shipped schema, into one directory: run it before and after a change
# that must not change output, then `diff -r BEFORE AFTER`.
#   scripts/all-outputs.sh [BINARY] OUTDIR
# BINARY defaults to target/release/codebook (build it first: cargo build --release).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -eq 2 ]; then bin=$1; out=$2; else bin=target/release/codebook; out=$1; fi
mkdir -p "$out"
for f in schemas/*.codebook; do
  s=$(basename "$f" .codebook)
  "$bin" build "$f" --to json -o "$out/$s.json"
  "$bin" build "$f" --to latex -o "$out/$s.tex"
  "$bin" build "$f" --to latex --standalone -o "$out/$s.standalone.tex"
  "$bin" build "$f" --to markdown -o "$out/$s.md"
  "$bin" build "$f" --to refi-qdc -o "$out/$s.qdc"
  "$bin" build "$f" --to refi-qdpx -o "$out/$s.qdpx"
  "$bin" build "$f" --to svg --figure structure -o "$out/$s.structure.svg" || true
  "$bin" build "$f" --to svg --figure timeline -o "$out/$s.timeline.svg" 2>/dev/null || true
  "$bin" build "$f" --to tikz --figure structure --standalone -o "$out/$s.structure.tikz.tex" || true
  "$bin" stats "$f" > "$out/$s.stats.txt"
  "$bin" stats "$f" --format json > "$out/$s.stats.json" 2>/dev/null || true
  "$bin" fmt --diff "$f" > "$out/$s.fmt.diff" || true
  "$bin" check "$f" > "$out/$s.check.txt" 2>&1 || true
done
echo "$(ls "$out" | wc -l) files in $out"
