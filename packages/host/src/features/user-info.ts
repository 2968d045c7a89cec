/**
 * User info: `getUserInfo` and `getUserProfile` around the integrator's
 * handler. One canonical `UserInfo` shape whatever the handler returns (a
 * flat object or `{userInfo: {...}}`, both seen in real host SDKs); extra
 * fields pass through.
 *
 * Credentials (`signature`, `encryptedData`, `iv`, `cloudID`): with `login` on v1 the handler's
 * pass through. On v2 the host computes `signature`, `encryptedData` and `iv` itself, with the
 * session_key of the user's last login code for the app (crypto/user-data.ts), and drops the
 * handler's; without a valid session (never logged in, or expired) the result carries none, since
 * no backend could check them. Anonymous data (`userInfo.mode: 'anonymous'`) are signed the same way.
 */
import { ERRNO } from '@wxbridge/protocol';
import { WxError, wxFail } from '../core/failure';
import type { Feature, Next, Services } from '../core/feature';
import type { PromptRequest } from '../core/options';
import type { CallContext } from '../core/types';
import { userDataCredentials } from '../crypto/user-data';
import { apiVersionOf, type LoginFeatureOptions } from './login-versions';

export interface UserProfilePromptRequest extends PromptRequest {
  /** Why the mini program wants the profile (at most 30 characters). */
  desc: string;
  lang: 'en' | 'zh_CN' | 'zh_TW';
}

export interface UserInfoOptions {
  /**
   * `seeds` (default): `getUserInfo` needs `scope.userInfo` and returns what the handler provides.
   * `anonymous`: today's WeChat: no scope needed, `authorize('scope.userInfo')` succeeds without a
   * prompt, and `getUserInfo` returns anonymous data without calling the handler.
   */
  mode?: 'seeds' | 'anonymous';
  /** The anonymous profile (`anonymous` mode). */
  anonymous?: { nickName?: string; avatarUrl?: string };
}

export interface UserInfoFeatureOptions extends Pick<LoginFeatureOptions, 'apiVersion'> {
  userInfo?: UserInfoOptions;
  prompts?: {
    /** `wx.getUserProfile`, every time: true if the user agrees to share the profile. */
    userProfile?(request: UserProfilePromptRequest): boolean | Promise<boolean>;
  };
}

export interface UserInfo {
  nickName: string;
  avatarUrl: string;
  gender: 0 | 1 | 2;
  country: string;
  province: string;
  city: string;
  language: 'en' | 'zh_CN' | 'zh_TW';
  [extra: string]: unknown;
}

const LANGS = ['en', 'zh_CN', 'zh_TW'];
const CREDENTIALS = ['signature', 'encryptedData', 'iv', 'cloudID'];
const MAX_DESC = 30;
/**
 * Anonymous user info, as WeChat returns it today: the nickname "微信用户" ("WeChat user") and no
 * avatar of the user's own (set `userInfo.anonymous.avatarUrl` to your grey default picture).
 */
export const ANONYMOUS_USER = { nickName: '微信用户', avatarUrl: '' } as const;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** The canonical user info from either shape; unknown fields are kept. */
export function normaliseUserInfo(raw: unknown, lang: string): UserInfo {
  const source = isObject(raw) && isObject(raw.userInfo) ? raw.userInfo : isObject(raw) ? raw : {};
  const { userInfo: _nested, ...rest } = source as Record<string, unknown>;
  for (const field of CREDENTIALS) delete rest[field];
  const gender = source.gender === 1 || source.gender === 2 ? source.gender : 0;
  const language = LANGS.includes(source.language as string) ? source.language : LANGS.includes(lang) ? lang : 'en';
  return {
    ...rest,
    nickName: text(source.nickName),
    avatarUrl: text(source.avatarUrl),
    gender,
    country: text(source.country),
    province: text(source.province),
    city: text(source.city),
    language,
  } as UserInfo;
}

/** The success result: `userInfo`, `rawData`, the credentials the handler gave, and its other fields. */
export function userInfoResult(raw: unknown, lang: string): Record<string, unknown> {
  const userInfo = normaliseUserInfo(raw, lang);
  const outer = isObject(raw) && isObject(raw.userInfo) ? raw : {};
  const flat = isObject(raw) && !isObject(raw.userInfo) ? raw : {};
  const result: Record<string, unknown> = { ...outer, userInfo, rawData: JSON.stringify(userInfo) };
  for (const field of CREDENTIALS) {
    const value = outer[field] ?? flat[field];
    if (typeof value === 'string') result[field] = value;
  }
  return result;
}

export function userInfoFeature(services: Services, options: UserInfoFeatureOptions): Feature {
  const anonymous = options.userInfo?.mode === 'anonymous';
  const hook = options.prompts?.userProfile;

  /** v1: the result as it is. v2: the host's credentials under the user's session, or none without one. */
  async function credentialed(result: Record<string, unknown>, ctx: CallContext): Promise<Record<string, unknown>> {
    if (apiVersionOf(options.apiVersion, ctx.app, 'login') !== 'v2') return result;
    for (const field of CREDENTIALS) delete result[field];
    const session = await services.sessions.sessionOf(ctx.app.appId, await services.userOf(ctx));
    if (session === undefined) return result;
    const { userInfo, rawData } = result as { userInfo: UserInfo; rawData: string };
    return { ...result, ...(await userDataCredentials({ appId: ctx.app.appId, sessionKey: session.sessionKey, rawData, userInfo })) };
  }

  async function viaHandler(next: Next, params: Record<string, unknown>, ctx: CallContext) {
    const lang = typeof params.lang === 'string' ? params.lang : 'en';
    const raw = await next({ ...params, lang });
    return WxError.is(raw) ? raw : credentialed(userInfoResult(raw, lang), ctx);
  }

  return {
    apis: {
      getUserInfo: {
        handler: anonymous ? 'optional' : 'required',
        // The gate checks `scope.userInfo` first (the catalogue names it), except for anonymous data.
        scopeExempt: anonymous,
        offered: (_app, hasHandler) => anonymous || hasHandler,
        async run(params, ctx, next) {
          if (!anonymous) return viaHandler(next, params, ctx);
          const lang = typeof params.lang === 'string' ? params.lang : 'en';
          return credentialed(userInfoResult({ ...ANONYMOUS_USER, ...options.userInfo?.anonymous, language: 'zh_CN' }, lang), ctx);
        },
      },
      getUserProfile: {
        handler: 'required',
        ownSheet: true,
        offered: (_app, hasHandler) => hasHandler && typeof hook === 'function',
        async run(params, ctx, next) {
          const desc = params.desc as string;
          if (desc.length === 0 || desc.length > MAX_DESC) {
            throw wxFail('desc length does not meet the requirements', { errno: ERRNO.invalidParameter });
          }
          const lang = (typeof params.lang === 'string' ? params.lang : 'en') as 'en' | 'zh_CN' | 'zh_TW';
          const user = await services.userOf(ctx);
          const agree = await services.consent.ask({ ctx, user, show: (signal) => hook!({ app: ctx.app, user, desc, lang, signal }) });
          if (agree !== true) throw wxFail('auth deny', { errno: ERRNO.authDeny });
          return viaHandler(next, params, ctx);
        },
      },
    },
  };
}
