import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileStore } from '@wxbridge/store/node';
import {
  CODE2SESSION_ERRORS,
  SessionService,
  type Code2SessionError,
  type Code2SessionOk,
  type SessionServiceOptions,
} from '../../src/store/sessions';
import { MemoryStore, type KeyValueStore } from '@wxbridge/store';

const MINUTE = 60_000;
const HOUR = 3600_000;
const CODE = /^[A-Za-z0-9_-]{32}$/;
const BASE64URL_SHA256 = /^[A-Za-z0-9_-]{43}$/;
const SESSION_KEY = /^[A-Za-z0-9+/]{22}==$/;

const INVALID = { errcode: 40029, errmsg: 'invalid code' };
const EXPIRED = { errcode: 40029, errmsg: 'invalid code: expired' };
const USED = { errcode: 40163, errmsg: 'code been used' };

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

function ok(result: Code2SessionOk | Code2SessionError): Code2SessionOk {
  if ('errcode' in result) throw new Error(`expected a session, got ${JSON.stringify(result)}`);
  return result;
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

/** A MapStore whose every operation takes a few milliseconds. */
class SlowStore extends MapStore {
  private pause = () => new Promise<void>((resolve) => setTimeout(resolve, 5));
  override async get(key: string) {
    await this.pause();
    return super.get(key);
  }
  override async set(key: string, value: string) {
    await this.pause();
    return super.set(key, value);
  }
  override async delete(key: string) {
    await this.pause();
    return super.delete(key);
  }
}

async function login(sessions: SessionService, appId: string, user: string): Promise<Code2SessionOk> {
  const { code } = await sessions.issueCode(appId, user);
  return ok(await sessions.code2Session(appId, code));
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

  test('redeem once: openid and a 16-byte base64 session_key; the second redemption is 40163', async () => {
    const { sessions } = setup();
    const { code } = await sessions.issueCode('wx-app', 'alice');
    const first = ok(await sessions.code2Session('wx-app', code));
    expect(first.openid).toMatch(BASE64URL_SHA256);
    expect(first.session_key).toMatch(SESSION_KEY);
    expect(atob(first.session_key)).toHaveLength(16);
    expect(first).not.toHaveProperty('unionid');
    expect(await sessions.code2Session('wx-app', code)).toEqual(USED);
    expect(await sessions.code2Session('wx-app', code)).toEqual(USED);
    expect(CODE2SESSION_ERRORS).toEqual({ invalidCode: 40029, codeUsed: 40163 });
  });

  test('the "used" tombstone lasts codeTtlMs after redemption, then the code is just invalid', async () => {
    const { clock, sessions } = setup();
    const { code } = await sessions.issueCode('wx-app', 'alice');
    clock.advance(MINUTE);
    ok(await sessions.code2Session('wx-app', code));
    clock.advance(5 * MINUTE);
    expect(await sessions.code2Session('wx-app', code)).toEqual(USED);
    clock.advance(1);
    expect(await sessions.code2Session('wx-app', code)).toEqual(INVALID);
  });

  test('valid up to exactly codeTtlMs after issue; 1 ms later "invalid code: expired"', async () => {
    const { clock, sessions } = setup();
    const issuedAt = clock.now();
    const a = await sessions.issueCode('wx-app', 'alice');
    const b = await sessions.issueCode('wx-app', 'bob');
    clock.set(issuedAt + 5 * MINUTE - 1);
    ok(await sessions.code2Session('wx-app', a.code));
    clock.set(issuedAt + 5 * MINUTE);
    const c = await sessions.issueCode('wx-app', 'carol');
    ok(await sessions.code2Session('wx-app', b.code));
    clock.set(issuedAt + 10 * MINUTE + 1);
    expect(await sessions.code2Session('wx-app', c.code)).toEqual(EXPIRED);
    // Still expired (not "used"): an expired attempt does not consume anything.
    expect(await sessions.code2Session('wx-app', c.code)).toEqual(EXPIRED);
  });

  test('codeTtlMs is configurable', async () => {
    const { clock, sessions } = setup({ codeTtlMs: 1000 });
    const { code } = await sessions.issueCode('wx-app', 'alice');
    clock.advance(1001);
    expect(await sessions.code2Session('wx-app', code)).toEqual(EXPIRED);
  });

  test("another app's appId gets 40029 and does not burn the code; its own app still redeems it", async () => {
    const { sessions } = setup();
    const { code } = await sessions.issueCode('wx-app', 'alice');
    expect(await sessions.code2Session('wx-other', code)).toEqual(INVALID);
    expect(await sessions.code2Session('wx-other', code)).toEqual(INVALID);
    const session = ok(await sessions.code2Session('wx-app', code));
    expect(session.openid).toBe((await login(sessions, 'wx-app', 'alice')).openid);
    // Once used, the other app still learns nothing about it.
    expect(await sessions.code2Session('wx-other', code)).toEqual(INVALID);
    expect(await sessions.code2Session('wx-app', code)).toEqual(USED);
  });

  test("an expired code tried by another app is plain 'invalid code'", async () => {
    const { clock, sessions } = setup();
    const { code } = await sessions.issueCode('wx-app', 'alice');
    clock.advance(5 * MINUTE + 1);
    expect(await sessions.code2Session('wx-other', code)).toEqual(INVALID);
    expect(await sessions.code2Session('wx-app', code)).toEqual(EXPIRED);
  });

  test('garbage codes and app ids answer 40029 and never throw', async () => {
    const { sessions } = setup();
    const { code } = await sessions.issueCode('wx-app', 'alice');
    const garbage: unknown[] = [
      undefined,
      null,
      42,
      {},
      [code],
      { toString: () => code },
      '',
      'x',
      code + 'A',
      code.slice(1),
      'A'.repeat(257),
      'A'.repeat(100_000),
      '../session/wx-app/alice' + 'A'.repeat(9),
      code.slice(0, 31) + '/',
      code.slice(0, 31) + '=',
      'A'.repeat(32), // well-formed, never issued
    ];
    for (const bad of garbage) {
      await expect(sessions.code2Session('wx-app', bad as string)).resolves.toEqual(INVALID);
    }
    for (const badApp of [undefined, null, 7, '', 'a'.repeat(257), 'wx\0app', '\uD800']) {
      await expect(sessions.code2Session(badApp as string, code)).resolves.toEqual(INVALID);
    }
    ok(await sessions.code2Session('wx-app', code));
  });

  test('a record in the store that is not ours (corrupt JSON, wrong shape) is an invalid code', async () => {
    const store = new MapStore();
    const { sessions } = setup({ store });
    const { code } = await sessions.issueCode('wx-app', 'alice');
    const key = [...store.map.keys()].find((k) => k.includes('/code/'))!; // stored under a hash of the code, not the code
    store.map.set(key, '{not json');
    expect(await sessions.code2Session('wx-app', code)).toEqual(INVALID);
    store.map.set(key, JSON.stringify({ appId: 'wx-app', user: 42 }));
    expect(await sessions.code2Session('wx-app', code)).toEqual(INVALID);
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
      const { code } = await sessions.issueCode(app, user);
      ok(await sessions.code2Session(app, code));
      expect(await sessions.checkSession(app, user)).toBe(true);
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
    const { clock, sessions } = setup({ sessionTtlMs: HOUR });
    const { code } = await sessions.issueCode('wx-app', 'alice');
    clock.advance(2 * MINUTE);
    ok(await sessions.code2Session('wx-app', code));
    clock.advance(HOUR - 2 * MINUTE);
    expect(await sessions.checkSession('wx-app', 'alice')).toBe(true);
    clock.advance(1);
    expect(await sessions.checkSession('wx-app', 'alice')).toBe(false);
  });

  test('follows the LAST code: a fresh session_key, and the second code decides expiry', async () => {
    const { clock, sessions } = setup({ sessionTtlMs: HOUR });
    const start = clock.now();
    const first = await sessions.issueCode('wx-app', 'alice');
    clock.advance(10 * 1000);
    const second = await sessions.issueCode('wx-app', 'alice');
    const a = ok(await sessions.code2Session('wx-app', first.code));
    const b = ok(await sessions.code2Session('wx-app', second.code));
    expect(b.session_key).not.toBe(a.session_key);
    expect(b.openid).toBe(a.openid);
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
    const { code } = await sessions.issueCode('wx-app', 'alice');
    expect(await sessions.checkSession('wx-app', 'alice')).toBe(true);
    ok(await sessions.code2Session('wx-app', code));
  });
});

