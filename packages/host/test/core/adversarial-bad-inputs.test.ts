// Regression tests for bad inputs that broke peer bridges, where other test files do not already
// cover them (docs/security.md maps every item of the list to its test): comlink's prototype
// pollution and code execution through property paths, values no real channel carries, and a
// welcome left over from the page before a reload.
import { connectGuest } from '@wxbridge/guest';
import { WIRE_MARKER, decodeEnvelope, type Envelope, type Transport } from '@wxbridge/protocol';
import { welcomeFor } from '../../../tooling/test-support/envelopes';
import { onCleanup, rawPair } from '../../../tooling/test-support/pair';
import { prototypeSnapshot } from '../../../tooling/test-support/fuzz-properties';

describe("comlink's attacks (issue #603 and constructor.constructor), replayed against the host", () => {
  test('SET __proto__ and APPLY on constructor.constructor, as comlink messages and as wxbridge requests: nothing polluted, nothing run', async () => {
    const snapshot = prototypeSnapshot();
    const ran = jest.fn();
    (globalThis as { __wxbridgeRan?: () => void }).__wxbridgeRan = ran;
    onCleanup(() => delete (globalThis as { __wxbridgeRan?: unknown }).__wxbridgeRan);
    const { guest } = rawPair((h) => h.handle('login', () => ({ code: 'c' })));
    guest.hello();
    // comlink's own wire format: foreign to wxbridge, so ignored.
    guest.send({ id: 'x', type: 'SET', path: ['__proto__', 'polluted'], value: { type: 'RAW', value: true } });
    guest.send({ id: 'y', type: 'APPLY', path: ['constructor', 'constructor'], argumentList: [{ type: 'RAW', value: 'globalThis.__wxbridgeRan()' }] });
    // The same intent as wxbridge requests: property paths are not API names, payload keys are refused.
    guest.request(1, '__proto__', { polluted: true });
    guest.request(2, 'constructor.constructor', { code: 'globalThis.__wxbridgeRan()' });
    guest.request(3, 'constructor', {});
    guest.send('{"wxbridge":1,"kind":"request","id":4,"api":"login","params":{"__proto__":{"polluted":true}}}');
    guest.send('{"wxbridge":1,"kind":"request","id":5,"api":"login","params":{"constructor":{"prototype":{"polluted":true}}}}');
    guest.send('{"wxbridge":1,"kind":"event","name":"subscribe","data":{"__proto__":{"event":"needPrivacyAuthorization"}}}');
    await guest.until(() => guest.responses().length === 5);
    const byId = Object.fromEntries(guest.responses().map((r) => [r.id, r.result]));
    expect(byId).toEqual({
      1: { errMsg: '__proto__:fail not supported', errno: 100 },
      2: { errMsg: 'constructor.constructor:fail not supported', errno: 100 },
      3: { errMsg: 'constructor:fail not supported', errno: 100 },
      4: { errMsg: 'login:fail invalid request data: key "__proto__" is not allowed', errno: 101 },
      5: { errMsg: 'login:fail invalid request data: key "constructor" is not allowed', errno: 101 },
    });
    expect(snapshot.changed()).toBeUndefined();
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
    expect(ran).not.toHaveBeenCalled();
  });
});

describe('values no real channel carries', () => {
  test('a revoked Proxy, a throwing getter, a cycle or a class instance from a same-realm transport is refused, never thrown', async () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    const cycle: Record<string, unknown> = { wxbridge: 1, kind: 'request', id: 1, api: 'login' };
    cycle.params = { self: cycle };
    const getter = Object.defineProperty({ wxbridge: 1, kind: 'request', id: 2, api: 'login' }, 'params', {
      enumerable: true,
      get() {
        throw new Error('hostile getter');
      },
    });
    const instance = { wxbridge: 1, kind: 'request', id: 3, api: 'login', params: { at: new Date(0) } };
    expect(decodeEnvelope(proxy, { deep: true })).toEqual({ ok: false, error: 'unreadable message' });
    expect(decodeEnvelope(getter, { deep: true })).toEqual({ ok: false, error: 'unreadable message' });
    expect(decodeEnvelope(cycle, { deep: true })).toMatchObject({ ok: false, error: 'nesting too deep', id: 1 });
    expect(decodeEnvelope(instance, { deep: true })).toMatchObject({ ok: false, error: 'only plain objects are allowed', id: 3 });
  });
});

describe('a reload: messages of the previous page load', () => {
  test('the guest ignores a welcome for another session, and replies to ids it is not waiting for', async () => {
    const sent: Envelope[] = [];
    let receive: (data: unknown) => void = () => {};
    const transport: Transport = { send: (e) => void sent.push(e), listen: (r) => ((receive = r), () => {}) };
    const bridge = connectGuest({ transport, tapTarget: null, timeout: 0 });
    onCleanup(() => bridge.dispose());
    const welcome = (session: string) => welcomeFor(session, { limits: { maxMessageBytes: 1000, maxDepth: 8, maxInFlight: 4 } });
    receive(welcome('the-previous-page'));
    // The guest handles a message synchronously as receive() delivers it (the welcome below connects
    // it at once): one turn of the event loop lets anything it might have queued run.
    await new Promise((resolve) => setImmediate(resolve));
    expect(bridge.connected).toBe(false);
    const hello = sent.find((e) => e.kind === 'hello') as { session: string };
    receive(welcome(hello.session));
    expect(bridge.connected).toBe(true);
    const outcome = bridge.wx.login();
    receive({ wxbridge: WIRE_MARKER, kind: 'response', id: 7, ok: true, result: { errMsg: 'login:ok', code: 'stale' } });
    receive({ wxbridge: WIRE_MARKER, kind: 'response', id: 1, ok: true, result: { errMsg: 'login:ok', code: 'mine' } });
    await expect(outcome).resolves.toEqual({ errMsg: 'login:ok', code: 'mine' });
  });
});
