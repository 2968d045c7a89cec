// The host's side of batching (docs/protocol.md, section 17): the welcome accepts a hello's offer
// (and only then does the host send batches), each envelope of a batch is handled as if it had come
// alone, the intake counts channel messages and bytes (a legitimate burst of batched calls is not a
// flood; a flood of batches still is, and an over-long batch is refused as a whole), and a batch
// that cannot be sent still gets every call its answer.
import { connectGuest } from '@wxbridge/guest';
import { createHost, createPortTransport, type HostOptions } from '@wxbridge/host';
import { ALONE_FROM, HOST_BATCH, WIRE_MARKER, type Envelope, type ResponseEnvelope, type Transport } from '@wxbridge/protocol';
import { makePair, onCleanup, rawPair, until } from '../../../tooling/test-support/pair';

const request = (id: number, params: unknown = {}) => ({ wxbridge: WIRE_MARKER, kind: 'request', id, api: 'login', params });
const batchOf = (...envelopes: unknown[]) => ({ wxbridge: WIRE_MARKER, kind: 'batch', envelopes });
const hello = (extra: Record<string, unknown> = {}) => ({ wxbridge: WIRE_MARKER, kind: 'hello', protocol: 1, sdk: 'raw', session: 's1', ...extra });
/** The `n` a test's login call carries (an undeclared parameter, passed through). */
const nOf = (params: object) => (params as { n?: unknown }).n ?? '';
/** Every envelope received, a batch's in order. */
const flat = (messages: Envelope[]) => messages.flatMap((m) => (m.kind === 'batch' ? m.envelopes : [m]));

function loginHost(hostOptions: HostOptions = {}) {
  const errors: string[] = [];
  const pair = rawPair((h) => h.handle('login', (params) => ({ code: `code-${String(nOf(params))}` })), { appId: 'wx-batch' }, hostOptions);
  pair.host.on('error', ({ phase, error, id }) => errors.push(`${phase}${id ? ` ${id}` : ''}: ${(error as Error).message}`));
  const disconnected: string[] = [];
  pair.host.on('disconnect', (_c, reason) => disconnected.push(reason));
  return { ...pair, errors, disconnected };
}

