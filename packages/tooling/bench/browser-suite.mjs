// The browser suite: headless Chromium (the system's, never a download), a superapp page on one
// site and each contender's mini program in a cross-origin iframe on another, as deployed.
// Latency, throughput (1, 10, 100, 1 000 in flight), payload growth (objects and JSON text on
// both raw transports) and start-up. Prints one JSON object.
//
//   node packages/tooling/bench/browser-suite.mjs [--quick]
import { build } from 'esbuild';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { BROWSER_LIBRARIES, FRAMES } from './browser/contenders.mjs';
import { CONCURRENCY, SIZES } from './workload.mjs';
import { root, sourceAlias, tmpDir } from './sources.mjs';
import { interleave, round3 } from './stats.mjs';

const quick = process.argv.includes('--quick');
const here = join(root, 'packages', 'tooling', 'bench');

/** serve-origins.ts (shared with the browser tests) is TypeScript: bundled to CommonJS, then required. */
async function testSupport() {
  mkdirSync(tmpDir, { recursive: true });
  const outfile = join(tmpDir, 'serve-origins.cjs');
  await build({
    entryPoints: [join(root, 'packages', 'tooling', 'test-support', 'serve-origins.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    outfile,
    packages: 'external',
    logLevel: 'silent',
  });
  return createRequire(import.meta.url)(outfile);
}

async function page(entry, define) {
  const result = await build({
    entryPoints: [join(here, 'browser', entry)],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    write: false,
    alias: sourceAlias,
    define,
    logLevel: 'silent',
  });
  return result.outputFiles[0].text;
}

const html = (script) => `<!doctype html><meta charset="utf-8"><body><script src="${script}"></script></body>`;

async function serve(support) {
  const files = {};
  const host = await support.serveSite(() => files.host);
  const mini = await support.serveSite(() => files.mini);
  // Another site (localhost, not 127.0.0.1): Chromium gives the mini programs their own process.
  const miniOrigin = mini.origin.replace('127.0.0.1', 'localhost');
  const define = { __HOST_ORIGIN__: JSON.stringify(host.origin), __MINI_ORIGIN__: JSON.stringify(miniOrigin) };
  files.host = { '/': ['text/html', html('/host.js')], '/host.js': ['text/javascript', await page('host-page.mjs', define)] };
  files.mini = { '/mini.html': ['text/html', html('/mini.js')], '/mini.js': ['text/javascript', await page('mini-page.mjs', define)] };
  return { host, mini, miniOrigin };
}

async function frames(tab, miniOrigin) {
  const found = {};
  for (let attempt = 0; attempt < 200 && Object.keys(found).length < FRAMES.length; attempt++) {
    for (const name of FRAMES) {
      if (found[name]) continue;
      const frame = tab.frames().find((f) => f.url() === `${miniOrigin}/mini.html?c=${encodeURIComponent(name)}`);
      if (frame && (await frame.evaluate(() => '__bench' in window).catch(() => false))) found[name] = frame;
    }
    if (Object.keys(found).length < FRAMES.length) await tab.waitForTimeout(50);
  }
  const missing = FRAMES.filter((name) => !found[name]);
  if (missing.length) throw new Error(`the mini program frames did not load: ${missing.join(', ')}`);
  for (const name of FRAMES) await found[name].evaluate(() => window.__bench.ready());
  return found;
}

async function suites(tab, frame) {
  const latency = (name, calls) => frame[name].evaluate((n) => window.__bench.latency(n), calls);
  const out = {};
  // Many short rounds: a renderer's speed drifts more than a Node process's.
  out.latency = await interleave(BROWSER_LIBRARIES, {
    rounds: quick ? 3 : 31,
    warmup: 2,
    baseline: 'raw MessagePort',
    measure: (name) => latency(name, quick ? 100 : 150),
  });
  out.throughput = {};
  for (const concurrency of CONCURRENCY) {
    out.throughput[concurrency] = await interleave(BROWSER_LIBRARIES, {
      rounds: quick ? 2 : 5,
      baseline: 'raw MessagePort',
      measure: (name) =>
        frame[name].evaluate(([c, total]) => window.__bench.throughput(c, total), [concurrency, Math.max(quick ? 500 : 2000, 3 * concurrency)]),
    });
  }
  // Payload growth: the raw transports carry the result as an object and as JSON text.
  const variants = [
    ...['raw MessagePort', 'raw window.postMessage'].flatMap((name) => [name, `${name} (JSON text)`]),
    'wxbridge',
    'comlink',
    'penpal',
  ];
  out.payload = {};
  for (const bytes of SIZES) {
    await tab.evaluate((b) => (window.__bytes = b), bytes);
    const calls = Math.max(3, Math.round((quick ? 1e5 : 4e5) / (bytes + 2000)));
    out.payload[bytes] = await interleave(variants, {
      rounds: quick ? 2 : 5,
      baseline: 'raw MessagePort',
      measure: async (variant) => {
        const name = variant.replace(' (JSON text)', '');
        await frame[name].evaluate((on) => window.__bench.setJson(on), variant !== name);
        return latency(name, calls);
      },
    });
  }
  await tab.evaluate(() => (window.__bytes = 0));
  for (const name of ['raw MessagePort', 'raw window.postMessage']) await frame[name].evaluate(() => window.__bench.setJson(false));
  out.startup = { wxbridge: { median: round3(await frame.startup.evaluate((n) => window.__bench.startup(n), quick ? 10 : 40)) } };
  return out;
}

const started = performance.now();
const support = await testSupport();
const sites = await serve(support);
const browser = await chromium.launch({ executablePath: support.chromiumPath(), args: support.CHROMIUM_ARGS });
try {
  const tab = await browser.newPage();
  await tab.goto(sites.host.origin + '/');
  const result = { chromium: browser.version(), ...(await suites(tab, await frames(tab, sites.miniOrigin))) };
  result.seconds = round3((performance.now() - started) / 1000);
  process.stdout.write(JSON.stringify(result) + '\n');
} finally {
  await browser.close();
  sites.host.server.close();
  sites.mini.server.close();
}
