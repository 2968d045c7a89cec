// `npm run bench`: every suite, one after the other (never two at once: they would measure each
// other), each timing suite in its own Node process. Writes bench-results/results.{json,md} and
// bench-results/chart.svg, prints the tables, and exits 1 naming every budget that failed.
//
//   node packages/tooling/bench/index.mjs [--quick] [--only=node,worker,string,browser,memory,scale,size,server] [--publish]
//
// --quick: fewer rounds (a smoke test; figures are rough). --publish: also copy the tables and the
// chart to docs/bench/, the copy the README links.
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { checkBudgets } from './budgets.mjs';
import { renderChart, renderMarkdown } from './report.mjs';
import { renderServerMarkdown, renderServerPage } from './server/report.mjs';
import { measureSizes } from './size.mjs';
import { resultsDir, root } from './sources.mjs';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const only = args.find((arg) => arg.startsWith('--only='))?.slice(7).split(',');
const wanted = (suite) => !only || only.includes(suite);
const here = join(root, 'packages', 'tooling', 'bench');

/** Runs one suite in a child process; resolves with the JSON it printed last. */
function suite(name, file, nodeArgs = []) {
  process.stderr.write(`bench: ${name}…\n`);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, join(here, file), ...(quick ? ['--quick'] : [])], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const last = out.trim().split('\n').pop();
      if (code !== 0 || !last) return reject(new Error(`the ${name} suite failed (exit ${code})`));
      process.stderr.write(`bench: ${name} done in ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
      resolve(JSON.parse(last));
    });
  });
}

const started = performance.now();
const results = {
  meta: {
    date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
    node: process.version,
    cpus: cpus().length,
    cpu: cpus()[0]?.model.trim() ?? 'unknown CPU',
    quick,
  },
};
const failures = [];
const run = async (key, name, file, nodeArgs) => {
  if (!wanted(key)) return;
  try {
    results[key] = await suite(name, file, nodeArgs);
  } catch (error) {
    failures.push(error.message);
    process.stderr.write(`bench: ${error.message}\n`);
  }
};
if (wanted('size')) results.size = await measureSizes();
await run('node', 'Node suites (latency, throughput, payload, start-up)', 'node-suite.mjs');
await run('worker', 'Node, host in a worker_thread', 'worker-suite.mjs');
await run('string', 'string bridge', 'string-suite.mjs');
await run('memory', 'memory', 'memory.mjs', ['--expose-gc']);
await run('scale', 'scale', 'scale.mjs');
await run('browser', 'Chromium suites', 'browser-suite.mjs');
await run('server', 'open-platform server (HTTP load, Redis, files)', 'server.mjs');
results.meta.seconds = Math.round((performance.now() - started) / 1000);

const checks = checkBudgets(results);
results.budgets = checks;
const markdown = renderMarkdown(results, checks) + (results.server ? `\n\n${renderServerMarkdown(results.server)}` : '');
const chart = renderChart(results);
mkdirSync(resultsDir, { recursive: true });
writeFileSync(join(resultsDir, 'results.json'), JSON.stringify(results, null, 2) + '\n');
writeFileSync(join(resultsDir, 'results.md'), markdown + '\n');
writeFileSync(join(resultsDir, 'chart.svg'), chart);
if (args.includes('--publish')) {
  const docs = join(root, 'docs', 'bench');
  mkdirSync(docs, { recursive: true });
  copyFileSync(join(resultsDir, 'results.md'), join(docs, 'results.md'));
  copyFileSync(join(resultsDir, 'chart.svg'), join(docs, 'chart.svg'));
  if (results.server) writeFileSync(join(docs, 'server.md'), renderServerPage(results, checks) + '\n');
}

console.log(markdown);
console.log(`\nWritten: bench-results/results.md, results.json, chart.svg (${results.meta.seconds} s)`);
const failed = checks.filter((check) => !check.holds);
for (const check of failed) console.error(`bench: budget failed: ${check.name}: ${check.measured} (limit ${check.limit})`);
for (const failure of failures) console.error(`bench: ${failure}`);
process.exitCode = failed.length || failures.length ? 1 : 0;
