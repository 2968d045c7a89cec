// decodeFromHost (what the guest reads) accepts exactly what decodeEnvelope accepts among the kinds
// a host sends, and nothing else; fuzzed with a fixed seed over valid envelopes with one field
// replaced or removed, as objects and as JSON text, and over hostile values of every kind.
import fc from 'fast-check';
import { decodeEnvelope, decodeFromHost, WIRE_MARKER } from '../src';
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

function expected(raw: unknown): unknown {
  const decoded = decodeEnvelope(raw);
  return decoded.ok && HOST_KINDS.includes(decoded.envelope.kind) ? decoded.envelope : undefined;
}

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
