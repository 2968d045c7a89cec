// The guest's side of batching (docs/protocol.md, section 17): it offers batching in its hello,
// sends what one task sends as one message only once a welcome accepts (never to a host that does
// not), reads the batches a host sends envelope by envelope, and tells each call whose request could
// not be sent, alone or in a batch.
import { connectGuest, createNativeTransport, type GuestBridge } from '@wxbridge/guest';
import { createPortTransport, WIRE_MARKER, type Envelope, type HelloEnvelope, type RequestEnvelope, type Transport } from '@wxbridge/protocol';
import { welcomeFor } from '../../tooling/test-support/envelopes';
import { onCleanup, until } from '../../tooling/test-support/pair';

const response = (id: number, code = `c${id}`) => ({ wxbridge: WIRE_MARKER, kind: 'response', id, ok: true, result: { code, errMsg: 'login:ok' } });

/** A scripted host on a MessageChannel: records every message the guest posts, and welcomes its hello as told. */
function scriptedHost(welcome: (hello: HelloEnvelope) => Record<string, unknown>, wrap: (t: Transport) => Transport = (t) => t) {
  const { port1, port2 } = new MessageChannel();
  const messages: Envelope[] = [];
  port1.onmessage = ({ data }) => {
    messages.push(data);
    if (data.kind === 'hello') port1.postMessage(welcomeFor(data.session, welcome(data) as never));
  };
  const bridge = connectGuest({ transport: wrap(createPortTransport(port2)), tapTarget: null, timeout: 2000 });
  onCleanup(() => (bridge.dispose(), port1.close(), port2.close()));
  const requests = () => messages.flatMap((m) => (m.kind === 'batch' ? m.envelopes : [m])).filter((e): e is RequestEnvelope => e.kind === 'request');
  return { bridge, messages, requests, port: port1 };
}

/** A scripted host whose channel, once the handshake is done, throws on every send. */
async function hostThatGoes(welcome: (hello: HelloEnvelope) => Record<string, unknown>) {
  let broken = false;
  const host = scriptedHost(welcome, (inner) => ({
    ...inner,
    send(envelope) {
      if (broken) throw new Error('the channel is gone');
      inner.send(envelope);
    },
  }));
  await host.bridge.ready;
  broken = true;
  return host;
}

/** Three logins made in one task. */
const threeCalls = (bridge: GuestBridge) => [bridge.wx.login(), bridge.wx.login(), bridge.wx.login()];

test('the hello offers batching: the guest reads batches of up to 1024 envelopes', async () => {
  const host = scriptedHost(() => ({}));
  await host.bridge.ready;
  expect(host.messages[0]).toMatchObject({ kind: 'hello', batch: 1024 });
});

test('to a host whose welcome does not accept batching (a native host, an older one), one envelope per message', async () => {
  const host = scriptedHost(() => ({}));
  await host.bridge.ready;
  const calls = threeCalls(host.bridge);
  await until(() => host.requests().length === 3, 'the three requests');
  expect(host.messages.slice(1).map((m) => m.kind)).toEqual(['request', 'request', 'request']);
  for (const { id } of host.requests()) host.port.postMessage(response(id));
  await expect(Promise.all(calls)).resolves.toEqual([1, 2, 3].map((id) => ({ code: `c${id}`, errMsg: 'login:ok' })));
});

test('once a welcome accepts, what one task sends goes as one batch, cut at the batch size the host reads', async () => {
  const host = scriptedHost(() => ({ batch: 2 }));
  await host.bridge.ready;
  const calls = [...threeCalls(host.bridge)];
  await until(() => host.requests().length === 3, 'the three requests');
  const [, first, second] = host.messages;
  expect(first).toMatchObject({ wxbridge: WIRE_MARKER, kind: 'batch', envelopes: [{ kind: 'request', id: 1 }, { kind: 'request', id: 2 }] });
  expect(second).toMatchObject({ kind: 'request', id: 3 }); // the third, alone in its own message
  host.port.postMessage({ wxbridge: WIRE_MARKER, kind: 'batch', envelopes: [response(3), response(1), response(2)] });
  await expect(Promise.all(calls)).resolves.toEqual([1, 2, 3].map((id) => ({ code: `c${id}`, errMsg: 'login:ok' })));
});

test("a host's batch is read envelope by envelope: what is not a valid host envelope is skipped, the rest still settle", async () => {
  const host = scriptedHost(() => ({ batch: 64 }));
  await host.bridge.ready;
  const calls = threeCalls(host.bridge);
  await until(() => host.requests().length === 3, 'the three requests');
  const broken = { wxbridge: WIRE_MARKER, kind: 'response', id: 2, ok: 'yes', result: {} };
  host.port.postMessage({ wxbridge: WIRE_MARKER, kind: 'batch', envelopes: [response(1), broken, 'text', response(3)] });
  await expect(calls[0]).resolves.toEqual({ code: 'c1', errMsg: 'login:ok' });
  await expect(calls[2]).resolves.toEqual({ code: 'c3', errMsg: 'login:ok' });
  expect(host.bridge.pendingCount).toBe(1); // the second waits for a valid answer
  host.port.postMessage(response(2));
  await expect(calls[1]).resolves.toEqual({ code: 'c2', errMsg: 'login:ok' });
});

