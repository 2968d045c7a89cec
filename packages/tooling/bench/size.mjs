// Size: each entry bundled by esbuild from source (dependencies included), minified, then gzip -9
// and brotli (quality 11), beside comlink and penpal bundled the same way. Deterministic, so
// `npm test` checks the guest's budget (packages/tooling/test/size-budget.test.ts).
//
//   node packages/tooling/bench/size.mjs     prints one JSON object
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { root, sourceAlias } from './sources.mjs';

/** The guest's budget: min+gzip bytes of BUDGET_ENTRY. */
export const GUEST_BUDGET = 4096;
export const BUDGET_ENTRY = 'wxbridge guest';

export const ENTRIES = [
  // Every wx API (connectGuest builds them all from the catalogue table) over the smallest transport.
  { name: BUDGET_ENTRY, code: `export { connectGuest, createPortTransport } from '@wxbridge/guest';` },
  { name: 'wxbridge guest, iframe transport', code: `export { connectGuest, createParentTransport } from '@wxbridge/guest';` },
  { name: 'wxbridge guest, whole package', code: `export * from '@wxbridge/guest';` },
  { name: 'wxbridge host, whole package', code: `export * from '@wxbridge/host';` },
  { name: 'comlink', code: `export * from 'comlink';` },
  { name: 'penpal, iframe (connect + WindowMessenger)', code: `export { connect, WindowMessenger } from 'penpal';` },
  { name: 'penpal, whole package', code: `export * from 'penpal';` },
];

export async function measureSize(entry) {
  const result = await build({
    stdin: { contents: entry.code, resolveDir: root, loader: 'ts', sourcefile: 'entry.ts' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2020',
    write: false,
    alias: sourceAlias,
    external: ['node:*'],
    logLevel: 'silent',
  });
  const code = result.outputFiles[0].contents;
  return {
    name: entry.name,
    minified: code.length,
    gzip: gzipSync(code, { level: 9 }).length,
    brotli: brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

export async function measureSizes() {
  const entries = [];
  for (const entry of ENTRIES) entries.push(await measureSize(entry));
  return { entries, budget: { entry: BUDGET_ENTRY, gzip: GUEST_BUDGET } };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.stdout.write(JSON.stringify(await measureSizes()) + '\n');
}
