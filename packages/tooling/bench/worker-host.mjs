// The far side of a channel in a worker_thread (worker-contenders.mjs starts it): a host of the
// built @wxbridge/host, or the raw request/reply floor, answering `login` over the MessagePort it
// is handed. For the soak it also reports disconnects and errors, and its heap after a forced GC.
//
//   new Worker(url, { workerData: { kind: 'raw' | 'wxbridge', maxBatch, port }, transferList: [port] })
import { parentPort, workerData } from 'node:worker_threads';
import { createHost, createPortTransport } from '@wxbridge/host';
import { fullResultOf, handlerResultOf } from './workload.mjs';

const { kind, maxBatch, port, bytes = 0 } = workerData;

if (kind === 'raw') {
  port.on('message', (request) => port.postMessage({ id: request.id, result: fullResultOf(bytes) }));
} else {
  const host = createHost({ maxBatch });
  host.handle('login', () => handlerResultOf(bytes));
  host.on('disconnect', (_connection, reason) => parentPort.postMessage({ event: 'disconnect', reason }));
  host.on('error', ({ phase, error }) => parentPort.postMessage({ event: 'error', phase, message: String(error?.message ?? error) }));
  host.connect(createPortTransport(port), { appId: 'wx-bench' });
}

parentPort.on('message', async (message) => {
  if (message === 'heap') {
    // Twice, with a turn between: finalizers and weak references settle (as memory.mjs does).
    for (let i = 0; i < 2; i++) {
      globalThis.gc?.();
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    parentPort.postMessage({ event: 'heap', heapUsed: process.memoryUsage().heapUsed, gc: typeof globalThis.gc === 'function' });
  }
});
