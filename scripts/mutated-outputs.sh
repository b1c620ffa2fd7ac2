#!/usr/bin/env bash
# Outputs of a binary on randomly mutated codebooks, into one directory: run it with the binary
# before and after a change that must not change any output, then `diff -r BEFORE AFTER`.
#   scripts/mutated-outputs.sh BINARY OUTDIR [PER_FILE] [SEED] [EXTRA.codebook ...]
# Every .codebook under tests/, fuzz/ and schemas/ (and each EXTRA file) is mutated PER_FILE
# times (default 8), with a fixed SEED (default 1), so the same mutants are written each run:
# quote marks (`"`, `"""`, typographic), braces, `#`, line breaks (`\n`, `\r\n`, `\r`), byte
# order marks, `levels` and `map` lines inserted, text deleted and duplicated. The mutants go
# to target/mutated/ (same paths each run, so messages that name the file compare); for each,
# OUTDIR gets the output and exit status of `check`, `check --error-format json`,
# `fmt --check` and `build --to json`.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(realpath "$1")
out=$(realpath -m "$2")
per=${3:-8}
seed=${4:-1}
shift $(($# < 4 ? $# : 4))
src=target/mutated
rm -rf "$src"
mkdir -p "$src" "$out"
python3 - "$src" "$per" "$seed" "$@" <<'EOF'
import os, random, sys
src, per, seed, extra = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4:]
files = sorted(
    os.path.join(d, f)
    for top in ("tests", "fuzz", "schemas")
    for d, _, fs in os.walk(top)
    for f in fs
    if f.endswith(".codebook")
) + extra
rng = random.Random(seed)
inserts = ['"', '"""', "\u201c", "\u201d", "{", "}", "{\n", "}\n", "#", " # note ", "\n", "\r\n",
           "\r", "\ufeff", ",", ":", "->", " ", "\t"]
lines = ['levels concept "Concepts" -> theme "Themes"\n', "levels a -> b\n", "map a -> b\n",
         "map x\n", "levels\n", 'levels c "C" ->\n  t "T"\n']
for n, path in enumerate(files):
    with open(path, encoding="utf-8", errors="replace", newline="") as f:
        text = f.read()
    for k in range(per):
        t = text
        for _ in range(rng.randint(1, 3)):
            at = rng.randint(0, len(t))
            kind = rng.randrange(5)
            if kind == 0 or not t:
                t = t[:at] + rng.choice(inserts) + t[at:]
            elif kind == 1:
                # a `levels`/`map` line at the start of a line
                at = t.rfind("\n", 0, at) + 1
                t = t[:at] + rng.choice(lines) + t[at:]
            elif kind == 2:
                t = t[:at] + t[at + rng.randint(1, 40):]
            elif kind == 3:
                end = min(len(t), at + rng.randint(1, 200))
                t = t[:end] + t[at:end] + t[end:]
            else:
                t = t[:at] + rng.choice(inserts) * rng.randint(1, 3) + t[at:]
        name = f"{n:03}-{k}-" + os.path.basename(path)
        with open(os.path.join(src, name), "w", encoding="utf-8", newline="") as f:
            f.write(t)
EOF
cd "$src"
for f in *.codebook; do
  s=${f%.codebook}
  { "$bin" check "$f" 2>&1; echo "exit $?"; } > "$out/$s.check" || true
  { "$bin" check --error-format json "$f" 2>&1; echo "exit $?"; } > "$out/$s.check.json" || true
  { "$bin" fmt --check "$f" 2>&1; echo "exit $?"; } > "$out/$s.fmt" || true
  { "$bin" build "$f" --to json 2>&1; echo "exit $?"; } > "$out/$s.build.json" || true
done
echo "$(ls | wc -l) mutants, $(ls "$out" | wc -l) files in $out"
