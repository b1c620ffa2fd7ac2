#!/usr/bin/env bash
# `codebook import` on large REFI-QDA files (issue 15, point 3): wall time and peak memory of
# the release binary on files generated here, which are deterministic.
#
#   scripts/import-bench.sh [BINARY] [DIR]
#
# BINARY defaults to target/release/codebook (build it first: cargo build --release); DIR, where
# the files are made, to a fresh temporary directory. The files:
#   flat.qdc      40,000 codes side by side
#   same.qdc      40,000 codes side by side, all of one name (identifiers trust_2 ... trust_40000)
#   nested.qdc    100,000 codes, each inside the one before (refused: deeper than 64)
#   big.qdpx      10,000 concepts and 10,000 quotes, made by `codebook build --to refi-qdpx`
#                 from big.codebook (written here)
#   covering.qdpx one text of 1 MiB and 300 coded selections that each cover all of it
#                 (refused: the codebook would pass 256 MiB)
# Each import is run once; exit 1 (refused) is expected where noted.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-target/release/codebook}
dir=${2:-$(mktemp -d)}
mkdir -p "$dir"
[ -x "$bin" ] || { echo "no $bin: cargo build --release" >&2; exit 2; }


awk 'BEGIN {
  print "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
  print "<CodeBook xmlns=\"urn:QDA-XML:codebook:1.0\"><Codes>"
  for (i = 1; i <= 40000; i++)
    printf "<Code guid=\"%08X-0000-4000-8000-%012X\" name=\"Code %d\" isCodable=\"true\"/>\n", i, i, i
  print "</Codes></CodeBook>"
}' > "$dir/flat.qdc"

awk 'BEGIN {
  print "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
  print "<CodeBook xmlns=\"urn:QDA-XML:codebook:1.0\"><Codes>"
  for (i = 1; i <= 40000; i++)
    printf "<Code guid=\"%08X-0000-4000-8000-%012X\" name=\"Trust\" isCodable=\"true\"/>\n", i, i
  print "</Codes></CodeBook>"
}' > "$dir/same.qdc"

awk 'BEGIN {
  print "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
  print "<CodeBook xmlns=\"urn:QDA-XML:codebook:1.0\"><Codes>"
  for (i = 1; i <= 100000; i++)
    printf "<Code guid=\"%08X-0000-4000-8000-%012X\" name=\"C%d\" isCodable=\"true\">\n", i, i, i
  for (i = 1; i <= 100000; i++) print "</Code>"
  print "</Codes></CodeBook>"
}' > "$dir/nested.qdc"

# 100 dimensions of 10 themes of 10 concepts; one quote per concept.
awk 'BEGIN {
  print "interview people \"people\" {\n  role: \"person\"\n  date: 2020\n}\n"
  print "structure big \"Big\" {"
  for (d = 0; d < 100; d++) {
    printf "  dimension d%d \"Dimension %d\" {\n", d, d
    for (t = 0; t < 10; t++) {
      printf "    theme d%dt%d \"Theme %d.%d\" {\n", d, t, d, t
      for (c = 0; c < 10; c++) printf "      concept c%d_%d_%d \"Concept %d.%d.%d\"\n", d, t, c, d, t, c
      print "    }"
    }
    print "  }"
  }
  print "}"
  for (d = 0; d < 100; d++) for (t = 0; t < 10; t++) for (c = 0; c < 10; c++)
    printf "\nquote \"We met for the %d. time in round %d and talked about item %d of the plan.\" {\n  source: people\n  supports: c%d_%d_%d\n}\n", c, t, d, d, t, c
}' > "$dir/big.codebook"
"$bin" build "$dir/big.codebook" --to refi-qdpx -o "$dir/big.qdpx"

# A text of 1 MiB (which deflates to a few KiB) and 300 selections of all of it.
python3 - "$dir/covering.qdpx" <<'EOF'
import sys, zipfile
n, size = 300, 1024 * 1024
code = "1A2B3C4D-5E6F-4A1B-8C2D-3E4F5A6B7C8D"
sels = "".join(
    f'<PlainTextSelection guid="00000000-0000-4000-8000-{i:012X}" startPosition="0" '
    f'endPosition="{size}"><Coding guid="00000000-0000-4000-9000-{i:012X}">'
    f'<CodeRef targetGUID="{code}"/></Coding></PlainTextSelection>\n'
    for i in range(n))
project = f'''<?xml version="1.0" encoding="UTF-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="p">
<CodeBook><Codes><Code guid="{code}" name="Trust" isCodable="true"/></Codes></CodeBook>
<Sources><TextSource guid="6F7A8B9C-ADBE-4F6A-9B7C-8D9E0F1A2B3C" name="T" plainTextPath="internal://a.txt">
{sels}</TextSource></Sources></Project>
'''
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("project.qde", project)
    z.writestr("Sources/a.txt", "x" * size)
EOF

printf '| file | size | exit | wall | peak RSS |\n|---|---:|---:|---:|---:|\n'
for f in flat.qdc same.qdc nested.qdc big.qdpx covering.qdpx; do
  set +e
  /usr/bin/time -f '%e %M' -o "$dir/time" "$bin" import "$dir/$f" -o "$dir/$f.codebook" 2>"$dir/$f.err"
  code=$?
  set -e
  read -r wall rss < <(tail -n 1 "$dir/time")
  printf '| %s | %s | %s | %s s | %s MiB |\n' "$f" "$(du -h "$dir/$f" | cut -f1)" "$code" "$wall" "$((rss / 1024))"
done
echo "files in $dir"