test('a batch that cannot be cloned is sent envelope by envelope: only the call with unsendable params fails', async () => {
  const host = scriptedHost(() => ({ batch: 64 }));
  await host.bridge.ready;
  const good = host.bridge.wx.login();
  const bad = host.bridge.wx.login({ nested: { fn: () => 1 } } as never);
  const alsoGood = host.bridge.wx.login();
  await expect(bad).rejects.toEqual({ errMsg: 'login:fail parameter error: parameters must be JSON data;', errno: 1001 });
  await until(() => host.requests().length === 2, 'the two good requests');
  expect(host.messages.slice(1).map((m) => m.kind)).toEqual(['request', 'request']);
  for (const { id } of host.requests()) host.port.postMessage(response(id));
  await expect(Promise.all([good, alsoGood])).resolves.toHaveLength(2);
});

test('a transport that throws on every batch fails each call in it with host disconnected', async () => {
  const host = await hostThatGoes(() => ({ batch: 64 }));
  const outcomes = await Promise.allSettled(threeCalls(host.bridge));
  expect(outcomes).toEqual(Array(3).fill({ status: 'rejected', reason: { errMsg: 'login:fail host disconnected' } }));
  expect(host.bridge.pendingCount).toBe(0);
});

test('calls queued behind maxInFlight are sent when a failed batch frees the room, and fail too', async () => {
  // Without batching a failed send freed its room at once and the queue moved on; a batch fails on a
  // later microtask, so the table must send what waits then, or it would wait with no deadline.
  const host = await hostThatGoes(() => ({ batch: 64, limits: { maxMessageBytes: 1 << 20, maxDepth: 32, maxInFlight: 2 } }));
  const outcomes = Promise.allSettled([...threeCalls(host.bridge), host.bridge.wx.login()]);
  expect(host.bridge.pendingCount).toBe(4); // two in flight, two queued
  await until(() => host.bridge.pendingCount === 0, 'the queued calls to be sent and fail');
  expect(await outcomes).toEqual(Array(4).fill({ status: 'rejected', reason: { errMsg: 'login:fail host disconnected' } }));
});

test('dispose sends what waits, then the goodbye, in one batch before the channel closes', async () => {
  const host = scriptedHost(() => ({ batch: 64 }));
  await host.bridge.ready;
  void host.bridge.wx.login().catch(() => {});
  host.bridge.dispose();
  await until(() => host.messages.length === 2, 'the batch');
  expect(host.messages[1]).toMatchObject({ kind: 'batch', envelopes: [{ kind: 'request', id: 1 }, { kind: 'bye', reason: 'guest disposed' }] });
});

test('over a string bridge, each envelope of a batch text is heard only with the session key', async () => {
  const page: Record<string, unknown> = {};
  const sent: string[] = [];
  page.ReactNativeWebView = { postMessage: (text: string) => sent.push(text) };
  const bridge = connectGuest({ transport: createNativeTransport({ global: page }), tapTarget: null });
  onCleanup(() => bridge.dispose());
  const receive = (text: string) => (page.__wxbridge_receive__ as (text: string) => void)(text);
  await until(() => sent.length > 0, 'the hello');
  const hello = JSON.parse(sent[0]!) as HelloEnvelope;
  expect(hello).toMatchObject({ batch: 1024, key: expect.any(String) });
  receive(JSON.stringify({ ...welcomeFor(hello.session, { batch: 64 }), key: hello.key }));
  await bridge.ready;
  const calls = threeCalls(bridge);
  await until(() => sent.length === 2, 'the batch of requests');
  expect(JSON.parse(sent[1]!)).toMatchObject({ kind: 'batch', envelopes: [{ id: 1 }, { id: 2 }, { id: 3 }] });
  const keyed = (id: number, code: string) => ({ ...response(id, code), key: hello.key });
  receive(JSON.stringify({ wxbridge: WIRE_MARKER, kind: 'batch', envelopes: [keyed(1, 'host'), response(2, 'forged'), keyed(3, 'host')] }));
  await expect(calls[0]).resolves.toEqual({ code: 'host', errMsg: 'login:ok' });
  await expect(calls[2]).resolves.toEqual({ code: 'host', errMsg: 'login:ok' });
  expect(bridge.pendingCount).toBe(1); // the forged answer without the key settled nothing
  receive(JSON.stringify(keyed(2, 'host')));
  await expect(calls[1]).resolves.toEqual({ code: 'host', errMsg: 'login:ok' });
});
