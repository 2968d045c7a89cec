/**
 * The server's hashes through node:crypto (found with process.getBuiltinModule) give what Web
 * Crypto and the shared records give: the same openids and unionids as the host's OpenIds, the same
 * code ids as codeIdOf, the same HMACs and digests; and without node:crypto the server falls back
 * to Web Crypto with the same answers.
 */
import { OpenIds, codeIdOf } from '@wxbridge/store/records';
import * as fast from '../src/crypto';
import { identitiesOf } from '../src/openids';

const USERS = ['alice', 'Bob Ü', '用户-42', '\u{1F600} emoji', 'x'.repeat(300)];
const CODES = ['a', 'Zm9vYmFyYmF6cXV4cXV1eHF1dXg', '0123456789abcdefghijklmnopqrstuv'];

/** The server's crypto and openids modules loaded where `process.getBuiltinModule` does not exist. */
function withoutNodeCrypto(): { crypto: typeof fast; identitiesOf: typeof identitiesOf } {
  const original = process.getBuiltinModule;
  let loaded!: { crypto: typeof fast; identitiesOf: typeof identitiesOf };
  (process as { getBuiltinModule?: unknown }).getBuiltinModule = undefined;
  try {
    jest.isolateModules(() => {
      loaded = { crypto: require('../src/crypto'), identitiesOf: require('../src/openids').identitiesOf };
    });
  } finally {
    process.getBuiltinModule = original;
  }
  return loaded;
}

test('node:crypto is found and used here', () => {
  expect(fast.native).toBeDefined();
  expect(withoutNodeCrypto().crypto.native).toBeUndefined();
});

test.each([
  ['node:crypto', () => ({ crypto: fast, identitiesOf })],
  ['Web Crypto', withoutNodeCrypto],
])('openids and unionids (%s) are the host OpenIds ones', async (_, load) => {
  const { identitiesOf: make } = load();
  for (const secret of ['deployment-secret', 'ключ']) {
    const host = new OpenIds(secret);
    const server = make(secret);
    for (const user of USERS) {
      expect(await server.of('wx-app-one', user)).toBe(await host.of('wx-app-one', user));
      expect(await server.union(user)).toBe(await host.union(user));
    }
  }
});

test.each([
  ['node:crypto', () => fast],
  ['Web Crypto', () => withoutNodeCrypto().crypto],
])('code ids, digests and HMACs (%s) match the records and Web Crypto', async (_, load) => {
  const crypto = load();
  for (const code of CODES) expect(await crypto.sha256Base64url(code)).toBe(await codeIdOf(code));
  const subtle = globalThis.crypto.subtle;
  const text = 'séance ✓';
  const digest = new Uint8Array(await subtle.digest('SHA-256', new TextEncoder().encode(text)));
  expect(crypto.toHex(await crypto.sha256Text(text))).toBe(crypto.toHex(digest));
  const key = new TextEncoder().encode('session-key');
  const imported = await subtle.importKey('raw', key, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const mac = new Uint8Array(await subtle.sign('HMAC', imported, new TextEncoder().encode(text)));
  expect(crypto.toHex(await crypto.hmacSha256(key, text))).toBe(crypto.toHex(mac));
  expect(crypto.toHex(Uint8Array.of(0, 15, 16, 255))).toBe('000f10ff');
});
