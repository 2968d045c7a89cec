/**
 * Who an openid is: `userKey(appId, openid)` → `{user, since}`. The host writes it when it issues
 * a login code; the server writes it too when it redeems one (only if absent: `userWrite`, written
 * with the code's tombstone), so an openid a backend was given is always one `checksession` and
 * `subscribe/send` can map back to its user.
 */
import type { SharedStore, StoreWrite } from '@wxbridge/store';
import { asUser, problemWith, userKey, type UserRecord } from '@wxbridge/store/records';

/** The write that records who `openid` is, unless a record of it exists (`ifAbsent`). */
export function userWrite(appId: string, openid: string, user: string, now: number): StoreWrite {
  return { key: userKey(appId, openid), value: JSON.stringify({ user, since: now } satisfies UserRecord), ifAbsent: true };
}

/** The superapp's id of the user behind `openid` in `appId`, if the host or this server recorded it. */
export async function userOf(store: SharedStore, appId: string, openid: string): Promise<string | undefined> {
  if (problemWith(openid, false)) return undefined;
  return asUser(await store.get(userKey(appId, openid)))?.user;
}
