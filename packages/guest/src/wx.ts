/**
 * Builds the `wx` object from the catalogue: one generic method per async
 * API, one listener registration per event API, and the two sync APIs that
 * answer from the handshake snapshot. Nothing here is written per async API.
 */
import type { SyncApiName, WelcomeEnvelope, WxResult } from '@wxbridge/protocol';
import { apis, canIUse, type GuestApi } from './apis';
import type { Wx } from './types';

/** Calls an async API; returns a Promise exactly when no callback function was passed. */
export type CallApi = (api: string, entry: GuestApi, options: unknown) => Promise<WxResult> | undefined;
/** `wx.<api>(listener)` of an event API. */
export type ListenApi = (api: string, entry: GuestApi, listener: unknown) => void;
/** The current session's welcome, once the handshake has completed. */
type WelcomeOf = () => WelcomeEnvelope | undefined;
/** Whether the connected host offers an API (the welcome's capability list). */
type Supports = (api: string) => boolean;

type SyncImpl = (welcome: WelcomeOf, supports: Supports, arg: unknown) => unknown;

/** The only per-API code: the sync APIs, each with its own logic. */
const syncApis: Record<SyncApiName, SyncImpl> = {
  getAccountInfoSync(welcome) {
    if (!welcome()) {
      throw new Error('getAccountInfoSync:fail the mini program is not connected to a host yet (await bridge.ready)');
    }
    return JSON.parse(JSON.stringify(welcome()!.account));
  },
  canIUse(welcome, supports, schema) {
    return canIUse(schema, (api) => apis[api]?.kind === 'sync' || supports(api), welcome()?.schemas);
  },
};

export function buildWx(call: CallApi, listen: ListenApi, welcome: WelcomeOf, supports: Supports): Wx {
  const wx: Record<string, unknown> = {};
  for (const api in apis) {
    const entry = apis[api]!;
    if (entry.kind === 'async') wx[api] = (options?: unknown) => call(api, entry, options);
    else if (entry.kind === 'event') wx[api] = (listener: unknown) => listen(api, entry, listener);
    else if (entry.kind === 'sync') {
      const impl = syncApis[api as SyncApiName];
      wx[api] = (arg?: unknown) => impl(welcome, supports, arg);
    }
  }
  return wx as Wx;
}
