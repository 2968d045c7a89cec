// Size: what a user's bundler makes of the packages as they ship. The guest and the host are
// packed (`npm pack`, with the workspace packages they depend on) and unpacked into a scratch
// node_modules, so esbuild resolves them through the tarballs' exports maps and bundles their dist/
// files, as it would in a user's project; comlink and penpal come from the repository's install.
// Each entry is bundled (ESM, browser, minified), then gzip -9 and brotli (quality 11). Deterministic,
// so `npm test` checks the guest's budget (packages/tooling/test/size-budget.test.ts).
//
//   node packages/tooling/bench/size.mjs           prints one JSON object
//   node packages/tooling/bench/size.mjs --guest   the guest's entries only (packs only the guest and the protocol)
import { build } from 'esbuild';
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import packing from '../test-support/packing.cjs';
import { root } from './sources.mjs';

/** The guest's budget: min+gzip bytes of BUDGET_ENTRY. */
export const GUEST_BUDGET = 4096;
export const BUDGET_ENTRY = 'wxbridge guest, iframe transport';
const GUEST = '@wxbridge/guest';

/** Each entry's code; `packed`: the workspace package it imports (packed, with those it depends on), else it comes from the repository's install. */
export const ENTRIES = [
  // Every wx API (connectGuest builds them all from the catalogue table) over each transport; the
  // iframe's is the deployment the budget is for.
  { name: BUDGET_ENTRY, packed: GUEST, code: `export { connectGuest, createParentTransport } from '@wxbridge/guest';` },
  { name: 'wxbridge guest, port transport', packed: GUEST, code: `export { connectGuest, createPortTransport } from '@wxbridge/guest';` },
  { name: 'wxbridge guest, native transport', packed: GUEST, code: `export { connectGuest, createNativeTransport } from '@wxbridge/guest';` },
  { name: 'wxbridge guest, whole package', packed: GUEST, code: `export * from '@wxbridge/guest';` },
  { name: 'wxbridge host, whole package', packed: '@wxbridge/host', code: `export * from '@wxbridge/host';` },
  { name: 'comlink', code: `export * from 'comlink';` },
  { name: 'penpal, iframe (connect + WindowMessenger)', code: `export { connect, WindowMessenger } from 'penpal';` },
  { name: 'penpal, whole package', code: `export * from 'penpal';` },
];

/**
 * One entry, bundled from `dir` (where the packed packages are unpacked): its sizes and, from
 * esbuild's metafile, the minified bytes each file contributed (paths below node_modules), largest first.
 */
export async function measureSize(entry, dir) {
  const result = await build({
    stdin: { contents: entry.code, resolveDir: dir, loader: 'js', sourcefile: 'entry.mjs' },
    absWorkingDir: dir,
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2020',
    write: false,
    outfile: 'out.mjs',
    metafile: true,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0].contents;
  const inputs = Object.entries(result.metafile.outputs['out.mjs'].inputs)
    .filter(([, { bytesInOutput }]) => bytesInOutput > 0)
    .sort(([, a], [, b]) => b.bytesInOutput - a.bytesInOutput)
    .map(([file, { bytesInOutput }]) => ({ file: file.split(sep).join('/').replace(/^.*?node_modules\//, ''), minified: bytesInOutput }));
  return {
    name: entry.name,
    minified: code.length,
    gzip: gzipSync(code, { level: 9 }).length,
    brotli: brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
    inputs,
  };
}

/** Every entry (or the guest's only), the packages from fresh tarballs unpacked in a scratch folder (removed afterwards). */
export async function measureSizes({ guestOnly = false } = {}) {
  const wanted = ENTRIES.filter((entry) => !guestOnly || entry.packed === GUEST);
  const dir = mkdtempSync(join(realpathSync(tmpdir()), 'wxbridge-size-'));
  try {
    const packed = packing.unpackWithDependencies([...new Set(wanted.map((entry) => entry.packed).filter(Boolean))], dir);
    const entries = [];
    for (const entry of wanted) entries.push(await measureSize(entry, entry.packed ? dir : root));
    return { packed, entries, budget: { entry: BUDGET_ENTRY, gzip: GUEST_BUDGET } };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.stdout.write(JSON.stringify(await measureSizes({ guestOnly: process.argv.includes('--guest') })) + '\n');
}
