#!/usr/bin/env bash
# Import at scale, as whole processes: a flat .qdc of 40,000 codes, and the tool's own .qdpx of a
# generated study of 10,000 quotes. Run from the repository: scripts/bench-import.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet --example generate
cargo build --release --quiet
bin=target/release/codebook
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
python3 - "$dir/flat40k.qdc" <<'PY'
import sys, uuid
codes = "".join(f'<Code guid="{uuid.UUID(int=i + 1)}" name="Code {i}" isCodable="true"/>\n' for i in range(40000))
open(sys.argv[1], "w").write('<?xml version="1.0" encoding="utf-8"?>\n<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="bench">\n<Codes>\n' + codes + "</Codes>\n</CodeBook>\n")
PY
target/release/examples/generate --quotes 10000 --seed 1 > "$dir/big.codebook"
"$bin" build "$dir/big.codebook" --to refi-qdpx -o "$dir/big.qdpx"
for f in "$dir/flat40k.qdc" "$dir/big.qdpx"; do
  /usr/bin/time -f "$(basename "$f"): %e s, %M KB peak" "$bin" import "$f" -o "$dir/out.codebook"
done
