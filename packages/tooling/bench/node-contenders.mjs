// The contenders over one Node `MessageChannel` each, in one thread: every one answers the same
// `login(params)` with the same result. `create(name, bytes)` resolves with `{ call, close }`;
// `call()` makes one call and resolves with its result.
import { connectGuest } from '@wxbridge/guest';
import { createHost, createPortTransport } from '@wxbridge/host';
import { createStringTransport, DEFAULT_LIMITS, WIRE_MARKER } from '@wxbridge/protocol';
import * as comlink from 'comlink';
import { connect, PortMessenger } from 'penpal';
import { fullResultOf, handlerResultOf, PARAMS } from './workload.mjs';

/**
 * The raw floor's calling side on `port`: request/reply with an id map, one message per call.
 * `encode`/`decode`: identity for objects, JSON for text. Also used with a responder in a worker.
 */
export function rawCaller(port, encode = (value) => value, decode = (value) => value) {
  const waiting = new Map();
  let nextId = 1;
  port.onmessage = ({ data }) => {
    const response = decode(data);
    const resolve = waiting.get(response.id);
    waiting.delete(response.id);
    resolve(response.result);
  };
  return {
    call: () =>
      new Promise((resolve) => {
        const id = nextId++;
        waiting.set(id, resolve);
        port.postMessage(encode({ id, api: 'login', params: PARAMS }));
      }),
    pending: () => waiting.size,
  };
}

/** Raw request/reply with an id map: the floor. `json`: the messages travel as JSON text. */
function raw(bytes, json) {
  const { port1, port2 } = new MessageChannel();
  const encode = json ? JSON.stringify : (value) => value;
  const decode = json ? JSON.parse : (value) => value;
  port1.onmessage = ({ data }) => {
    const request = decode(data);
    port1.postMessage(encode({ id: request.id, result: fullResultOf(bytes) }));
  };
  return { ...rawCaller(port2, encode, decode), close: () => (port1.close(), port2.close()) };
}

/** A string channel over a port (what a native webview bridge carries). */
function stringChannel(port) {
  return createStringTransport({
    send: (text) => port.postMessage(text),
    subscribe(receive) {
      port.onmessage = ({ data }) => receive(data);
      return () => (port.onmessage = null);
    },
    close: () => port.close(),
  });
}

/** wxbridge: the full guest and host (codec, validation, errMsg composition, timeouts). */
export async function wxbridgePair(bytes, json = false, host = createHost(), appId = 'wx-bench') {
  const { port1, port2 } = new MessageChannel();
  host.handle('login', () => handlerResultOf(bytes));
  const connection = host.connect(json ? stringChannel(port1) : createPortTransport(port1), { appId });
  const bridge = connectGuest({ transport: json ? stringChannel(port2) : createPortTransport(port2), tapTarget: null });
  await bridge.ready;
  return {
    call: () => bridge.wx.login(PARAMS),
    close: () => (bridge.dispose(), connection.dispose(), port1.close(), port2.close()),
    pending: () => bridge.pendingCount + connection.runningCount,
    bridge,
    connection,
  };
}

function comlinkPair(bytes) {
  const { port1, port2 } = new MessageChannel();
  comlink.expose({ login: () => fullResultOf(bytes) }, port1);
  const remote = comlink.wrap(port2);
  return {
    call: () => remote.login(PARAMS),
    close: () => (remote[comlink.releaseProxy](), port1.close(), port2.close()),
  };
}

async function penpalPair(bytes) {
  const { port1, port2 } = new MessageChannel();
  const parent = connect({ messenger: new PortMessenger({ port: port1 }), methods: { login: () => fullResultOf(bytes) } });
  const child = connect({ messenger: new PortMessenger({ port: port2 }), methods: {} });
  const [remote] = await Promise.all([child.promise, parent.promise]);
  return {
    call: () => remote.login(PARAMS),
    close: () => (child.destroy(), parent.destroy(), port1.close(), port2.close()),
  };
}

// The anatomy of wxbridge's cost: the raw channel carrying wxbridge's envelopes (the wire format's
// own cost), then the real guest against a scripted host, and a scripted guest against the real
// host, each side answering with fixed envelopes and no checks.

const request = (id) => ({ wxbridge: WIRE_MARKER, kind: 'request', id, api: 'login', params: PARAMS });
const response = (id) => ({ wxbridge: WIRE_MARKER, kind: 'response', id, ok: true, result: fullResultOf(0) });

