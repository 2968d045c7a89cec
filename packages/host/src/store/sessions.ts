/**
 * The built-in "v2" login standard: `wx.login` hands the mini program a random
 * single-use code; the mini program's backend exchanges it with `code2Session`
 * (WeChat's `jscode2session` equivalent) for an openid, a session_key and,
 * when configured, a unionid; `wx.checkSession` reports whether the session
 * the last code started is still valid.
 *
 * Everything lives in a `KeyValueStore`, so a host process and a backend
 * process can share one (say a FileStore folder or a database). For that
 * they must also share the `secret` (and `unionIdOf`): openids and unionids
 * are HMACs under it, and the default secret is random per instance.
 *
 * Browser-safe: only Web Crypto (`globalThis.crypto`) is used. Note that
 * browsers expose `crypto.subtle` (used for the HMACs, i.e. by
 * `code2Session` and `openIdOf`) only in secure contexts; issuing codes and
 * checking sessions need only `crypto.getRandomValues` (a code's SHA-256 falls
 * back to plain JavaScript where there is no `crypto.subtle`).
 *
 * Store layout (values are JSON). A code is a bearer secret, so no key holds one: `<id>` is
 * base64url(SHA-256(code)), and a listing of the store's keys reveals nothing redeemable.
 * - `wxbridge/sessions/v1/code/<id>`: `{appId, user, sessionKey, issuedAt}`, until redeemed
 * - `wxbridge/sessions/v1/used/<id>`: `{appId, until}`, a tombstone after redemption
 * - `wxbridge/sessions/v1/session/<appId>/<user>`: `{sessionKey, startedAt, codes}`, the session of
 *   the last code issued for (appId, user), with the ids of its last `maxUnredeemedCodes` codes
 *   (older ones are deleted, so no longer redeemable); appId and user are `encodeURIComponent`-ed.
 * - `wxbridge/sessions/v1/share/<kind>/<id>` and `.../shared/<kind>/<id>`: the same for the
 *   single-use codes behind what a user shares with a button (`getPhoneNumber`, `getEmailAddress`):
 *   `{appId, user, info, issuedAt}` until redeemed, then a tombstone.
 *
 * Codes, tombstones and sessions carry their expiry as the store's `ttlMs` hint. What the server reads
 * besides codes (known users, acceptances, SOTER keys) goes to the same store through `platform`;
 * `issueCode` records the user's openid there, except without `crypto.subtle` to compute it (an
 * insecure browser context, Hermes): the code is issued all the same.
 *
 * Growth is bounded: at most `codesPerMinute` codes per (appId, user) in any minute
 * (`CodeRateLimitError` beyond), at most `maxUnredeemedCodes` of them redeemable, and this instance
 * deletes the codes and tombstones it wrote a TTL after they expire, and sessions once over.
 */
import { OpenIds, randomBytes as random, toBase64 as base64, toBase64url as base64url } from '@wxbridge/store/records';
import { KeyedQueue } from '@wxbridge/store';
import { PlatformRecords } from './platform-records';
import { SessionLedger } from './session-ledger';
import {
  CODE_BYTES,
  CODE_PATTERN,
  EXPIRED,
  INVALID,
  SESSION_KEY_BYTES,
  USED,
  asCode,
  asSession,
  asShare,
  asUsed,
  check,
  checkTtl,
  codeIdOf,
  codeKey,
  problemWith,
  sessionKeyOf,
  shareKey,
  sharedKey,
  usedKey,
  type CodeKeys,
  type ShareRecord,
  type UsedRecord,
  SHARE_KINDS,
  type Code2SessionError,
  type Code2SessionOk,
  type RedeemedShare,
  type ShareKind,
} from '@wxbridge/store/records';
import { MemoryStore, takeKey, type KeyValueStore } from '@wxbridge/store';

export { CodeRateLimitError } from './session-types';
export {
  CODE2SESSION_ERRORS,
  type Code2SessionError,
  type Code2SessionOk,
  type RedeemedShare,
  type ShareKind,
} from '@wxbridge/store/records';

export interface SessionServiceOptions {
  /**
   * Where codes and sessions live. Default: a new `MemoryStore`. Share one store (e.g. a
   * FileStore folder) between the host and backend processes; give it an atomic `take` so
   * that two processes can never both redeem one code.
   */
  store?: KeyValueStore;
  /** Milliseconds since the epoch. Default: `Date.now`. */
  clock?: () => number;
  /** How long a code can be redeemed. Default: five minutes. */
  codeTtlMs?: number;
  /** How long a session lasts (what `checkSession` reports). Default: 24 hours. */
  sessionTtlMs?: number;
  /**
   * The HMAC key openids and unionids are derived from. Default: random per instance, so
   * openids then differ between instances and across restarts: a multi-process setup (host
   * issuing codes, backend redeeming them) and anything that keeps openids must pass one.
   * Required with a persistent store (`store.persistent`: FileStore, `createWebStorageStore`):
   * the constructor throws without it.
   */
  secret?: string;
  /** Codes one (appId, user) may be issued in any sliding minute; `issueCode` beyond throws `CodeRateLimitError`. Default 20. */
  codesPerMinute?: number;
  /** Codes of one (appId, user) redeemable at once: issuing one more invalidates the oldest. Default 10. */
  maxUnredeemedCodes?: number;
  /**
   * The user's id across the integrator's apps; when it returns a non-empty string,
   * `code2Session` adds a unionid derived from it (an HMAC, so the raw id never leaks).
   */
  unionIdOf?: (user: string) => string | undefined;
}

