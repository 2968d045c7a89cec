#!/usr/bin/env node
// The `wxbridge` command (`npx @wxbridge/cli dev ./my-mini-program`): runs the command built into
// dist/ (`npm run build` in the repository; `npm pack` builds it into the package).
'use strict';
const { join } = require('node:path');

const built = join(__dirname, '..', 'dist', 'cli.cjs');
let cli;
try {
  cli = require(built);
} catch (error) {
  if (error && error.code === 'MODULE_NOT_FOUND' && String(error.message).includes(built)) {
    process.stderr.write(`wxbridge: ${built} is missing: in the wxbridge repository, run npm run build first\n`);
    process.exit(1);
  }
  throw error;
}
cli.main(process.argv.slice(2), process.env).then((code) => {
  process.exitCode = code;
});
