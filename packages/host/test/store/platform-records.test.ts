/**
 * What the host records for the open-platform server (PlatformRecords, in the SessionService's
 * store), read back with the layout and parsers of @wxbridge/store/records, as the server reads it.
 */
import { MemoryStore, SessionService, type KeyValueStore, type SetOptions } from '@wxbridge/host';
import { asLongTerm, asSoterKey, asUser, longTermKey, oneTimeKey, soterKeyKey, userKey } from '@wxbridge/store/records';
import { exportSoterPublicKey, generateSoterKeyPair } from '@wxbridge/host';
import { makePair } from '../../../tooling/test-support/pair';
import { INVALID_CODE, openPlatform } from '../../../tooling/test-support/open-platform';

const MINUTE = 60_000;

/** A store with only the three basic operations (no setIfAbsent, adjust or take), recording each set's options. */
class BasicStore implements KeyValueStore {
  readonly map = new Map<string, string>();
  readonly sets: { key: string; options: SetOptions | undefined }[] = [];
  get(key: string) {
    return this.map.get(key);
  }
  set(key: string, value: string, options?: SetOptions) {
    this.sets.push({ key, options });
    this.map.set(key, value);
  }
  delete(key: string) {
    this.map.delete(key);
  }
}

describe('known users', () => {
  test("a v2 wx.login records {user, since} under the openid the server's jscode2session then gives the backend", async () => {
    const { store, sessions, redeem } = openPlatform({ apps: ['wx-shop'], store: new MemoryStore(), clock: () => 1_000 });
    const { bridge } = makePair(() => {}, { host: { apiVersion: { login: 'v2' }, sessions, user: () => 'alice' }, app: { appId: 'wx-shop' } });
    const { code } = await bridge.wx.login();
    const answer = await redeem('wx-shop', code);
    if (typeof answer.openid !== 'string') throw new Error(JSON.stringify(answer));
    expect(asUser(await store.get(userKey('wx-shop', answer.openid)))).toEqual({ user: 'alice', since: 1_000 });
    expect(answer.openid).toBe(await sessions.openIdOf('wx-shop', 'alice'));
  });

  test('written once, with or without setIfAbsent: a later login keeps the first `since`', async () => {
    for (const store of [new MemoryStore(), new BasicStore()]) {
      let now = 1_000;
      const sessions = new SessionService({ store, secret: 's', clock: () => now });
      await Promise.all([sessions.issueCode('wx-app', 'alice'), sessions.issueCode('wx-app', 'alice')]);
      now = 9_000;
      await sessions.issueCode('wx-app', 'alice');
      const openid = await sessions.openIdOf('wx-app', 'alice');
      expect(asUser(await store.get(userKey('wx-app', openid)))).toEqual({ user: 'alice', since: 1_000 });
      if (store instanceof BasicStore) expect(store.sets.filter((s) => s.key === userKey('wx-app', openid))).toHaveLength(1);
    }
  });
});

