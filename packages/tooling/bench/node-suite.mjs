// Node suites over MessageChannel: latency (one call at a time), throughput (1, 10, 100, 1 000 in
// flight), payload growth (100 B to 1 MB results, structured clone and JSON text) and start-up
// (guest creation to completed handshake). Prints one JSON object on stdout.
//
//   node packages/tooling/bench/node-suite.mjs [--quick]
import { connect, PortMessenger } from 'penpal';
import { connectGuest } from '@wxbridge/guest';
import { createHost, createPortTransport } from '@wxbridge/host';
import { ANATOMY, closeAll, open } from './node-contenders.mjs';
import { CONCURRENCY, SIZES } from './workload.mjs';
import { interleave, latencyAndThroughput, median, round3, sequentialLatency, throughput } from './stats.mjs';

const quick = process.argv.includes('--quick');
const LIBRARIES = ['raw', 'wxbridge', 'wxbridge, batching off', 'comlink', 'penpal'];

/** Latency (one call at a time) and throughput (1 to 1 000 in flight) over one channel per library. */
async function calls() {
  const pairs = await open(LIBRARIES);
  const result = await latencyAndThroughput(Object.fromEntries(LIBRARIES.map((name) => [name, pairs[name].call])), {
    baseline: 'raw',
    levels: CONCURRENCY,
    quick,
  });
  closeAll(pairs);
  return result;
}

/** Round trips of a result of each size, as an object (structured clone) and as JSON text. */
async function payloads() {
  const names = ['raw', 'raw (JSON text)', 'wxbridge', 'wxbridge (JSON text)', 'comlink', 'penpal'];
  const out = {};
  for (const bytes of SIZES) {
    const pairs = await open(names, bytes);
    const calls = Math.max(3, Math.round((quick ? 2e5 : 1e6) / (bytes + 1000)));
    out[bytes] = await interleave(names, {
      rounds: quick ? 3 : 7,
      baseline: 'raw',
      measure: (name) => sequentialLatency(pairs[name].call, calls),
    });
    closeAll(pairs);
  }
  return out;
}

/** Where wxbridge's cost goes: the wire format alone, the guest alone, the host alone (node-contenders.mjs). */
async function anatomy() {
  const names = ['raw', ...Object.keys(ANATOMY), 'wxbridge'];
  const pairs = await open(names);
  const out = {
    latency: await interleave(names, {
      rounds: quick ? 3 : 15,
      warmup: 2,
      baseline: 'raw',
      measure: (name) => sequentialLatency(pairs[name].call, quick ? 500 : 2000),
    }),
    throughput: await interleave(names, {
      rounds: quick ? 3 : 9,
      baseline: 'raw',
      measure: (name) => throughput(pairs[name].call, 100, quick ? 5000 : 20_000),
    }),
  };
  closeAll(pairs);
  return out;
}

/** Guest creation to a completed handshake, the host already listening on the other port. */
async function startup() {
  const samples = quick ? 50 : 400;
  const host = createHost();
  host.handle('login', () => ({ code: 'c0de' }));
  const wxbridge = [];
  const penpal = [];
  for (let i = 0; i < samples; i++) {
    {
      const { port1, port2 } = new MessageChannel();
      const connection = host.connect(createPortTransport(port1), { appId: 'wx-bench' });
      const start = performance.now();
      const bridge = connectGuest({ transport: createPortTransport(port2), tapTarget: null });
      await bridge.ready;
      wxbridge.push((performance.now() - start) * 1000);
      bridge.dispose();
      connection.dispose();
    }
    {
      const { port1, port2 } = new MessageChannel();
      const parent = connect({ messenger: new PortMessenger({ port: port1 }), methods: { login: () => ({}) } });
      const start = performance.now();
      const child = connect({ messenger: new PortMessenger({ port: port2 }), methods: {} });
      await child.promise;
      penpal.push((performance.now() - start) * 1000);
      child.destroy();
      parent.destroy();
    }
  }
  const summary = (values) => ({ median: round3(median(values)), samples: values.length });
  return { wxbridge: summary(wxbridge), penpal: summary(penpal) };
}

const started = performance.now();
const result = {
  node: process.version,
  ...(await calls()),
  payload: await payloads(),
  startup: await startup(),
  anatomy: await anatomy(),
};
result.seconds = round3((performance.now() - started) / 1000);
process.stdout.write(JSON.stringify(result) + '\n');
process.exit(0);
