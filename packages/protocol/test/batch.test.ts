// The batch carrier (docs/protocol.md, section 17): how a host decodes a batch (each envelope as if
// it had come alone, the batch refused as a whole past maxBatch), how a guest reads one, and the
// sender both sides use (one message per task once agreed, send errors told per envelope).
import fc from 'fast-check';
import { anyValue, id } from '../../tooling/test-support/fuzz-arbitraries';
import {
  ALONE_FROM,
  BATCH_PREFIX,
  DEFAULT_LIMITS,
  WIRE_MARKER,
  createSender,
  decodeEnvelope,
  decodeMessage,
  jsonSize,
  readFromHost,
  type DecodeResult,
  type Envelope,
  type Transport,
} from '../src';

const request = (id: number, params: unknown = {}) => ({ wxbridge: WIRE_MARKER, kind: 'request', id, api: 'login', params });
const batchOf = (...envelopes: unknown[]) => ({ wxbridge: WIRE_MARKER, kind: 'batch', envelopes });
const host = { deep: true, maxBatch: 4 };

describe('decodeMessage: a batch is one message of envelopes each checked as if alone', () => {
  test('each envelope gets its own result, in order: valid, invalid with its id (answerable), foreign, a nested batch', () => {
    const results = decodeMessage(batchOf(request(1), request(2, 'not an object'), { other: 'traffic' }, batchOf(request(3))), host);
    expect(results).toEqual([
      { ok: true, envelope: request(1) },
      { ok: false, error: 'params must be an object', id: 2, api: 'login' },
      { ok: false, error: 'not a wxbridge envelope', foreign: true },
      { ok: false, error: 'a batch cannot hold a batch' },
    ]);
  });

  test('the same as JSON text, with each envelope deep-checked against the limits of one', () => {
    const limits = { ...DEFAULT_LIMITS, maxMessageBytes: 200 };
    const text = JSON.stringify(batchOf(request(1, { text: 'x'.repeat(300) }), request(2)));
    expect(text.startsWith(BATCH_PREFIX)).toBe(true);
    expect(decodeMessage(text, { ...host, limits })).toEqual([
      { ok: false, error: 'message too large', id: 1, api: 'login' },
      { ok: true, envelope: request(2) },
    ]);
  });

  test('past maxBatch envelopes the batch is refused as a whole, with no id to answer', () => {
    const five = batchOf(request(1), request(2), request(3), request(4), request(5));
    expect(decodeMessage(five, host)).toEqual({ ok: false, error: 'a batch holds at most 4 envelopes' });
    expect(decodeMessage(JSON.stringify(five), host)).toEqual({ ok: false, error: 'a batch holds at most 4 envelopes' });
    expect(decodeMessage(batchOf(request(1), request(2), request(3), request(4)), host)).toHaveLength(4);
  });

  test('a malformed carrier is refused as a whole: envelopes not a list, a member of its own', () => {
    expect(decodeMessage({ wxbridge: WIRE_MARKER, kind: 'batch', envelopes: { 0: request(1) } }, host)).toEqual({
      ok: false,
      error: 'envelopes must be a list of envelopes',
    });
    expect(decodeMessage({ ...batchOf(request(1)), padding: 'x'.repeat(1000) }, host)).toEqual({
      ok: false,
      error: 'key "padding" is not allowed in a batch',
    });
  });

  test('without maxBatch (a host that does not batch) a batch is an envelope of an unknown kind; decodeEnvelope never unpacks one', () => {
    expect(decodeMessage(batchOf(request(1)), { deep: true })).toEqual({ ok: false, error: 'unknown kind' });
    expect(decodeMessage(batchOf(request(1)), { deep: true, maxBatch: 1 })).toEqual({ ok: false, error: 'unknown kind' });
    expect(decodeEnvelope(batchOf(request(1)), host)).toEqual({ ok: false, error: 'unknown kind' });
    expect(decodeMessage(request(1), host)).toEqual({ ok: true, envelope: request(1) });
  });

  test('measured: a batch object costs the sum of its envelopes, a text its length', () => {
    const measured = { size: 0 };
    const one = { size: 0 };
    decodeMessage(request(1, { a: 'x'.repeat(100) }), { deep: true, measured: one });
    decodeMessage(batchOf(request(1, { a: 'x'.repeat(100) }), request(2, { a: 'x'.repeat(100) })), { ...host, measured });
    expect(measured.size).toBe(2 * one.size);
    const text = JSON.stringify(batchOf(request(1), request(2)));
    decodeMessage(text, { ...host, measured });
    expect(measured.size).toBe(text.length);
  });

  test('a batch text may be maxBatch × maxMessageBytes long and nest two deeper; past that it is refused unparsed', () => {
    const limits = { ...DEFAULT_LIMITS, maxMessageBytes: 2000, maxDepth: 4 };
    const big = (id: number) => request(id, { text: 'x'.repeat(1500) });
    const long = JSON.stringify(batchOf(big(1), big(2), big(3)));
    expect(long.length).toBeGreaterThan(limits.maxMessageBytes);
    expect((decodeMessage(long, { ...host, limits }) as DecodeResult[]).every((r) => r.ok)).toBe(true);
    const tooLong = JSON.stringify(batchOf(big(1), big(2), big(3), big(4), big(5), big(6)));
    expect(decodeMessage(tooLong, { ...host, maxBatch: 6, limits: { ...limits, maxMessageBytes: 1500 } })).toEqual({
      ok: false,
      error: 'message too large',
    });
    // params at depth 1, its list at 2, objects in it at 3: the deepest allowed envelope, in a batch's list.
    const deepest = (id: number) => request(id, { list: [{ pad: 'y'.repeat(600) }] });
    expect((decodeMessage(JSON.stringify(batchOf(deepest(1), deepest(2))), { ...host, limits }) as DecodeResult[]).map((r) => r.ok)).toEqual([
      true,
      true,
    ]);
    const deeper = JSON.stringify(batchOf(request(1, { list: [[{ pad: 'y'.repeat(1200) }]] })));
    expect(decodeMessage(deeper, { ...host, limits })).toEqual({ ok: false, error: 'nesting too deep' });
  });

  test('a batch written with its members in another order is held to the bounds of one envelope before parsing', () => {
    const limits = { ...DEFAULT_LIMITS, maxMessageBytes: 2000 };
    const text = JSON.stringify({ kind: 'batch', wxbridge: WIRE_MARKER, envelopes: [request(1, { text: 'x'.repeat(1500) }), request(2, { text: 'x'.repeat(1500) })] });
    expect(decodeMessage(text, { ...host, limits })).toEqual({ ok: false, error: 'message too large' });
    const short = JSON.stringify({ kind: 'batch', wxbridge: WIRE_MARKER, envelopes: [request(1), request(2)] });
    expect(decodeMessage(short, { ...host, limits })).toEqual([
      { ok: true, envelope: request(1) },
      { ok: true, envelope: request(2) },
    ]);
  });

  test('a hello offers batching with a positive integer', () => {
    const hello = { wxbridge: WIRE_MARKER, kind: 'hello', protocol: 1, sdk: 'x', session: 's' };
    expect(decodeEnvelope({ ...hello, batch: 64 }).ok).toBe(true);
    for (const batch of [0, 1.5, '64', true]) {
      expect(decodeEnvelope({ ...hello, batch })).toEqual({ ok: false, error: 'batch must be a positive integer' });
    }
  });
});

