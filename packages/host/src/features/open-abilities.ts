/**
 * The open abilities around the integrator's handlers:
 *
 * - `getAuthCode`: the TCMPP docs read the code as `res.code` in one place and `authCode` in
 *   another, so the result always carries both (with `authSuccessScopes` / `authErrorScopes`
 *   when given).
 * - `getPhoneNumber`, `getEmailAddress`: a handler may return what the user shared
 *   (`phoneInfo`, `emailInfo`) instead of a code of its own; the host then keeps it behind a
 *   single-use code (`SessionService.issueShareCode`) and the mini program gets only the code,
 *   which its backend redeems once with the open-platform server, as with WeChat's phone-number API.
 */
import { isPlainObject } from '@wxbridge/protocol';
import { WxError } from '../core/failure';
import type { Feature, Semantics, Services } from '../core/feature';
import type { ShareKind } from '../store/sessions';

function shared(kind: ShareKind, field: 'phoneInfo' | 'emailInfo', services: Services): Semantics {
  return {
    handler: 'required',
    offered: (_app, hasHandler) => hasHandler,
    async run(params, ctx, next) {
      const result = await next(params);
      if (WxError.is(result) || !isPlainObject(result) || !isPlainObject(result[field])) return result;
      const { [field]: info, ...rest } = result;
      const { code } = await services.sessions.issueShareCode(ctx.app.appId, await services.userOf(ctx), kind, info as Record<string, unknown>);
      return { ...rest, code };
    },
  };
}

export function openAbilitiesFeature(services: Services): Feature {
  const apis: Record<string, Semantics> = {
    getAuthCode: {
      handler: 'required',
      offered: (_app, hasHandler) => hasHandler,
      async run(params, _ctx, next) {
        const result = await next(params);
        if (WxError.is(result) || typeof result !== 'object' || result === null) return result;
        const fields = result as Record<string, unknown>;
        const code = typeof fields.code === 'string' ? fields.code : fields.authCode;
        return typeof code === 'string' ? { ...fields, code, authCode: code } : fields;
      },
    },
    getPhoneNumber: shared('phoneNumber', 'phoneInfo', services),
    getEmailAddress: shared('emailAddress', 'emailInfo', services),
  };
  return { apis };
}
