// The mini program page of the browser suite (origin __MINI_ORIGIN__): the guest side of one
// contender (`?c=`), driven by the Node side through `window.__bench`. Timing happens here, in the
// page, so nothing of the driver's round trips is counted.
import { connectGuest, createParentTransport } from '@wxbridge/guest';
import * as comlink from 'comlink';
import { connect, WindowMessenger } from 'penpal';
import { PARAMS } from '../workload.mjs';
import { meanLatency, median, throughput } from '../stats.mjs';

/* global __HOST_ORIGIN__ */
const HOST_ORIGIN = __HOST_ORIGIN__;
const contender = new URL(location.href).searchParams.get('c');
let json = false;

/** A raw request/reply with an id map over `post`; replies arrive through the returned `receive`. */
function idMap(post) {
  const waiting = new Map();
  let nextId = 1;
  return {
    call: () =>
      new Promise((resolve) => {
        const id = nextId++;
        waiting.set(id, resolve);
        const request = { id, api: 'login', params: PARAMS };
        post(json ? JSON.stringify(request) : request);
      }),
    receive(data) {
      const response = typeof data === 'string' ? JSON.parse(data) : data;
      const resolve = waiting.get(response.id);
      waiting.delete(response.id);
      resolve?.(response.result);
    },
  };
}

/** Asks the host page for a private port (origin-checked both ways). */
function askPort() {
  return new Promise((resolve) => {
    const onMessage = (event) => {
      if (event.source !== parent || event.origin !== HOST_ORIGIN || event.data?.bench !== 'port') return;
      window.removeEventListener('message', onMessage);
      resolve(event.ports[0]);
    };
    window.addEventListener('message', onMessage);
    parent.postMessage({ bench: 'want-port' }, HOST_ORIGIN);
  });
}

async function setUp() {
  switch (contender) {
    case 'raw window.postMessage': {
      const raw = idMap((message) => parent.postMessage(message, HOST_ORIGIN));
      window.addEventListener('message', (event) => {
        if (event.source === parent && event.origin === HOST_ORIGIN) raw.receive(event.data);
      });
      return raw.call;
    }
    case 'raw MessagePort': {
      const port = await askPort();
      const raw = idMap((message) => port.postMessage(message));
      port.onmessage = ({ data }) => raw.receive(data);
      return raw.call;
    }
    case 'wxbridge': {
      const bridge = connectGuest({ transport: createParentTransport({ hostOrigin: HOST_ORIGIN }) });
      await bridge.ready;
      return () => bridge.wx.login(PARAMS);
    }
    case 'comlink': {
      const remote = comlink.wrap(await askPort());
      return () => remote.login(PARAMS);
    }
    case 'penpal': {
      const connection = connect({ messenger: new WindowMessenger({ remoteWindow: parent, allowedOrigins: [HOST_ORIGIN] }) });
      const remote = await connection.promise;
      return () => remote.login(PARAMS);
    }
    case 'startup':
      return undefined;
    default:
      throw new Error(`unknown contender ${contender}`);
  }
}

/** Guest creation to completed handshake, `samples` times (each guest is a new session for the host). */
async function startup(samples) {
  const times = [];
  for (let i = 0; i < samples; i++) {
    const start = performance.now();
    const bridge = connectGuest({ transport: createParentTransport({ hostOrigin: HOST_ORIGIN }) });
    await bridge.ready;
    times.push((performance.now() - start) * 1000);
    bridge.dispose();
  }
  return median(times);
}

const ready = setUp();
window.__bench = {
  ready: () => ready.then(() => true),
  setJson(on) {
    json = on;
  },
  latency: async (calls) => meanLatency(await ready, calls),
  throughput: async (concurrency, total) => throughput(await ready, concurrency, total),
  startup,
};
