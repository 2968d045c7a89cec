/**
 * `login` and `checkSession` by API version (the seeds' "apiVersion
 * configuration"): v1, the integrator's handler provides the result; v2, the
 * built-in standard of `SessionService` (random single-use codes valid five
 * minutes, bound to the app; sessions that `checkSession` reflects).
 */
import { wxFail } from './failure';
import type { SessionService } from './sessions';
import type { SemanticsTable, Services } from './semantics';

export function createLoginSemantics(services: Services, sessions: SessionService): SemanticsTable {
  return {
    login: {
      handler: 'optional',
      offered: (app, hasHandler) => hasHandler || services.version(app, 'login') === 'v2',
      // Not an async function: v1 hands the handler's promise straight back, without the extra
      // microtask turns an async function takes to adopt it (login is the most frequent call).
      run(params, ctx, next) {
        if (services.version(ctx.app, 'login') !== 'v2') return next(params);
        return services.userOf(ctx).then((user) => sessions.issueCode(ctx.app.appId, user));
      },
    },
    checkSession: {
      handler: 'optional',
      offered: (app, hasHandler) => hasHandler || services.version(app, 'checkSession') === 'v2',
      async run(params, ctx, next) {
        if (services.version(ctx.app, 'checkSession') !== 'v2') return next(params);
        if (await sessions.checkSession(ctx.app.appId, await services.userOf(ctx))) return {};
        throw wxFail('session time out, need relogin');
      },
    },
  };
}
