/**
 * The Redeemer, unit by unit: codes the host's SessionService issued, redeemed once over the store
 * they share. Single use (also under concurrent redemptions, over a store without `take`, across
 * FileStore handles), 40163 for a tombstone's life, 40029 for garbage, another app's or an expired
 * code, and an answer that refuses or fails leaves the code redeemable. (Moved from the host's
 * `code2Session` tests when redemption moved here; the HTTP side is login.test.ts.)
 */
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SessionService, type SessionServiceOptions } from '@wxbridge/host';
import { MemoryStore, type KeyValueStore, type SetOptions } from '@wxbridge/store';
import { FileStore } from '@wxbridge/store/node';
import { CODE2SESSION_ERRORS, codeIdOf, usedKey, type CodeRecord, type Code2SessionError } from '@wxbridge/store/records';
import { Redeemer } from '@wxbridge/server';

const MINUTE = 60_000;
const INVALID = { errcode: 40029, errmsg: 'invalid code' };
const EXPIRED = { errcode: 40029, errmsg: 'invalid code: expired' };
const USED = { errcode: 40163, errmsg: 'code been used' };

/** A clock the test moves by hand. */
function fakeClock(start = Date.UTC(2030, 0, 1)) {
  let now = start;
  return { now: () => now, set: (t: number) => void (now = t), advance: (ms: number) => void (now += ms) };
}