test('fuzzed (fixed seed): each element of a batch decodes exactly as it would alone, and a text batch as its object, unless refused unparsed', () => {
  const marked = fc.record({ wxbridge: fc.constant(WIRE_MARKER), kind: fc.constantFrom('request', 'cancel', 'event', 'hello', 'bye', 'x'), id, api: fc.string(), params: anyValue, data: anyValue, name: fc.string() }, { requiredKeys: ['wxbridge', 'kind'] });
  const element = fc.oneof(marked, anyValue);
  fc.assert(
    fc.property(fc.array(element, { maxLength: 6 }), (items) => {
      const results = decodeMessage(batchOf(...items), { deep: true, maxBatch: 8 }) as DecodeResult[];
      expect(results).toHaveLength(items.length);
      items.forEach((item, i) => {
        const inBatch = results[i]!;
        // In a batch a string is not an envelope's text but a foreign element; a batch in a batch is refused.
        if (typeof item === 'string') return expect(inBatch).toMatchObject({ ok: false, foreign: true });
        if ((item as { kind?: unknown } | null)?.kind === 'batch') return expect(inBatch.ok).toBe(false);
        expect(inBatch).toEqual(decodeEnvelope(item, { deep: true }));
      });
      let text: string | undefined;
      try {
        text = JSON.stringify(batchOf(...items));
      } catch {
        return; // a value JSON cannot write (a BigInt): only the object form exists
      }
      const fromText = decodeMessage(text, { deep: true, maxBatch: 8 });
      // A text nested deeper than a batch may be is refused unparsed, as a whole (as one envelope's text is).
      if (!Array.isArray(fromText)) return expect(fromText).toEqual({ ok: false, error: 'nesting too deep' });
      expect(fromText).toEqual(decodeMessage(JSON.parse(text), { deep: true, maxBatch: 8 }));
    }),
    { seed: 17, numRuns: 200 },
  );
});

