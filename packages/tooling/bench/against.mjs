// `npm run bench:against -- <git revision>`: this tree's guest and host beside another revision's,
// in one process over Node MessageChannels, rounds interleaved (the order reversed every other
// round), so a change's cost shows as a ratio measured in the same run on the same noisy machine.
// Each side is bundled by esbuild from its own sources (its own protocol included), as a user's
// bundler would. Prints a table and JSON; exits 0 (a comparison, not a budget).
//
//   node packages/tooling/bench/against.mjs 1b28254 [--quick]
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildSync } from 'esbuild';
import { interleave, sequentialLatency, throughput } from './stats.mjs';
import { PARAMS, handlerResultOf } from './workload.mjs';
import { root } from './sources.mjs';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const revision = args.find((arg) => !arg.startsWith('--'));
if (!revision) {
  console.error('usage: node packages/tooling/bench/against.mjs <git revision> [--quick]');
  process.exit(2);
}

/** One ESM module exporting connectGuest, createHost and createPortTransport from `tree`'s sources. */
function bundle(tree, out) {
  const src = (pkg) => join(tree, 'packages', pkg, 'src', 'index.ts');
  const result = buildSync({
    stdin: {
      contents: `export { connectGuest } from '@wxbridge/guest'; export { createHost, createPortTransport } from '@wxbridge/host';`,
      resolveDir: tree,
      loader: 'ts',
    },
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    minify: true,
    write: false,
    logLevel: 'silent',
    // The other tree has no node_modules of its own: its few dependencies come from this one.
    nodePaths: [join(root, 'node_modules')],
    alias: { '@wxbridge/protocol': src('protocol'), '@wxbridge/guest': src('guest'), '@wxbridge/host': src('host') },
  });
  writeFileSync(out, result.outputFiles[0].text);
  return import(pathToFileURL(out).href);
}

async function pairOf(lib) {
  const { port1, port2 } = new MessageChannel();
  const host = lib.createHost();
  host.handle('login', () => handlerResultOf(100));
  const connection = host.connect(lib.createPortTransport(port1), { appId: 'wx-bench' });
  const bridge = lib.connectGuest({ transport: lib.createPortTransport(port2), tapTarget: null });
  await bridge.ready;
  return { call: () => bridge.wx.login(PARAMS), close: () => (bridge.dispose(), connection.dispose(), port1.close(), port2.close()) };
}

const scratch = mkdtempSync(join(tmpdir(), 'wxbridge-against-'));
const other = join(scratch, 'tree');
try {
  execFileSync('git', ['-C', root, 'worktree', 'add', '--detach', '-f', other, revision], { stdio: 'ignore' });
  if (!existsSync(join(other, 'packages'))) throw new Error(`${revision} has no packages/ folder`);
  const libs = { this: await bundle(root, join(scratch, 'this.mjs')), [revision]: await bundle(other, join(scratch, 'other.mjs')) };
  const names = ['this', revision];
  const pairs = Object.fromEntries(await Promise.all(names.map(async (name) => [name, await pairOf(libs[name])])));
  const rounds = quick ? 5 : 21;
  const results = {
    'one call at a time (µs, lower is better)': await interleave(names, {
      rounds,
      baseline: revision,
      measure: (name) => sequentialLatency(pairs[name].call, quick ? 500 : 2000),
    }),
  };
  for (const inFlight of [100, 1000]) {
    results[`${inFlight} in flight (calls/s, higher is better)`] = await interleave(names, {
      rounds,
      baseline: revision,
      measure: (name) => throughput(pairs[name].call, inFlight, quick ? 5000 : 20_000),
    });
  }
  for (const pair of Object.values(pairs)) pair.close();
  console.log(`| measure | ${revision} | this tree | this ÷ ${revision} (median of per-round ratios) |`);
  console.log('| --- | --- | --- | --- |');
  for (const [measure, result] of Object.entries(results)) {
    console.log(`| ${measure} | ${result[revision].median} | ${result.this.median} | ${result.this.ratio} |`);
  }
  console.log(JSON.stringify({ revision, rounds, results }));
} finally {
  try {
    execFileSync('git', ['-C', root, 'worktree', 'remove', '--force', other], { stdio: 'ignore' });
  } catch {
    // Already gone.
  }
  rmSync(scratch, { recursive: true, force: true });
}
