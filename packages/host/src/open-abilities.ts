/**
 * `getAuthCode` around the integrator's handler: the TCMPP docs read the code
 * as `res.code` in one place and `authCode` in another, so the result always
 * carries both (with `authSuccessScopes` / `authErrorScopes` when given).
 */
import { WxError } from './failure';
import type { SemanticsTable } from './semantics';

export function createOpenAbilitySemantics(): SemanticsTable {
  return {
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
  };
}