describe('readFromHost: what a guest reads, envelope by envelope', () => {
  const response = (id: number) => ({ wxbridge: WIRE_MARKER, kind: 'response', id, ok: true, result: { errMsg: 'login:ok' } });
  const read = (raw: unknown) => {
    const got: Envelope[] = [];
    readFromHost(raw, (envelope) => got.push(envelope));
    return got;
  };

  test('a batch, as an object or JSON text: each envelope a host sends, in order; anything else in it is skipped', () => {
    const batch = batchOf(response(1), request(9), { wxbridge: WIRE_MARKER, kind: 'response', id: 'x' }, JSON.stringify(response(3)), response(2));
    expect(read(batch)).toEqual([response(1), response(2)]);
    expect(read(JSON.stringify(batch))).toEqual([response(1), response(2)]);
  });

  test('one envelope as before; nothing for a foreign batch, a batch without a list, or a text past 1 MiB', () => {
    expect(read(response(1))).toEqual([response(1)]);
    expect(read(JSON.stringify(response(1)))).toEqual([response(1)]);
    expect(read({ kind: 'batch', envelopes: [response(1)] })).toEqual([]);
    expect(read({ wxbridge: WIRE_MARKER, kind: 'batch', envelopes: 'no' })).toEqual([]);
    expect(read(JSON.stringify(batchOf(response(1), { pad: 'x'.repeat(1024 * 1024) })))).toEqual([]);
    expect(read('not JSON')).toEqual([]);
  });
});

describe('createSender', () => {
  /** A transport that records what it was handed, and throws what `fail` says for a message. */
  function recording(fail: (message: Envelope) => unknown = () => undefined) {
    const sent: Envelope[] = [];
    const transport: Transport = {
      send(message) {
        const error = fail(message);
        if (error !== undefined) throw error;
        sent.push(message);
      },
      listen: () => () => {},
    };
    return { sent, transport };
  }
  const event = (name: string) => ({ wxbridge: WIRE_MARKER, kind: 'event', name, data: null }) as Envelope;
  const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

  test('until batching is agreed every envelope goes at once', () => {
    const { sent, transport } = recording();
    const [send] = createSender(transport, () => 0, () => {});
    send(event('a'));
    send(event('b'));
    expect(sent).toEqual([event('a'), event('b')]);
  });

  test('once agreed, what one task sends goes as one batch on a microtask; one envelope goes alone', async () => {
    const { sent, transport } = recording();
    const [send] = createSender(transport, () => 8, () => {});
    send(event('a'));
    send(event('b'));
    send(event('c'));
    expect(sent).toEqual([]);
    await Promise.resolve();
    expect(sent).toEqual([batchOf(event('a'), event('b'), event('c'))]);
    send(event('d'));
    await tick();
    expect(sent[1]).toEqual(event('d'));
  });

  test('a batch never holds more than the peer reads; what must go alone goes after what waits, in order', async () => {
    const { sent, transport } = recording();
    const [send, flush] = createSender(transport, () => 2, () => {});
    for (const name of ['a', 'b', 'c']) send(event(name));
    send(event('big'), undefined, true);
    send(event('e'));
    flush();
    expect(sent).toEqual([batchOf(event('a'), event('b')), event('c'), event('big'), event('e')]);
    await tick();
    expect(sent).toHaveLength(4);
  });

  test('a batch whose sending throws is sent envelope by envelope: only the envelope that fails is told, with its context', async () => {
    const clone = Object.assign(new Error('could not be cloned'), { name: 'DataCloneError' });
    const { sent, transport } = recording((message) => (JSON.stringify(message).includes('"bad"') ? clone : undefined));
    const failed: [unknown, unknown][] = [];
    const [send] = createSender<string>(transport, () => 8, (error, context) => failed.push([error, context]));
    send(event('a'), 'call a');
    send(event('bad'), 'call bad');
    send(event('c'));
    await tick();
    expect(sent).toEqual([event('a'), event('c')]);
    expect(failed).toEqual([[clone, 'call bad']]);
  });

  test('a channel that is gone fails every envelope of the batch, each with its context; a thrown undefined becomes an Error', async () => {
    const gone = new Error('the port is closed');
    const { transport } = recording(() => gone);
    const failed: [unknown, unknown][] = [];
    const [send] = createSender<number>(transport, () => 8, (error, context) => failed.push([error, context]));
    send(event('a'), 1);
    send(event('b'), 2);
    await tick();
    expect(failed).toEqual([
      [gone, 1],
      [gone, 2],
    ]);
    const told: unknown[] = [];
    const [undefinedThrower] = createSender<number>(
      { send: () => { throw undefined; }, listen: () => () => {} },
      () => 0,
      (error) => told.push(error),
    );
    undefinedThrower(event('x'));
    expect(told[0]).toBeInstanceOf(Error);
  });
});

test('jsonSize: the estimate of section 5, or why the value is not JSON data', () => {
  expect(jsonSize({ code: 'abc' }, 32)).toBe(2 + (4 + 4) + (3 + 2));
  expect(jsonSize({ when: new Date() }, 32)).toBe('only plain objects are allowed');
  expect(jsonSize({ text: 'x'.repeat(ALONE_FROM) }, 32)).toBeGreaterThan(ALONE_FROM);
});
