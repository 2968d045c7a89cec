/**
 * Builds the `wx` object from the catalogue: one generic method per async
 * API, one listener registration per event API, and the two sync APIs that
 * answer from the host's last welcome, or the snapshot the runtime was given
 * before it. Nothing here is written per async API.
 */
import type { SyncApiName, WelcomeEnvelope, WxResult } from '@wxbridge/protocol';
import { ASYNC, EVENT, OPEN_TYPE, SYNC, apiOf, apis, type GuestApi } from './apis';
import type { Wx } from './types';

/** What the sync APIs answer from: the parts of a welcome they read. */
export type GuestSnapshot = Pick<WelcomeEnvelope, 'account' | 'canIUse'>;

/** Calls an async API; returns a Promise exactly when no callback function was passed. */
export type CallApi = (api: string, entry: GuestApi, options: unknown) => Promise<WxResult> | undefined;
/** `wx.<api>(listener)` of an event API. */
export type ListenApi = (api: string, entry: GuestApi, listener: unknown) => void;
/** The last welcome, or the snapshot the runtime was given before the first. */
type SnapshotOf = () => GuestSnapshot | undefined;

type SyncImpl = (snapshot: GuestSnapshot | undefined, arg: unknown) => unknown;

/** The only per-API code: the sync APIs, each with its own logic. */
const syncApis: Record<SyncApiName, SyncImpl> = {
  getAccountInfoSync(snapshot) {
    if (!snapshot) {
      throw new Error('getAccountInfoSync:fail the mini program is not connected to a host yet (await wxbridge.ready)');
    }
    return JSON.parse(JSON.stringify(snapshot.account));
  },
  /**
   * A sync API's name is always usable; anything else when the host's list has it (docs/protocol.md,
   * section 6: the host works the answers out, so the guest carries no schemas). A welcome without
   * the list (a host that does not make it, e.g. a native one) answers as the guest did before it: a
   * name in `capabilities` that is not an open-type, and nothing below the API names.
   */
  canIUse(snapshot, schema) {
    const kind = apiOf(schema)?.kind;
    const list = snapshot?.canIUse ?? (kind !== OPEN_TYPE && (snapshot as Partial<WelcomeEnvelope> | undefined)?.capabilities);
    return kind === SYNC || (Array.isArray(list) && list.includes(schema as string));
  },
};

export function buildWx(call: CallApi, listen: ListenApi, snapshot: SnapshotOf): Wx {
  const wx: Record<string, unknown> = {};
  for (const api in apis) {
    const entry = apis[api]!;
    if (entry.kind === ASYNC) wx[api] = (options?: unknown) => call(api, entry, options);
    else if (entry.kind === EVENT) wx[api] = (listener: unknown) => listen(api, entry, listener);
    else if (entry.kind === SYNC) {
      const impl = syncApis[api as SyncApiName];
      wx[api] = (arg?: unknown) => impl(snapshot(), arg);
    }
  }
  return wx as Wx;
}