/** A scripted host: a welcome for a hello, a fixed response for a request. */
function scriptedHost(port) {
  port.onmessage = ({ data }) => {
    if (data.kind === 'request') port.postMessage(response(data.id));
    else if (data.kind === 'hello') {
      port.postMessage({
        wxbridge: WIRE_MARKER,
        kind: 'welcome',
        protocol: 1,
        session: data.session,
        host: { name: 'scripted', version: '1' },
        account: { miniProgram: { appId: 'wx-bench', envVersion: 'release', version: '' } },
        capabilities: ['login'],
        interactive: [],
        limits: DEFAULT_LIMITS,
      });
    }
  };
}

/** A scripted guest: an id map sending request envelopes, after a hello (unless `host` is scripted too). */
async function scriptedGuest(port, hello) {
  const waiting = new Map();
  let nextId = 1;
  let welcomed;
  const ready = new Promise((resolve) => (welcomed = resolve));
  port.onmessage = ({ data }) => {
    if (data.kind === 'welcome') return welcomed();
    const resolve = waiting.get(data.id);
    waiting.delete(data.id);
    resolve(data.result);
  };
  if (hello) port.postMessage({ wxbridge: WIRE_MARKER, kind: 'hello', protocol: 1, sdk: 'scripted', session: 'scripted' });
  else welcomed();
  await ready;
  return {
    call: () =>
      new Promise((resolve) => {
        const id = nextId++;
        waiting.set(id, resolve);
        port.postMessage(request(id));
      }),
    pending: () => waiting.size,
  };
}

/**
 * The same envelopes as positional arrays (`[marker, kind, id, api, params]`, `[marker, kind, id,
 * ok, result]`): what a wire form without member names would cost. Not a wxbridge format; it
 * bounds what changing the protocol's envelopes could win.
 */
function positionalChannel() {
  const { port1, port2 } = new MessageChannel();
  port1.onmessage = ({ data }) => port1.postMessage([WIRE_MARKER, 'response', data[2], true, fullResultOf(0)]);
  const waiting = new Map();
  let nextId = 1;
  port2.onmessage = ({ data }) => {
    const resolve = waiting.get(data[2]);
    waiting.delete(data[2]);
    resolve(data[4]);
  };
  return {
    call: () =>
      new Promise((resolve) => {
        const id = nextId++;
        waiting.set(id, resolve);
        port2.postMessage([WIRE_MARKER, 'request', id, 'login', PARAMS]);
      }),
    close: () => (port1.close(), port2.close()),
  };
}

export const ANATOMY = {
  'raw, wxbridge envelopes': async () => {
    const { port1, port2 } = new MessageChannel();
    port1.onmessage = ({ data }) => port1.postMessage(response(data.id));
    return { ...(await scriptedGuest(port2, false)), close: () => (port1.close(), port2.close()) };
  },
  'raw, envelopes as positional arrays': async () => positionalChannel(),
  'wxbridge guest, scripted host': async () => {
    const { port1, port2 } = new MessageChannel();
    scriptedHost(port1);
    const bridge = connectGuest({ transport: createPortTransport(port2), tapTarget: null });
    await bridge.ready;
    return { call: () => bridge.wx.login(PARAMS), close: () => (bridge.dispose(), port1.close(), port2.close()) };
  },
  'scripted guest, wxbridge host': async () => {
    const { port1, port2 } = new MessageChannel();
    const host = createHost();
    host.handle('login', () => handlerResultOf(0));
    const connection = host.connect(createPortTransport(port1), { appId: 'wx-bench' });
    return { ...(await scriptedGuest(port2, true)), close: () => (connection.dispose(), port1.close(), port2.close()) };
  },
};

export const CONTENDERS = {
  raw: (bytes) => raw(bytes, false),
  'raw (JSON text)': (bytes) => raw(bytes, true),
  wxbridge: (bytes) => wxbridgePair(bytes, false),
  // A host that accepts no batching: one envelope per message both ways, as before batching.
  'wxbridge, batching off': (bytes) => wxbridgePair(bytes, false, createHost({ maxBatch: 1 })),
  'wxbridge (JSON text)': (bytes) => wxbridgePair(bytes, true),
  comlink: comlinkPair,
  penpal: penpalPair,
  ...ANATOMY,
};

/** Opens the named contenders for results of `bytes` (0: the small login result). */
export async function open(names, bytes = 0) {
  const pairs = {};
  for (const name of names) pairs[name] = await CONTENDERS[name](bytes);
  return pairs;
}

export function closeAll(pairs) {
  for (const pair of Object.values(pairs)) pair.close();
}
