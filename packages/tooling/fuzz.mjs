// `npm run fuzz`: the long adversarial run. The same fuzz properties as the fixed-seed runs in
// `npm test` (test-support/fuzz-properties.ts) over at least 100 000 generated envelopes for the
// codec and as many for the dispatcher, then the guest, then the kill loop: 200 writers killed
// with SIGKILL while writing decisions (test-support/kill-loop.ts). Prints the figures; exits
// non-zero if any that must be zero is not.
//
// The TypeScript runs from the sources, bundled by esbuild: no `npm run build` needed.
// FUZZ_SEED=<n> replays a run (the seed is printed); FUZZ_CASES and KILL_ITERATIONS scale it.
import { build } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CASES = Number(process.env.FUZZ_CASES ?? 100_000);
const KILLS = Number(process.env.KILL_ITERATIONS ?? 200);
const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);

// Inside node_modules so that the external packages (fast-check, esbuild) resolve from the bundle.
const out = join(root, 'node_modules', '.cache', 'wxbridge-fuzz', 'fuzz.mjs');
await build({
  stdin: {
    contents: "export * from './fuzz-properties'; export * from './kill-loop';",
    resolveDir: join(root, 'packages/tooling/test-support'),
    loader: 'ts',
  },
  tsconfig: join(root, 'packages/tooling/tsconfig.tests.json'), // its paths map @wxbridge/* to the sources
  outfile: out,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['esbuild', 'fast-check'],
  logLevel: 'warning',
});
const fuzz = await import(pathToFileURL(out).href);

const started = performance.now();
const seconds = () => ((performance.now() - started) / 1000).toFixed(1);
const line = (name, r) =>
  console.log(`${name.padEnd(11)} ${String(r.cases).padStart(7)} cases, ${r.crashes} crashes, ${r.pollutions} pollutions, ${r.hangs} hangs, ${r.violations} violations  (${seconds()} s)`);
console.log(`wxbridge fuzz, seed ${seed}`);

const codec = await fuzz.fuzzCodec({ runs: CASES, seed });
line('codec', codec);

// The dispatcher's runs are sequences of messages: run batches until enough envelopes went in.
let dispatcher = fuzz.emptyReport();
for (let batch = 0; dispatcher.cases < CASES; batch++) {
  dispatcher = fuzz.addReports(dispatcher, await fuzz.fuzzDispatch({ runs: 1000, seed: seed + batch }));
  if (dispatcher.problems.length) break;
}
line('dispatcher', dispatcher);

const guest = await fuzz.fuzzGuest({ runs: Math.ceil(CASES / 100), seed });
line('guest', guest);

const scratch = mkdtempSync(join(tmpdir(), 'wxbridge-fuzz-kill-'));
let kill;
try {
  fuzz.bundleKillLoopChild(root, join(scratch, 'child.cjs'));
  kill = await fuzz.runKillLoop({ iterations: KILLS, child: join(scratch, 'child.cjs'), folder: join(scratch, 'store') });
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
console.log(`kill loop   ${kill.iterations} kills, ${kill.acknowledged} decisions acknowledged, ${kill.lost} lost, ${kill.corrupt} torn files, ${kill.leftovers} temporary leftovers  (${seconds()} s)`);

const total = [codec, dispatcher, guest].reduce((a, b) => fuzz.addReports(a, b));
const figures = {
  'cases fuzzed': total.cases,
  crashes: total.crashes,
  pollutions: total.pollutions,
  hangs: total.hangs,
  'other violations': total.violations,
  'kill iterations': kill.iterations,
  'decisions acknowledged': kill.acknowledged,
  'decisions lost': kill.lost,
  'torn files': kill.corrupt,
};
console.log('');
for (const [name, value] of Object.entries(figures)) console.log(`${name.padEnd(24)} ${value}`);

const problems = [...total.problems, ...kill.problems];
for (const problem of problems) console.log(`problem: ${problem}`);
const zero = ['crashes', 'pollutions', 'hangs', 'other violations', 'decisions lost', 'torn files'];
const failed = zero.filter((name) => figures[name] !== 0);
if (codec.cases < CASES || dispatcher.cases < CASES) failed.push(`fewer than ${CASES} cases`);
if (kill.iterations < KILLS) failed.push(`fewer than ${KILLS} kills`);
if (failed.length) {
  console.log(`FAILED: ${failed.join(', ')} (replay with FUZZ_SEED=${seed})`);
  process.exit(1);
}
console.log('all must-be-zero figures are zero');
