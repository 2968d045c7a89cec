/**
 * What the host records for the open-platform server (`@wxbridge/server`), in the store the
 * `SessionService` keeps its codes in (the one the server shares), with the layout of
 * `@wxbridge/store/records` (`platform.ts`): who an openid is, the subscription acceptances, the
 * SOTER keys. The one place the host writes them; every write names the user by the openid the
 * server derives from the same secret.
 *
 * - `knowUser`: `users/v1/<appId>/<openid>` → `{user, since}`, written once (the server answers
 *   `40003` for an openid it has no record of). Every other write records the user too.
 * - `acceptOneTime`: `+1` on the one-time counter of (app, openid, template): each accepted request
 *   of a one-time template allows one send (the server takes one per send).
 * - `acceptLongTerm` / `revokeLongTerm`: the long-term record `{acceptedAt}`, set while accepted,
 *   deleted when the user rejects the template or turns it (or the main switch) off in the settings.
 * - `enrolSoterKey`: the device's public key (PEM, SPKI) the server's `verify_signature` checks
 *   against, rewritten only when it changed.
 *
 * Every method needs `crypto.subtle` (the openid is an HMAC) and fails without it.
 */
import { KeyedQueue, adjustKey, type KeyValueStore } from '@wxbridge/store';
import {
  asSoterKey,
  longTermKey,
  oneTimeKey,
  soterKeyKey,
  userKey,
  type LongTermRecord,
  type SoterKeyRecord,
  type UserRecord,
} from '@wxbridge/store/records';

export interface PlatformRecordsOptions {
  /** The store the server shares (the `SessionService`'s). */
  store: KeyValueStore;
  /** The openid of `user` in `appId` (`SessionService.openIdOf`). */
  openIdOf(appId: string, user: string): Promise<string>;
  /** Milliseconds since the epoch. */
  clock(): number;
}

export class PlatformRecords {
  private readonly store: KeyValueStore;
  private readonly openIdOf: (appId: string, user: string) => Promise<string>;
  private readonly clock: () => number;
  /** Write-once records of a store without `setIfAbsent`, one check-then-write at a time per key. */
  private readonly once = new KeyedQueue();

  constructor(options: PlatformRecordsOptions) {
    this.store = options.store;
    this.openIdOf = options.openIdOf;
    this.clock = options.clock;
  }

  /** Records that `user`'s openid in `appId` is theirs (once); resolves with the openid. */
  async knowUser(appId: string, user: string): Promise<string> {
    const openid = await this.openIdOf(appId, user);
    const key = userKey(appId, openid);
    const value = JSON.stringify({ user, since: this.clock() } satisfies UserRecord);
    const { store } = this;
    if (store.setIfAbsent) await store.setIfAbsent(key, value);
    else {
      await this.once.run(key, async () => {
        if ((await store.get(key)) === undefined) await store.set(key, value);
      });
    }
    return openid;
  }

  /** One more accepted request of the one-time template `templateId`; resolves with the unused count. */
  async acceptOneTime(appId: string, user: string, templateId: string): Promise<number> {
    const openid = await this.knowUser(appId, user);
    return (await adjustKey(this.store, oneTimeKey(appId, openid, templateId), 1))!;
  }

  /** The long-term template `templateId` accepted: the server may send it until revoked. */
  async acceptLongTerm(appId: string, user: string, templateId: string): Promise<void> {
    const openid = await this.knowUser(appId, user);
    await this.store.set(longTermKey(appId, openid, templateId), JSON.stringify({ acceptedAt: this.clock() } satisfies LongTermRecord));
  }

  /** The long-term template `templateId` rejected or turned off: the server may no longer send it. */
  async revokeLongTerm(appId: string, user: string, templateId: string): Promise<void> {
    await this.store.delete(longTermKey(appId, await this.openIdOf(appId, user), templateId));
  }

  /**
   * The device's public key (PEM, SPKI) for `user` in `appId`, what the server verifies SOTER
   * signatures with; written only when it differs from the recorded one. Resolves with whether it did.
   */
  async enrolSoterKey(appId: string, user: string, publicKey: string): Promise<boolean> {
    if (typeof publicKey !== 'string' || !publicKey.includes('-----BEGIN PUBLIC KEY-----')) {
      throw new TypeError('biometrics.publicKey must return the PEM of the public key (-----BEGIN PUBLIC KEY-----, SPKI)');
    }
    const openid = await this.knowUser(appId, user);
    const key = soterKeyKey(appId, openid);
    if (asSoterKey(await this.store.get(key))?.publicKey === publicKey) return false;
    await this.store.set(key, JSON.stringify({ publicKey, enrolledAt: this.clock() } satisfies SoterKeyRecord));
    return true;
  }
}
