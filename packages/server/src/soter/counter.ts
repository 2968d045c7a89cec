/**
 * SOTER's anti-replay counter, accepted atomically across every server sharing the store.
 *
 * The device counts its authentications; a result is accepted only when its `counter` is greater
 * than the highest accepted so far for (app, openid), which then becomes that counter. Two servers
 * given the same result at once (a replay racing the original) must not both accept it, so "check
 * greater, then raise" has to be one atomic step: a compare-and-set. The store offers no
 * compare-and-set, but `adjust(key, delta, {min})` is one for a value that only ever goes DOWN:
 *
 * - `soterCounterKey` holds MINUS the highest accepted counter (absent: 0, so counters start at 1).
 *   It only decreases.
 * - To accept `c` after reading `-h` (h < c): `adjust(key, -(c - h), {min: -c})`. The new value is
 *   `current - (c - h)`, which is at least `-c` exactly when `current >= -h`; since the value never
 *   goes up, that means `current == -h`: nobody accepted anything since our read. Then the value
 *   becomes `-c` in the same atomic step. Otherwise nothing changes and we read again: if someone
 *   accepted `c` or more meanwhile we refuse, else we try again.
 *
 * So of two servers verifying one result at once, both read `-h`, both try; the first `adjust`
 * moves the value to `-c`, the second fails its floor, re-reads `-c`, and refuses: exactly one
 * accepts. No lock, no marker per counter, one small record per (app, user), and a shared network
 * store (Redis: a Lua `DECRBY` with a floor) implements it atomically.
 */
import { integerOf, type SharedStore } from '@wxbridge/store';
import { soterCounterKey } from '@wxbridge/store/records';

/** Each failed attempt means another result was accepted meanwhile; this many in a row is a fault. */
const MAX_ATTEMPTS = 100;

/** The highest counter accepted for (appId, openid); 0 when none was. */
export async function highestSoterCounter(store: SharedStore, appId: string, openid: string): Promise<number> {
  return 0 - integerOf(await store.get(soterCounterKey(appId, openid)));
}

/**
 * Accepts `counter` for (appId, openid) when it is greater than the highest accepted, making it
 * the highest, in one atomic step across every process sharing `store`: whether it was accepted.
 */
export async function acceptSoterCounter(store: SharedStore, appId: string, openid: string, counter: number): Promise<boolean> {
  if (!Number.isSafeInteger(counter) || counter < 1) return false;
  const key = soterCounterKey(appId, openid);
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const highest = 0 - integerOf(await store.get(key));
    if (counter <= highest) return false;
    if ((await store.adjust(key, -(counter - highest), { min: -counter })) !== undefined) return true;
  }
  throw new Error(`SOTER: could not record counter ${counter} at ${key} after ${MAX_ATTEMPTS} attempts (is the store's adjust atomic?)`);
}
