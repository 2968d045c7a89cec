/**
 * `login` and `checkSession` by API version (the seeds' "apiVersion configuration"): v1, the
 * integrator's handler provides the result; v2, the built-in standard of `SessionService` (random
 * single-use codes valid five minutes, bound to the app; sessions that `checkSession` reflects).
 *
 * v2 codes are bounded twice: per connection here (`loginsPerMinute`), and per (app, user) by the
 * `SessionService` (`codesPerMinute`). Past either, `wx.login` fails with
 * `login:fail too many requests, try again later` (errno 1003) and nothing is stored.
 */
import { ERRNO } from '@wxbridge/protocol';
import type { App } from '../core/app';
import { wxFail } from '../core/failure';
import type { Feature, Services } from '../core/feature';
import type { CallContext } from '../core/types';
import { RateWindow, limitOption } from '../store/rate-window';
import { CodeRateLimitError } from '../store/session-types';

export type ApiVersion = 'v1' | 'v2';
export type VersionedApi = 'login' | 'checkSession';
/**
 * The seeds' "apiVersion configuration": v1, the integrator's handler provides the result; v2, the
 * built-in standard (`sessions`). A map for every app, or a function per app and API.
 */
export type ApiVersionOption = Partial<Record<VersionedApi, ApiVersion>> | ((app: App, api: VersionedApi) => ApiVersion);

export interface LoginFeatureOptions {
  apiVersion?: ApiVersionOption;
  /** v2 login codes one connection may be issued in any sliding minute; beyond, `wx.login` fails (errno 1003). Default 20. */
  loginsPerMinute?: number;
}

/** The reason of a v2 `wx.login` refused by a rate limit (errno 1003). */
export const LOGIN_RATE_REASON = 'too many requests, try again later';

const MINUTE = 60_000;

/**
 * The version `option` sets for `api` of `app` ('v1' unless set): what the login feature answers
 * by, and what the user-info feature reads (`login`'s) to sign user data on v2.
 */
export function apiVersionOf(option: ApiVersionOption | undefined, app: App, api: VersionedApi): ApiVersion {
  return (typeof option === 'function' ? option(app, api) : option?.[api]) ?? 'v1';
}

export function loginFeature(services: Services, options: LoginFeatureOptions): Feature {
  const { sessions } = services;
  const version = (app: App, api: VersionedApi): ApiVersion => apiVersionOf(options.apiVersion, app, api);
  const perConnection = limitOption('createHost', 'loginsPerMinute', options.loginsPerMinute, 20);
  /** v2 codes issued per connection in the last minute; gone with the connection. */
  const windows = new WeakMap<object, RateWindow>();
  const refused = () => wxFail(LOGIN_RATE_REASON, { errno: ERRNO.frequencyLimit });

  async function issue(ctx: CallContext): Promise<{ code: string }> {
    let window = windows.get(ctx.connection);
    if (!window) windows.set(ctx.connection, (window = new RateWindow(perConnection, MINUTE)));
    if (!window.take(Date.now())) throw refused();
    try {
      return await sessions.issueCode(ctx.app.appId, await services.userOf(ctx));
    } catch (error) {
      throw CodeRateLimitError.is(error) ? refused() : error;
    }
  }
  return {
    apis: {
      login: {
        handler: 'optional',
        offered: (app, hasHandler) => hasHandler || version(app, 'login') === 'v2',
        // Not an async function: v1 hands the handler's promise straight back, without the extra
        // microtask turns an async function takes to adopt it (login is the most frequent call).
        run(params, ctx, next) {
          if (version(ctx.app, 'login') !== 'v2') return next(params);
          return issue(ctx);
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