export class SessionService {
  private readonly store: KeyValueStore;
  private readonly clock: () => number;
  private readonly codeTtlMs: number;
  private readonly sessionTtlMs: number;
  private readonly unionIdOf: ((user: string) => string | undefined) | undefined;
  /** Openids and unionids: HMACs under the secret. */
  private readonly openIds: OpenIds;
  /** The rate limit, the bound on redeemable codes, and the sweeping of what this instance wrote. */
  private readonly ledger: SessionLedger;
  /** Redemptions in flight, by code id. */
  private readonly redeeming = new KeyedQueue();
  /** The records the open-platform server reads (known users, acceptances, SOTER keys), in this store. */
  readonly platform: PlatformRecords;

  constructor(options: SessionServiceOptions = {}) {
    this.store = options.store ?? new MemoryStore();
    this.clock = options.clock ?? Date.now;
    this.codeTtlMs = checkTtl('codeTtlMs', options.codeTtlMs, 5 * 60_000);
    this.sessionTtlMs = checkTtl('sessionTtlMs', options.sessionTtlMs, 24 * 3600_000);
    if (options.secret !== undefined && (typeof options.secret !== 'string' || options.secret.length === 0)) {
      throw new TypeError('SessionService: secret must be a non-empty string');
    }
    if (options.secret === undefined && this.store.persistent === true) {
      throw new TypeError(
        'SessionService: this store is persistent, so the option `secret` is required (the same in every process ' +
          'sharing the store): without it openids come from a random key and every user gets a new openid at each restart',
      );
    }
    this.openIds = new OpenIds(options.secret);
    this.unionIdOf = options.unionIdOf;
    this.ledger = new SessionLedger(this.store, { ...options, codeTtlMs: this.codeTtlMs, sessionTtlMs: this.sessionTtlMs });
    this.platform = new PlatformRecords({ store: this.store, clock: this.clock, openIdOf: (appId, user) => this.openIds.of(appId, user) });
  }

  /**
   * wx.login v2: a random single-use code bound to (appId, user), valid codeTtlMs; starts a
   * new session for (appId, user) with a fresh session_key, replacing the previous one. Records
   * the user's openid for the server first (`platform.knowUser`), where `crypto.subtle` exists.
   */
  async issueCode(appId: string, user: string): Promise<{ code: string }> {
    check('issueCode', 'appId', appId);
    check('issueCode', 'user', user);
    const now = this.clock();
    this.ledger.admit(appId, user, now);
    await this.ledger.sweep(now);
    if ((globalThis as { crypto?: Crypto }).crypto?.subtle) await this.platform.knowUser(appId, user);
    const code = base64url(random(CODE_BYTES));
    const sessionKey = base64(random(SESSION_KEY_BYTES));
    await this.ledger.start(await codeIdOf(code), { appId, user, sessionKey, issuedAt: now });
    return { code };
  }

  /**
   * The openid `code2Session` gives the backend of `appId` for `user` (an HMAC under the secret):
   * what the host binds into a SOTER result, so that the backend can check whose it is.
   */
  async openIdOf(appId: string, user: string): Promise<string> {
    check('openIdOf', 'appId', appId);
    check('openIdOf', 'user', user);
    return this.openIds.of(appId, user);
  }

  /**
   * wx.checkSession v2: whether the session of the LAST code issued for (appId, user) is
   * still valid (the clock is at most sessionTtlMs past the issue).
   */
  async checkSession(appId: string, user: string): Promise<boolean> {
    check('checkSession', 'appId', appId);
    check('checkSession', 'user', user);
    return (await this.sessionOf(appId, user)) !== undefined;
  }

  /**
   * The session of the last code issued for (appId, user) while valid (what `checkSession` reports):
   * its session_key (base64, 16 bytes) and start; `undefined` when there is none or it is over. The
   * host signs and encrypts v2 user data with this key, as the backend's `jscode2session` sees it.
   */
  async sessionOf(appId: string, user: string): Promise<{ sessionKey: string; startedAt: number } | undefined> {
    check('sessionOf', 'appId', appId);
    check('sessionOf', 'user', user);
    const session = asSession(await this.store.get(sessionKeyOf(appId, user)));
    if (session === undefined || this.clock() > session.startedAt + this.sessionTtlMs) return undefined;
    return { sessionKey: session.sessionKey, startedAt: session.startedAt };
  }

