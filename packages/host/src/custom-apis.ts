/**
 * The integrator's own APIs (the TCMPP/FinClip extension model): a name, a
 * parameter description and a handler. Mini programs call them through
 * `wx.invokeNativePlugin({api_name, data})` with the usual callback/Promise
 * and errMsg rules; each appears in the capability list as
 * `invokeNativePlugin.<name>`, so `canIUse('invokeNativePlugin.<name>')` works.
 * Names are looked up in a Map: `__proto__` and friends are simply unknown.
 */
import { ERRNO, REASON, validateParams, type ApiEntry, type FieldsSpec } from '@wxbridge/protocol';
import { wxFail } from './failure';
import type { SemanticsTable } from './semantics';
import type { CallContext, HandlerReturn } from './types';

export interface CustomApi {
  /** The fields of `data`, checked like catalogue parameters before the handler runs. */
  params?: FieldsSpec;
  /** Shows the user something (payment, pickers): the guest does not time it out by default. */
  interactive?: boolean;
  handler(data: Record<string, unknown>, ctx: CallContext): HandlerReturn<'invokeNativePlugin'>;
}

export const CUSTOM_API_PREFIX = 'invokeNativePlugin.';
const NAME = /^[A-Za-z_$][\w$]{0,63}$/;

export class CustomApis {
  private readonly apis = new Map<string, CustomApi & { entry: ApiEntry }>();

  register(name: string, api: CustomApi): () => void {
    if (typeof name !== 'string' || !NAME.test(name)) {
      throw new TypeError(`host.registerApi: ${JSON.stringify(name)} is not a valid API name (letters, digits, _ and $, at most 64)`);
    }
    if (!api || typeof api.handler !== 'function') throw new TypeError(`host.registerApi: ${name} needs a handler function`);
    const stored = { ...api, entry: { kind: 'async', since: 1, doc: name, params: api.params } as ApiEntry };
    this.apis.set(name, stored);
    return () => {
      if (this.apis.get(name) === stored) this.apis.delete(name);
    };
  }

  /** Capability names (`invokeNativePlugin.<name>`), and the interactive ones. */
  names(): { all: string[]; interactive: string[] } {
    const all: string[] = [];
    const interactive: string[] = [];
    for (const [name, api] of this.apis) {
      all.push(CUSTOM_API_PREFIX + name);
      if (api.interactive) interactive.push(CUSTOM_API_PREFIX + name);
    }
    return { all, interactive };
  }

  get size(): number {
    return this.apis.size;
  }

  semantics(): SemanticsTable {
    return {
      invokeNativePlugin: {
        handler: 'none',
        offered: () => this.apis.size > 0,
        run: async (params, ctx) => {
          const name = params.api_name as string;
          const api = this.apis.get(name);
          if (!api) throw wxFail(`${REASON.notSupported}: ${name.slice(0, 64)}`, { errno: ERRNO.notSupported });
          const data = (params.data ?? {}) as Record<string, unknown>;
          const problem = validateParams(api.entry, data);
          if (problem) {
            throw wxFail('parameter error: ' + problem.replace(/parameter\./g, 'parameter.data.'), {
              errno: ERRNO.invalidParameter,
            });
          }
          return api.handler(data, ctx);
        },
      },
    };
  }
}
