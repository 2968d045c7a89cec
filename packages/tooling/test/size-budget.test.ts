/**
 * The guest is loaded by every mini program: its bundle (every wx API, through connectGuest, over
 * the smallest transport), minified by esbuild and gzipped, is measured by the same code as the
 * benchmark's size table (packages/tooling/bench/size.mjs, run as a child process: it is an ES
 * module). Sizes are deterministic, so this is a test, not a benchmark figure.
 *
 * The budget is 4 096 B: a change that grows the guest past it fails here
 * (docs/performance.md says where the bytes go).
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const BUDGET = 4096;

const root = join(__dirname, '..', '..', '..');
const sizes = JSON.parse(
  execFileSync(process.execPath, [join(root, 'packages', 'tooling', 'bench', 'size.mjs')], { cwd: root, encoding: 'utf8' }),
) as { entries: { name: string; minified: number; gzip: number; brotli: number }[]; budget: { entry: string; gzip: number } };
const guest = sizes.entries.find((entry) => entry.name === sizes.budget.entry)!;

test(`the guest bundle with every wx API is ${guest.gzip} B min+gzip, within its budget of ${BUDGET} B`, () => {
  expect(sizes.budget.gzip).toBe(BUDGET);
  expect(guest.gzip).toBeLessThanOrEqual(BUDGET);
});

test('the comparison bundles are measured too', () => {
  expect(sizes.entries.map((entry) => entry.name)).toEqual(expect.arrayContaining(['comlink', 'wxbridge host, whole package']));
  for (const entry of sizes.entries) expect(entry.gzip).toBeGreaterThan(1000);
});
