-- Neovim loads the tree-sitter grammar (its parser.c compiled by tests/editors.rs) and its
-- highlight query, as the README's setup does, and reports what it parsed and captured in one
-- file as JSON. Written for Neovim 0.7 (Debian 12) and later.
local parser_path = os.getenv("CODEBOOK_PARSER")
local file = os.getenv("CODEBOOK_FILE")
local out = os.getenv("CODEBOOK_OUT")
local result = {}

local function run()
  vim.cmd("edit " .. vim.fn.fnameescape(file))
  local buf = vim.api.nvim_get_current_buf()
  vim.treesitter.require_language("codebook", parser_path)
  local parser = vim.treesitter.get_parser(buf, "codebook")
  local root = parser:parse()[1]:root()
  result.root = root:type()
  result.has_error = root:has_error()
  local query = vim.treesitter.get_query("codebook", "highlights")
  result.captures = {}
  for id, node in query:iter_captures(root, buf, 0, -1) do
    local row, col = node:range()
    table.insert(result.captures, { query.captures[id], row, col })
  end
  -- The highlighter starts on the buffer, as it does for an editor's user.
  vim.treesitter.highlighter.new(parser)
  result.highlighting = vim.treesitter.highlighter.active[buf] ~= nil
end

-- This script's folder, to find the helper beside the tests.
local here = vim.fn.fnamemodify(debug.getinfo(1, "S").source:sub(2), ":p:h")
dofile(here .. "/../common/nvim_result.lua")(run, result, out)