describe('negotiation in the handshake', () => {
  test('a hello that offers batching gets a welcome that accepts it, and the answers to one batch come as one', async () => {
    const { guest } = loginHost();
    guest.send(hello({ batch: 16 }));
    await guest.until(() => guest.received.some((e) => e.kind === 'welcome'));
    expect(guest.received[0]).toMatchObject({ kind: 'welcome', batch: 64 });
    guest.send(batchOf(request(1, { n: 1 }), request(2, { n: 2 }), request(3, { n: 3 })));
    await guest.until(() => flat(guest.received).filter((e) => e.kind === 'response').length === 3);
    expect(guest.received[1]).toEqual(
      batchOf(...[1, 2, 3].map((n) => ({ wxbridge: WIRE_MARKER, kind: 'response', id: n, ok: true, result: { code: `code-${n}`, errMsg: 'login:ok' } }))),
    );
  });

  test("the host's batches hold at most what the hello offered and at most HOST_BATCH, and a response of ALONE_FROM or more goes alone", async () => {
    const kinds = (messages: Envelope[]) => messages.map((m) => (m.kind === 'batch' ? m.envelopes.length : m.kind));
    const small = loginHost();
    small.guest.send(hello({ batch: 2 }));
    small.guest.send(batchOf(...[1, 2, 3, 4, 5].map((n) => request(n, { n }))));
    await small.guest.until(() => flat(small.guest.received).filter((e) => e.kind === 'response').length === 5);
    expect(kinds(small.guest.received)).toEqual(['welcome', 2, 2, 'response']);

    const large = loginHost({ maxBatch: 2 * HOST_BATCH });
    large.guest.send(hello({ batch: 2 * HOST_BATCH }));
    const many = Array.from({ length: HOST_BATCH + 6 }, (_, i) => request(i + 1, { n: i + 1 }));
    large.guest.send(batchOf(...many));
    await large.guest.until(() => flat(large.guest.received).filter((e) => e.kind === 'response').length === many.length);
    expect(kinds(large.guest.received)).toEqual(['welcome', HOST_BATCH, 6]);

    const big = loginHost();
    big.guest.send(hello({ batch: 16 }));
    big.guest.send(batchOf(request(1), request(2), request(3, { n: 'x'.repeat(ALONE_FROM) }), request(4), request(5)));
    await big.guest.until(() => flat(big.guest.received).filter((e) => e.kind === 'response').length === 5);
    expect(kinds(big.guest.received)).toEqual(['welcome', 2, 'response', 2]);
    expect(flat(big.guest.received).map((e) => (e.kind === 'response' ? e.id : e.kind))).toEqual(['welcome', 1, 2, 3, 4, 5]);
  });

  test('a hello without the offer (an older guest) gets no batch in its welcome and one envelope per message', async () => {
    const { guest } = loginHost();
    guest.send(hello());
    await guest.until(() => guest.received.some((e) => e.kind === 'welcome'));
    expect(guest.received[0]).not.toHaveProperty('batch');
    for (let id = 1; id <= 3; id++) guest.request(id, 'login');
    await guest.until(() => guest.responses().length === 3);
    expect(guest.received.map((e) => e.kind)).toEqual(['welcome', 'response', 'response', 'response']);
  });

  test('a host with maxBatch 1 accepts no batching: its welcome says nothing, a batch sent anyway is an unknown kind and runs nothing', async () => {
    const { guest, errors } = loginHost({ maxBatch: 1 });
    guest.send(hello({ batch: 16 }));
    await guest.until(() => guest.received.some((e) => e.kind === 'welcome'));
    expect(guest.received[0]).not.toHaveProperty('batch');
    guest.send(batchOf(request(1)));
    guest.request(2, 'login');
    await guest.until(() => guest.responses().length === 1);
    expect(guest.responses().map((r) => r.id)).toEqual([2]);
    expect(errors).toEqual(['decode: unknown kind']);
  });

  test('the reference guest and host batch both ways, and a host that does not accept still serves it one envelope at a time', async () => {
    for (const maxBatch of [64, 1]) {
      const { bridge, host, close } = makePair((h) => h.handle('login', () => ({ code: 'ok' })), { host: { maxBatch } });
      const welcome = await bridge.ready;
      expect(welcome.batch).toBe(maxBatch === 1 ? undefined : 64);
      const results = await Promise.all(Array.from({ length: 200 }, () => bridge.wx.login()));
      expect(results.every((r) => r.code === 'ok')).toBe(true);
      expect([...host.connections][0]!.runningCount).toBe(0);
      close();
    }
  });
});

describe('each envelope of a batch is handled as if it had come alone', () => {
  test('a valid call runs, an invalid one with an id is answered errno 101, a replayed id is reported, foreign traffic ignored, a cancel cancels', async () => {
    let release: () => void = () => {};
    const { guest, host, errors } = loginHost();
    host.handle('getUserInfo', () => new Promise((resolve) => (release = () => resolve({ userInfo: {} }))));
    guest.send(hello({ batch: 16 }));
    guest.send(
      batchOf(
        request(1, { n: 1 }),
        request(2, 'not an object'),
        request(2, { n: 'again' }),
        { other: 'traffic' },
        { wxbridge: WIRE_MARKER, kind: 'request', id: 3, api: 'getUserInfo', params: {} },
        { wxbridge: WIRE_MARKER, kind: 'cancel', id: 3 },
        request(4, { n: 4 }),
      ),
    );
    await guest.until(() => flat(guest.received).filter((e) => e.kind === 'response').length === 4);
    const responses = flat(guest.received).filter((e): e is ResponseEnvelope => e.kind === 'response');
    expect(responses.map((r) => [r.id, r.result.errMsg])).toEqual([
      [1, 'login:ok'],
      [2, 'login:fail invalid request data: params must be an object'],
      [3, 'getUserInfo:fail time out'],
      [4, 'login:ok'],
    ]);
    expect(errors).toEqual(['decode 2: params must be an object', 'replay 2: request id 2 was already used']);
    release();
  });

  test('a guest event listener that throws is reported, and the rest of the batch is still handled', async () => {
    const { guest, host, errors } = loginHost();
    const connection = [...host.connections][0]!;
    connection.guestEvents.on('boom', () => {
      throw new Error('listener failed');
    });
    guest.send(hello({ batch: 16 }));
    guest.send(batchOf({ wxbridge: WIRE_MARKER, kind: 'event', name: 'boom', data: null }, request(1, { n: 1 })));
    await guest.until(() => flat(guest.received).some((e) => e.kind === 'response'));
    expect(errors).toEqual(['hook: listener failed']);
  });

  test('a batch longer than maxBatch is refused as a whole: reported, nothing in it runs', async () => {
    const { guest, host, errors } = loginHost({ maxBatch: 4 });
    const ran: number[] = [];
    host.on('call', ({ id }) => ran.push(id));
    guest.send(hello({ batch: 16 }));
    guest.send(batchOf(request(1), request(2), request(3), request(4), request(5)));
    guest.send(batchOf(request(6), request(7)));
    await guest.until(() => flat(guest.received).filter((e) => e.kind === 'response').length === 2);
    expect(ran).toEqual([6, 7]);
    expect(errors).toEqual(['decode: a batch holds at most 4 envelopes']);
  });
});

