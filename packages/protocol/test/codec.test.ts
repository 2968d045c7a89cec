import {
  DEFAULT_LIMITS,
  SUBSCRIBE_EVENT,
  WIRE_MARKER,
  decodeEnvelope,
  encodeEnvelope,
  isPlainObject,
  schemaTree,
  type Envelope,
  type SubscribeEnvelope,
} from '../src';
import { runInNewContext } from 'node:vm';

const request = (extra: Record<string, unknown> = {}) => ({
  wxbridge: WIRE_MARKER,
  kind: 'request',
  id: 1,
  api: 'login',
  params: {},
  ...extra,
});

/** The guest's control event: it listens to the host's needPrivacyAuthorization. */
const subscribe: SubscribeEnvelope = { wxbridge: 1, kind: 'event', name: SUBSCRIBE_EVENT, data: { event: 'needPrivacyAuthorization' } };

const valid: Envelope[] = [
  { wxbridge: 1, kind: 'hello', protocol: 1, sdk: '0.1.0', session: 'abc' },
  {
    wxbridge: 1,
    kind: 'welcome',
    protocol: 1,
    session: 'abc',
    host: { name: 'h', version: '1' },
    account: { miniProgram: { appId: 'wx1', envVersion: 'release', version: '1.0.0' } },
    capabilities: ['login'],
    limits: DEFAULT_LIMITS,
  },
  { wxbridge: 1, kind: 'request', id: 7, api: 'login', params: { timeout: 5 }, tap: true },
  { wxbridge: 1, kind: 'response', id: 7, ok: true, result: { errMsg: 'login:ok', code: 'x' } },
  { wxbridge: 1, kind: 'cancel', id: 7 },
  { wxbridge: 1, kind: 'event', name: 'needPrivacyAuthorization', data: { referrer: 'x' }, reply: 3 },
  subscribe,
  { wxbridge: 1, kind: 'bye', reason: 'done' },
];

describe('the welcome schema tree', () => {
  const welcome = valid[1]!;
  test('is optional; a tree of names is accepted, anything but an object is refused', () => {
    const tree = schemaTree();
    expect(Object.keys(tree).slice(0, 1)).toEqual(['login']);
    expect(tree.login).toEqual({ object: { timeout: {} }, success: { code: {} } });
    expect(tree.button).toEqual({ 'open-type': expect.objectContaining({ getPhoneNumber: {}, chooseAvatar: {} }) });
    expect(Object.isFrozen(tree) && Object.isFrozen(tree.login) && Object.isFrozen(tree.login!.object)).toBe(true);
    expect(decodeEnvelope({ ...welcome, schemas: tree }, { deep: true })).toMatchObject({ ok: true });
    expect(decodeEnvelope(JSON.stringify({ ...welcome, schemas: tree }), { deep: true })).toMatchObject({ ok: true });
    for (const schemas of [42, ['login'], 'login(object)', null]) {
      expect(decodeEnvelope({ ...welcome, schemas }, { deep: true })).toMatchObject({ ok: false, error: 'schemas must be an object' });
    }
  });
});

describe('the welcome canIUse list', () => {
  const welcome = valid[1]!;
  test('is optional; a list of names is accepted, anything else is refused', () => {
    const canIUse = ['login', 'login.success.code', 'button.open-type.getPhoneNumber'];
    expect(decodeEnvelope({ ...welcome, canIUse }, { deep: true })).toMatchObject({ ok: true });
    expect(decodeEnvelope(JSON.stringify({ ...welcome, canIUse }), { deep: true })).toMatchObject({ ok: true });
    for (const bad of [42, 'login', { login: {} }, null, [''], ['x'.repeat(129)], [1]]) {
      expect(decodeEnvelope({ ...welcome, canIUse: bad }, { deep: true })).toMatchObject({ ok: false, error: 'canIUse must be a list of names' });
    }
  });

  test("a welcome's fields are checked in two passes: first what a guest reads, then the rest", () => {
    // account (as a plain object), interactive, canIUse and limits.maxInFlight come before protocol.
    const both = { ...welcome, protocol: 0, limits: { ...DEFAULT_LIMITS, maxInFlight: 0 } };
    expect(decodeEnvelope(both)).toMatchObject({ ok: false, error: 'limits must be an object of positive integer limits' });
    expect(decodeEnvelope({ ...welcome, protocol: 0 })).toMatchObject({ ok: false, error: 'protocol must be a positive integer' });
    expect(decodeEnvelope({ ...welcome, account: {}, capabilities: 1 })).toMatchObject({ ok: false, error: 'account must be an object with a miniProgram object' });
    expect(decodeEnvelope({ ...welcome, limits: { maxInFlight: 1 } })).toMatchObject({ ok: false, error: 'limits must be an object of positive integer limits' });
  });
});

