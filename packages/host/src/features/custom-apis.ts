/**
 * The integrator's own APIs (the TCMPP/FinClip extension model): a name, a parameter description
 * and a handler, registered with `host.registerApi`. Mini programs call them through the catalogue
 * API whose entry has a `namespace` parameter (`wx.invokeNativePlugin({api_name, data})`) with the
 * usual callback/Promise and errMsg rules; each appears in the capability list as
 * `<api>.<name>`, so `canIUse('invokeNativePlugin.<name>')` works. An interactive one shows the
 * user a sheet: its handler runs through the one consent path (queue, rate limit, abort).
 * Names are looked up in a Map: `__proto__` and friends are simply unknown.
 */
import { ERRNO, REASON, apiNames, lookupApi, validateParams, type ApiEntry, type FieldsSpec } from '@wxbridge/protocol';
import { wxFail } from '../core/failure';
import type { ApiRegistry, Feature, Semantics, Services } from '../core/feature';
import type { CallContext, HandlerReturn } from '../core/types';

export interface CustomApi {
  /** The fields of `data`, checked like catalogue parameters before the handler runs. */
  params?: FieldsSpec;
  /** Shows the user something (payment, pickers): a sheet, in the prompt queue; the guest does not time it out. */
  interactive?: boolean;
  handler(data: Record<string, unknown>, ctx: CallContext): HandlerReturn<'invokeNativePlugin'>;
}

const NAME = /^[A-Za-z_$][\w$]{0,63}$/;

/** The catalogue API that carries the integrator's own APIs, and the parameter that names one. */
function carrier(): { api: string; param: string } | undefined {
  for (const api of apiNames()) {
    const param = lookupApi(api)!.namespace;
    if (param) return { api, param };
  }
  return undefined;
}

export function customApisFeature(services: Services): Feature<CustomApi> {
  const via = carrier();
  if (!via) return {};
  const apis = new Map<string, CustomApi & { entry: ApiEntry }>();
  const prefix = via.api + '.';

  const registry: ApiRegistry<CustomApi> = {
    register(name, api) {
      if (typeof name !== 'string' || !NAME.test(name)) {
        throw new TypeError(`host.registerApi: ${JSON.stringify(name)} is not a valid API name (letters, digits, _ and $, at most 64)`);
      }
      if (!api || typeof api.handler !== 'function') throw new TypeError(`host.registerApi: ${name} needs a handler function`);
      const stored = { ...api, entry: { kind: 'async', since: 1, doc: name, params: api.params } as ApiEntry };
      apis.set(name, stored);
      return () => {
        if (apis.get(name) === stored) apis.delete(name);
      };
    },
    names() {
      const all: string[] = [];
      const interactive: string[] = [];
      for (const [name, api] of apis) {
        all.push(prefix + name);
        if (api.interactive) interactive.push(prefix + name);
      }
      return { all, interactive };
    },
  };

  const semantics: Semantics = {
    handler: 'none',
    configureWith: 'register custom APIs with host.registerApi',
    ownSheet: true,
    offered: () => apis.size > 0,
    async run(params, ctx) {
      const name = params[via.param] as string;
      const api = apis.get(name);
      if (!api) throw wxFail(`${REASON.notSupported}: ${name.slice(0, 64)}`, { errno: ERRNO.notSupported });
      const data = (params.data ?? {}) as Record<string, unknown>;
      const problem = validateParams(api.entry, data);
      if (problem) throw wxFail('parameter error: ' + problem.replace(/parameter\./g, 'parameter.data.'), { errno: ERRNO.invalidParameter });
      if (!api.interactive) return api.handler(data, ctx);
      const user = await services.userOf(ctx);
      return services.consent.ask({ ctx, user, show: () => api.handler(data, ctx) });
    },
  };

  return { apis: { [via.api]: semantics }, registry };
}