describe('the intake counts channel messages and bytes, not envelopes', () => {
  test('a legitimate burst of batched calls is one message per task: 2 000 calls at once pass a guard of 300 messages per turn, one per message does not', async () => {
    const outcomes: string[] = [];
    for (const maxBatch of [64, 1]) {
      const host = createHost({ maxMessagesPerTurn: 300, maxBatch, limits: { maxInFlight: 2000 } });
      host.handle('login', () => ({ code: 'ok' }));
      const cut: string[] = [];
      host.on('disconnect', (_c, reason) => cut.push(reason));
      const { port1, port2 } = new MessageChannel();
      host.connect(createPortTransport(port1), { appId: 'wx-burst' });
      const bridge = connectGuest({ transport: createPortTransport(port2), tapTarget: null });
      onCleanup(() => (bridge.dispose(), host.dispose(), port1.close(), port2.close()));
      await bridge.ready;
      const results = await Promise.allSettled(Array.from({ length: 2000 }, () => bridge.wx.login()));
      outcomes.push(`maxBatch ${maxBatch}: ${results.filter((r) => r.status === 'fulfilled').length} answered, cut off: ${cut.join() || 'no'}`);
    }
    expect(outcomes[0]).toBe('maxBatch 64: 2000 answered, cut off: no');
    expect(outcomes[1]).toMatch(/^maxBatch 1: \d+ answered, cut off: too many messages$/);
  });

  test('a flood of batches is still cut off after maxMessagesPerTurn messages', async () => {
    const { guest, disconnected } = loginHost();
    guest.send(hello({ batch: 16 }));
    await guest.until(() => guest.received.some((e) => e.kind === 'welcome'));
    for (let id = 1; id <= 40_000; id += 2) guest.send(batchOf(request(id), request(id + 1)));
    await guest.until(() => guest.received.some((e) => e.kind === 'bye'), 10_000);
    expect(disconnected).toEqual(['too many messages']);
    expect(flat(guest.received).filter((e) => e.kind === 'response').length).toBeLessThan(40_000);
  });

  test("a batch is charged its envelopes' bytes as one message: a batch of large calls past the byte budget is cut off", async () => {
    const { guest, disconnected, host } = loginHost({ maxBytesPerSecond: 500_000 });
    const ran: number[] = [];
    host.on('call', ({ id }) => ran.push(id));
    guest.send(hello({ batch: 16 }));
    const large = (id: number) => request(id, { text: 'x'.repeat(100_000) });
    guest.send(batchOf(large(1), large(2), large(3), large(4)));
    await guest.drained();
    expect(disconnected).toEqual([]);
    guest.send(batchOf(large(5), large(6), large(7), large(8), large(9), large(10)));
    await guest.until(() => guest.received.some((e) => e.kind === 'bye'));
    expect(disconnected).toEqual(['too much data']);
    expect(ran).toEqual([1, 2, 3, 4]);
  });
});

describe('events from the host', () => {
  test('batched with the answers of their task, in order; an event of ALONE_FROM or more goes alone; without batching each goes alone', async () => {
    const kinds = (messages: Envelope[]) => messages.map((m) => (m.kind === 'batch' ? m.envelopes.map((e) => e.kind).join('+') : m.kind));
    for (const offer of [16, undefined]) {
      const { guest, host } = loginHost();
      guest.send(hello(offer === undefined ? {} : { batch: offer }));
      await guest.until(() => guest.received.some((e) => e.kind === 'welcome'));
      const connection = [...host.connections][0]!;
      connection.sendEvent('one', { n: 1 });
      connection.sendEvent('big', { text: 'x'.repeat(ALONE_FROM) });
      connection.sendEvent('two', { n: 2 });
      connection.sendEvent('three', { n: 3 });
      await guest.until(() => flat(guest.received).filter((e) => e.kind === 'event').length === 4);
      expect(flat(guest.received).flatMap((e) => (e.kind === 'event' ? [e.name] : []))).toEqual(['one', 'big', 'two', 'three']);
      expect(kinds(guest.received)).toEqual(offer === undefined ? ['welcome', 'event', 'event', 'event', 'event'] : ['welcome', 'event', 'event', 'event+event']);
    }
  });
});