describe('openid and unionid', () => {
  test('openid: stable per (app, user), different per app and per user, no raw ids inside', async () => {
    const { sessions } = setup();
    const aliceApp = (await login(sessions, 'wx-app', 'alice')).openid;
    expect((await login(sessions, 'wx-app', 'alice')).openid).toBe(aliceApp);
    const aliceOther = (await login(sessions, 'wx-other', 'alice')).openid;
    const bobApp = (await login(sessions, 'wx-app', 'bob')).openid;
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
      (await login(sessions, 'wx', 'a\0b')).openid,
      (await login(sessions, 'wx', 'a')).openid,
      (await login(sessions, 'wx-a', 'b')).openid,
      (await login(sessions, 'wx', '-ab')).openid,
    ];
    expect(new Set(ids).size).toBe(4);
  });

  test('openid is the HMAC-SHA256 of the secret over appId NUL user, base64url', async () => {
    const { createHmac } = await import('node:crypto');
    const { sessions } = setup({ secret: 's3cret' });
    const expected = createHmac('sha256', 's3cret').update('wx-app\0alice').digest('base64url');
    expect((await login(sessions, 'wx-app', 'alice')).openid).toBe(expected);
  });

  test('unionid: the same across apps for one user, different per user, not the raw id, not an openid', async () => {
    const unionIdOf = jest.fn((user: string) => (user === 'guest' ? undefined : `union:${user}`));
    const { sessions } = setup({ unionIdOf });
    const a1 = await login(sessions, 'wx-app', 'alice');
    const a2 = await login(sessions, 'wx-other', 'alice');
    const b = await login(sessions, 'wx-app', 'bob');
    expect(a1.unionid).toMatch(BASE64URL_SHA256);
    expect(a2.unionid).toBe(a1.unionid);
    expect(b.unionid).not.toBe(a1.unionid);
    expect(a1.unionid).not.toContain('alice');
    expect(a1.unionid).not.toBe(a1.openid);
    expect(a1.openid).not.toBe(a2.openid);
    expect(await login(sessions, 'wx-app', 'guest')).not.toHaveProperty('unionid');
    expect(unionIdOf).toHaveBeenCalledWith('alice');
  });

  test('unionids and openids are domain-separated: a union id shaped like "appId NUL user" is not that openid', async () => {
    const { sessions } = setup({ unionIdOf: () => 'wx-app\0alice' });
    const session = await login(sessions, 'wx-app', 'alice');
    expect(session.unionid).toMatch(BASE64URL_SHA256);
    expect(session.unionid).not.toBe(session.openid);
  });

  test('a unionIdOf that throws leaves the code redeemable', async () => {
    let fail = true;
    const { sessions } = setup({
      unionIdOf: () => {
        if (fail) throw new Error('directory down');
        return 'u1';
      },
    });
    const { code } = await sessions.issueCode('wx-app', 'alice');
    await expect(sessions.code2Session('wx-app', code)).rejects.toThrow('directory down');
    fail = false;
    expect(ok(await sessions.code2Session('wx-app', code)).unionid).toMatch(BASE64URL_SHA256);
  });

  test('without a secret, each instance has its own random one', async () => {
    const one = new SessionService();
    const two = new SessionService();
    expect((await login(one, 'wx-app', 'alice')).openid).toBe((await login(one, 'wx-app', 'alice')).openid);
    expect((await login(two, 'wx-app', 'alice')).openid).not.toBe((await login(one, 'wx-app', 'alice')).openid);
  });
});

