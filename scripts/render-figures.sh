#!/bin/sh
# Regenerate the figures shown in README.md and docs/figures.md (docs/figures/*.png):
# each is built as a standalone TikZ document, compiled with pdflatex and rasterised with
# pdftoppm at 110 dpi. Needs pdflatex (texlive-latex-base, texlive-latex-recommended,
# texlive-fonts-recommended, texlive-pictures) and pdftoppm (poppler-utils).
set -eu
cd "$(dirname "$0")/.."
cargo build --quiet
bin="$PWD/target/debug/codebook"
out="$PWD/docs/figures"
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# render NAME CODEBOOK [build options...]
render() {
    name=$1
    file=$2
    shift 2
    "$bin" build "$file" --to tikz --standalone "$@" -o "$tmp/$name.tex"
    (cd "$tmp" && pdflatex -no-shell-escape -halt-on-error -interaction=nonstopmode "$name.tex" >"$name.out") ||
        { cat "$tmp/$name.out" >&2; exit 1; }
    pdftoppm -png -r 110 -singlefile "$tmp/$name.pdf" "$out/$name"
    echo "docs/figures/$name.png"
}

study=schemas/schmidt-2025-strategizing.codebook
render structure-modes "$study" --figure structure --structure modes --counts
render structure-practices "$study" --figure structure --structure practices --counts
render timeline "$study" --figure timeline
render structure-four-level schemas/four-level.codebook --figure structure
