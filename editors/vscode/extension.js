// The Codebook extension: starts `codebook lsp` (the language server of the `codebook`
// command) for every `.codebook` file, through Microsoft's language client. Syntax colours
// come from the TextMate grammar (syntaxes/codebook.tmLanguage.json) and, where the theme
// uses them, from the server's semantic tokens.
'use strict';

const vscode = require('vscode');
const { LanguageClient } = require('vscode-languageclient/node');

/** @type {LanguageClient | undefined} */
let client;

function activate() {
  const command = vscode.workspace.getConfiguration('codebook').get('server.path') || 'codebook';
  const server = { command, args: ['lsp'] };
  client = new LanguageClient(
    'codebook',
    'Codebook',
    { run: server, debug: server },
    { documentSelector: [{ language: 'codebook' }] },
  );
  return client.start();
}

// VS Code waits for the server to be shut down (`shutdown`, `exit`) before it unloads us.
function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