describe('several instances over one store (the multi-process story)', () => {
  test('sharing a store and a secret: issue in the host, redeem in the backend, and back', async () => {
    const clock = fakeClock();
    const store = new MemoryStore();
    const unionIdOf = (user: string) => `corp/${user}`;
    const host = new SessionService({ store, clock: clock.now, secret: 'shared', unionIdOf });
    const backend = new SessionService({ store, clock: clock.now, secret: 'shared', unionIdOf });
    const { code } = await host.issueCode('wx-app', 'alice');
    expect(await backend.checkSession('wx-app', 'alice')).toBe(true);
    const viaBackend = ok(await backend.code2Session('wx-app', code));
    expect(await host.code2Session('wx-app', code)).toEqual(USED);
    expect(await backend.code2Session('wx-app', code)).toEqual(USED);
    const viaHost = await login(host, 'wx-app', 'alice');
    expect(viaBackend.openid).toBe(viaHost.openid);
    expect(viaBackend.unionid).toBe(viaHost.unionid);
    expect(viaBackend.session_key).not.toBe(viaHost.session_key);
  });

  test('sharing a store but NOT a secret: codes still work, but openids and unionids differ', async () => {
    const store = new MemoryStore();
    const unionIdOf = (user: string) => user;
    const host = new SessionService({ store, secret: 'host-secret', unionIdOf });
    const backend = new SessionService({ store, unionIdOf }); // random secret
    const { code } = await host.issueCode('wx-app', 'alice');
    const viaBackend = ok(await backend.code2Session('wx-app', code));
    const viaHost = await login(host, 'wx-app', 'alice');
    // The redeeming instance derives the ids with its own secret.
    expect(viaBackend.openid).not.toBe(viaHost.openid);
    expect(viaBackend.unionid).not.toBe(viaHost.unionid);
  });

  test('concurrent redemptions of one code by two instances: exactly one wins (atomic take)', async () => {
    const store = new MemoryStore();
    const a = new SessionService({ store, secret: 's' });
    const b = new SessionService({ store, secret: 's' });
    for (let i = 0; i < 20; i++) {
      const { code } = await a.issueCode('wx-app', 'alice');
      const results = await Promise.all([a.code2Session('wx-app', code), b.code2Session('wx-app', code), b.code2Session('wx-app', code)]);
      expect(results.filter((r) => 'openid' in r)).toHaveLength(1);
      expect(results.filter((r) => 'errcode' in r)).toEqual([USED, USED]);
    }
  });

  test('concurrent redemptions in one instance are single use even over a slow store without take', async () => {
    // Every operation takes 5 ms, so unserialised get-then-delete fallbacks would all see the code.
    const store = new SlowStore();
    const sessions = new SessionService({ store, secret: 's' });
    const { code } = await sessions.issueCode('wx-app', 'alice');
    const results = await Promise.all(Array.from({ length: 5 }, () => sessions.code2Session('wx-app', code)));
    expect(results.filter((r) => 'openid' in r)).toHaveLength(1);
    expect(results.filter((r) => 'errcode' in r)).toEqual([USED, USED, USED, USED]);
  });

  test('over a FileStore folder: issue in one instance, redeem in another', async () => {
    const folder = await fs.mkdtemp(join(tmpdir(), 'wxbridge-sessions-'));
    try {
      const host = new SessionService({ store: new FileStore(folder), secret: 'shared' });
      const backend = new SessionService({ store: new FileStore(folder), secret: 'shared' });
      const { code } = await host.issueCode('wx-app', 'alice');
      expect(await backend.checkSession('wx-app', 'alice')).toBe(true);
      const session = ok(await backend.code2Session('wx-app', code));
      expect(session.openid).toBe((await login(host, 'wx-app', 'alice')).openid);
      expect(await host.code2Session('wx-app', code)).toEqual(USED);
    } finally {
      await fs.rm(folder, { recursive: true, force: true });
    }
  });
});

describe('store hygiene', () => {
  test('unredeemed codes and tombstones this instance wrote are deleted a TTL after they expire', async () => {
    const store = new MapStore();
    const { clock, sessions } = setup({ store });
    const unredeemed = await sessions.issueCode('wx-app', 'alice');
    const redeemed = await sessions.issueCode('wx-app', 'bob');
    ok(await sessions.code2Session('wx-app', redeemed.code));
    const keys = () => [...store.map.keys()].filter((k) => k.startsWith('wxbridge/sessions/') && !k.includes('/session/'));
    expect(keys()).toHaveLength(2); // alice's code, bob's tombstone
    clock.advance(10 * MINUTE);
    expect(await sessions.code2Session('wx-app', unredeemed.code)).toEqual(EXPIRED);
    clock.advance(1);
    await sessions.issueCode('wx-app', 'carol');
    expect(keys()).toHaveLength(1); // carol's code only
    expect(await sessions.code2Session('wx-app', unredeemed.code)).toEqual(INVALID);
    expect(await sessions.code2Session('wx-app', redeemed.code)).toEqual(INVALID);
    // One session record per (app, user), replaced on each login.
    expect([...store.map.keys()].filter((k) => k.includes('/session/'))).toHaveLength(3);
  });
});
