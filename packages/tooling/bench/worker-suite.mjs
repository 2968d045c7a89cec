// The host in a worker_thread (worker-contenders.mjs): latency (one call at a time) and throughput
// (1, 100 and 1 000 calls in flight) of wxbridge with batching and without, against the raw
// one-message-per-call floor in the same arrangement. Prints one JSON object.
//
//   node packages/tooling/bench/worker-suite.mjs [--quick]
import { closeAll, open } from './worker-contenders.mjs';
import { latencyAndThroughput, round3 } from './stats.mjs';

const quick = process.argv.includes('--quick');
const NAMES = ['raw', 'wxbridge', 'wxbridge, batching off'];

const started = performance.now();
const pairs = await open(NAMES);
const calls = Object.fromEntries(NAMES.map((name) => [name, pairs[name].call]));
const result = await latencyAndThroughput(calls, { baseline: 'raw', levels: [1, 100, 1000], quick });
await closeAll(pairs);
result.seconds = round3((performance.now() - started) / 1000);
process.stdout.write(JSON.stringify(result) + '\n');
process.exit(0);
