#!/usr/bin/env bash
# Seed every fuzz target's corpus with the shipped codebooks (see docs/fuzzing.md).
set -euo pipefail
cd "$(dirname "$0")"
targets=(parse check fmt json latex markdown refi svg tikz latex_escape)
for t in "${targets[@]}"; do
  mkdir -p "corpus/$t"
  # The inputs earlier runs stopped on (`fuzz_hangs/*.hang`) are seeds too: they reach the
  # parser's recovery.
  for f in ../schemas/*.codebook ../tests/fixtures/*/*.codebook ../tests/fixtures/*/*/*.codebook \
    ../tests/fixtures/fuzz_hangs/*.hang; do
    [ -f "$f" ] || continue
    # Inputs over 32 KiB (a few hostile fixtures) would raise libFuzzer's -max_len for all.
    [ "$(stat -c %s "$f")" -le 32768 ] || continue
    name="$(echo "$f" | sed 's|^\.\./||; s|/|_|g')"
    if [ "$t" = latex_escape ]; then
      # The escaper's first byte is a flag; the rest is text.
      printf '\001' | cat - "$f" > "corpus/$t/$name"
    else
      cp "$f" "corpus/$t/$name"
    fi
  done
done
mkdir -p corpus/import
for f in ../tests/fixtures/refi/*; do
  [ -f "$f" ] && cp "$f" "corpus/import/$(basename "$f")"
done
echo "seeded: $(ls corpus | wc -l) corpora"
