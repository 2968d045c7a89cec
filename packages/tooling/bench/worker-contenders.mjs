// The realistic Node deployment: the host in a worker_thread, the mini program's guest in the main
// thread, one MessageChannel between the threads (worker-host.mjs is the worker's side). Each
// contender gets its own worker, all started before measuring and idle while the others run.
// `open(names)` resolves with `{ [name]: { call, close, pending, worker } }`.
import { Worker } from 'node:worker_threads';
import { connectGuest, createPortTransport } from '@wxbridge/guest';
import { rawCaller } from './node-contenders.mjs';
import { PARAMS } from './workload.mjs';

const WORKER = new URL('./worker-host.mjs', import.meta.url);

/** A worker answering on `port`; resolves once it runs. */
export function startWorker(workerData, port) {
  const worker = new Worker(WORKER, { workerData: { ...workerData, port }, transferList: [port] });
  return new Promise((resolve, reject) => {
    worker.once('online', () => resolve(worker));
    worker.once('error', reject);
  });
}

/** Raw request/reply with an id map against a responder in the worker: the floor, in the same arrangement. */
async function raw() {
  const { port1, port2 } = new MessageChannel();
  const worker = await startWorker({ kind: 'raw' }, port1);
  return { ...rawCaller(port2), close: () => (port2.close(), worker.terminate()), worker };
}

/** wxbridge: the guest here, the host in the worker; `maxBatch` 1 is a host that accepts no batching. */
export async function wxbridgeInWorker(maxBatch) {
  const { port1, port2 } = new MessageChannel();
  const worker = await startWorker({ kind: 'wxbridge', maxBatch }, port1);
  const bridge = connectGuest({ transport: createPortTransport(port2), tapTarget: null });
  await bridge.ready;
  return {
    call: () => bridge.wx.login(PARAMS),
    close: () => (bridge.dispose(), port2.close(), worker.terminate()),
    pending: () => bridge.pendingCount,
    bridge,
    worker,
  };
}

export const WORKER_CONTENDERS = {
  raw,
  wxbridge: () => wxbridgeInWorker(64),
  'wxbridge, batching off': () => wxbridgeInWorker(1),
};

export async function open(names) {
  const pairs = {};
  for (const name of names) pairs[name] = await WORKER_CONTENDERS[name]();
  return pairs;
}

export async function closeAll(pairs) {
  await Promise.all(Object.values(pairs).map((pair) => pair.close()));
}
