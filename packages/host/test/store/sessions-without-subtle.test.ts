import { createHash } from 'node:crypto';
import type { SessionService as SessionServiceType } from '../../src/store/sessions';
import { withoutNodeCrypto } from '../../../tooling/test-support/without-node-crypto';

/** SessionService loaded as in a runtime with neither node:crypto (process.getBuiltinModule) nor crypto.subtle. */
const sessionServiceWithoutCrypto = (): typeof SessionServiceType => withoutNodeCrypto(() => require('../../src/store/sessions').SessionService);

test('without crypto.subtle or node:crypto (an insecure browser context, Hermes) codes are still issued, stored under the same digest, and no known-user record is written (its openid is an HMAC)', async () => {
  const subtle = Object.getOwnPropertyDescriptor(globalThis.crypto, 'subtle');
  const keys: string[] = [];
  const store = { get: () => undefined, set: (key: string) => void keys.push(key), delete: () => {} };
  const SessionService = sessionServiceWithoutCrypto();
  const sessions = new SessionService({ store, secret: 's' });
  Object.defineProperty(globalThis.crypto, 'subtle', { value: undefined, configurable: true });
  try {
    const { code } = await sessions.issueCode('wx-app', 'alice');
    expect(keys).toContain(`wxbridge/sessions/v1/code/${createHash('sha256').update(code).digest('base64url')}`);
    expect(keys.filter((key) => !key.startsWith('wxbridge/sessions/v1/'))).toEqual([]);
  } finally {
    if (subtle) Object.defineProperty(globalThis.crypto, 'subtle', subtle);
    else delete (globalThis.crypto as { subtle?: unknown }).subtle;
  }
  expect(globalThis.crypto.subtle).toBeDefined();
});
