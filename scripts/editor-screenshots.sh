#!/usr/bin/env bash
# The README's "Editor support" screenshots, taken from a real editor: Neovim (Debian's, 0.7)
# in a tmux pane of 100×24, with its built-in LSP client running `codebook lsp` and its
# tree-sitter highlighter running the grammar of editors/tree-sitter-codebook (its parser.c
# compiled with cc, its queries/highlights.scm), on a copy of schemas/tutorial.codebook.
# `tmux capture-pane -e` prints what the terminal shows, colours included; scripts/ansi-to-png.py
# draws it as a PNG into docs/images/. The plain text of each capture goes to stdout.
#
# Usage: scripts/editor-screenshots.sh [path/to/codebook]   (default: target/debug/codebook)
# Needs tmux, nvim, cc, python3 with venv, and the DejaVu fonts (Debian: apt-get install tmux
# neovim gcc python3-venv fonts-dejavu-core); Pillow is installed, pinned, into
# target/screenshots-venv.
set -euo pipefail
cd "$(dirname "$0")/.."
here=$(pwd)
bin=$(realpath "${1:-target/debug/codebook}")
venv=target/screenshots-venv
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import PIL' 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check pillow==12.0.0
fi
work=$(mktemp -d)
session=codebook-shot-$$
trap 'tmux kill-session -t "$session" 2>/dev/null || true; rm -rf "$work"' EXIT

grammar=editors/tree-sitter-codebook
mkdir -p "$work/parser" "$work/runtime/queries/codebook"
cc -shared -fPIC -O2 -I "$grammar/src" "$grammar/src/parser.c" -o "$work/parser/codebook.so"
cp "$grammar/queries/highlights.scm" "$work/runtime/queries/codebook/"
cp schemas/tutorial.codebook "$work/"
cat > "$work/init.lua" <<LUA
vim.opt.number = true
vim.opt.swapfile = false
vim.opt.signcolumn = "yes"
vim.opt.runtimepath:append("$work/runtime")
vim.opt.wrap = false
vim.cmd("colorscheme desert")
vim.cmd("highlight SignColumn ctermbg=NONE")
vim.cmd("highlight NormalFloat ctermbg=238 ctermfg=255")
-- Neovim 0.7's API (Debian 12): a parser library loaded by path, the highlighter started by hand.
vim.treesitter.require_language("codebook", "$work/parser/codebook.so")
vim.api.nvim_create_autocmd({ "BufRead" }, {
  pattern = "*.codebook",
  callback = function(args)
    vim.treesitter.highlighter.new(vim.treesitter.get_parser(args.buf, "codebook"))
    local id = vim.lsp.start_client({ name = "codebook", cmd = { "$bin", "lsp" }, root_dir = "$work" })
    vim.lsp.buf_attach_client(args.buf, id)
  end,
})
LUA

# shot NAME CAPTION: waits for the editor, then captures the pane as text and as a PNG.
shot() {
  sleep 2
  tmux capture-pane -e -p -t "$session" > "$work/$1.ansi"
  echo "--- $2 (docs/images/$1.png)"
  tmux capture-pane -p -t "$session" | sed -e 's/[[:space:]]*$//'
  "$venv/bin/python" scripts/ansi-to-png.py "$work/$1.ansi" "$here/docs/images/$1.png" 100
}

mkdir -p docs/images
tmux new-session -d -s "$session" -x 100 -y 24 -c "$work" \
  "TERM=tmux-256color nvim --clean -u init.lua tutorial.codebook"
sleep 2
shot neovim-highlighting "the top of the file, coloured by the tree-sitter grammar"
# Line 62 holds `supports: quick_calls`: delete one `l`, as a slip of the keyboard would.
tmux send-keys -t "$session" "62Gzz" "\$hhx"
shot neovim-diagnostic "a misspelt concept, as you type: the diagnostic and its did-you-mean"
# Undo it, and hover on the concept the quote on line 81 supports.
tmux send-keys -t "$session" "u" "81Gzz^W" ":lua vim.lsp.buf.hover()" Enter
shot neovim-hover "hover on a concept a quote supports"
