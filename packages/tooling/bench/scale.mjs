// Scale: one host serving 1, 10 and 100 connected mini programs at once, each over its own
// MessageChannel and keeping 10 calls in flight. Reports calls per second overall and per app (the
// median app, and the slowest one, which shows whether the host serves them fairly). Prints JSON.
//
//   node packages/tooling/bench/scale.mjs [--quick]
import { createHost } from '@wxbridge/host';
import { wxbridgePair } from './node-contenders.mjs';
import { median, round3, throughput } from './stats.mjs';

const quick = process.argv.includes('--quick');
const APPS = [1, 10, 100];
const IN_FLIGHT = 10;
const TOTAL = quick ? 20_000 : 100_000;
const ROUNDS = quick ? 1 : 3;

async function serve(apps) {
  const host = createHost();
  const pairs = [];
  for (let i = 0; i < apps; i++) pairs.push(await wxbridgePair(0, false, host, `wx-app-${i}`));
  const perApp = Math.ceil(TOTAL / apps);
  const rounds = [];
  for (let round = 0; round < ROUNDS; round++) {
    const started = performance.now();
    const rates = await Promise.all(pairs.map((pair) => throughput(pair.call, IN_FLIGHT, perApp)));
    const seconds = (performance.now() - started) / 1000;
    rates.sort((a, b) => a - b);
    rounds.push({ overall: (perApp * apps) / seconds, medianApp: median(rates), slowestApp: rates[0] });
  }
  for (const pair of pairs) pair.close();
  const pick = (key) => round3(median(rounds.map((r) => r[key])));
  return { apps, callsPerApp: perApp, overall: pick('overall'), medianApp: pick('medianApp'), slowestApp: pick('slowestApp') };
}

const result = [];
for (const apps of APPS) result.push(await serve(apps));
process.stdout.write(JSON.stringify(result) + '\n');
process.exit(0);
