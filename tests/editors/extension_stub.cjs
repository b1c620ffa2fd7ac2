// Runs the VS Code extension's extension.js outside VS Code (for tests/editors.rs): `vscode`
// and the language client are stand-ins that record what the extension asks of them.
//   node extension_stub.cjs EXTENSION_DIR [SERVER_PATH_SETTING]
// Prints the calls as JSON: the settings read, the client constructed, started and stopped.
'use strict';

const Module = require('module');
const path = require('path');

const [extensionDir, setting] = process.argv.slice(2);
const calls = [];
const stubs = {
  vscode: {
    workspace: {
      getConfiguration: (section) => ({
        get: (key) => {
          calls.push(['get', `${section}.${key}`]);
          return setting;
        },
      }),
    },
  },
  'vscode-languageclient/node': {
    LanguageClient: class {
      constructor(id, name, server, client) {
        calls.push(['new', id, name, server, client]);
      }
      start() {
        calls.push(['start']);
        return Promise.resolve();
      }
      stop() {
        calls.push(['stop']);
        return Promise.resolve();
      }
    },
  },
};
const load = Module._load;
Module._load = function (request, ...rest) {
  return Object.prototype.hasOwnProperty.call(stubs, request) ? stubs[request] : load.call(this, request, ...rest);
};

(async () => {
  const extension = require(path.resolve(extensionDir, 'extension.js'));
  await extension.activate({ subscriptions: [] });
  await extension.deactivate();
  process.stdout.write(JSON.stringify(calls));
})().catch((e) => {
  console.error(e && e.stack ? e.stack : String(e));
  process.exit(1);
});
