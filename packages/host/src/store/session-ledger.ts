/**
 * What keeps `SessionService`'s store bounded: at most `codesPerMinute` codes per (appId, user) in
 * any sliding minute (`CodeRateLimitError` beyond), at most `maxUnredeemedCodes` of them redeemable
 * (issuing one more deletes the oldest), and the records this instance wrote deleted once of no
 * more use: codes (login and share codes) one TTL past their expiry (until then an expired code
 * still reports "expired"), sessions once over. (The server writes the tombstones of redeemed codes.) A login flood thus leaves a store that holds a few
 * records per (appId, user), whatever the number of logins tried.
 */
import { KeyedQueue } from '@wxbridge/store';
import { RateWindows, limitOption } from './rate-window';
import { asSession, codeKey, sessionKeyOf, type CodeRecord, type SessionRecord } from '@wxbridge/store/records';
import { CodeRateLimitError } from './session-types';
import type { KeyValueStore } from '@wxbridge/store';
import { Sweeper } from './sweeper';

const MINUTE = 60_000;

export interface LedgerOptions {
  codeTtlMs: number;
  sessionTtlMs: number;
  codesPerMinute?: number;
  maxUnredeemedCodes?: number;
}

export class SessionLedger {
  private readonly codeTtlMs: number;
  private readonly sessionTtlMs: number;
  private readonly maxUnredeemedCodes: number;
  /** Codes issued per (appId, user) in the last minute. */
  private readonly issued: RateWindows<string>;
  /** Codes this instance wrote. Records written by other instances are theirs to sweep. */
  private readonly records: Sweeper;
  /** Session records this instance wrote, deleted once over (unless a later login renewed them). */
  private readonly sessions: Sweeper;
  /** Session records queued in `sessions`: one entry each, however often the user logs in. */
  private readonly sessionsQueued = new Set<string>();
  /** Changes to one session record, in order. */
  private readonly sessionWrites = new KeyedQueue();

  constructor(
    private readonly store: KeyValueStore,
    options: LedgerOptions,
  ) {
    this.codeTtlMs = options.codeTtlMs;
    this.sessionTtlMs = options.sessionTtlMs;
    this.maxUnredeemedCodes = limitOption('SessionService', 'maxUnredeemedCodes', options.maxUnredeemedCodes, 10);
    this.issued = new RateWindows(limitOption('SessionService', 'codesPerMinute', options.codesPerMinute, 20), MINUTE);
    this.records = new Sweeper(store);
    this.sessions = new Sweeper(store, (key, now) => this.dropSession(key, now));
  }

  /** Counts a code for (appId, user), or throws `CodeRateLimitError` past `codesPerMinute`. */
  admit(appId: string, user: string, now: number): void {
    // appId has no NUL, so (appId, user) pairs never share a key.
    if (!this.issued.take(`${appId}\0${user}`, now)) throw new CodeRateLimitError(this.issued.limit);
  }

  /**
   * Stores a new code (by its id) and the session it starts, replacing the previous session; the
   * codes of (appId, user) beyond the last `maxUnredeemedCodes` are deleted.
   */
  async start(id: string, code: CodeRecord): Promise<void> {
    const key = sessionKeyOf(code.appId, code.user);
    await this.sessionWrites.run(key, async () => {
      const codes = [...(asSession(await this.store.get(key))?.codes ?? []), id];
      const invalidated = codes.splice(0, Math.max(0, codes.length - this.maxUnredeemedCodes));
      const session: SessionRecord = { sessionKey: code.sessionKey, startedAt: code.issuedAt, codes };
      // The hint outlives the session by a minute: readers decide by `startedAt`, never by the store's expiry.
      await this.store.set(key, JSON.stringify(session), { ttlMs: this.sessionTtlMs + MINUTE });
      await this.store.set(codeKey(id), JSON.stringify(code), { ttlMs: this.recordTtlMs });
      for (const old of invalidated) await this.store.delete(codeKey(old));
    });
    this.remember(codeKey(id), code.issuedAt);
    if (!this.sessionsQueued.has(key)) {
      this.sessionsQueued.add(key);
      this.sessions.add(key, code.issuedAt + this.sessionTtlMs);
    }
  }

  /**
   * Writes a code at `now`, with its expiry as the store's `ttlMs` hint (a store with
   * expiry drops it even when no sweeper of this process is left to).
   */
  async write(key: string, value: string, now: number): Promise<void> {
    await this.store.set(key, value, { ttlMs: this.recordTtlMs });
    this.remember(key, now);
  }

  /** A code written at `now`: past its use by `now + codeTtlMs`, deleted a TTL later. */
  private remember(key: string, now: number): void {
    this.records.add(key, now + this.recordTtlMs);
  }

  /** How long a code is kept: a TTL of use, then a TTL in which an expired code still reports "expired". */
  private get recordTtlMs(): number {
    return 2 * this.codeTtlMs;
  }

  /** Deletes a few records past their time. Never fails: housekeeping must not fail a login. */
  async sweep(now: number): Promise<void> {
    await this.records.sweep(now);
    await this.sessions.sweep(now);
  }

  /** A session record whose time came: deleted if over, queued again for its new end if renewed since. */
  private dropSession(key: string, now: number): Promise<void> {
    return this.sessionWrites.run(key, async () => {
      const session = asSession(await this.store.get(key));
      if (session && now <= session.startedAt + this.sessionTtlMs) {
        this.sessions.add(key, session.startedAt + this.sessionTtlMs);
        return;
      }
      this.sessionsQueued.delete(key);
      if (session) await this.store.delete(key);
    });
  }
}