describe('send errors still reach the call', () => {
  /** A port transport that throws for any message whose text contains `poison`. */
  function poisoned(port: MessagePort, poison: string): Transport {
    const inner = createPortTransport(port);
    return {
      ...inner,
      send(envelope) {
        if (JSON.stringify(envelope).includes(poison)) throw new Error(`cannot send ${poison}`);
        inner.send(envelope);
      },
    };
  }

  test('a batch that cannot be sent goes envelope by envelope: the bad response becomes internal error, the others arrive as they are', async () => {
    const host = createHost();
    host.handle('login', (params) => ({ code: nOf(params) === 2 ? 'poison' : `code-${String(nOf(params))}` }));
    const errors: string[] = [];
    host.on('error', ({ phase, id, error }) => errors.push(`${phase} ${id}: ${(error as Error).message}`));
    const { port1, port2 } = new MessageChannel();
    host.connect(poisoned(port1, 'poison'), { appId: 'wx-send' });
    const bridge = connectGuest({ transport: createPortTransport(port2), tapTarget: null });
    onCleanup(() => (bridge.dispose(), host.dispose(), port1.close(), port2.close()));
    await bridge.ready;
    const outcomes = await Promise.allSettled([1, 2, 3].map((n) => bridge.wx.login({ n } as never)));
    expect(outcomes).toEqual([
      { status: 'fulfilled', value: { code: 'code-1', errMsg: 'login:ok' } },
      { status: 'rejected', reason: { errMsg: 'login:fail internal error', errno: 4 } },
      { status: 'fulfilled', value: { code: 'code-3', errMsg: 'login:ok' } },
    ]);
    expect(errors).toEqual(['send 2: cannot send poison']);
  });

  test("a batch that fails as the queue flushes is reported for its own call: the result event of the call answered then says what that call was sent", async () => {
    const host = createHost();
    host.handle('login', (params) => ({ code: nOf(params) === 1 ? 'poison' : `code-${String(nOf(params))}` }));
    const results: string[] = [];
    host.on('result', ({ id, ok, result }) => results.push(`${id} ${String(ok)} ${result.errMsg}`));
    const { port1, port2 } = new MessageChannel();
    host.connect(poisoned(port1, 'poison'), { appId: 'wx-send' });
    const received: Envelope[] = [];
    port2.onmessage = ({ data }) => received.push(data as Envelope);
    onCleanup(() => (host.dispose(), port1.close(), port2.close()));
    // The guest offers batches of 2: answering call 3 flushes [1, 2] first, which fails because of call 1.
    port2.postMessage(hello({ batch: 2 }));
    await until(() => received.some((e) => e.kind === 'welcome'));
    port2.postMessage(batchOf(request(1, { n: 1 }), request(2, { n: 2 }), request(3, { n: 3 })));
    await until(() => flat(received).filter((e) => e.kind === 'response').length === 3);
    const answers = flat(received).filter((e): e is ResponseEnvelope => e.kind === 'response');
    expect(answers.map((e) => `${e.id} ${String(e.ok)} ${e.result.errMsg}`).sort()).toEqual(['1 false login:fail internal error', '2 true login:ok', '3 true login:ok']);
    // Call 3 was sent its success: its result event says so, not call 1's failure.
    await until(() => results.length === 3);
    expect(results.filter((line) => line.startsWith('3 '))).toEqual(['3 true login:ok']);
  });

  test('disposing the connection sends the answers of this task and the goodbye before the channel closes', async () => {
    const { guest, host } = loginHost();
    guest.send(hello({ batch: 16 }));
    await guest.until(() => guest.received.some((e) => e.kind === 'welcome'));
    const connection = [...host.connections][0]!;
    host.on('call', () => queueMicrotask(() => connection.dispose('closing')));
    guest.send(batchOf(request(1, { n: 1 }), request(2, { n: 2 })));
    await guest.until(() => flat(guest.received).some((e) => e.kind === 'bye'));
    expect(flat(guest.received).map((e) => e.kind)).toEqual(['welcome', 'response', 'response', 'bye']);
  });
});
