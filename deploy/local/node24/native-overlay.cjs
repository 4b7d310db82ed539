// Preloaded (NODE_OPTIONS=--require) by deploy/local/test-node24.sh into every process the
// Node 24 run starts (Jest, its workers, the services a spec spawns): `better-sqlite3`
// resolves to the build for this Node in ANDON_BETTER_SQLITE3_DIR instead of the one in
// node_modules, which is built for the repository's default Node. Jest's own resolver
// gets the same mapping from jest.preset.js.
const Module = require('node:module');
const dir = process.env.ANDON_BETTER_SQLITE3_DIR;
if (dir) {
  const resolve = Module._resolveFilename;
  Module._resolveFilename = function resolveOverlay(request, ...rest) {
    return resolve.call(this, request === 'better-sqlite3' ? dir : request, ...rest);
  };
}
