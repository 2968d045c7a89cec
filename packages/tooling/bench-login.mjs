// Quick measurement: the median round trip of wx.login through the full guest and host over a
// Node MessageChannel, beside a raw request/reply with an id map on the same kind of channel.
// Interleaved (raw, wxbridge, raw, wxbridge, …) so machine noise hits both alike.
import { connectGuest } from '@wxbridge/guest';
import { createHost, createPortTransport } from '@wxbridge/host';
import { performance } from 'node:perf_hooks';

const ROUNDS = Number(process.env.ROUNDS ?? 10);
const CALLS = Number(process.env.CALLS ?? 2000);

function rawPair() {
  const { port1, port2 } = new MessageChannel();
  port1.onmessage = ({ data }) => port1.postMessage({ id: data.id, result: { code: 'c0de', errMsg: 'login:ok' } });
  const waiting = new Map();
  let nextId = 1;
  port2.onmessage = ({ data }) => {
    const resolve = waiting.get(data.id);
    waiting.delete(data.id);
    resolve(data.result);
  };
  return {
    call: () =>
      new Promise((resolve) => {
        const id = nextId++;
        waiting.set(id, resolve);
        port2.postMessage({ id, api: 'login', params: { lang: 'en' } });
      }),
    close: () => (port1.close(), port2.close()),
  };
}

async function bridgePair() {
  const { port1, port2 } = new MessageChannel();
  const host = createHost();
  host.handle('login', () => ({ code: 'c0de' }));
  host.connect(createPortTransport(port1), { appId: 'wx-bench' });
  const bridge = connectGuest({ transport: createPortTransport(port2), tapTarget: null });
  await bridge.ready;
  return { call: () => bridge.wx.login(), close: () => (bridge.dispose(), host.dispose(), port1.close()) };
}

async function sample(pair, samples) {
  for (let i = 0; i < CALLS; i++) {
    const t = performance.now();
    await pair.call();
    samples.push(performance.now() - t);
  }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

const raw = rawPair();
const bridge = await bridgePair();
await sample(raw, []); // warm-up
await sample(bridge, []);
const rawSamples = [];
const bridgeSamples = [];
for (let round = 0; round < ROUNDS; round++) {
  await sample(raw, rawSamples);
  await sample(bridge, bridgeSamples);
}
raw.close();
bridge.close();
const r = median(rawSamples) * 1000;
const b = median(bridgeSamples) * 1000;
console.log(`Node ${process.version}, MessageChannel, ${ROUNDS} interleaved rounds of ${CALLS} sequential calls each`);
console.log(`| path | median round trip |`);
console.log(`|---|---|`);
console.log(`| raw request/reply with an id map | ${r.toFixed(1)} µs |`);
console.log(`| wxbridge wx.login (guest + host) | ${b.toFixed(1)} µs |`);
console.log(`| ratio | ${(b / r).toFixed(2)}× |`);
