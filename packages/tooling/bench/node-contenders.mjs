// The contenders over one Node `MessageChannel` each, in one thread: every one answers the same
// `login(params)` with the same result. `create(name, bytes)` resolves with `{ call, close }`;
// `call()` makes one call and resolves with its result.
import { connectGuest } from '@wxbridge/guest';
import { createHost, createPortTransport } from '@wxbridge/host';
import { createStringTransport } from '@wxbridge/protocol';
import * as comlink from 'comlink';
import { connect, PortMessenger } from 'penpal';
import { fullResultOf, handlerResultOf, PARAMS } from './workload.mjs';

/** Raw request/reply with an id map: the floor. `json`: the messages travel as JSON text. */
function raw(bytes, json) {
  const { port1, port2 } = new MessageChannel();
  const encode = json ? JSON.stringify : (value) => value;
  const decode = json ? JSON.parse : (value) => value;
  port1.onmessage = ({ data }) => {
    const request = decode(data);
    port1.postMessage(encode({ id: request.id, result: fullResultOf(bytes) }));
  };
  const waiting = new Map();
  let nextId = 1;
  port2.onmessage = ({ data }) => {
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
        port2.postMessage(encode({ id, api: 'login', params: PARAMS }));
      }),
    close: () => (port1.close(), port2.close()),
    pending: () => waiting.size,
  };
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

export const CONTENDERS = {
  raw: (bytes) => raw(bytes, false),
  'raw (JSON text)': (bytes) => raw(bytes, true),
  wxbridge: (bytes) => wxbridgePair(bytes, false),
  'wxbridge (JSON text)': (bytes) => wxbridgePair(bytes, true),
  comlink: comlinkPair,
  penpal: penpalPair,
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