describe('ttlMs hints', () => {
  test("codes carry twice the code TTL (what the sweeper keeps them), sessions a minute past the session TTL (the server's tombstones: server/test/redeem.test.ts)", async () => {
    const store = new BasicStore();
    const sessions = new SessionService({ store, secret: 's', codeTtlMs: 5 * MINUTE, sessionTtlMs: 60 * MINUTE });
    await sessions.issueCode('wx-app', 'alice');
    await sessions.issueShareCode('wx-app', 'alice', 'phoneNumber', { phoneNumber: '1' });
    const ttlOf = (part: string) => store.sets.filter((s) => s.key.includes(part)).map((s) => s.options?.ttlMs);
    expect(ttlOf('/sessions/v1/code/')).toEqual([10 * MINUTE]);
    expect(ttlOf('/sessions/v1/share/')).toEqual([10 * MINUTE]);
    expect(ttlOf('/sessions/v1/session/')).toEqual([61 * MINUTE]);
    // The known user is kept: no expiry.
    expect(ttlOf('wxbridge/users/v1/')).toEqual([undefined]);
  });

  test('a session is valid through its last instant on a store with expiry sharing its clock (the hint outlives it)', async () => {
    let now = 1_000;
    const store = new MemoryStore(() => now);
    const sessions = new SessionService({ store, secret: 's', sessionTtlMs: 60 * MINUTE, clock: () => now });
    await sessions.issueCode('wx-app', 'alice');
    now += 60 * MINUTE;
    expect(await sessions.checkSession('wx-app', 'alice')).toBe(true);
    now += 1;
    expect(await sessions.checkSession('wx-app', 'alice')).toBe(false);
  });

  test('a store with expiry drops an unredeemed code on its own (no sweeper involved)', async () => {
    let now = 0;
    // The server over a MemoryStore on this clock: it never wrote the code, so never sweeps it.
    const { sessions, redeem } = openPlatform({ apps: ['wx-app'], clock: () => now, codeTtlMs: MINUTE });
    const { code } = await sessions.issueCode('wx-app', 'alice');
    now = 2 * MINUTE + 1;
    await expect(redeem('wx-app', code)).resolves.toEqual(INVALID_CODE);
  });
});

describe('PlatformRecords', () => {
  const setup = () => {
    const store = new MemoryStore();
    let now = 5_000;
    const sessions = new SessionService({ store, secret: 's', clock: () => now });
    return { store, platform: sessions.platform, openid: () => sessions.openIdOf('wx-app', 'alice'), tick: () => (now += 1_000) };
  };

  test('one-time acceptances add up; each also records the user', async () => {
    const { store, platform, openid } = setup();
    await expect(platform.acceptOneTime('wx-app', 'alice', 'tmpl-a')).resolves.toBe(1);
    await expect(platform.acceptOneTime('wx-app', 'alice', 'tmpl-a')).resolves.toBe(2);
    expect(store.get(oneTimeKey('wx-app', await openid(), 'tmpl-a'))).toBe('2');
    expect(asUser(store.get(userKey('wx-app', await openid())))).toEqual({ user: 'alice', since: 5_000 });
  });

  test('a long-term acceptance is a record until revoked', async () => {
    const { store, platform, openid, tick } = setup();
    tick();
    await platform.acceptLongTerm('wx-app', 'alice', 'tmpl-weekly');
    expect(asLongTerm(store.get(longTermKey('wx-app', await openid(), 'tmpl-weekly')))).toEqual({ acceptedAt: 6_000 });
    await platform.revokeLongTerm('wx-app', 'alice', 'tmpl-weekly');
    expect(store.get(longTermKey('wx-app', await openid(), 'tmpl-weekly'))).toBeUndefined();
  });

  test('a SOTER key is rewritten only when it changed; a key that is not PEM is refused', async () => {
    const { store, platform, openid, tick } = setup();
    const [one, two] = await Promise.all([generateSoterKeyPair(), generateSoterKeyPair()]);
    const [pemOne, pemTwo] = await Promise.all([exportSoterPublicKey(one.publicKey), exportSoterPublicKey(two.publicKey)]);
    await expect(platform.enrolSoterKey('wx-app', 'alice', pemOne)).resolves.toBe(true);
    tick();
    await expect(platform.enrolSoterKey('wx-app', 'alice', pemOne)).resolves.toBe(false);
    expect(asSoterKey(store.get(soterKeyKey('wx-app', await openid())))).toEqual({ publicKey: pemOne, enrolledAt: 5_000 });
    await expect(platform.enrolSoterKey('wx-app', 'alice', pemTwo)).resolves.toBe(true);
    expect(asSoterKey(store.get(soterKeyKey('wx-app', await openid())))).toEqual({ publicKey: pemTwo, enrolledAt: 6_000 });
    await expect(platform.enrolSoterKey('wx-app', 'alice', 'not a key')).rejects.toThrow(/PEM of the public key/);
  });
});
