-- Neovim's own LSP client drives `codebook lsp` (run by tests/lsp_nvim.rs, which reads the
-- JSON this writes): the diagnostics Neovim shows, where its go-to-definition lands, and the
-- buffer after a rename that Neovim applied. Written for Neovim 0.7 (Debian 12) and later.
local bin = os.getenv("CODEBOOK_BIN")
local file = os.getenv("CODEBOOK_FILE")
local out = os.getenv("CODEBOOK_OUT")
local result = { steps = {} }

local function step(name)
  table.insert(result.steps, name)
end

local function run()
  vim.cmd("edit " .. vim.fn.fnameescape(file))
  local buf = vim.api.nvim_get_current_buf()
  local client_id = vim.lsp.start_client({
    name = "codebook",
    cmd = { bin, "lsp" },
    root_dir = vim.fn.fnamemodify(file, ":h"),
  })
  assert(client_id, "the client did not start")
  vim.lsp.buf_attach_client(buf, client_id)
  step("attached")

  -- Diagnostics, as Neovim holds them.
  assert(vim.wait(20000, function() return #vim.diagnostic.get(buf) > 0 end, 20), "no diagnostics")
  result.diagnostics = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    local lsp = d.user_data and d.user_data.lsp or {}
    table.insert(result.diagnostics, {
      lnum = d.lnum, col = d.col, end_col = d.end_col, severity = d.severity,
      message = d.message, code = d.code or lsp.code,
    })
  end
  step("diagnostics")

  -- Go to definition from a reference after non-ASCII text on its line.
  local line = vim.fn.search("participants:", "n")
  local text = vim.fn.getline(line)
  local col = string.find(text, "team", 1, true) - 1
  vim.api.nvim_win_set_cursor(0, { line, col + 1 })
  result.definition_from = { line, col + 1 }
  vim.lsp.buf.definition()
  assert(vim.wait(20000, function() return vim.api.nvim_win_get_cursor(0)[1] ~= line end, 20),
    "go to definition did not move the cursor")
  result.definition = vim.api.nvim_win_get_cursor(0)
  step("definition")

  -- Rename the phase from its declaration; Neovim asks prepareRename, then applies the edit.
  local decl = vim.fn.search("^phase anfang", "n")
  vim.api.nvim_win_set_cursor(0, { decl, 7 })
  vim.lsp.buf.rename("beginn")
  assert(vim.wait(20000, function()
    return vim.fn.getline(decl):find("beginn", 1, true) ~= nil
  end, 20), "the rename was not applied")
  result.lines = vim.api.nvim_buf_get_lines(buf, 0, -1, false)
  step("rename")
end

-- This script's folder, to find the helper beside the tests.
local here = vim.fn.fnamemodify(debug.getinfo(1, "S").source:sub(2), ":p:h")
dofile(here .. "/common/nvim_result.lua")(run, result, out)
