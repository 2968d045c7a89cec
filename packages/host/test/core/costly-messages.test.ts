/**
 * Parsing is bounded before it costs: a JSON text nested deeper than `maxDepth` is refused by a
 * scan of the text, before JSON.parse; and each connection has a byte budget for its large
 * messages, past which it is cut off. (The latency another app keeps meanwhile is measured in
 * flood-latency.timing.test.ts.)
 */
import { decodeEnvelope, DEFAULT_LIMITS, WIRE_MARKER } from '@wxbridge/protocol';
import { rawPair } from '../../../tooling/test-support/pair';

const REQUEST_HEAD = '{"wxbridge":1,"kind":"request","id":1,"api":"login","params":{"x":';

describe('nesting is checked on the text before it is parsed', () => {
  test('a text nested deeper than maxDepth is refused as too deep, even where it is not JSON further on', () => {
    // Not JSON after the brackets: had it been parsed, the error would be "not JSON".
    const text = REQUEST_HEAD + '['.repeat(DEFAULT_LIMITS.maxDepth + 1) + ' this is not JSON '.repeat(100);
    expect(decodeEnvelope(text, { deep: true })).toEqual({ ok: false, error: 'nesting too deep', id: 1, api: 'login' });
    // Without the reference guest's leading fields, nothing of it is read.
    expect(decodeEnvelope(' ' + text, { deep: true })).toEqual({ ok: false, error: 'nesting too deep' });
  });

  test('1 MB of [[[…]]] is refused at once, as nesting too deep', () => {
    const text = REQUEST_HEAD + '['.repeat(500_000) + ']'.repeat(500_000) + '}}';
    expect(decodeEnvelope(text, { deep: true })).toEqual({ ok: false, error: 'nesting too deep', id: 1, api: 'login' });
  });

  test('brackets inside strings do not count, escaped quotes included; nesting up to maxDepth passes', () => {
    const inString = REQUEST_HEAD + JSON.stringify('\\"' + '['.repeat(2000)) + '}}';
    expect(decodeEnvelope(inString, { deep: true })).toMatchObject({ ok: true });
    // The envelope and params are two levels; the value nests up to maxDepth in all.
    const deepest = REQUEST_HEAD + '['.repeat(DEFAULT_LIMITS.maxDepth - 2) + ']'.repeat(DEFAULT_LIMITS.maxDepth - 2) + ', "pad": "' + 'p'.repeat(2000) + '"}}';
    expect(decodeEnvelope(deepest, { deep: true })).toMatchObject({ ok: true });
    const tooDeep = REQUEST_HEAD + '['.repeat(DEFAULT_LIMITS.maxDepth - 1) + ']'.repeat(DEFAULT_LIMITS.maxDepth - 1) + ', "pad": "' + 'p'.repeat(2000) + '"}}';
    expect(decodeEnvelope(tooDeep, { deep: true })).toEqual({ ok: false, error: 'nesting too deep', id: 1, api: 'login' });
  });

  test('a request refused for its nesting is still answered (errno 101), without being parsed', async () => {
    const { guest } = rawPair((host) => host.handle('login', () => ({ code: 'c' })), { appId: 'wx-deep' });
    guest.hello();
    guest.send('{"wxbridge":1,"kind":"request","id":1,"api":"login","params":{"x":' + '['.repeat(100_000) + ']'.repeat(100_000) + '}}');
    const answer = await guest.response(1);
    expect(answer).toMatchObject({ ok: false, result: { errMsg: 'login:fail invalid request data: nesting too deep', errno: 101 } });
  });
});

describe('a byte budget per connection', () => {
  const big = (id: number) => ({ wxbridge: WIRE_MARKER, kind: 'request', id, api: 'login', params: { blob: 'b'.repeat(60_000) } });

  function budgetPair() {
    const pair = rawPair((host) => host.handle('login', () => ({ code: 'c' })), { appId: 'wx-heavy' }, { maxBytesPerSecond: 100_000 });
    const reasons: string[] = [];
    pair.host.on('disconnect', (_connection, reason) => reasons.push(reason));
    return { ...pair, reasons };
  }

  test('large texts past the budget cut the connection off (too much data)', async () => {
    const { guest, reasons } = budgetPair();
    guest.hello();
    guest.send(JSON.stringify(big(1)));
    await guest.response(1);
    expect(reasons).toEqual([]);
    guest.send(JSON.stringify(big(2)));
    await guest.until(() => reasons.length > 0);
    expect(reasons).toEqual(['too much data']);
    expect(guest.received.some((e) => e.kind === 'bye' && (e as { reason?: string }).reason === 'too much data')).toBe(true);
  });

  test('large objects are charged what the codec counted of them', async () => {
    const { guest, reasons } = budgetPair();
    guest.hello();
    guest.send(big(1));
    await guest.response(1);
    guest.send(big(2));
    await guest.until(() => reasons.length > 0);
    expect(reasons).toEqual(['too much data']);
  });

  test('small messages do not count: many ordinary calls stay connected', async () => {
    const { guest, reasons, host } = budgetPair();
    guest.hello();
    for (let id = 1; id <= 1500; id++) guest.request(id, 'login', { note: 'n'.repeat(100) });
    await guest.response(1500);
    expect(reasons).toEqual([]);
    expect([...host.connections]).toHaveLength(1);
  });

  test('maxBytesPerSecond must be a positive integer', () => {
    expect(() => rawPair(() => {}, { appId: 'wx-x' }, { maxBytesPerSecond: 0 })).toThrow('createHost: maxBytesPerSecond must be a positive integer, not 0');
  });
});
