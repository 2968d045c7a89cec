#!/usr/bin/env node
// The `wxbridge` command (`npx wxbridge dev ./my-mini-program`). It runs from the demo's
// TypeScript sources: esbuild bundles src/cli.ts for Node in memory (a fraction of a second),
// so the command needs no build step of its own.
import { buildSync } from 'esbuild';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const src = join(dirname(fileURLToPath(import.meta.url)), '..', 'src');
const entry = join(src, 'cli.ts');
const { outputFiles } = buildSync({
  entryPoints: [entry],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  packages: 'external',
  write: false,
});
const cli = { exports: {} };
// `__dirname` is src/ for every module of the bundle: they all live there.
new Function('module', 'exports', 'require', '__dirname', outputFiles[0].text)(cli, cli.exports, createRequire(entry), src);
process.exitCode = await cli.exports.main(process.argv.slice(2), process.env);
