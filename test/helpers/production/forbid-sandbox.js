'use strict';
/**
 * Preloaded into the bot in the production test (NODE_OPTIONS=--require ...): azure mode must never load the ARM
 * simulator. Every CommonJS file passes through Module._extensions['.js'] when it is first loaded; a file under
 * src/sandbox or dist/src/sandbox ends the process at once, loudly, with exit code 70. A static import of the
 * simulator anywhere on the bot's start-up path would load it before the bot could listen.
 */
const Module = require('node:module');
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..', '..');
const forbidden = [
  path.join(root, 'src', 'sandbox') + path.sep,
  path.join(root, 'dist', 'src', 'sandbox') + path.sep,
];
const compile = Module._extensions['.js'];

Module._extensions['.js'] = function guardedCompile(module, filename) {
  if (forbidden.some((dir) => filename.startsWith(dir))) {
    process.stderr.write(
      `SANDBOX CODE LOADED OUTSIDE THE SANDBOX: ${filename}\n${new Error('loaded from').stack}\n`,
    );
    process.exit(70);
  }
  return compile.call(this, module, filename);
};
process.stderr.write(`sandbox guard armed: ${forbidden.join(', ')}\n`);
