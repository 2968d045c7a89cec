/**
 * Measures what one mini program's flood costs another served by the same host: the quiet app's
 * median round trip while the other floods, over its median while nobody floods. The host and
 * the quiet app's guest run in this thread; the flooding mini program runs in a worker thread
 * (as a mini program runs in its own frame or worker), so its own work does not count against
 * the host. Quiet and flood phases alternate, so machine noise hits both alike.
 *
 * Floods:
 * - `calls`: the reference guest making thousands of calls at once, over and over, to
 *   handlers that answer at once (the host's worst case: every answer invites the next call),
 *   with prompts among them (refused at once past the prompt limits);
 * - `raw`: a hostile guest posting requests without ever waiting for answers;
 * - `costly`: a hostile guest posting few but costly messages as JSON text: 1 MB of `[[[…]]]`
 *   and flat objects of ~1 MB, ten a burst.
 */
import { performance } from 'node:perf_hooks';
import { MessageChannel, Worker, type MessagePort as NodePort } from 'node:worker_threads';
import { connectGuest, type GuestBridge } from '@wxbridge/guest';
import { createHost, createPortTransport, type Endpoint, type Host } from '@wxbridge/host';
import { bundleForNode } from './browser-bundle';

export type Flood = 'calls' | 'raw' | 'costly';

export interface LatencyReport {
  flood: Flood;
  quietMedianUs: number;
  floodMedianUs: number;
  ratio: number;
  quietP99Us: number;
  floodP99Us: number;
  /** The p99 during the flood over the p99 alone. */
  p99Ratio: number;
  /** Calls the flooding mini program got answered (or messages it posted, for `raw`) while the quiet one was measured. */
  floodWork: number;
  /** Why the host cut the flooder off, if it did. */
  cutOff: string | undefined;
}

const FLOODER = `
  import { parentPort, workerData } from 'node:worker_threads';
  import { connectGuest, createPortTransport } from '@wxbridge/guest';
  const port = workerData.port;
  let flooding = false;
  let work = 0;
  if (workerData.flood === 'costly') {
    port.on('message', () => {});
    port.postMessage({ wxbridge: 1, kind: 'hello', protocol: 1, sdk: 'flood', session: 'flood' });
    const request = (id, params) => '{"wxbridge":1,"kind":"request","id":' + id + ',"api":"login","params":' + params + '}';
    const nested = '['.repeat(500000) + ']'.repeat(500000);
    const flat = '{' + Array.from({ length: 80000 }, (_, i) => '"key' + i + '":' + i).join(',') + '}';
    let id = 1;
    const loop = () => {
      if (!flooding) return;
      for (let n = 0; n < 10; n++) port.postMessage(request(id++, n % 2 ? flat : nested));
      work += 10;
      setTimeout(loop, 20);
    };
    parentPort.on('message', (on) => { flooding = on; if (on) loop(); else parentPort.postMessage({ idle: true, work }); });
  } else if (workerData.flood === 'raw') {
    port.on('message', () => {});
    port.postMessage({ wxbridge: 1, kind: 'hello', protocol: 1, sdk: 'flood', session: 'flood' });
    let id = 1;
    const loop = () => {
      if (!flooding) return;
      for (let n = 0; n < 500; n++) port.postMessage({ wxbridge: 1, kind: 'request', id: id++, api: 'login', params: {} });
      work += 500;
      setImmediate(loop);
    };
    parentPort.on('message', (on) => { flooding = on; if (on) loop(); else parentPort.postMessage({ idle: true, work }); });
  } else {
    const { wx, ready } = connectGuest({ transport: createPortTransport(port), tapTarget: null, onError: () => {} });
    let running = 0;
    const one = async () => {
      running++;
      while (flooding) {
        await Promise.all([wx.login(), wx.getSetting(), wx.authorize({ scope: 'scope.camera' }).catch(() => {})]);
        work += 3;
      }
      if (--running === 0) parentPort.postMessage({ idle: true, work });
    };
    ready.then(() => parentPort.postMessage({ ready: true }));
    parentPort.on('message', (on) => { flooding = on; if (on) for (let n = 0; n < 400; n++) one(); });
  }
`;

function bundleFlooder(): string {
  return bundleForNode({ code: FLOODER }, 'esm');
}

/** The value below which `q` of the values lie (0.5: the median, 0.99: the p99). */
function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))]!;
}

function serve(host: Host): void {
  host.handle('login', () => ({ code: 'c0de' }));
}

