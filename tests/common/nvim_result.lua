-- For the Lua scripts the tests run in Neovim (tests/lsp_nvim.lua,
-- tests/editors/nvim_treesitter.lua): runs `run`, adds to `result` whether it went through and
-- the error it raised, writes `result` as JSON to the file `out` and quits Neovim.
return function(run, result, out)
  local ok, err = pcall(run)
  result.ok = ok
  result.error = err and tostring(err) or nil
  local f = assert(io.open(out, "w"))
  f:write(vim.fn.json_encode(result))
  f:close()
  vim.cmd("qall!")
end
