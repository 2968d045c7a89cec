/**
 * Builds the `wx` object from the catalogue: one generic method per async
 * API, one listener registration per event API, and the two sync APIs that
 * answer from the handshake snapshot. Nothing here is written per async API.
 */
import { apiNames, canIUse, catalogue, lookupApi, typeWord, type ApiEntry, type SyncApiName } from '@wxbridge/protocol';
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
    return canIUse(schema, (api) => lookupApi(api)?.kind === 'sync' || runtime.supports(api));
  },
};

function eventMethod(runtime: GuestRuntime, api: string, entry: ApiEntry) {
  const event = entry.event!;
  return (listener: unknown) => {
    if (typeof listener !== 'function') {
      throw new TypeError(`${api}:fail parameter error: parameter.listener should be Function instead of ${typeWord(listener)};`);
    }
    if (entry.single) runtime.events.removeAllListeners(event);
    runtime.subscribe(event);
    runtime.events.on(event, (data: unknown, reply?: number) => {
      try {
        if (entry.resolvable) {
          const resolve = (resolution: EventResolution) => runtime.emitToHost(event, resolution, reply);
          listener(resolve, data);
        } else listener(data);
      } catch (thrown) {
        const message = thrown instanceof Error ? thrown.message : String(thrown);
        runtime.reportError(new Error(`thirdScriptError\n${message};at api ${api} callback function`, { cause: thrown }));
      }
    });
  };
}

export function buildWx(runtime: GuestRuntime): Wx {
  const wx: Record<string, unknown> = {};
  for (const api of apiNames()) {
    const entry: ApiEntry = catalogue[api];
    if (entry.kind === 'async') wx[api] = (options?: unknown) => runtime.call(api, entry, options);
    else if (entry.kind === 'event') wx[api] = eventMethod(runtime, api, entry);
    else if (entry.kind === 'sync') {
      const impl = syncApis[api as SyncApiName];
      wx[api] = (arg?: unknown) => impl(runtime, arg);
    }
  }
  return wx as Wx;
}