describe('isPlainObject', () => {
  test('plain objects of any realm and null-prototype objects; never arrays, whatever their prototype', () => {
    const otherRealm = runInNewContext('({ object: { a: 1 }, array: [1] })') as { object: object; array: unknown[] };
    expect(isPlainObject({})).toBe(true);
    expect(isPlainObject(Object.create(null))).toBe(true);
    expect(isPlainObject(otherRealm.object)).toBe(true);
    expect(isPlainObject(JSON.parse('{"__proto__": {}}'))).toBe(true);
    for (const notPlain of [
      [],
      otherRealm.array,
      Object.setPrototypeOf([1], Object.prototype),
      Object.setPrototypeOf([1], null),
      new (class Thing {})(),
      new Date(0),
      null,
      'x',
      () => {},
    ]) {
      expect(isPlainObject(notPlain)).toBe(false);
    }
  });

  test('an array dressed as an object is refused as params', () => {
    const params = Object.setPrototypeOf([{}], Object.prototype);
    expect(decodeEnvelope({ wxbridge: 1, kind: 'request', id: 1, api: 'login', params }, { deep: true })).toMatchObject({
      ok: false,
      error: 'params must be an object',
    });
  });
});

describe('decodeEnvelope', () => {
  test.each(valid.map((e) => [e.kind, e]))('accepts a valid %s envelope, as an object and as JSON text', (_kind, envelope) => {
    expect(decodeEnvelope(envelope, { deep: true })).toEqual({ ok: true, envelope });
    expect(decodeEnvelope(encodeEnvelope(envelope), { deep: true })).toEqual({ ok: true, envelope });
  });

  test.each([
    ['null', null],
    ['a number', 42],
    ['a string that is not JSON', 'hello there'],
    ['an array', [1, 2]],
    ['an object without the marker', { kind: 'request', id: 1, api: 'login', params: {} }],
    ['an object with another marker value', { ...request(), wxbridge: 2 }],
    ['JSON text of something else', '{"type":"webpackOk"}'],
  ])('treats %s as foreign traffic', (_what, raw) => {
    const decoded = decodeEnvelope(raw);
    expect(decoded.ok).toBe(false);
    expect(decoded).toMatchObject({ foreign: true });
  });

  test.each([
    ['an unknown kind', { wxbridge: 1, kind: 'exec', code: 'alert(1)' }, 'unknown kind'],
    ['id 0', request({ id: 0 }), 'id must be a positive integer'],
    ['a negative id', request({ id: -3 }), 'id must be a positive integer'],
    ['a fractional id', request({ id: 1.5 }), 'id must be a positive integer'],
    ['a string id', request({ id: '1' }), 'id must be a positive integer'],
    ['an unsafe integer id', request({ id: 2 ** 60 }), 'id must be a positive integer'],
    ['an empty api', request({ api: '' }), 'api must be a non-empty string'],
    ['a non-string api', request({ api: 12 }), 'api must be a non-empty string'],
    ['an over-long api', request({ api: 'x'.repeat(129) }), 'api must be a non-empty string'],
    ['params that are an array', request({ params: [1] }), 'params must be an object'],
    ['params that are null', request({ params: null }), 'params must be an object'],
    ['a non-boolean tap', request({ tap: 'yes' }), 'tap must be a boolean'],
    ['a response without ok', { wxbridge: 1, kind: 'response', id: 1, result: { errMsg: 'x:ok' } }, 'ok must be a boolean'],
    ['a response without errMsg', { wxbridge: 1, kind: 'response', id: 1, ok: true, result: {} }, 'result must be an object with an errMsg string'],
    ['a hello without session', { wxbridge: 1, kind: 'hello', protocol: 1, sdk: 'x' }, 'session must be a non-empty string'],
    ['a hello with an empty key', { wxbridge: 1, kind: 'hello', protocol: 1, sdk: 'x', session: 's', key: '' }, 'key must be a string of 1 to 128 characters'],
    ['a hello with a non-string key', { wxbridge: 1, kind: 'hello', protocol: 1, sdk: 'x', session: 's', key: 7 }, 'key must be a string of 1 to 128 characters'],
    ['a hello with an over-long key', { wxbridge: 1, kind: 'hello', protocol: 1, sdk: 'x', session: 's', key: 'k'.repeat(129) }, 'key must be a string of 1 to 128 characters'],
    ['an event with a bad reply', { wxbridge: 1, kind: 'event', name: 'x', data: 1, reply: 'r' }, 'reply must be a positive integer'],
    ['a bye with a non-string reason', { wxbridge: 1, kind: 'bye', reason: 5 }, 'reason must be a string'],
  ])('rejects %s', (_what, raw, error) => {
    expect(decodeEnvelope(raw, { deep: true })).toMatchObject({ ok: false, error });
  });

  test('keeps the id and api of a bad request so the host can answer it', () => {
    expect(decodeEnvelope(request({ id: 9, api: 'login', params: { a: () => 1 } }), { deep: true })).toEqual({
      ok: false,
      error: 'function values are not allowed',
      id: 9,
      api: 'login',
    });
  });
});

