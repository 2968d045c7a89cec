// Memory: the heap after the first 10 000 calls and after 1 000 000, each after a forced GC, and
// whether every pending-call table is empty at the end (the guest's pending and queued calls, the
// host connection's running calls, the raw baseline's id map). Prints one JSON object.
//
//   node --expose-gc packages/tooling/bench/memory.mjs [--quick]
import { open, closeAll } from './node-contenders.mjs';
import { round3, throughput } from './stats.mjs';

if (typeof globalThis.gc !== 'function') {
  console.error('memory.mjs needs node --expose-gc');
  process.exit(2);
}

const quick = process.argv.includes('--quick');
const FIRST = 10_000;
const TOTAL = quick ? 200_000 : 1_000_000;
/** Calls in flight while the million run: the guest's default window, so nothing waits in its queue. */
const IN_FLIGHT = 64;

async function settledHeap() {
  // Twice, with a turn of the event loop between: finalizers and weak references settle.
  for (let i = 0; i < 2; i++) {
    globalThis.gc();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return process.memoryUsage().heapUsed;
}

async function measure(name) {
  const pairs = await open([name]);
  const pair = pairs[name];
  await throughput(pair.call, IN_FLIGHT, FIRST);
  const afterFirst = await settledHeap();
  const started = performance.now();
  await throughput(pair.call, IN_FLIGHT, TOTAL - FIRST);
  const seconds = (performance.now() - started) / 1000;
  const afterAll = await settledHeap();
  const pending = pair.pending();
  closeAll(pairs);
  return {
    calls: TOTAL,
    heapAfterFirstMB: round3(afterFirst / 2 ** 20),
    heapAfterAllMB: round3(afterAll / 2 ** 20),
    growthMB: round3((afterAll - afterFirst) / 2 ** 20),
    pendingAtEnd: pending,
    seconds: round3(seconds),
  };
}

const result = { wxbridge: await measure('wxbridge'), raw: await measure('raw') };
process.stdout.write(JSON.stringify(result) + '\n');
process.exit(0);
