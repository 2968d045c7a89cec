/**
 * What a user shared through a button, behind the single-use code the host issued (five minutes,
 * bound to the app):
 *
 * - `POST /wxa/business/getuserphonenumber?access_token=` `{code}` → `{errcode: 0, errmsg: 'ok',
 *   phone_info: {phoneNumber, purePhoneNumber, countryCode, watermark: {timestamp, appid}}}`, as WeChat's.
 * - `POST /wxa/business/getuseremail?access_token=` `{code}` → `{errcode: 0, errmsg: 'ok',
 *   email_info: {emailAddress, watermark: {timestamp, appid}}}`: wxbridge's own, shaped like the
 *   phone one (WeChat has no email API; TCMPP leaves it to the superapp's backend).
 *
 * Errors: 41008 code missing, 40029 unknown, expired or another app's code, 40163 already redeemed.
 */
import type { ShareKind } from '@wxbridge/store/records';
import type { Body } from '../answers';
import type { Call, Route, Services } from '../context';
import { requiredString } from '../params';
import { appOfToken } from '../tokens/require-token';
import { codeError, isCodeError } from './code-errors';

const text = (value: unknown): string => (typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '');

function shareRoute(kind: ShareKind, field: string, fields: readonly string[]): Route {
  return {
    method: 'POST',
    async handle(call: Call, services: Services): Promise<Body> {
      const appId = await appOfToken(call, services);
      const code = requiredString(await call.body(), 'code', 'codeMissing');
      const result = await services.logins.shareCode(appId, kind, code);
      if (isCodeError(result)) throw codeError(result);
      const info: Body = {};
      for (const name of fields) info[name] = text(result.info[name]);
      info.watermark = { timestamp: Math.floor(services.clock() / 1000), appid: appId };
      return { errcode: 0, errmsg: 'ok', [field]: info };
    },
  };
}

export const phoneNumberRoute = shareRoute('phoneNumber', 'phone_info', ['phoneNumber', 'purePhoneNumber', 'countryCode']);
export const emailRoute = shareRoute('emailAddress', 'email_info', ['emailAddress']);
