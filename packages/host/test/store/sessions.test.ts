/**
 * The host's half of the v2 login standard: issuing codes, sessions for checkSession, openids.
 * Redeeming the codes is the open-platform server's (packages/server/test/redeem.test.ts,
 * login.test.ts, login-identities.test.ts); where a test here needs a backend, it is the server
 * over real HTTP (test-support/open-platform.ts).
 */
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileStore } from '@wxbridge/store/node';
import { SessionService, type SessionServiceOptions } from '../../src/store/sessions';
import { MemoryStore, type KeyValueStore } from '@wxbridge/store';
import { CODE_USED, openPlatform } from '../../../tooling/test-support/open-platform';

const MINUTE = 60_000;
const HOUR = 3600_000;
const CODE = /^[A-Za-z0-9_-]{32}$/;
const BASE64URL_SHA256 = /^[A-Za-z0-9_-]{43}$/;
const SESSION_KEY = /^[A-Za-z0-9+/]{22}==$/;

/** A clock the test moves by hand. */
function fakeClock(start = Date.UTC(2030, 0, 1)) {
  let now = start;
  return {
    now: () => now,
    set: (t: number) => void (now = t),
    advance: (ms: number) => void (now += ms),
  };
}

function setup(options: SessionServiceOptions = {}) {
  const clock = fakeClock();
  const sessions = new SessionService({ clock: clock.now, secret: 'test-secret', ...options });
  return { clock, sessions };
}

/** A store over a visible Map, with or without an atomic take. */
class MapStore implements KeyValueStore {
  readonly map = new Map<string, string>();
  async get(key: string) {
    return this.map.get(key);
  }
  async set(key: string, value: string) {
    this.map.set(key, value);
  }
  async delete(key: string) {
    this.map.delete(key);
  }
}

/** The openid of (appId, user), after a login as the host would do it. */
async function login(sessions: SessionService, appId: string, user: string): Promise<string> {
  await sessions.issueCode(appId, user);
  return sessions.openIdOf(appId, user);
}

describe('codes', () => {
  test('are 32 URL-safe characters (192 bits) and 1000 of them are all different', async () => {
    const { sessions } = setup({ codesPerMinute: 1000 }); // the rate limit has its own tests (login-limits.test.ts)
    const codes = new Set<string>();
    for (let i = 0; i < 1000; i++) {
      const { code } = await sessions.issueCode('wx-app', `user-${i % 7}`);
      expect(code).toMatch(CODE);
      codes.add(code);
    }
    expect(codes.size).toBe(1000);
  });

  test('a code starts a session with a 16-byte base64 session_key; the openid is base64url of a SHA-256', async () => {
    const { sessions } = setup();
    await sessions.issueCode('wx-app', 'alice');
    const { sessionKey } = (await sessions.sessionOf('wx-app', 'alice'))!;
    expect(sessionKey).toMatch(SESSION_KEY);
    expect(atob(sessionKey)).toHaveLength(16);
    expect(await sessions.openIdOf('wx-app', 'alice')).toMatch(BASE64URL_SHA256);
  });

  test('the server redeems an issued code once, for the openid and the session_key the host has', async () => {
    const platform = openPlatform({ apps: ['wx-app'] });
    const { code } = await platform.sessions.issueCode('wx-app', 'alice');
    expect(await platform.redeem('wx-app', code)).toEqual({
      openid: await platform.sessions.openIdOf('wx-app', 'alice'),
      session_key: (await platform.sessions.sessionOf('wx-app', 'alice'))!.sessionKey,
    });
    expect(await platform.redeem('wx-app', code)).toEqual(CODE_USED);
  });
});

describe('input validation', () => {
  test('issueCode and checkSession throw a TypeError naming the argument', async () => {
    const { sessions } = setup();
    for (const method of ['issueCode', 'checkSession'] as const) {
      const call = (appId: unknown, user: unknown) => sessions[method](appId as string, user as string);
      await expect(call('', 'alice')).rejects.toThrow(new TypeError(`SessionService.${method}: appId must be a non-empty string`));
      await expect(call(undefined, 'alice')).rejects.toThrow(/appId must be a non-empty string/);
      await expect(call(42, 'alice')).rejects.toThrow(TypeError);
      await expect(call('a'.repeat(257), 'alice')).rejects.toThrow(/appId must be at most 256 characters/);
      await expect(call('wx\0app', 'alice')).rejects.toThrow(/appId must not contain NUL/);
      await expect(call('wx-app', '')).rejects.toThrow(new TypeError(`SessionService.${method}: user must be a non-empty string`));
      await expect(call('wx-app', null)).rejects.toThrow(/user must be a non-empty string/);
      await expect(call('wx-app', 'u'.repeat(257))).rejects.toThrow(/user must be at most 256 characters/);
      await expect(call('wx-app', 'x\uDC00y')).rejects.toThrow(/user must be well-formed Unicode/);
    }
  });

  test('limits are inclusive (256 characters), NUL is fine in a user id, astral characters too', async () => {
    const { sessions } = setup();
    const app = 'a'.repeat(256);
    for (const user of ['u'.repeat(256), 'x\0y', '😀 ünïcødé']) {
      await sessions.issueCode(app, user);
      expect(await sessions.checkSession(app, user)).toBe(true);
      expect(await sessions.openIdOf(app, user)).toMatch(BASE64URL_SHA256);
    }
  });

  test('bad options throw', () => {
    expect(() => new SessionService({ codeTtlMs: 0 })).toThrow(/codeTtlMs must be a positive finite number/);
    expect(() => new SessionService({ sessionTtlMs: -1 })).toThrow(/sessionTtlMs/);
    expect(() => new SessionService({ codeTtlMs: Number.NaN })).toThrow(TypeError);
    expect(() => new SessionService({ sessionTtlMs: Infinity })).toThrow(TypeError);
    expect(() => new SessionService({ secret: '' })).toThrow(/secret must be a non-empty string/);
  });
});