/** A store over a visible Map, without `take`, recording each set's options. */
class MapStore implements KeyValueStore {
  readonly map = new Map<string, string>();
  readonly sets: { key: string; options: SetOptions | undefined }[] = [];
  async get(key: string) {
    return this.map.get(key);
  }
  async set(key: string, value: string, options?: SetOptions) {
    this.sets.push({ key, options });
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
  override async set(key: string, value: string, options?: SetOptions) {
    await this.pause();
    return super.set(key, value, options);
  }
  override async delete(key: string) {
    await this.pause();
    return super.delete(key);
  }
}

/** What the tests' answer gives: the code's user and session_key, as jscode2session builds on. */
const answer = async (record: CodeRecord) => ({ user: record.user, session_key: record.sessionKey });

/** The host issuing, a Redeemer redeeming, over one store and one clock. */
function setup(options: { store?: KeyValueStore; codeTtlMs?: number; sessions?: SessionServiceOptions } = {}) {
  const clock = fakeClock();
  const store = options.store ?? new MemoryStore(clock.now);
  const codeTtlMs = options.codeTtlMs ?? 5 * MINUTE;
  const sessions = new SessionService({ store, clock: clock.now, secret: 'test-secret', codeTtlMs, ...options.sessions });
  const redeemer = new Redeemer(store, clock.now, codeTtlMs);
  const redeem = (appId: string, code: unknown) => redeemer.loginCode(appId, code, answer);
  return { clock, store, sessions, redeemer, redeem };
}

function ok<T extends object>(result: T | Code2SessionError): T {
  if ('errcode' in result) throw new Error(`expected a redemption, got ${JSON.stringify(result)}`);
  return result;
}

describe('login codes', () => {
  test("redeem once: the code's user and the session_key of its session; the second redemption is 40163", async () => {
    const { sessions, redeem } = setup();
    const { code } = await sessions.issueCode('wx-app', 'alice');
    expect(await redeem('wx-app', code)).toEqual({ user: 'alice', session_key: (await sessions.sessionOf('wx-app', 'alice'))!.sessionKey });
    expect(await redeem('wx-app', code)).toEqual(USED);
    expect(await redeem('wx-app', code)).toEqual(USED);
    expect(CODE2SESSION_ERRORS).toEqual({ invalidCode: 40029, codeUsed: 40163 });
  });

  test('each code answers the session_key of the session it started, even after a later code', async () => {
    const { sessions, redeem } = setup();
    const first = await sessions.issueCode('wx-app', 'alice');
    const firstKey = (await sessions.sessionOf('wx-app', 'alice'))!.sessionKey;
    const second = await sessions.issueCode('wx-app', 'alice');
    const a = ok(await redeem('wx-app', first.code));
    const b = ok(await redeem('wx-app', second.code));
    expect(a.session_key).toBe(firstKey);
    expect(b.session_key).toBe((await sessions.sessionOf('wx-app', 'alice'))!.sessionKey);
    expect(b.session_key).not.toBe(a.session_key);
  });

  test('the "used" tombstone lasts codeTtlMs after redemption, then the code is just invalid', async () => {
    const { clock, sessions, redeem } = setup();
    const { code } = await sessions.issueCode('wx-app', 'alice');
    clock.advance(MINUTE);
    ok(await redeem('wx-app', code));
    clock.advance(5 * MINUTE);
    expect(await redeem('wx-app', code)).toEqual(USED);
    clock.advance(1);
    expect(await redeem('wx-app', code)).toEqual(INVALID);
  });

  test('valid up to exactly codeTtlMs after issue; 1 ms later "invalid code: expired"', async () => {
    const { clock, sessions, redeem } = setup();
    const issuedAt = clock.now();
    const a = await sessions.issueCode('wx-app', 'alice');
    const b = await sessions.issueCode('wx-app', 'bob');
    clock.set(issuedAt + 5 * MINUTE - 1);
    ok(await redeem('wx-app', a.code));
    clock.set(issuedAt + 5 * MINUTE);
    const c = await sessions.issueCode('wx-app', 'carol');
    ok(await redeem('wx-app', b.code));
    clock.set(issuedAt + 10 * MINUTE + 1);
    expect(await redeem('wx-app', c.code)).toEqual(EXPIRED);
    // Still expired (not "used"): an expired attempt does not consume anything.
    expect(await redeem('wx-app', c.code)).toEqual(EXPIRED);
  });

  test('codeTtlMs is configurable', async () => {
    const { clock, sessions, redeem } = setup({ codeTtlMs: 1000 });
    const { code } = await sessions.issueCode('wx-app', 'alice');
    clock.advance(1001);
    expect(await redeem('wx-app', code)).toEqual(EXPIRED);
  });

  test("another app's appId gets 40029 and does not burn the code; its own app still redeems it", async () => {
    const { sessions, redeem } = setup();
    const { code } = await sessions.issueCode('wx-app', 'alice');
    expect(await redeem('wx-other', code)).toEqual(INVALID);
    expect(await redeem('wx-other', code)).toEqual(INVALID);
    expect(ok(await redeem('wx-app', code)).user).toBe('alice');
    // Once used, the other app still learns nothing about it.
    expect(await redeem('wx-other', code)).toEqual(INVALID);
    expect(await redeem('wx-app', code)).toEqual(USED);
  });

  test("an expired code tried by another app is plain 'invalid code'", async () => {
    const { clock, sessions, redeem } = setup();
    const { code } = await sessions.issueCode('wx-app', 'alice');
    clock.advance(5 * MINUTE + 1);
    expect(await redeem('wx-other', code)).toEqual(INVALID);
    expect(await redeem('wx-app', code)).toEqual(EXPIRED);
  });

  test('garbage codes and app ids answer 40029 and never throw', async () => {
    const { sessions, redeem } = setup();
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
    for (const bad of garbage) await expect(redeem('wx-app', bad)).resolves.toEqual(INVALID);
    for (const badApp of [undefined, null, 7, '', 'a'.repeat(257), 'wx\0app', '\uD800']) {
      await expect(redeem(badApp as string, code)).resolves.toEqual(INVALID);
    }
    ok(await redeem('wx-app', code));
  });

  test('limits are inclusive: a 256-character app id, and user ids with NUL or astral characters, redeem', async () => {
    const { sessions, redeem } = setup();
    const app = 'a'.repeat(256);
    for (const user of ['u'.repeat(256), 'x\0y', '😀 ünïcødé']) {
      const { code } = await sessions.issueCode(app, user);
      expect(ok(await redeem(app, code)).user).toBe(user);
    }
  });

  test('a record in the store that is not ours (corrupt JSON, wrong shape) is an invalid code', async () => {
    const store = new MapStore();
    const { sessions, redeem } = setup({ store });
    const { code } = await sessions.issueCode('wx-app', 'alice');
    const key = [...store.map.keys()].find((k) => k.includes('/code/'))!; // stored under a hash of the code, not the code
    store.map.set(key, '{not json');
    expect(await redeem('wx-app', code)).toEqual(INVALID);
    store.map.set(key, JSON.stringify({ appId: 'wx-app', user: 42 }));
    expect(await redeem('wx-app', code)).toEqual(INVALID);
  });

  test('an answer that refuses (an error) or fails (throws) leaves the code redeemable', async () => {
    const { sessions, redeemer } = setup();
    const { code } = await sessions.issueCode('wx-app', 'alice');
    const refused = { errcode: 40226, errmsg: 'risky user' };
    expect(await redeemer.loginCode('wx-app', code, async () => refused)).toEqual(refused);
    await expect(
      redeemer.loginCode('wx-app', code, async () => {
        throw new Error('directory down');
      }),
    ).rejects.toThrow('directory down');
    expect(ok(await redeemer.loginCode('wx-app', code, answer)).user).toBe('alice');
  });

  test('the records written with the tombstone are asked for only once the answer accepted; a failed write leaves the code redeemable', async () => {
    const { clock, store, sessions, redeemer } = setup({ codeTtlMs: 1000 });
    const { code } = await sessions.issueCode('wx-app', 'alice');
    const asked: string[] = [];
    const records = (record: { user: string }) => (asked.push(record.user), [{ key: `beside/${record.user}`, value: 'written' }]);
    const refused = { errcode: 40226, errmsg: 'risky user' };
    expect(await redeemer.loginCode('wx-app', code, async () => refused, records)).toEqual(refused);
    expect(asked).toEqual([]);
    const throwing = () => {
      throw new Error('users record down');
    };
    await expect(redeemer.loginCode('wx-app', code, answer, throwing)).rejects.toThrow('users record down');
    // A write the store refuses (a bad TTL): nothing is consumed.
    await expect(redeemer.loginCode('wx-app', code, answer, () => [{ key: 'bad', value: 'v', ttlMs: -1 }])).rejects.toThrow(/ttlMs/);
    expect(await store.get('bad')).toBeUndefined();
    expect(ok(await redeemer.loginCode('wx-app', code, answer, records)).user).toBe('alice');
    expect(asked).toEqual(['alice']);
    expect(await store.get('beside/alice')).toBe('written');
    expect(await redeemer.loginCode('wx-app', code, answer)).toEqual(USED);
    // A tombstone left by a failed attempt outlives no code: once the code's record has expired, the code is invalid.
    const other = await sessions.issueCode('wx-app', 'bob');
    await expect(redeemer.loginCode('wx-app', other.code, answer, throwing)).rejects.toThrow('users record down');
    clock.advance(2001);
    expect(await redeemer.loginCode('wx-app', other.code, answer)).toEqual(INVALID);
  });

  test('over a store without takeAfter (writes, then take), a write that fails leaves the code redeemable', async () => {
    const memory = new MemoryStore();
    let failWrites = true;
    const store: KeyValueStore = {
      get: (key) => memory.get(key),
      delete: (key) => memory.delete(key),
      take: (key) => memory.take(key),
      setIfAbsent: (key, value, options) => memory.setIfAbsent(key, value, options),
      set: (key, value, options) => {
        if (failWrites && key.startsWith('beside/')) throw new Error('disk full');
        memory.set(key, value, options);
      },
    };
    const { sessions, redeemer } = setup({ store });
    const { code } = await sessions.issueCode('wx-app', 'alice');
    const records = () => [{ key: 'beside/alice', value: 'written' }];
    await expect(redeemer.loginCode('wx-app', code, answer, records)).rejects.toThrow('disk full');
    failWrites = false;
    expect(ok(await redeemer.loginCode('wx-app', code, answer, records)).user).toBe('alice');
    expect(memory.get('beside/alice')).toBe('written');
    expect(await redeemer.loginCode('wx-app', code, answer)).toEqual(USED);
  });
});

describe('share codes', () => {
  test('what the user shared, once; bound to its app and kind; a login code is no share code, nor the reverse', async () => {
    const { sessions, redeemer, redeem } = setup();
    const { code } = await sessions.issueShareCode('wx-app', 'alice', 'emailAddress', { emailAddress: 'alice@example.com' });
    const login = await sessions.issueCode('wx-app', 'alice');
    expect(await redeemer.shareCode('wx-other', 'emailAddress', code)).toEqual(INVALID);
    expect(await redeemer.shareCode('wx-app', 'phoneNumber', code)).toEqual(INVALID);
    expect(await redeem('wx-app', code)).toEqual(INVALID);
    expect(await redeemer.shareCode('wx-app', 'emailAddress', login.code)).toEqual(INVALID);
    expect(await redeemer.shareCode('wx-app', 'address' as never, code)).toEqual(INVALID);
    expect(await redeemer.shareCode('wx-app', 'emailAddress', code)).toEqual({ info: { emailAddress: 'alice@example.com' } });
    expect(await redeemer.shareCode('wx-app', 'emailAddress', code)).toEqual(USED);
    ok(await redeem('wx-app', login.code));
  });

  test('four redemptions of one share code at once: exactly one gets it; it expires after codeTtlMs', async () => {
    const { clock, sessions, redeemer } = setup({ codeTtlMs: 1000 });
    const { code } = await sessions.issueShareCode('wx-app', 'ada', 'phoneNumber', { phoneNumber: '+8613800000000' });
    const answers = await Promise.all([1, 2, 3, 4].map(() => redeemer.shareCode('wx-app', 'phoneNumber', code)));
    expect(answers.filter((a) => 'info' in a)).toHaveLength(1);
    expect(answers.filter((a) => 'errcode' in a && a.errcode === 40163)).toHaveLength(3);
    const late = await sessions.issueShareCode('wx-app', 'ada', 'phoneNumber', { phoneNumber: '+8613800000000' });
    clock.advance(1001);
    expect(await redeemer.shareCode('wx-app', 'phoneNumber', late.code)).toEqual(EXPIRED);
  });
});

describe('several redeemers over one store (the multi-process story)', () => {
  test('concurrent redemptions of one code by two redeemers: exactly one wins (atomic take)', async () => {
    const { sessions, store, clock } = setup();
    const a = new Redeemer(store, clock.now, 5 * MINUTE);
    const b = new Redeemer(store, clock.now, 5 * MINUTE);
    for (let i = 0; i < 20; i++) {
      const { code } = await sessions.issueCode('wx-app', 'alice');
      const results = await Promise.all([a.loginCode('wx-app', code, answer), b.loginCode('wx-app', code, answer), b.loginCode('wx-app', code, answer)]);
      expect(results.filter((r) => 'user' in r)).toHaveLength(1);
      expect(results.filter((r) => 'errcode' in r)).toEqual([USED, USED]);
    }
  });

  test('concurrent redemptions in one redeemer are single use even over a slow store without take', async () => {
    // Every operation takes 5 ms, so unserialised get-then-delete fallbacks would all see the code.
    const { sessions, redeem } = setup({ store: new SlowStore() });
    const { code } = await sessions.issueCode('wx-app', 'alice');
    const results = await Promise.all(Array.from({ length: 5 }, () => redeem('wx-app', code)));
    expect(results.filter((r) => 'user' in r)).toHaveLength(1);
    expect(results.filter((r) => 'errcode' in r)).toEqual([USED, USED, USED, USED]);
  });

  test('over a FileStore folder: issued through one handle, redeemed once through two others', async () => {
    const folder = await fs.mkdtemp(join(tmpdir(), 'wxbridge-redeem-'));
    try {
      const host = new SessionService({ store: new FileStore(folder), secret: 'shared' });
      const servers = [new Redeemer(new FileStore(folder), Date.now, 5 * MINUTE), new Redeemer(new FileStore(folder), Date.now, 5 * MINUTE)];
      const { code } = await host.issueCode('wx-app', 'alice');
      const results = await Promise.all(servers.map((server) => server.loginCode('wx-app', code, answer)));
      expect(results.filter((r) => 'user' in r)).toEqual([{ user: 'alice', session_key: (await host.sessionOf('wx-app', 'alice'))!.sessionKey }]);
      expect(await servers[0]!.loginCode('wx-app', code, answer)).toEqual(USED);
    } finally {
      await fs.rm(folder, { recursive: true, force: true });
    }
  });
});

describe('store hygiene', () => {
  test('the tombstone carries twice the code TTL as its ttlMs hint, and a store with expiry drops it', async () => {
    const store = new MapStore();
    const hinted = setup({ store });
    ok(await hinted.redeem('wx-app', (await hinted.sessions.issueCode('wx-app', 'alice')).code));
    expect(store.sets.filter((s) => s.key.includes('/sessions/v1/used/')).map((s) => s.options?.ttlMs)).toEqual([10 * MINUTE]);

    const { clock, sessions, redeem, store: expiring } = setup();
    const { code } = await sessions.issueCode('wx-app', 'bob');
    ok(await redeem('wx-app', code));
    const tombstone = usedKey(await codeIdOf(code));
    expect(await expiring.get(tombstone)).toBeDefined();
    clock.advance(10 * MINUTE - 1);
    expect(await expiring.get(tombstone)).toBeDefined();
    clock.advance(1);
    expect(await expiring.get(tombstone)).toBeUndefined();
    expect(await redeem('wx-app', code)).toEqual(INVALID);
  });

  test('a store with expiry drops an unredeemed code on its own: a redeemer that never wrote it finds nothing', async () => {
    const { clock, sessions, redeem } = setup({ codeTtlMs: MINUTE });
    const { code } = await sessions.issueCode('wx-app', 'alice');
    clock.set(clock.now() + 2 * MINUTE + 1);
    expect(await redeem('wx-app', code)).toEqual(INVALID);
  });
});
