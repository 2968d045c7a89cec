/**
 * Builds the `wx` object from the catalogue: one generic method per async
 * API, one listener registration per event API, and the two sync APIs that
 * answer from the handshake snapshot. Nothing here is written per async API.
 */
import { typeWord, type SyncApiName } from '@wxbridge/protocol';
import { apis, canIUse, type GuestApi } from './apis';
import type { GuestRuntime } from './runtime';
import type { EventResolution, Wx } from './types';

type SyncImpl = (runtime: GuestRuntime, arg: unknown) => unknown;

/** The only per-API code: the sync APIs, each with its own logic. */
const syncApis: Record<SyncApiName, SyncImpl> = {
  getAccountInfoSync(runtime) {
    if (!runtime.welcome) {
      throw new Error('getAccountInfoSync:fail the mini program is not connected to a host yet (await bridge.ready)');
    }
    return JSON.parse(JSON.stringify(runtime.welcome.account));
  },
  canIUse(runtime, schema) {
    return canIUse(schema, (api) => apis[api]?.kind === 'sync' || runtime.supports(api), runtime.welcome?.schemas);
  },
};

function eventMethod(runtime: GuestRuntime, api: string, entry: GuestApi) {
  const event = entry.event!;
  return (listener: unknown) => {
    if (typeof listener !== 'function') {
      throw new TypeError(`${api}:fail parameter error: parameter.listener should be Function instead of ${typeWord(listener)};`);
    }
    const onEvent = (data: unknown, reply?: number) => {
      try {
        if (entry.resolvable) {
          const resolve = (resolution: EventResolution) => runtime.emitToHost(event, resolution, reply);
          listener(resolve, data);
        } else listener(data);
      } catch (thrown) {
        runtime.reportError(api, thrown);
      }
    };
    runtime.listen(event, onEvent, entry.single);
  };
}

export function buildWx(runtime: GuestRuntime): Wx {
  const wx: Record<string, unknown> = {};
  for (const api in apis) {
    const entry = apis[api]!;
    if (entry.kind === 'async') wx[api] = (options?: unknown) => runtime.call(api, entry, options);
    else if (entry.kind === 'event') wx[api] = eventMethod(runtime, api, entry);
    else if (entry.kind === 'sync') {
      const impl = syncApis[api as SyncApiName];
      wx[api] = (arg?: unknown) => impl(runtime, arg);
    }
  }
  return wx as Wx;
}
