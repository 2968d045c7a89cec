/**
 * The records' hashes through node:crypto (found with process.getBuiltinModule) give what Web
 * Crypto gives, computed here independently: the same code ids, openids and unionids, digests and
 * HMACs; and where the runtime has no node:crypto (a browser, Hermes) the records fall back to Web
 * Crypto with the same answers. The host (which issues codes and derives openids) and the server
 * (which redeems them) both compute through these.
 */
import * as records from '@wxbridge/store/records';
import { withoutNodeCrypto } from '../../tooling/test-support/without-node-crypto';

const USERS = ['alice', 'Bob Ü', '用户-42', '\u{1F600} emoji', 'x'.repeat(300)];
const CODES = ['a', 'Zm9vYmFyYmF6cXV4cXV1eHF1dXg', '0123456789abcdefghijklmnopqrstuv'];
const subtle = globalThis.crypto.subtle;
const utf8 = (text: string) => new TextEncoder().encode(text);
const base64url = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');

async function webHmac(key: Uint8Array, message: string): Promise<Uint8Array> {
  const imported = await subtle.importKey('raw', key as Uint8Array<ArrayBuffer>, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return new Uint8Array(await subtle.sign('HMAC', imported, utf8(message)));
}

/** The records loaded where `process.getBuiltinModule` does not exist. */
const recordsWithoutNodeCrypto = (): typeof records => withoutNodeCrypto(() => require('@wxbridge/store/records'));

test('node:crypto is found and used here; without process.getBuiltinModule it is not', () => {
  expect(records.nativeCrypto).toBeDefined();
  expect(recordsWithoutNodeCrypto().nativeCrypto).toBeUndefined();
});

test.each([
  ['node:crypto', () => records],
  ['Web Crypto', recordsWithoutNodeCrypto],
])('openids and unionids (%s) are HMAC-SHA256 of the records\' messages under the secret', async (_, load) => {
  const { OpenIds, openIdMessage, unionIdMessage } = load();
  for (const secret of ['deployment-secret', 'ключ']) {
    const ids = new OpenIds(secret);
    for (const user of USERS) {
      expect(await ids.of('wx-app-one', user)).toBe(base64url(await webHmac(utf8(secret), openIdMessage('wx-app-one', user))));
      expect(await ids.union(user)).toBe(base64url(await webHmac(utf8(secret), unionIdMessage(user))));
    }
  }
  // Without a secret: a random one, the same for every call of one instance, another for the next.
  const random = new OpenIds(undefined);
  expect(await random.of('wx-app-one', 'alice')).toBe(await random.of('wx-app-one', 'alice'));
  expect(await new OpenIds(undefined).of('wx-app-one', 'alice')).not.toBe(await random.of('wx-app-one', 'alice'));
});

test.each([
  ['node:crypto', () => records],
  ['Web Crypto', recordsWithoutNodeCrypto],
])('code ids, digests and HMACs (%s) match Web Crypto', async (_, load) => {
  const { codeIdOf, sha256Base64url, sha256Text, hmacSha256 } = load();
  for (const code of CODES) {
    const digest = new Uint8Array(await subtle.digest('SHA-256', utf8(code)));
    expect(await codeIdOf(code)).toBe(base64url(digest));
    expect(await sha256Base64url(code)).toBe(base64url(digest));
  }
  const text = 'séance ✓';
  expect(Buffer.from(await sha256Text(text)).toString('hex')).toBe(Buffer.from(await subtle.digest('SHA-256', utf8(text))).toString('hex'));
  const key = utf8('session-key');
  const mac = await webHmac(key, text);
  expect(Buffer.from(await hmacSha256(key, text))).toEqual(Buffer.from(mac));
  expect(Buffer.from(await hmacSha256('session-key', text))).toEqual(Buffer.from(mac));
});

test('constructing OpenIds needs no crypto at all: the secret (or a random one) is made on first use', async () => {
  const descriptor = Object.getOwnPropertyDescriptor(globalThis, 'crypto')!;
  Object.defineProperty(globalThis, 'crypto', { value: undefined, configurable: true });
  let made: records.OpenIds[];
  try {
    made = [new records.OpenIds(undefined), new records.OpenIds('deployment-secret')];
  } finally {
    Object.defineProperty(globalThis, 'crypto', descriptor);
  }
  const [random, fixed] = made;
  expect(await fixed!.of('wx-app-one', 'alice')).toBe(base64url(await webHmac(utf8('deployment-secret'), records.openIdMessage('wx-app-one', 'alice'))));
  expect(await random!.of('wx-app-one', 'alice')).toBe(await random!.of('wx-app-one', 'alice'));
});
