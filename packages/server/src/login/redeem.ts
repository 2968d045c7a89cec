/**
 * Redeeming the single-use codes the host issues (`SessionService.issueCode` for `wx.login` v2,
 * `issueShareCode` for a shared phone number or email address): the backend's side of the v2 login
 * standard, over the records of `@wxbridge/store/records`. Network-facing, so bad input never
 * throws: it answers `40029 invalid code` (also for an unusable appId, another app's code, a
 * garbage one), `invalid code: expired` past `codeTtlMs`, `40163 code been used` for `codeTtlMs`
 * after a redemption.
 *
 * Exactly once, across processes: the tombstone (and the caller's records) are written first, then
 * the code's record is taken (an atomic `take`), both in one `takeAfter` (one round trip on a store
 * that has it: Redis runs it as one script); of several redeemers only the one whose take returns
 * it answers. What the answer needs (the openid, a unionid, the caller's own checks) is computed
 * before anything is consumed, so a refusal or a failure there leaves the code redeemable. A
 * redemption costs the store two round trips: a `get`, then the `takeAfter`.
 */
import { KeyedQueue, takeAfterWrites, type KeyValueStore, type StoreWrite } from '@wxbridge/store';
import {
  CODE_PATTERN,
  EXPIRED,
  INVALID,
  SHARE_KINDS,
  USED,
  asCode,
  asShare,
  asUsed,
  codeIdOf,
  codeKey,
  problemWith,
  shareKey,
  sharedKey,
  usedKey,
  type CodeKeys,
  type CodeRecord,
  type Code2SessionError,
  type RedeemedShare,
  type ShareKind,
  type UsedRecord,
} from '@wxbridge/store/records';
import { isCodeError } from './code-errors';

export class Redeemer {
  /** Redemptions in flight in this process, by code id: single use holds here even over a store without `take`. */
  private readonly redeeming = new KeyedQueue();

  constructor(
    private readonly store: KeyValueStore,
    private readonly clock: () => number,
    private readonly codeTtlMs: number,
  ) {}

  /**
   * A login code of `appId`: `answer` is given the code's record (its user and session_key) and
   * returns what the backend gets, or an error that refuses it (the code stays redeemable).
   * `records`, once `answer` has accepted, gives what to write with the tombstone (from the code's
   * record and the accepted answer), before the code is taken: a failed write leaves it redeemable too.
   */
  async loginCode<T extends object>(
    appId: string,
    code: unknown,
    answer: (record: CodeRecord) => Promise<T | Code2SessionError>,
    records?: (record: CodeRecord, answer: T) => StoreWrite[],
  ): Promise<T | Code2SessionError> {
    if (problemWith(appId, true) || typeof code !== 'string' || !CODE_PATTERN.test(code)) return { ...INVALID };
    const id = await codeIdOf(code);
    return this.redeeming.run(id, () => this.redeem(appId, { code: codeKey(id), used: usedKey(id) }, asCode, answer, records));
  }

  /** A share code of `appId` and `kind`: what the user shared, once. */
  async shareCode(appId: string, kind: ShareKind, code: unknown): Promise<RedeemedShare | Code2SessionError> {
    if (problemWith(appId, true) || !SHARE_KINDS.includes(kind) || typeof code !== 'string' || !CODE_PATTERN.test(code)) return { ...INVALID };
    const id = await codeIdOf(code);
    return this.redeeming.run(id, () =>
      this.redeem(appId, { code: shareKey(kind, id), used: sharedKey(kind, id) }, asShare, async (record) => ({ info: record.info })),
    );
  }

  private async redeem<R extends { appId: string; issuedAt: number }, T extends object>(
    appId: string,
    keys: CodeKeys,
    read: (text: string | undefined) => R | undefined,
    answer: (record: R) => Promise<T | Code2SessionError>,
    records?: (record: R, answer: T) => StoreWrite[],
  ): Promise<T | Code2SessionError> {
    const now = this.clock();
    const record = read(await this.store.get(keys.code));
    if (!record) return this.afterUse(appId, keys.used, now);
    // Checked before taking: another app's attempt must not burn the code, nor learn it exists.
    if (record.appId !== appId) return { ...INVALID };
    if (now > record.issuedAt + this.codeTtlMs) {
      if (now > record.issuedAt + 2 * this.codeTtlMs) await this.store.delete(keys.code);
      return { ...EXPIRED };
    }
    const result = await answer(record);
    if (isCodeError(result)) return result;
    // The tombstone goes first, so a second redeemer never finds neither code nor tombstone. Should a
    // write fail, the code stays (its tombstone is read only once it is gone, and outlives it by
    // nothing: until is at most issuedAt + 2 codeTtlMs, when the host's record expires).
    const tombstone: UsedRecord = { appId, until: now + this.codeTtlMs };
    const writes: StoreWrite[] = [{ key: keys.used, value: JSON.stringify(tombstone), ttlMs: 2 * this.codeTtlMs }];
    if (records) writes.push(...records(record, result));
    if ((await takeAfterWrites(this.store, keys.code, writes)) === undefined) return { ...USED };
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
