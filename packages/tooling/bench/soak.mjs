// `npm run soak`: sustained load with batching on and the host in a worker_thread (the deployment
// whose flood guard tripped when batching was a user-level wrapper): the guest keeps 1 000 calls in
// flight for the whole run. Prints progress every 30 s, then the calls made, the calls that failed
// (must be 0), the connection's disconnects and errors (must be none) and the heap growth of both
// threads between the end of the warm-up and the end, each after forced GCs. Exits 1 if a call
// failed or the host cut the connection off or reported an error.
//
//   node --expose-gc packages/tooling/bench/soak.mjs [--minutes N]   (default 10)
import { wxbridgeInWorker } from './worker-contenders.mjs';

const args = process.argv.slice(2);
const at = args.indexOf('--minutes');
const minutes = Number(at >= 0 ? args[at + 1] : (args.find((a) => a.startsWith('--minutes='))?.slice(10) ?? 10));
if (!(minutes > 0)) {
  console.error('soak: --minutes must be a positive number, e.g. --minutes 2');
  process.exit(2);
}
if (typeof globalThis.gc !== 'function') {
  console.error('soak: run it with node --expose-gc (npm run soak does)');
  process.exit(2);
}
const IN_FLIGHT = 1000;
const WARMUP_MS = Math.min(30_000, minutes * 6000);
const MB = 2 ** 20;

// V8's flags are the process's: the worker sees --expose-gc too (its heap report says so).
const pair = await wxbridgeInWorker(64);
const events = [];
const heaps = [];
pair.worker.on('message', (message) => {
  if (message.event !== 'heap') return events.push(message);
  if (!message.gc) throw new Error('soak: the worker has no gc(): its heap would not be settled');
  heaps.push(message.heapUsed);
});

async function settledHeaps() {
  for (let i = 0; i < 2; i++) {
    globalThis.gc();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const before = heaps.length;
  pair.worker.postMessage('heap');
  while (heaps.length === before) await new Promise((resolve) => setTimeout(resolve, 5));
  return { main: process.memoryUsage().heapUsed, worker: heaps[heaps.length - 1] };
}

let calls = 0;
let failed = 0;
const failures = new Map();
let stopping = false;
async function loop() {
  while (!stopping) {
    try {
      await pair.call();
      calls++;
    } catch (error) {
      failed++;
      const reason = error?.errMsg ?? String(error);
      failures.set(reason, (failures.get(reason) ?? 0) + 1);
    }
  }
}

/** Keeps IN_FLIGHT calls in flight for `ms`, then lets every call settle (nothing pending). */
async function load(ms) {
  stopping = false;
  const loops = Array.from({ length: IN_FLIGHT }, loop);
  await new Promise((resolve) => setTimeout(resolve, ms));
  stopping = true;
  await Promise.all(loops);
}

const started = performance.now();
// The heaps are compared in the same state, with nothing in flight: after the warm-up and at the end.
await load(WARMUP_MS);
const warm = { calls, heap: await settledHeaps() };
const progress = setInterval(() => {
  const seconds = (performance.now() - started) / 1000;
  console.error(`soak: ${Math.round(seconds)} s, ${calls.toLocaleString('en')} calls (${Math.round(calls / seconds).toLocaleString('en')}/s), ${failed} failed`);
}, 30_000);
await load(minutes * 60_000 - WARMUP_MS);
clearInterval(progress);
const seconds = (performance.now() - started) / 1000;
const end = await settledHeaps();
const pending = pair.pending();
await pair.close();

const summary = {
  minutes,
  inFlight: IN_FLIGHT,
  calls,
  callsPerSecond: Math.round(calls / seconds),
  failed,
  failures: Object.fromEntries(failures),
  hostEvents: events,
  pendingAtEnd: pending,
  heapGrowthMB: {
    main: Number((end.main / MB - warm.heap.main / MB).toFixed(3)),
    worker: Number((end.worker / MB - warm.heap.worker / MB).toFixed(3)),
  },
  heapMB: { main: Number((end.main / MB).toFixed(2)), worker: Number((end.worker / MB).toFixed(2)) },
  callsAfterWarmup: calls - warm.calls,
};
console.log(
  [
    `soak: ${minutes} min, batching on, host in a worker_thread, ${IN_FLIGHT} calls in flight`,
    `calls: ${calls.toLocaleString('en')} (${summary.callsPerSecond.toLocaleString('en')}/s)`,
    `failed calls: ${failed}${failed ? ` (${[...failures].map(([r, n]) => `${n}× ${r}`).join('; ')})` : ''}`,
    `host disconnects and errors: ${events.length ? events.map((e) => `${e.event} ${e.reason ?? e.message}`).join('; ') : 'none'}`,
    `heap growth after the ${WARMUP_MS / 1000} s warm-up (${summary.callsAfterWarmup.toLocaleString('en')} calls): main ${summary.heapGrowthMB.main} MB, worker ${summary.heapGrowthMB.worker} MB; pending at the end: ${pending}`,
  ].join('\n'),
);
console.log(JSON.stringify(summary));
process.exit(failed || events.length ? 1 : 0);
