/**
 * `login` and `checkSession` by API version (the seeds' "apiVersion configuration"): v1, the
 * integrator's handler provides the result; v2, the built-in standard of `SessionService` (random
 * single-use codes valid five minutes, bound to the app; sessions that `checkSession` reflects).
 */
import type { App } from '../core/app';
import { wxFail } from '../core/failure';
import type { Feature, Services } from '../core/feature';

export type ApiVersion = 'v1' | 'v2';
export type VersionedApi = 'login' | 'checkSession';
/**
 * The seeds' "apiVersion configuration": v1, the integrator's handler provides the result; v2, the
 * built-in standard (`sessions`). A map for every app, or a function per app and API.
 */
export type ApiVersionOption = Partial<Record<VersionedApi, ApiVersion>> | ((app: App, api: VersionedApi) => ApiVersion);

export interface LoginFeatureOptions {
  apiVersion?: ApiVersionOption;
}

export function loginFeature(services: Services, options: LoginFeatureOptions): Feature {
  const { sessions } = services;
  const setting = options.apiVersion;
  const version = (app: App, api: VersionedApi): ApiVersion => (typeof setting === 'function' ? setting(app, api) : setting?.[api]) ?? 'v1';
  return {
    apis: {
      login: {
        handler: 'optional',
        offered: (app, hasHandler) => hasHandler || version(app, 'login') === 'v2',
        // Not an async function: v1 hands the handler's promise straight back, without the extra
        // microtask turns an async function takes to adopt it (login is the most frequent call).
        run(params, ctx, next) {
          if (version(ctx.app, 'login') !== 'v2') return next(params);
          return services.userOf(ctx).then((user) => sessions.issueCode(ctx.app.appId, user));
        },
      },
      checkSession: {
        handler: 'optional',
        offered: (app, hasHandler) => hasHandler || version(app, 'checkSession') === 'v2',
        async run(params, ctx, next) {
          if (version(ctx.app, 'checkSession') !== 'v2') return next(params);
          if (await sessions.checkSession(ctx.app.appId, await services.userOf(ctx))) return {};
          throw wxFail('session time out, need relogin');
        },
      },
    },
  };
}