describe('checkSession', () => {
  test('false before any login, true after, still true at exactly sessionTtlMs, false 1 ms later', async () => {
    const { clock, sessions } = setup();
    expect(await sessions.checkSession('wx-app', 'alice')).toBe(false);
    const issuedAt = clock.now();
    await sessions.issueCode('wx-app', 'alice');
    expect(await sessions.checkSession('wx-app', 'alice')).toBe(true);
    expect(await sessions.checkSession('wx-app', 'bob')).toBe(false);
    expect(await sessions.checkSession('wx-other', 'alice')).toBe(false);
    clock.set(issuedAt + 24 * HOUR);
    expect(await sessions.checkSession('wx-app', 'alice')).toBe(true);
    clock.set(issuedAt + 24 * HOUR + 1);
    expect(await sessions.checkSession('wx-app', 'alice')).toBe(false);
  });

  test('the session is started by issuing the code, whether or not it is redeemed', async () => {
    const clock = fakeClock();
    // A store on real time: the boundary of checkSession is the subject, not the store's expiry.
    const { sessions, redeem } = openPlatform({ apps: ['wx-app'], clock: clock.now, sessionTtlMs: HOUR, store: new MemoryStore() });
    const { code } = await sessions.issueCode('wx-app', 'alice');
    clock.advance(2 * MINUTE);
    expect(await redeem('wx-app', code)).toHaveProperty('openid');
    clock.advance(HOUR - 2 * MINUTE);
    expect(await sessions.checkSession('wx-app', 'alice')).toBe(true);
    clock.advance(1);
    expect(await sessions.checkSession('wx-app', 'alice')).toBe(false);
  });

  test('follows the LAST code: a fresh session_key, and the second code decides expiry', async () => {
    const { clock, sessions } = setup({ sessionTtlMs: HOUR });
    const start = clock.now();
    const a = await login(sessions, 'wx-app', 'alice');
    const firstKey = (await sessions.sessionOf('wx-app', 'alice'))!.sessionKey;
    clock.advance(10 * 1000);
    const b = await login(sessions, 'wx-app', 'alice');
    expect((await sessions.sessionOf('wx-app', 'alice'))!.sessionKey).not.toBe(firstKey);
    expect(b).toBe(a);
    clock.set(start + HOUR + 1); // the first session would be over
    expect(await sessions.checkSession('wx-app', 'alice')).toBe(true);
    clock.set(start + 10 * 1000 + HOUR);
    expect(await sessions.checkSession('wx-app', 'alice')).toBe(true);
    clock.advance(1);
    expect(await sessions.checkSession('wx-app', 'alice')).toBe(false);
  });

  test('app and user parts of store keys are encoded: "a/b"+"c" is not "a"+"b/c"', async () => {
    const store = new MapStore();
    const { sessions } = setup({ store });
    await sessions.issueCode('a/b', 'c');
    expect(await sessions.checkSession('a/b', 'c')).toBe(true);
    expect(await sessions.checkSession('a', 'b/c')).toBe(false);
    expect(await sessions.checkSession('a', 'b%2Fc')).toBe(false);
    for (const key of store.map.keys()) expect(key).toMatch(/^wxbridge\/(sessions|users)\/v1\//);
    expect([...store.map.keys()]).toContain('wxbridge/sessions/v1/session/a%2Fb/c');
    expect([...store.map.keys()]).toContain(`wxbridge/users/v1/a%2Fb/${await sessions.openIdOf('a/b', 'c')}`);
  });

  test('works with the default clock and options', async () => {
    const sessions = new SessionService();
    expect(await sessions.checkSession('wx-app', 'alice')).toBe(false);
    await sessions.issueCode('wx-app', 'alice');
    expect(await sessions.checkSession('wx-app', 'alice')).toBe(true);
    expect(await sessions.sessionOf('wx-app', 'alice')).toEqual({ sessionKey: expect.stringMatching(SESSION_KEY), startedAt: expect.any(Number) });
  });
});

describe('openid and unionid', () => {
  test('openid: stable per (app, user), different per app and per user, no raw ids inside', async () => {
    const { sessions } = setup();
    const aliceApp = await login(sessions, 'wx-app', 'alice');
    expect(await login(sessions, 'wx-app', 'alice')).toBe(aliceApp);
    const aliceOther = await login(sessions, 'wx-other', 'alice');
    const bobApp = await login(sessions, 'wx-app', 'bob');
    expect(new Set([aliceApp, aliceOther, bobApp]).size).toBe(3);
    for (const id of [aliceApp, aliceOther, bobApp]) {
      expect(id).toMatch(BASE64URL_SHA256);
      expect(id).not.toContain('alice');
    }
  });

  test('the NUL separator keeps (app, user) pairs apart: app ids cannot contain NUL, user ids can', async () => {
    const { sessions } = setup();
    await expect(sessions.issueCode('wx\0a', 'b')).rejects.toThrow(TypeError);
    const ids = [
      await login(sessions, 'wx', 'a\0b'),
      await login(sessions, 'wx', 'a'),
      await login(sessions, 'wx-a', 'b'),
      await login(sessions, 'wx', '-ab'),
    ];
    expect(new Set(ids).size).toBe(4);
  });

  test('openid is the HMAC-SHA256 of the secret over appId NUL user, base64url', async () => {
    const { createHmac } = await import('node:crypto');
    const { sessions } = setup({ secret: 's3cret' });
    const expected = createHmac('sha256', 's3cret').update('wx-app\0alice').digest('base64url');
    expect(await login(sessions, 'wx-app', 'alice')).toBe(expected);
  });

  test('without a secret, each instance has its own random one', async () => {
    const one = new SessionService();
    const two = new SessionService();
    expect(await login(one, 'wx-app', 'alice')).toBe(await login(one, 'wx-app', 'alice'));
    expect(await login(two, 'wx-app', 'alice')).not.toBe(await login(one, 'wx-app', 'alice'));
  });
});

describe('several instances over one store (the multi-process story)', () => {
  test('sharing a store and a secret: another instance sees the session and derives the same openid; the server redeems the code once', async () => {
    const clock = fakeClock();
    const platform = openPlatform({ apps: ['wx-app'], secret: 'shared', clock: clock.now });
    const other = new SessionService({ store: platform.store, clock: clock.now, secret: 'shared' });
    const { code } = await platform.sessions.issueCode('wx-app', 'alice');
    expect(await other.checkSession('wx-app', 'alice')).toBe(true);
    expect(await other.sessionOf('wx-app', 'alice')).toEqual(await platform.sessions.sessionOf('wx-app', 'alice'));
    expect(await other.openIdOf('wx-app', 'alice')).toBe(await platform.sessions.openIdOf('wx-app', 'alice'));
    expect(await platform.redeem('wx-app', code)).toMatchObject({ openid: await other.openIdOf('wx-app', 'alice') });
    expect(await platform.redeem('wx-app', code)).toEqual(CODE_USED);
  });

  test('over a FileStore folder: issue in one instance, the session and the openid seen by another', async () => {
    const folder = await fs.mkdtemp(join(tmpdir(), 'wxbridge-sessions-'));
    try {
      const host = new SessionService({ store: new FileStore(folder), secret: 'shared' });
      const backend = new SessionService({ store: new FileStore(folder), secret: 'shared' });
      await host.issueCode('wx-app', 'alice');
      expect(await backend.checkSession('wx-app', 'alice')).toBe(true);
      expect(await backend.sessionOf('wx-app', 'alice')).toEqual(await host.sessionOf('wx-app', 'alice'));
      expect(await backend.openIdOf('wx-app', 'alice')).toBe(await host.openIdOf('wx-app', 'alice'));
    } finally {
      await fs.rm(folder, { recursive: true, force: true });
    }
  });
});

describe('store hygiene', () => {
  test('unredeemed codes this instance wrote are deleted a TTL after they expire', async () => {
    const store = new MapStore();
    const { clock, sessions } = setup({ store });
    await sessions.issueCode('wx-app', 'alice');
    await sessions.issueCode('wx-app', 'bob');
    const codes = () => [...store.map.keys()].filter((k) => k.startsWith('wxbridge/sessions/v1/code/'));
    expect(codes()).toHaveLength(2);
    clock.advance(10 * MINUTE);
    await sessions.issueCode('wx-app', 'carol');
    expect(codes()).toHaveLength(3); // expired, but kept a TTL so that the server still answers "expired"
    clock.advance(1);
    await sessions.issueCode('wx-app', 'dave');
    expect(codes()).toHaveLength(2); // carol's and dave's only
    // One session record per (app, user), replaced on each login.
    expect([...store.map.keys()].filter((k) => k.includes('/session/'))).toHaveLength(4);
  });
});
