/**
 * The guest is loaded by every mini program. What counts is what a user's bundler makes of the
 * package as it ships: packages/tooling/bench/size.mjs (run as a child process: it is an ES module;
 * the benchmark's size table comes from the same code) packs @wxbridge/guest and @wxbridge/protocol,
 * unpacks the tarballs into a scratch node_modules and bundles entries that import the guest through
 * its exports map (esbuild, ESM, browser, minified), then gzips them. Sizes are deterministic, so this
 * is a test, not a benchmark figure.
 *
 * The budget is 4 096 B for every wx API over the iframe transport (connectGuest and
 * createParentTransport). The bench checks it (`npm run bench` fails naming it while it does not
 * hold); it does not hold yet: 4 280 B, and docs/performance.md says what bounds it. Until it does,
 * this test holds each transport to a ceiling just above what it measures today, so a change that
 * grows the guest, or a build that stops a bundler from dropping what the guest does not use, fails
 * here.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const BUDGET = 4096;
/**
 * min+gzip bytes each bundle may reach: today's figure and a few bytes (lower them as the guest
 * shrinks). Batching (docs/protocol.md, section 17) added ~230 B to each: iframe 4 433 -> 4 665 B,
 * port 4 057 -> 4 285 B, native 4 549 -> 4 772 B, whole 5 083 -> 5 317 B. Trimmed since: iframe 4 657 B,
 * port 4 278 B, native 4 771 B, whole 5 309 B; then (canIUse answered from the welcome's list, the
 * welcome's and a bye's unread fields left to the host's decoder, shorter integrator errors, and
 * smaller pieces) iframe 4 236 B, port 3 924 B, native 4 411 B, whole 4 887 B; with the deadlines'
 * Date fallback kept for engines without `performance`: iframe 4 248 B, port 3 937 B, native 4 423 B,
 * whole 4 900 B; with canIUse answering from capabilities when a welcome has no list: iframe 4 274 B,
 * port 3 960 B, native 4 448 B, whole 4 927 B; with the sender making no lists when nothing waits:
 * iframe 4 280 B, port 3 967 B, native 4 454 B, whole 4 933 B (native 4 458 B, whole 4 937 B with the native
 * transport making its key check once per listener, not once per message).
 */
const CEILINGS: Record<string, number> = {
  'wxbridge guest, iframe transport': 4284,
  'wxbridge guest, port transport': 3971,
  'wxbridge guest, native transport': 4462,
  'wxbridge guest, whole package': 4941,
};

interface Entry {
  name: string;
  minified: number;
  gzip: number;
  brotli: number;
  inputs: { file: string; minified: number }[];
}

const root = join(__dirname, '..', '..', '..');
const sizes = JSON.parse(
  execFileSync(process.execPath, [join(root, 'packages', 'tooling', 'bench', 'size.mjs'), '--guest'], { cwd: root, encoding: 'utf8' }),
) as { packed: string[]; entries: Entry[]; budget: { entry: string; gzip: number } };
const entry = (name: string) => sizes.entries.find((e) => e.name === name)!;
const iframe = entry(sizes.budget.entry);

test(`the bench holds every wx API over the iframe transport (${iframe.gzip} B min+gzip) to ${BUDGET} B`, () => {
  expect(sizes.budget).toEqual({ entry: 'wxbridge guest, iframe transport', gzip: BUDGET });
});

test.each(Object.entries(CEILINGS))('%s stays within %i B min+gzip', (name, ceiling) => {
  expect(entry(name).gzip).toBeLessThanOrEqual(ceiling);
});

test('the bundles come from the packed guest and protocol, through their exports maps, dist/ files only', () => {
  expect(sizes.packed.sort()).toEqual(['@wxbridge/guest', '@wxbridge/protocol']);
  for (const { name, inputs } of sizes.entries) {
    const files = inputs.map((input) => input.file).filter((file) => file !== 'entry.mjs');
    expect([name, files.filter((file) => !/^@wxbridge\/(guest|protocol)\/dist\/[\w/-]+\.mjs$/.test(file))]).toEqual([name, []]);
    expect([name, files.some((file) => file.startsWith('@wxbridge/guest/dist/'))]).toEqual([name, true]);
  }
});

test('a bundle keeps only the modules it uses: no catalogue in the guest, each transport only where imported', () => {
  const files = (name: string) => entry(name).inputs.map((input) => input.file);
  for (const { name } of sizes.entries) expect([name, files(name).filter((file) => file.includes('/catalogue/catalogue'))]).toEqual([name, []]);
  expect(files('wxbridge guest, iframe transport')).toContain('@wxbridge/guest/dist/parent-transport.mjs');
  expect(files('wxbridge guest, port transport')).toContain('@wxbridge/protocol/dist/wire/transport.mjs');
  for (const file of ['@wxbridge/guest/dist/parent-transport.mjs', '@wxbridge/protocol/dist/wire/window-transport.mjs', '@wxbridge/guest/dist/native-transport.mjs']) {
    expect(files('wxbridge guest, port transport')).not.toContain(file);
  }
  expect(files('wxbridge guest, native transport')).toContain('@wxbridge/guest/dist/native-transport.mjs');
  expect(entry('wxbridge guest, port transport').gzip).toBeLessThan(entry('wxbridge guest, whole package').gzip);
});