export async function measureFloodLatency(flood: Flood, options: { rounds?: number; samples?: number } = {}): Promise<LatencyReport> {
  const rounds = options.rounds ?? 8;
  const samples = options.samples ?? 250;
  // A store that forgets, so that every authorize asks again: the prompt limits refuse the rest.
  const forgetful = { get: () => undefined, set: () => {}, delete: () => {} };
  const host = createHost({ store: forgetful, prompts: { authorize: () => false } });
  serve(host);
  let cutOff: string | undefined;
  host.on('disconnect', (connection, reason) => {
    if (connection.app.appId === 'wx-flooder') cutOff = reason;
  });

  const quietChannel = new MessageChannel();
  host.connect(createPortTransport(quietChannel.port1 as unknown as Endpoint), { appId: 'wx-quiet' });
  const quiet: GuestBridge = connectGuest({ transport: createPortTransport(quietChannel.port2 as unknown as Endpoint), tapTarget: null });

  const floodChannel = new MessageChannel();
  host.connect(createPortTransport(floodChannel.port1 as unknown as Endpoint), { appId: 'wx-flooder' });
  const worker = new Worker(new URL('data:text/javascript,' + encodeURIComponent(bundleFlooder())), {
    workerData: { port: floodChannel.port2, flood },
    transferList: [floodChannel.port2 as NodePort],
  });
  const messages: Array<{ ready?: boolean; idle?: boolean; work?: number }> = [];
  const waiters: Array<() => void> = [];
  worker.on('message', (message) => {
    messages.push(message);
    for (const wake of waiters.splice(0)) wake();
  });
  const next = async (test: (m: (typeof messages)[number]) => boolean) => {
    for (;;) {
      const found = messages.findIndex(test);
      if (found >= 0) return messages.splice(found, 1)[0]!;
      await new Promise<void>((resolve) => waiters.push(resolve));
    }
  };

  const sample = async (into: number[]) => {
    for (let n = 0; n < samples; n++) {
      const started = performance.now();
      await quiet.wx.login();
      into.push(performance.now() - started);
    }
  };

  try {
    await quiet.ready;
    if (flood === 'calls') await next((m) => m.ready === true);
    await sample([]); // warm-up
    const quietTimes: number[] = [];
    const floodTimes: number[] = [];
    let floodWork = 0;
    let workBefore = 0;
    for (let round = 0; round < rounds; round++) {
      await sample(quietTimes);
      worker.postMessage(true);
      await new Promise((resolve) => setTimeout(resolve, 15)); // the flood is under way
      await sample(floodTimes);
      worker.postMessage(false);
      const idle = await next((m) => m.idle === true);
      floodWork += (idle.work ?? 0) - workBefore;
      workBefore = idle.work ?? 0;
    }
    const [quietMedianUs, floodMedianUs, quietP99Us, floodP99Us] = [
      quantile(quietTimes, 0.5),
      quantile(floodTimes, 0.5),
      quantile(quietTimes, 0.99),
      quantile(floodTimes, 0.99),
    ].map((ms) => ms * 1000) as [number, number, number, number];
    const ratio = floodMedianUs / quietMedianUs;
    return { flood, quietMedianUs, floodMedianUs, ratio, quietP99Us, floodP99Us, p99Ratio: floodP99Us / quietP99Us, floodWork, cutOff };
  } finally {
    quiet.dispose();
    host.dispose();
    quietChannel.port1.close();
    floodChannel.port1.close();
    await worker.terminate();
  }
}

/** Measures up to `attempts` times (a noisy machine has bad moments); returns every report, the best last. */
export async function measureWithRetries(flood: Flood, bound: number, attempts = 3, by: 'ratio' | 'p99Ratio' = 'ratio'): Promise<LatencyReport[]> {
  const reports: LatencyReport[] = [];
  for (let attempt = 0; attempt < attempts; attempt++) {
    reports.push(await measureFloodLatency(flood));
    if (reports[reports.length - 1]![by] <= bound) break;
  }
  return reports.sort((a, b) => b[by] - a[by]);
}

export function describeReport(r: LatencyReport): string {
  return `${r.flood} flood: quiet app's median round trip ${r.quietMedianUs.toFixed(1)} µs alone, ${r.floodMedianUs.toFixed(1)} µs during the flood: ratio ${r.ratio.toFixed(2)}; p99 ${r.quietP99Us.toFixed(1)} µs alone, ${r.floodP99Us.toFixed(1)} µs during: ratio ${r.p99Ratio.toFixed(2)} (flood work ${r.floodWork}${r.cutOff ? `, flooder cut off: ${r.cutOff}` : ''})`;
}
