#!/usr/bin/env bash
# Shapes that were quadratic (issue 20), each at k and 10·k items: instructions (callgrind; the
# machine's load does not change them) of a subcommand on a generated file, and the ratio, which
# a linear shape keeps at about 10 (at most 11).
#   scripts/shapes.sh [BINARY] [K] [NAME...]
# BINARY defaults to target/release/codebook (cargo build --release). K, when given and not
# `-`, is every shape's k; otherwise each shape has its own (the table below). NAMEs pick shapes
# by name (all when none); `scripts/shapes.sh target/release/codebook - tikz-one-category`
# runs one. The three `check` shapes are step 4's; the others step 12's and 17's
# (docs/performance.md).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-target/release/codebook}
k_all=${2:--}
shift $(($# < 2 ? $# : 2))
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

# The start of a structure of one category, up to its codes.
one_category() {
  echo 'levels code "Codes" -> category "Categories"'
  echo 'structure s "S" {'
  echo '  category cat "C" {'
}

# The end of that structure.
end_category() {
  echo '  }'
  echo '}'
}

# One quote supporting n concepts.
supports() {
  local n=$1
  one_category
  for ((i = 0; i < n; i++)); do echo "    code c$i \"Code $i\""; done
  end_category
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
  one_category
  echo '    code c0 "Code"'
  end_category
  for ((i = 0; i < n; i++)); do
    printf 'phase p%d "Phase %d" %04d-%02d\n' "$i" "$i" $((1000 + i / 12)) $((1 + i % 12))
  done
}

# n categories of one code each.
categories() {
  local n=$1
  echo 'levels code "Codes" -> category "Categories"'
  echo 'structure s "S" {'
  for ((i = 0; i < n; i++)); do printf '  category k%d "Category %d" {\n    code c%d "Code %d"\n  }\n' "$i" "$i" "$i" "$i"; done
  echo '}'
}

# n codes, three to a subtheme, three subthemes to a theme, three themes to a dimension.
deep() {
  local n=$1
  echo 'levels code "Codes" -> subtheme "Subthemes" -> theme "Themes" -> dimension "Dimensions"'
  echo 'structure s "S" {'
  for ((i = 0; i < n; i++)); do
    ((i % 27 == 0)) && printf '  dimension d%d "Dimension %d" {\n' $((i / 27)) $((i / 27))
    ((i % 9 == 0)) && printf '    theme t%d "Theme %d" {\n' $((i / 9)) $((i / 9))
    ((i % 3 == 0)) && printf '      subtheme u%d "Subtheme %d" {\n' $((i / 3)) $((i / 3))
    printf '        code c%d "Code %d"\n' "$i" "$i"
    ((i % 3 == 2 || i == n - 1)) && echo '      }'
    ((i % 9 == 8 || i == n - 1)) && echo '    }'
    ((i % 27 == 26 || i == n - 1)) && echo '  }'
  done
  echo '}'
}

# One category of n codes whose labels are forty words long.
long_labels() {
  local n=$1 words
  words=$(printf 'word%d ' {1..40})
  one_category
  for ((i = 0; i < n; i++)); do echo "    code c$i \"Code $i $words\""; done
  end_category
}

# One category of n codes, each of its own colour.
colours() {
  local n=$1
  one_category
  for ((i = 0; i < n; i++)); do printf '    code c%d "Code %d" {\n      colour: "#%06X"\n    }\n' "$i" "$i" $((i * 97))
  done
  end_category
}

# n actors in one group, n quotes each by its own actor.
group() {
  local n=$1
  phases_only 0
  for ((i = 0; i < n; i++)); do echo "actor a$i \"Actor $i\""; done
  echo 'group g "Group" {'
  printf '  members: a0'
  for ((i = 1; i < n; i++)); do printf ', a%d' "$i"; done
  printf '\n}\n'
  for ((i = 0; i < n; i++)); do
    printf 'quote "Quote %d." {\n  by: "someone", 2024\n  actor: a%d\n  supports: c0\n}\n' "$i" "$i"
  done
}

# Ten codes, n quotes each supporting all ten (for --counts).
quotes() {
  local n=$1
  one_category
  for ((i = 0; i < 10; i++)); do echo "    code c$i \"Code $i\""; done
  end_category
  for ((i = 0; i < n; i++)); do
    printf 'quote "Quote %d." {\n  by: "someone", 2024\n  supports: c0, c1, c2, c3, c4, c5, c6, c7, c8, c9\n}\n' "$i"
  done
}

# n structures of one category of three codes.
structures() {
  local n=$1
  echo 'levels code "Codes" -> category "Categories"'
  for ((i = 0; i < n; i++)); do
    printf 'structure s%d "Structure %d" {\n  category k%d "Category %d" {\n' "$i" "$i" "$i" "$i"
    for ((j = 0; j < 3; j++)); do printf '    code c%d_%d "Code %d %d"\n' "$i" "$j" "$i" "$j"; done
    printf '  }\n}\n'
  done
}

# n phases of a month each, labels too long for their boxes: set outside, they overlap.
overlapping_phases() {
  local n=$1
  phases_only 0
  for ((i = 0; i < n; i++)); do
    printf 'phase p%d "A phase with a long label %d" %04d-%02d\n' "$i" "$i" $((1000 + i / 12)) $((1 + i % 12))
  done
}

# n turning points on one day.
turning_points() {
  local n=$1
  phases_only 0
  echo 'phase p "Phase" 2024-01 .. 2024-12'
  for ((i = 0; i < n; i++)); do printf 'turning point t%d "Turning point %d" 2024-03-01\n' "$i" "$i"; done
}

# One phase, n quotes dated within it.
dated_quotes() {
  local n=$1
  phases_only 0
  echo 'phase p "Phase" 2024-01 .. 2024-12'
  for ((i = 0; i < n; i++)); do
    printf 'quote "Quote %d." {\n  by: "someone", 2024\n  date: 2024-%02d-%02d\n  supports: c0\n}\n' "$i" $((1 + i % 12)) $((1 + i % 28))
  done
}

# ARGS with `{}` replaced by $1 and `{p}` by $2, into the array `args`.
subst() {
  local file=$1 prepared=$2 a
  shift 2
  args=()
  for a in "$@"; do
    a=${a//"{p}"/$prepared}
    args+=("${a//"{}"/$file}")
  done
}

# Instructions of `BINARY ARGS...` (whatever its exit status: `fmt --check` of an unformatted
# file fails); for `lsp-session FILE`, of `BINARY lsp` serving scripts/lsp-session.py's session
# on FILE (open, one edit, hover, completion, rename).
count() {
  local run
  if [ "$1" = lsp-session ]; then
    run=(python3 scripts/lsp-session.py "$2" valgrind --tool=callgrind
      --callgrind-out-file=/dev/null "$bin" lsp)
  else
    run=(valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" "$@")
  fi
  { "${run[@]}" 2>&1 >/dev/null || true; } | sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}

# name | generator | k | command: `{}` is the generated file; a command before ` ; ` writes a
# file (its name begins with `{p}`) that the command after reads, and is not counted.
shapes=(
  "check-supports|supports|2000|check {}"
  "check-phases|phases|2000|check {}"
  "check-matrix|matrix|2000|check {}"
  "tikz-one-category|supports|300|build {} --to tikz"
  "svg-one-category|supports|300|build {} --to svg"
  "tikz-categories|categories|300|build {} --to tikz"
  "svg-categories|categories|300|build {} --to svg"
  "tikz-deep|deep|300|build {} --to tikz"
  "tikz-long-labels|long_labels|300|build {} --to tikz"
  "tikz-colours|colours|300|build {} --to tikz"
  "tikz-counts|quotes|300|build {} --to tikz --counts"
  "svg-counts|quotes|300|build {} --to svg --counts"
  "tikz-structures|structures|300|build {} --to tikz"
  "svg-structures|structures|300|build {} --to svg"
  "timeline-tikz-phases|overlapping_phases|300|build {} --to tikz --figure timeline"
  "timeline-svg-phases|overlapping_phases|300|build {} --to svg --figure timeline"
  "timeline-turning-points|turning_points|300|build {} --to svg --figure timeline"
  "timeline-dated-quotes|dated_quotes|300|build {} --to svg --figure timeline"
  "latex-codebook|deep|300|build {} --to latex --table codebook"
  "latex-codebook-quotes|dated_quotes|300|build {} --to latex --table codebook"
  "latex-matrix|matrix|300|build {} --to latex --table m"
  "latex-one-category|supports|300|build {} --to latex"
  "markdown-deep|deep|300|build {} --to markdown"
  "markdown-quotes|dated_quotes|300|build {} --to markdown"
  "stats-json-deep|deep|300|stats {} --format json"
  "stats-json-quotes|quotes|300|stats {} --format json"
  "fmt-deep|deep|300|fmt --check {}"
  "fmt-long-labels|long_labels|300|fmt --check {}"
  "refi-qdpx-quotes|dated_quotes|300|build {} --to refi-qdpx -o {p}.qdpx"
  "refi-qdpx-group|group|300|build {} --to refi-qdpx -o {p}.qdpx"
  "refi-qdc-deep|deep|300|build {} --to refi-qdc"
  "import-qdpx-quotes|dated_quotes|300|build {} --to refi-qdpx -o {p}.qdpx ; import {p}.qdpx"
  "lsp-edit-quotes|dated_quotes|1000|lsp-session {}"
  "import-qdc-deep|deep|300|build {} --to refi-qdc -o {p}.qdc ; import {p}.qdc"
)

echo "| shape | command | k | instructions | 10·k | instructions | ratio |"
echo "|---|---|---:|---:|---:|---:|---:|"
for row in "${shapes[@]}"; do
  IFS='|' read -r name shape k command <<<"$row"
  if [ $# -gt 0 ] && [[ " $* " != *" $name "* ]]; then continue; fi
  [ "$k_all" = - ] || k=$k_all
  counts=()
  for n in "$k" $((10 * k)); do
    "$shape" "$n" >"$dir/shape.codebook"
    file=$dir/shape.codebook
    if [[ $command == *" ; "* ]]; then
      read -ra words <<<"${command%% ; *}"
      subst "$file" "$dir/prepared" "${words[@]}"
      "$bin" "${args[@]}" >/dev/null 2>&1
    fi
    read -ra words <<<"${command#* ; }"
    subst "$file" "$dir/prepared" "${words[@]}"
    counts+=("$(count "${args[@]}")")
  done
  a=${counts[0]}
  b=${counts[1]}
  echo "| $name | \`${command#* ; }\` | $k | $a | $((10 * k)) | $b | $(awk "BEGIN { printf \"%.2f\", $b / $a }") |"
done
