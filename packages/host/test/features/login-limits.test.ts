/**
 * Issue 13, item 8: v2 logins are bounded. Floods through the real guest and host; the store's
 * growth counted in entries (and, over a FileStore, in files), not timed.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectGuest } from '@wxbridge/guest';
import { createPortTransport, SessionService, type KeyValueStore } from '@wxbridge/host';
import { FileStore } from '@wxbridge/host/node';
import { makePair, onCleanup } from '../../../tooling/test-support/pair';
import { openPlatform } from '../../../tooling/test-support/open-platform';

const REFUSED = { errMsg: 'login:fail too many requests, try again later', errno: 1003 };
const MINUTE = 60_000;
const HOUR = 3_600_000;

/** A store whose entries can be counted. */
class CountingStore implements KeyValueStore {
  readonly map = new Map<string, string>();
  get = (key: string) => this.map.get(key);
  set = (key: string, value: string) => void this.map.set(key, value);
  delete = (key: string) => void this.map.delete(key);
  take = (key: string) => {
    const value = this.map.get(key);
    this.map.delete(key);
    return value;
  };
}

async function flood(login: () => Promise<unknown>, count: number) {
  const results = await Promise.allSettled(Array.from({ length: count }, login));
  return {
    accepted: results.filter((r) => r.status === 'fulfilled').length,
    refusals: new Set(results.flatMap((r) => (r.status === 'rejected' ? [JSON.stringify(r.reason)] : []))),
  };
}

test('a flood of v2 logins from one guest: 20 codes, the rest refused (errno 1003), and the store keeps 12 entries', async () => {
  const store = new CountingStore();
  const { bridge } = makePair(() => {}, {
    host: { apiVersion: { login: 'v2' }, sessions: new SessionService({ store, secret: 's' }), user: () => 'alice' },
    app: { appId: 'wx-flood' },
  });
  const { accepted, refusals } = await flood(() => bridge.wx.login(), 1000);
  expect({ accepted, refusals: [...refusals].map((text) => JSON.parse(text)) }).toEqual({ accepted: 20, refusals: [REFUSED] });
  // Ten redeemable codes (the older ten were invalidated), the session and the known user (written once).
  expect(store.map.size).toBe(12);
});

test('per connection too: a guest whose user changes on every call is refused after 20 logins; another app is still served', async () => {
  let n = 0;
  const { host, bridge } = makePair(() => {}, {
    host: { apiVersion: { login: 'v2' }, sessions: new SessionService({ secret: 's' }), user: (app) => (app.appId === 'wx-switch' ? `user-${n++}` : 'alice') },
    app: { appId: 'wx-switch' },
  });
  const { accepted, refusals } = await flood(() => bridge.wx.login(), 100);
  expect({ accepted, refusals: [...refusals].map((text) => JSON.parse(text)) }).toEqual({ accepted: 20, refusals: [REFUSED] });

  // Another mini program on the same host has its own connection and its own count.
  const { port1, port2 } = new MessageChannel();
  host.connect(createPortTransport(port1), { appId: 'wx-other', envVersion: 'release' });
  const other = connectGuest({ transport: createPortTransport(port2), tapTarget: null });
  onCleanup(() => {
    other.dispose();
    port1.close();
    port2.close();
  });
  await expect(other.wx.login()).resolves.toEqual({ code: expect.stringMatching(/^[A-Za-z0-9_-]{32}$/), errMsg: 'login:ok' });
});

test('at most 10 codes of one (app, user) are redeemable: an 11th invalidates the oldest (real files: 12 in the folder)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'wxbridge-login-limits-'));
  onCleanup(() => rmSync(dir, { recursive: true, force: true }));
  let now = Date.UTC(2030, 0, 1);
  const { sessions, redeem } = openPlatform({ apps: ['wx-app'], store: new FileStore(join(dir, 'store')), clock: () => now });
  const codes: string[] = [];
  for (let i = 0; i < 15; i++) {
    codes.push((await sessions.issueCode('wx-app', 'alice')).code);
    now += 5_000; // 12 a minute: within the rate limit
  }
  expect(readdirSync(join(dir, 'store'))).toHaveLength(12); // ten codes, the session and the known user
  const answers = [];
  for (const code of codes) answers.push('openid' in (await redeem('wx-app', code)) ? 'ok' : 'invalid'); // the server, over HTTP
  expect(answers).toEqual([...Array(5).fill('invalid'), ...Array(10).fill('ok')]);
});

test('the limits are options, and a minute later codes are issued again', async () => {
  let now = 0;
  const sessions = new SessionService({ secret: 's', clock: () => now, codesPerMinute: 3 });
  for (let i = 0; i < 3; i++) await sessions.issueCode('wx-app', 'alice');
  await expect(sessions.issueCode('wx-app', 'alice')).rejects.toMatchObject({ name: 'CodeRateLimitError', limit: 3 });
  await expect(sessions.issueCode('wx-app', 'bob')).resolves.toHaveProperty('code');
  now += MINUTE;
  await expect(sessions.issueCode('wx-app', 'alice')).resolves.toHaveProperty('code');
  expect(() => new SessionService({ codesPerMinute: 0 })).toThrow('SessionService: codesPerMinute must be a positive integer');
  expect(() => new SessionService({ maxUnredeemedCodes: 1.5 })).toThrow('SessionService: maxUnredeemedCodes must be a positive integer');

  const { bridge } = makePair(() => {}, { host: { apiVersion: { login: 'v2' }, loginsPerMinute: 2 } });
  const { accepted } = await flood(() => bridge.wx.login(), 5);
  expect(accepted).toBe(2);
});

test('every record expires: after a day, what 50 users left behind is swept as the service keeps working', async () => {
  // (The tombstones of redeemed codes are the server's, kept with a ttlMs: server/test/redeem.test.ts.)
  const store = new CountingStore();
  let now = Date.UTC(2030, 0, 1);
  const sessions = new SessionService({ store, secret: 's', clock: () => now });
  for (let i = 0; i < 50; i++) await sessions.issueCode('wx-app', `user-${i}`);
  expect(store.map.size).toBe(150); // 50 sessions, 50 codes, 50 known users
  now += 24 * HOUR + 1;
  for (let i = 0; i < 10; i++) await sessions.checkSession('wx-app', 'nobody').then(() => sessions.issueCode('wx-app', 'zoe'));
  // Only zoe's session and her last ten codes are left, and the known users: one record per user ever
  // logged in (what the open-platform server answers 40003 without), never one per login.
  expect(store.map.size).toBe(62);
  expect([...store.map.keys()].filter((key) => key.startsWith('wxbridge/users/v1/'))).toHaveLength(51);
});
