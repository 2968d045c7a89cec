// decodeFromHost (what the guest reads) accepts exactly what decodeEnvelope accepts among the kinds
// a host sends, but for the checks of a welcome a guest leaves out (docs/protocol.md, section 4),
// and nothing else; fuzzed with a fixed seed over valid envelopes with one field replaced or
// removed, as objects and as JSON text, and over hostile values of every kind.
import fc from 'fast-check';
import { DEFAULT_LIMITS, decodeEnvelope, decodeFromHost, isPlainObject, WIRE_MARKER } from '../src';
import { anyValue, own } from '../../tooling/test-support/fuzz-arbitraries';

const HOST_KINDS = ['welcome', 'response', 'event', 'bye'];

const valid: Record<string, unknown>[] = [
  {
    wxbridge: WIRE_MARKER,
    kind: 'welcome',
    protocol: 1,
    session: 's1',
    host: { name: 'h', version: '1' },
    account: { miniProgram: { appId: 'wx1' } },
    capabilities: ['login'],
    interactive: [],
    canIUse: ['login', 'login.success.code'],
    limits: { maxMessageBytes: 10, maxDepth: 2, maxInFlight: 3 },
  },
  { wxbridge: WIRE_MARKER, kind: 'response', id: 1, ok: true, result: { errMsg: 'login:ok', code: 'x' } },
  { wxbridge: WIRE_MARKER, kind: 'event', name: 'needPrivacyAuthorization', data: { referrer: 'login' }, reply: 3 },
  { wxbridge: WIRE_MARKER, kind: 'bye', reason: 'host disposed' },
  { wxbridge: WIRE_MARKER, kind: 'request', id: 1, api: 'login', params: {} },
  { wxbridge: WIRE_MARKER, kind: 'hello', protocol: 1, sdk: 'x', session: 's' },
  { wxbridge: WIRE_MARKER, kind: 'cancel', id: 2 },
];

/** A valid envelope with one member (or one member of a nested object) replaced by `value`, or removed. */
const mutated = fc
  .tuple(fc.constantFrom(...valid), fc.nat(), fc.option(anyValue, { nil: undefined }), fc.boolean(), fc.boolean())
  .map(([envelope, pick, value, nestedToo, remove]) => {
    const keys = Object.keys(envelope);
    const key = keys[pick % keys.length]!;
    const inner = envelope[key];
    if (nestedToo && inner && typeof inner === 'object' && !Array.isArray(inner)) {
      const innerKeys = Object.keys(inner);
      const innerKey = innerKeys[pick % Math.max(innerKeys.length, 1)] ?? 'x';
      const changed = Object.entries(inner as object).filter(([k]) => k !== innerKey);
      return own([...Object.entries(envelope).filter(([k]) => k !== key), [key, own(remove ? changed : [...changed, [innerKey, value]])]]);
    }
    const rest = Object.entries(envelope).filter(([k]) => k !== key);
    return own(remove ? rest : [...rest, [key, value]]);
  });

/**
 * What the guest does not check, made valid: of a welcome, the fields it does not read (`protocol`,
 * `host`, `capabilities`, `schemas`), the one it only compares with its own (`session`), and the
 * members of `account` and `limits` it does not use; a bye's reason. Anything else is left as it is.
 */
function unreadMadeValid(value: unknown): unknown {
  if (isPlainObject(value) && value.kind === 'bye') return { ...value, reason: '' };
  if (!isPlainObject(value) || value.kind !== 'welcome') return value;
  const { account, limits } = value;
  return {
    ...value,
    protocol: 1,
    session: 's',
    host: { name: 'h', version: '1' },
    capabilities: [],
    schemas: undefined,
    account: isPlainObject(account) ? { ...account, miniProgram: {} } : account,
    limits: isPlainObject(limits) ? { ...limits, maxMessageBytes: 1, maxDepth: 1 } : limits,
  };
}

/**
 * `raw` (parsed, when it is text) if decodeEnvelope accepts it as a host kind once the unread is made
 * valid; text longer than the default limit is refused unread, as decodeEnvelope refuses it.
 */
