#!/usr/bin/env bash
# Text screenshots of `codebook lsp` in a real editor, for the README's "Editor support":
# Neovim (Debian's, 0.7) in a tmux pane of 96×22, its built-in LSP client started on
# tests/fixtures/lsp/study.codebook; `tmux capture-pane` prints what the terminal shows.
# Usage: scripts/editor-screenshots.sh [path/to/codebook]   (default: target/debug/codebook)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(realpath "${1:-target/debug/codebook}")
work=$(mktemp -d)
trap 'tmux kill-session -t codebook-shot 2>/dev/null || true; rm -rf "$work"' EXIT
cp tests/fixtures/lsp/study.codebook "$work/"
cat > "$work/init.lua" <<LUA
vim.opt.number = true
vim.opt.swapfile = false
vim.api.nvim_create_autocmd({ "BufRead" }, {
  pattern = "*.codebook",
  callback = function(args)
    local id = vim.lsp.start_client({ name = "codebook", cmd = { "$bin", "lsp" }, root_dir = "$work" })
    vim.lsp.buf_attach_client(args.buf, id)
  end,
})
LUA
shot() { sleep "${2:-1.5}"; echo "--- $1"; tmux capture-pane -p -t codebook-shot | sed -e 's/[[:space:]]*$//'; }
tmux new-session -d -s codebook-shot -x 96 -y 22 -c "$work" "nvim --clean -u init.lua study.codebook"
sleep 1
tmux send-keys -t codebook-shot "34Gzz"
shot "a diagnostic, as you type (line 34: a misspelt concept)"
tmux send-keys -t codebook-shot "28G13|:lua vim.lsp.buf.hover()" Enter
shot "hover on a concept (line 28: \`supports: standups\`)"