describe('decodeEnvelope, the deep checks (on for what a host reads from a guest)', () => {
  test('deep mode refuses forbidden keys anywhere, including __proto__ from JSON text', () => {
    const text = '{"wxbridge":1,"kind":"request","id":1,"api":"login","params":{"a":{"__proto__":{"polluted":true}}}}';
    expect(decodeEnvelope(text, { deep: true })).toMatchObject({ ok: false, error: 'key "__proto__" is not allowed', id: 1 });
    expect(decodeEnvelope(request({ params: { constructor: { prototype: {} } } }), { deep: true })).toMatchObject({
      ok: false,
      error: 'key "constructor" is not allowed',
    });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  test('deep mode refuses deep nesting, cycles, huge payloads and non-JSON values', () => {
    let deep: Record<string, unknown> = {};
    for (let i = 0; i < 40; i++) deep = { d: deep };
    expect(decodeEnvelope(request({ params: deep }), { deep: true })).toMatchObject({ ok: false, error: 'nesting too deep' });

    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(decodeEnvelope(request({ params: cycle }), { deep: true }).ok).toBe(false);

    const huge = request({ params: { blob: 'x'.repeat(DEFAULT_LIMITS.maxMessageBytes) } });
    expect(decodeEnvelope(huge, { deep: true })).toMatchObject({ ok: false, error: 'message too large' });
    expect(decodeEnvelope(JSON.stringify(huge), { deep: true })).toMatchObject({ ok: false, error: 'message too large' });

    const wide = request({ params: { list: new Array(DEFAULT_LIMITS.maxMessageBytes).fill(0) } });
    expect(decodeEnvelope(wide, { deep: true })).toMatchObject({ ok: false, error: 'message too large' });

    expect(decodeEnvelope(request({ params: { when: new Date() } }), { deep: true })).toMatchObject({
      error: 'only plain objects are allowed',
    });
    expect(decodeEnvelope(request({ params: { m: new Map() } }), { deep: true })).toMatchObject({
      error: 'only plain objects are allowed',
    });
    expect(decodeEnvelope(request({ params: { n: NaN } }), { deep: true })).toMatchObject({ error: 'numbers must be finite' });
    expect(decodeEnvelope(request({ params: { b: BigInt(1) } }), { deep: true })).toMatchObject({
      error: 'bigint values are not allowed',
    });
    // undefined is what JSON drops: it counts as absent, never as an error.
    expect(decodeEnvelope(request({ params: { u: undefined, list: [undefined] } }), { deep: true }).ok).toBe(true);
  });

  test('honours custom limits', () => {
    const limits = { maxMessageBytes: 200, maxDepth: 2, maxInFlight: 1 };
    expect(decodeEnvelope(request({ params: { a: { b: 1 } } }), { deep: true, limits })).toMatchObject({
      error: 'nesting too deep',
    });
    expect(decodeEnvelope(request({ params: { s: 'y'.repeat(300) } }), { deep: true, limits })).toMatchObject({
      error: 'message too large',
    });
    expect(decodeEnvelope(request({ params: { s: 'ok' } }), { deep: true, limits }).ok).toBe(true);
  });
});
