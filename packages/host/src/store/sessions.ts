/**
 * The built-in "v2" login standard, the superapp's half: `wx.login` hands the mini program a random
 * single-use code bound to (appId, user), and `wx.checkSession` reports whether the session the
 * last code started is still valid. The backend's half, exchanging a code once for an openid, a
 * session_key and a unionid (`GET /sns/jscode2session`), is the open-platform server's
 * (`@wxbridge/server`), which reads the codes from the same store.
 *
 * Everything lives in a `KeyValueStore`, so the host and the server share one (a MemoryStore in one
 * process, a FileStore folder, a database). For that they must also share the `secret`: openids are
 * HMACs under it, and the default secret is random per instance.
 *
 * Browser-safe: only Web Crypto (`globalThis.crypto`) is used. Note that browsers expose
 * `crypto.subtle` (used for the openid HMAC, i.e. by `openIdOf`) only in secure contexts; issuing
 * codes and checking sessions need only `crypto.getRandomValues` (a code's SHA-256 falls back to
 * plain JavaScript where there is no `crypto.subtle`).
 *
 * Store layout (values are JSON; `@wxbridge/store/records` is the whole of it). A code is a bearer
 * secret, so no key holds one: `<id>` is base64url(SHA-256(code)), and a listing of the store's
 * keys reveals nothing redeemable.
 * - `wxbridge/sessions/v1/code/<id>`: `{appId, user, sessionKey, issuedAt}`, until redeemed
 * - `wxbridge/sessions/v1/used/<id>`: `{appId, until}`, the tombstone the server writes on redemption
 * - `wxbridge/sessions/v1/session/<appId>/<user>`: `{sessionKey, startedAt, codes}`, the session of
 *   the last code issued for (appId, user), with the ids of its last `maxUnredeemedCodes` codes
 *   (older ones are deleted, so no longer redeemable); appId and user are `encodeURIComponent`-ed.
 * - `wxbridge/sessions/v1/share/<kind>/<id>` and `.../shared/<kind>/<id>`: the same for the
 *   single-use codes behind what a user shares with a button (`getPhoneNumber`, `getEmailAddress`):
 *   `{appId, user, info, issuedAt}` until redeemed, then a tombstone.
 *
 * Codes and sessions carry their expiry as the store's `ttlMs` hint. What the server reads
 * besides codes (known users, acceptances, SOTER keys) goes to the same store through `platform`;
 * `issueCode` records the user's openid there, except without `crypto.subtle` to compute it (an
 * insecure browser context, Hermes): the code is issued all the same.
 *
 * Growth is bounded: at most `codesPerMinute` codes per (appId, user) in any minute
 * (`CodeRateLimitError` beyond), at most `maxUnredeemedCodes` of them redeemable, and this instance
 * deletes the codes it wrote a TTL after they expire, and sessions once over.
 */
import { OpenIds, randomBytes as random, toBase64 as base64, toBase64url as base64url } from '@wxbridge/store/records';
import { PlatformRecords } from './platform-records';
import { SessionLedger } from './session-ledger';
import {
  CODE_BYTES,
  SESSION_KEY_BYTES,
  SHARE_KINDS,
  asSession,
  check,
  checkTtl,
  codeIdOf,
  sessionKeyOf,
  shareKey,
  type ShareKind,
  type ShareRecord,
} from '@wxbridge/store/records';
import { MemoryStore, type KeyValueStore } from '@wxbridge/store';

export { CodeRateLimitError } from './session-types';
export type { ShareKind } from '@wxbridge/store/records';

export interface SessionServiceOptions {
  /**
   * Where codes and sessions live. Default: a new `MemoryStore`. Share one store (e.g. a
   * FileStore folder) with the open-platform server that redeems the codes.
   */
  store?: KeyValueStore;
  /** Milliseconds since the epoch. Default: `Date.now`. */
  clock?: () => number;
  /** How long a code can be redeemed. Default: five minutes. */
  codeTtlMs?: number;
  /** How long a session lasts (what `checkSession` reports). Default: 24 hours. */
  sessionTtlMs?: number;
  /**
   * The HMAC key openids are derived from: the open-platform server's `secret`. Default: random per
   * instance, so openids then differ between instances and across restarts: a host with a server
   * (which must derive the same openids) and anything that keeps openids must pass one.
   * Required with a persistent store (`store.persistent`: FileStore, `createWebStorageStore`):
   * the constructor throws without it.
   */
  secret?: string;
  /** Codes one (appId, user) may be issued in any sliding minute; `issueCode` beyond throws `CodeRateLimitError`. Default 20. */
  codesPerMinute?: number;
  /** Codes of one (appId, user) redeemable at once: issuing one more invalidates the oldest. Default 10. */
  maxUnredeemedCodes?: number;
}

export class SessionService {
  private readonly store: KeyValueStore;
  private readonly clock: () => number;
  private readonly codeTtlMs: number;
  private readonly sessionTtlMs: number;
  /** Openids: HMACs under the secret. */
  private readonly openIds: OpenIds;
  /** The rate limit, the bound on redeemable codes, and the sweeping of what this instance wrote. */
  private readonly ledger: SessionLedger;
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
   * The openid the server's `jscode2session` gives the backend of `appId` for `user` (an HMAC under
   * the secret): what the host binds into a SOTER result, so that the backend can check whose it is.
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
   * Puts what a user just shared through a button (their phone number, their email address)
   * behind a random single-use code bound to the app, valid codeTtlMs: the mini program gets the
   * code, its backend exchanges it once with the server (`POST /wxa/business/getuserphonenumber`,
   * `/wxa/business/getuseremail`), as with WeChat's phone-number API.
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
}