  /**
   * The code2Session equivalent a mini program's backend calls: code in; openid, session_key
   * (of the session the code started), optional unionid out. It faces the network, so bad
   * input never throws: it answers `{errcode: 40029, errmsg: 'invalid code'}` (also for an
   * unusable appId). A code used once answers 40163 for codeTtlMs after; an expired one
   * `invalid code: expired`. A code tried with another app's appId answers `invalid code`
   * and stays redeemable by its own app.
   */
  async code2Session(appId: string, code: string): Promise<Code2SessionOk | Code2SessionError> {
    if (problemWith(appId, true) || typeof code !== 'string' || !CODE_PATTERN.test(code)) return { ...INVALID };
    const id = await codeIdOf(code);
    // One redemption of a code at a time in this instance: single use holds here even over a
    // store without an atomic `take` (across processes, only an atomic `take` guarantees it).
    return this.redeeming.run(id, () =>
      this.redeem(appId, { code: codeKey(id), used: usedKey(id) }, asCode, async (record) => {
        const result: Code2SessionOk = {
          openid: await this.openIds.of(appId, record.user),
          session_key: record.sessionKey,
        };
        const union = this.unionIdOf?.(record.user);
        if (typeof union === 'string' && union.length > 0) result.unionid = await this.openIds.union(union);
        return result;
      }),
    );
  }

  /**
   * Puts what a user just shared through a button (their phone number, their email address)
   * behind a random single-use code bound to the app, valid codeTtlMs: the mini program gets the
   * code, its backend exchanges it with `redeemShareCode`, once, as WeChat's phone-number API does.
   * The host does this for `getPhoneNumber` and `getEmailAddress` handlers that return `phoneInfo`
   * or `emailInfo`.
   */
  async issueShareCode(appId: string, user: string, kind: ShareKind, info: Record<string, unknown>): Promise<{ code: string }> {
    check('issueShareCode', 'appId', appId);
    check('issueShareCode', 'user', user);
    if (!SHARE_KINDS.includes(kind)) throw new TypeError(`SessionService.issueShareCode: kind must be one of ${SHARE_KINDS.join(', ')}`);
    if (typeof info !== 'object' || info === null) throw new TypeError('SessionService.issueShareCode: info must be an object');
    const now = this.clock();
    await this.ledger.sweep(now);
    const code = base64url(random(CODE_BYTES));
    const key = shareKey(kind, await codeIdOf(code));
    await this.ledger.write(key, JSON.stringify({ appId, user, info, issuedAt: now } satisfies ShareRecord), now);
    return { code };
  }

  /**
   * The backend's side of `issueShareCode`: the shared info, once; then `40163 code been used`.
   * Like `code2Session` it never throws: another app's id, another kind, a garbage or expired code
   * answer `40029` (and leave the code redeemable by its own app).
   */
  async redeemShareCode(appId: string, kind: ShareKind, code: string): Promise<RedeemedShare | Code2SessionError> {
    if (problemWith(appId, true) || !SHARE_KINDS.includes(kind) || typeof code !== 'string' || !CODE_PATTERN.test(code)) return { ...INVALID };
    const id = await codeIdOf(code);
    return this.redeeming.run(id, () =>
      this.redeem(appId, { code: shareKey(kind, id), used: sharedKey(kind, id) }, asShare, async (record) => ({ info: record.info })),
    );
  }

  /**
   * Redeems a single-use code: checks the record's app and age, computes the answer (before
   * anything is consumed, so a failure there leaves the code redeemable), writes the tombstone,
   * then takes the record; of several redeemers exactly one gets it (given an atomic `take`).
   */
  private async redeem<R extends { appId: string; issuedAt: number }, T>(
    appId: string,
    keys: CodeKeys,
    read: (text: string | undefined) => R | undefined,
    answer: (record: R) => Promise<T>,
  ): Promise<T | Code2SessionError> {
    const now = this.clock();
    await this.ledger.sweep(now);
    const record = read(await this.store.get(keys.code));
    if (!record) return this.afterUse(appId, keys.used, now);
    // Checked before taking: another app's attempt must not burn the code, nor learn it exists.
    if (record.appId !== appId) return { ...INVALID };
    if (now > record.issuedAt + this.codeTtlMs) {
      if (now > record.issuedAt + 2 * this.codeTtlMs) await this.store.delete(keys.code);
      return { ...EXPIRED };
    }
    // Derived before anything is consumed: a failing unionIdOf or missing crypto.subtle leaves the code redeemable.
    const result = await answer(record);
    // The tombstone goes first, so a second redeemer never finds neither code nor tombstone.
    await this.ledger.write(keys.used, JSON.stringify({ appId, until: now + this.codeTtlMs } satisfies UsedRecord), now);
    if ((await takeKey(this.store, keys.code)) === undefined) return { ...USED };
    return result;
  }

  /** No code record: a tombstone of this app's redemption means "used", anything else "invalid". */
  private async afterUse(appId: string, used: string, now: number): Promise<Code2SessionError> {
    const tombstone = asUsed(await this.store.get(used));
    if (!tombstone || tombstone.appId !== appId) return { ...INVALID };
    if (now <= tombstone.until) return { ...USED };
    await this.store.delete(used);
    return { ...INVALID };
  }
}