function expected(raw: unknown): unknown {
  if (typeof raw === 'string' && raw.length > DEFAULT_LIMITS.maxMessageBytes) return undefined;
  try {
    const value = typeof raw === 'string' ? JSON.parse(raw) : raw;
    const decoded = decodeEnvelope(unreadMadeValid(value));
    return decoded.ok && HOST_KINDS.includes(decoded.envelope.kind) ? value : undefined;
  } catch {
    return undefined; // not JSON, or a value that throws when read: nothing is read
  }
}

test('a welcome is read with only what the guest uses checked; decodeEnvelope still checks the rest', () => {
  const welcome = valid[0]!;
  for (const [field, value] of [['protocol', 0], ['session', ''], ['host', null], ['capabilities', 'login'], ['schemas', []]] as const) {
    const bad = { ...welcome, [field]: value };
    expect(decodeFromHost(bad)).toBe(bad);
    expect(decodeEnvelope(bad)).toMatchObject({ ok: false, error: expect.stringMatching(new RegExp(`^${field} must be`)) });
  }
  const partial = { ...welcome, account: {}, limits: { maxInFlight: 3 } };
  expect(decodeFromHost(partial)).toBe(partial);
  expect(decodeEnvelope(partial)).toMatchObject({ ok: false, error: 'account must be an object with a miniProgram object' });
  for (const [field, value] of [['account', []], ['interactive', [1]], ['canIUse', 'login'], ['limits', { maxInFlight: 0 }]] as const) {
    const bad = { ...welcome, [field]: value };
    expect(decodeFromHost(bad)).toBeUndefined();
    expect(decodeEnvelope(bad)).toMatchObject({ ok: false, error: expect.stringMatching(new RegExp(`^${field} must be`)) });
  }
});

test("a bye is read whatever its reason (the guest reads none); decodeEnvelope checks it", () => {
  for (const reason of [undefined, 42, 'x'.repeat(1025)]) {
    const bye = { wxbridge: WIRE_MARKER, kind: 'bye', reason };
    expect(decodeFromHost(bye)).toBe(bye);
    expect(decodeEnvelope(bye)).toMatchObject({ ok: false, error: 'reason must be a string' });
  }
});

test('accepts exactly the host kinds decodeEnvelope accepts, as objects and as JSON text', () => {
  for (const envelope of valid) {
    expect(decodeFromHost(envelope)).toBe(expected(envelope));
    expect(decodeFromHost(JSON.stringify(envelope))).toEqual(expected(JSON.stringify(envelope)));
  }
  fc.assert(
    fc.property(fc.oneof(mutated, anyValue), fc.boolean(), (value, asText) => {
      let raw: unknown = value;
      if (asText) {
        try {
          raw = JSON.stringify(value);
        } catch {
          raw = value;
        }
      }
      const got = decodeFromHost(raw);
      const want = expected(raw);
      if (typeof raw === 'string') expect(got).toEqual(want);
      else expect(got).toBe(want);
    }),
    { numRuns: 4000, seed: 20240607 },
  );
});

test('refuses JSON text longer than the default limit unread, and never throws', () => {
  expect(decodeFromHost(' '.repeat(1024 * 1024 + 1))).toBeUndefined();
  const throwing = new Proxy({}, { get: () => { throw new Error('boom'); }, getPrototypeOf: () => { throw new Error('boom'); } });
  expect(decodeFromHost(throwing)).toBeUndefined();
  expect(decodeFromHost('{not json')).toBeUndefined();
});

test('passes the session key through on every kind a host sends (the native transport compares it)', () => {
  for (const envelope of valid.filter((e) => HOST_KINDS.includes(e.kind as string))) {
    const keyed = { ...envelope, key: '1.2.3.4' };
    expect(decodeFromHost(keyed)).toBe(keyed);
    expect(decodeFromHost(JSON.stringify(keyed))).toEqual(keyed);
  }
  const hello = { wxbridge: WIRE_MARKER, kind: 'hello', protocol: 1, sdk: 'x', session: 's', key: 'k'.repeat(128) };
  expect(decodeEnvelope(hello)).toEqual({ ok: true, envelope: hello });
});
