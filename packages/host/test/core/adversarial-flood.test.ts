// A mini program flooding the host is bounded per connection, with clear errors: prompts waiting
// (maxQueuedPrompts), messages sent without waiting for answers (maxMessagesPerTurn). Calls in
// flight (maxInFlight) and message size (maxMessageBytes) are in gate.test.ts; the prompt rate
// (promptsPerMinute) in scopes.test.ts; the other mini program's latency in flood-latency.timing.test.ts.
import { connectGuest } from '@wxbridge/guest';
import { createHost, createPortTransport, type Connection, type HostOptions } from '@wxbridge/host';
import { WIRE_MARKER } from '@wxbridge/protocol';
import { arrivals, makePair, onCleanup, rawPair, until } from '../../../tooling/test-support/pair';

const never = () => new Promise<boolean>(() => {});

describe('prompts waiting per connection', () => {
  test('past maxQueuedPrompts a prompt fails at once (errno 1003) and nothing more is shown', async () => {
    const shown: string[] = [];
    const { bridge } = makePair(() => {}, {
      host: { maxQueuedPrompts: 2, prompts: { authorize: ({ scope }) => (shown.push(scope), never()) } },
    });
    await bridge.ready;
    const scopes = ['scope.camera', 'scope.record', 'scope.bluetooth', 'scope.werun'];
    const outcomes = scopes.map((scope) => bridge.wx.authorize({ scope }).catch((error: unknown) => error));
    await expect(outcomes[2]).resolves.toEqual({ errMsg: 'authorize:fail too many prompts waiting', errno: 1003 });
    await expect(outcomes[3]).resolves.toEqual({ errMsg: 'authorize:fail too many prompts waiting', errno: 1003 });
    await until(() => shown.length > 0, 'the first prompt to show');
    expect(shown).toEqual(['scope.camera']); // the second waits its turn behind the first
  });

  test('the count is per connection and frees as prompts end', async () => {
    let answer: (allow: boolean) => void = () => {};
    let shown = 0;
    const options: HostOptions = {
      maxQueuedPrompts: 1,
      prompts: { authorize: () => (shown++, new Promise<boolean>((resolve) => (answer = resolve))) },
    };
    const host = createHost(options);
    const arrived = arrivals(host);
    const bridges = [1, 2].map(() => {
      const { port1, port2 } = new MessageChannel();
      host.connect(createPortTransport(port1), { appId: 'wx-shared' });
      const bridge = connectGuest({ transport: createPortTransport(port2), tapTarget: null });
      onCleanup(() => (bridge.dispose(), port1.close(), port2.close()));
      return bridge;
    });
    onCleanup(() => host.dispose());
    const [one, two] = bridges as [(typeof bridges)[0], (typeof bridges)[0]];
    await Promise.all([one.ready, two.ready]);
    const first = one.wx.authorize({ scope: 'scope.camera' });
    await until(() => shown === 1, 'the first prompt to show');
    await expect(one.wx.authorize({ scope: 'scope.record' })).rejects.toMatchObject({ errno: 1003 });
    const other = two.wx.authorize({ scope: 'scope.werun' }); // another connection: its own count
    await until(() => arrived.length === 3, "the other connection's call to reach the host (it waits behind the first prompt)");
    answer(true);
    await expect(first).resolves.toEqual({ errMsg: 'authorize:ok' });
    await until(() => shown === 2, "the other connection's prompt to show");
    answer(true);
    await expect(other).resolves.toEqual({ errMsg: 'authorize:ok' });
    const again = one.wx.authorize({ scope: 'scope.record' }); // the first prompt ended: room again
    await until(() => shown === 3, 'the prompt to show');
    answer(false);
    await expect(again).rejects.toEqual({ errMsg: 'authorize:fail auth deny', errno: 103 });
  });

  test('createHost refuses a maxQueuedPrompts or maxMessagesPerTurn that is not a positive integer', () => {
    for (const bad of [0, -1, 2.5, NaN]) {
      expect(() => createHost({ maxQueuedPrompts: bad })).toThrow(`createHost: maxQueuedPrompts must be a positive integer, not ${bad}`);
      expect(() => createHost({ maxMessagesPerTurn: bad })).toThrow(`createHost: maxMessagesPerTurn must be a positive integer, not ${bad}`);
    }
  });
});

describe('messages sent without waiting for answers', () => {
  test('a guest that posts faster than the host can answer is cut off, and the other mini program is still served', async () => {
    const flooded: string[] = [];
    const { host, guest } = rawPair((h) => h.handle('login', () => ({ code: 'c' })), { appId: 'wx-flooder' });
    host.on('disconnect', (connection, reason) => flooded.push(`${connection.app.appId}: ${reason}`));
    const other = makePair((h) => h.handle('login', () => ({ code: 'still-served' })), { app: { appId: 'wx-quiet' } });
    guest.hello();
    await guest.until(() => guest.received.some((e) => e.kind === 'welcome'));
    for (let id = 1; id <= 20_000; id++) guest.request(id, 'login'); // posted at once: valid calls, never waiting
    await guest.until(() => guest.received.some((e) => e.kind === 'bye'), 10_000);
    expect(guest.received.find((e) => e.kind === 'bye')).toEqual({ wxbridge: WIRE_MARKER, kind: 'bye', reason: 'too many messages' });
    expect(flooded).toEqual(['wx-flooder: too many messages']);
    expect(guest.responses().length).toBeLessThan(20_000); // most of the flood was never handled
    expect([...host.connections]).toEqual([]);
    await expect(other.bridge.wx.login()).resolves.toEqual({ code: 'still-served', errMsg: 'login:ok' });
  });

  test('the reference guest, which waits for answers, is never cut off, even with thousands of calls at once', async () => {
    const cut: string[] = [];
    const { host, bridge } = makePair((h) => h.handle('login', () => ({ code: 'ok' })));
    host.on('disconnect', (_c, reason) => cut.push(reason));
    const results = await Promise.all(Array.from({ length: 5000 }, () => bridge.wx.login()));
    expect(results.every((r) => r.errMsg === 'login:ok')).toBe(true);
    expect(cut).toEqual([]);
  });

  test('the limit counts messages between two turns of the event loop, not over the life of a connection', async () => {
    const transport = { send: () => {}, listen: (r: (d: unknown) => void) => ((receive = r), () => {}) };
    let receive: (data: unknown) => void = () => {};
    const host = createHost({ maxMessagesPerTurn: 300 });
    const connection: Connection = host.connect(transport, { appId: 'wx-turns' });
    onCleanup(() => host.dispose());
    for (let turn = 0; turn < 5; turn++) {
      for (let n = 0; n < 250; n++) receive({ type: 'foreign traffic' });
      // A turn of the event loop is what this test is about: the guard's zero-delay timer fires.
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(connection.runningCount).toBe(0);
    expect(host.connections.has(connection)).toBe(true); // 1250 messages, but never 300 in one turn
    for (let n = 0; n < 1000; n++) receive({ type: 'foreign traffic' });
    expect(host.connections.has(connection)).toBe(false);
  });
});
