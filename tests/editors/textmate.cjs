// Tokenises files with the VS Code extension's TextMate grammar, as VS Code does (vscode-textmate
// with the Oniguruma regular expressions of vscode-oniguruma), for tests/editors.rs:
//   node textmate.cjs GRAMMAR FILE...
// Prints one JSON object: for each file, its tokens as [line, start byte, end byte, scope]
// (the innermost scope; lines counted from 0, bytes of UTF-8 from the start of the line).
// A regular expression Oniguruma cannot compile, or any other error, exits non-zero.
'use strict';

const fs = require('fs');
const vsctm = require('vscode-textmate');
const oniguruma = require('vscode-oniguruma');

async function main() {
  const [grammarPath, ...files] = process.argv.slice(2);
  const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
      createOnigString: (s) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scope) => scope === 'source.codebook'
      ? vsctm.parseRawGrammar(fs.readFileSync(grammarPath, 'utf8'), grammarPath)
      : null,
  });
  const grammar = await registry.loadGrammar('source.codebook');
  if (!grammar) throw new Error('the grammar did not load');
  const out = {};
  for (const file of files) {
    // Lines as the codebook grammar ends them: \n, \r\n or \r.
    const lines = fs.readFileSync(file, 'utf8').split(/\r\n|\r|\n/);
    let stack = vsctm.INITIAL;
    const tokens = [];
    lines.forEach((line, i) => {
      const r = grammar.tokenizeLine(line, stack);
      for (const t of r.tokens) {
        const start = Buffer.byteLength(line.slice(0, t.startIndex), 'utf8');
        const end = Buffer.byteLength(line.slice(0, Math.min(t.endIndex, line.length)), 'utf8');
        if (end > start) tokens.push([i, start, end, t.scopes[t.scopes.length - 1]]);
      }
      stack = r.ruleStack;
    });
    out[file] = tokens;
  }
  process.stdout.write(JSON.stringify(out));
}

main().catch((e) => {
  console.error(e && e.stack ? e.stack : String(e));
  process.exit(1);
});
