/*
 * Type-level assertions: wxbridge's result and parameter types against the
 * ones `miniprogram-api-typings` declares, for every API both have.
 * Compiled by `typings-compat.test.ts` together with `wx-typings.d.ts`
 * (which brings the `WechatMiniprogram` namespace); a failed assertion is a
 * compile error there.
 *
 * The direction that matters most is ours → theirs: what our `wx` hands a
 * callback (or resolves a Promise with) must be usable where a mini program
 * written against the typings expects theirs. Where the typings make a field
 * required that the platform only sometimes returns, ours keeps it optional
 * (the platform docs win, see catalogue.ts); those few fields are listed
 * below, and pinned with a negative assertion so the difference stays
 * deliberate.
 */
import type { AccountInfo, ApiName, FailOf, HandlerResultOf, HostAccountInfo, ParamsOf, SuccessOf } from '@wxbridge/protocol';

type IsAny<T> = 0 extends 1 & T ? true : false;
/** `A` is assignable to `B`, and neither is `any` (which would make it vacuous). */
type Extends<A, B> = IsAny<A> extends true ? false : IsAny<B> extends true ? false : [A] extends [B] ? true : false;
type Mutual<A, B> = Extends<A, B> extends true ? Extends<B, A> : false;
type Not<T extends boolean> = T extends true ? false : true;
type Assert<T extends true> = T;

/** `T` with the keys `K` made optional. */
type Optional<T, K extends keyof T> = Omit<T, K> & Partial<Pick<T, K>>;

/** What the typings hand a callback / resolve a Promise with for option type `O`. */
type TheirSuccess<O extends { success?: (...args: any[]) => void }> = Parameters<NonNullable<O['success']>>[0];
type TheirFail<O extends { fail?: (...args: any[]) => void }> = Parameters<NonNullable<O['fail']>>[0];
/** The typings' option type without its callbacks. */
type TheirParams<O> = Omit<O, 'success' | 'fail' | 'complete'>;

type G = WechatMiniprogram.GeneralCallbackResult;

// ---------------------------------------------------------------------------
// Success results: the same both ways.

export type SuccessBothWays = [
  Assert<Mutual<SuccessOf<'login'>, WechatMiniprogram.LoginSuccessCallbackResult>>,
  Assert<Mutual<SuccessOf<'checkSession'>, G>>,
  Assert<Mutual<SuccessOf<'authorize'>, G>>,
  Assert<
    Mutual<SuccessOf<'checkIsSoterEnrolledInDevice'>, WechatMiniprogram.CheckIsSoterEnrolledInDeviceSuccessCallbackResult>
  >,
  Assert<
    Mutual<
      SuccessOf<'checkIsSupportSoterAuthentication'>,
      WechatMiniprogram.CheckIsSupportSoterAuthenticationSuccessCallbackResult
    >
  >,
  Assert<Mutual<SuccessOf<'startSoterAuthentication'>, WechatMiniprogram.StartSoterAuthenticationSuccessCallbackResult>>,
  Assert<Mutual<SuccessOf<'requestSubscribeMessage'>, WechatMiniprogram.RequestSubscribeMessageSuccessCallbackResult>>,
  Assert<Mutual<SuccessOf<'getPrivacySetting'>, WechatMiniprogram.GetPrivacySettingSuccessCallbackResult>>,
  Assert<Mutual<SuccessOf<'requirePrivacyAuthorize'>, G>>,
  Assert<Mutual<SuccessOf<'requestPayment'>, G>>,
  // The typings' callback parameter types are these same interfaces.
  Assert<Mutual<SuccessOf<'login'>, TheirSuccess<WechatMiniprogram.LoginOption>>>,
  Assert<Mutual<SuccessOf<'checkSession'>, TheirSuccess<WechatMiniprogram.CheckSessionOption>>>,
  Assert<Mutual<SuccessOf<'requirePrivacyAuthorize'>, TheirSuccess<WechatMiniprogram.RequirePrivacyAuthorizeOption>>>,
  Assert<Mutual<SuccessOf<'requestPayment'>, TheirSuccess<WechatMiniprogram.RequestPaymentOption>>>,
];

// ---------------------------------------------------------------------------
// Success results with fields the platform returns only sometimes (`cloudID`
// without cloud development, `subscriptionsSetting` without
// `withSubscriptions: true`). The mini program's types show them as present,
// exactly as the typings do (the catalogue marks them `hostOptional`: only a
// host handler may leave them out).
//
// getSetting/openSetting are the same in the ours → theirs direction only:
// the typings' `AuthSetting` is an interface of known scopes, which
// TypeScript never gives an implicit index signature, and ours is keyed by
// any scope name (hosts may add their own scopes).

type UserProfile = WechatMiniprogram.GetUserProfileSuccessCallbackResult;
type UserInfoResult = WechatMiniprogram.GetUserInfoSuccessCallbackResult;
type Setting = WechatMiniprogram.GetSettingSuccessCallbackResult;
type OpenSetting = WechatMiniprogram.OpenSettingSuccessCallbackResult;

export type SuccessSometimes = [
  Assert<Mutual<SuccessOf<'getUserProfile'>, UserProfile>>,
  Assert<Mutual<SuccessOf<'getUserInfo'>, UserInfoResult>>,
  Assert<Mutual<SuccessOf<'getUserProfile'>['userInfo'], WechatMiniprogram.UserInfo>>,
  Assert<Extends<SuccessOf<'getSetting'>, Setting>>,
  Assert<Extends<SuccessOf<'openSetting'>, OpenSetting>>,
  Assert<Extends<SuccessOf<'getSetting'>['authSetting'], WechatMiniprogram.AuthSetting>>,
  Assert<Mutual<SuccessOf<'getSetting'>['subscriptionsSetting'], WechatMiniprogram.SubscriptionsSetting>>,
  // A host handler may return any part of the user info (the host normalises it and computes rawData),
  // but what it does return must have the right types.
  Assert<Extends<{ userInfo: { nickName: 'Ada' } }, HandlerResultOf<'getUserInfo'>>>,
  Assert<Not<Extends<{ userInfo: { gender: 'female' } }, HandlerResultOf<'getUserInfo'>>>>,
  Assert<Not<Extends<{ code: 1 }, HandlerResultOf<'login'>>>>,
];

// ---------------------------------------------------------------------------
// Fail results: ours carries at least what the typings promise.

export type FailResults = [
  Assert<Mutual<FailOf<'login'>, WechatMiniprogram.LoginFailCallbackErr>>,
  Assert<Mutual<FailOf<'login'>, TheirFail<WechatMiniprogram.LoginOption>>>,
  Assert<Mutual<FailOf<'requestSubscribeMessage'>, WechatMiniprogram.RequestSubscribeMessageFailCallbackResult>>,
  Assert<Extends<FailOf<'checkSession'>, TheirFail<WechatMiniprogram.CheckSessionOption>>>,
  Assert<Extends<FailOf<'getUserProfile'>, TheirFail<WechatMiniprogram.GetUserProfileOption>>>,
  Assert<Extends<FailOf<'getUserInfo'>, TheirFail<WechatMiniprogram.GetUserInfoOption>>>,
  Assert<Extends<FailOf<'getSetting'>, TheirFail<WechatMiniprogram.GetSettingOption>>>,
  Assert<Extends<FailOf<'openSetting'>, TheirFail<WechatMiniprogram.OpenSettingOption>>>,
  Assert<Extends<FailOf<'authorize'>, TheirFail<WechatMiniprogram.AuthorizeOption>>>,
  Assert<
    Extends<FailOf<'checkIsSoterEnrolledInDevice'>, TheirFail<WechatMiniprogram.CheckIsSoterEnrolledInDeviceOption>>
  >,
  Assert<
    Extends<
      FailOf<'checkIsSupportSoterAuthentication'>,
      TheirFail<WechatMiniprogram.CheckIsSupportSoterAuthenticationOption>
    >
  >,
  Assert<Extends<FailOf<'startSoterAuthentication'>, TheirFail<WechatMiniprogram.StartSoterAuthenticationOption>>>,
  Assert<Extends<FailOf<'getPrivacySetting'>, TheirFail<WechatMiniprogram.GetPrivacySettingOption>>>,
  Assert<Extends<FailOf<'requirePrivacyAuthorize'>, TheirFail<WechatMiniprogram.RequirePrivacyAuthorizeOption>>>,
  Assert<Extends<FailOf<'requestPayment'>, TheirFail<WechatMiniprogram.RequestPaymentOption>>>,
];

// ---------------------------------------------------------------------------
// Parameters: whatever a typings-checked call passes, ours accepts
// (theirs → ours), and the reverse.

type ParamsMatch<A extends ApiName, O> = Mutual<ParamsOf<A>, TheirParams<O>>;

export type Params = [
  Assert<ParamsMatch<'login', WechatMiniprogram.LoginOption>>,
  Assert<ParamsMatch<'getUserProfile', WechatMiniprogram.GetUserProfileOption>>,
  Assert<ParamsMatch<'getUserInfo', WechatMiniprogram.GetUserInfoOption>>,
  Assert<ParamsMatch<'getSetting', WechatMiniprogram.GetSettingOption>>,
  Assert<ParamsMatch<'openSetting', WechatMiniprogram.OpenSettingOption>>,
  Assert<ParamsMatch<'authorize', WechatMiniprogram.AuthorizeOption>>,
  Assert<ParamsMatch<'checkIsSoterEnrolledInDevice', WechatMiniprogram.CheckIsSoterEnrolledInDeviceOption>>,
  Assert<ParamsMatch<'startSoterAuthentication', WechatMiniprogram.StartSoterAuthenticationOption>>,
  Assert<ParamsMatch<'requestSubscribeMessage', WechatMiniprogram.RequestSubscribeMessageOption>>,
  // The seeds require `signType` and take any string ("e.g. RSA; must match
  // the backend"); the typings make it optional and list MD5, HMAC-SHA256 and
  // RSA. Theirs → ours holds once a call passes it; the rest is the same.
  Assert<
    Extends<Omit<ParamsOf<'requestPayment'>, 'signType'>, TheirParams<WechatMiniprogram.RequestPaymentOption>>
  >,
  Assert<
    Extends<
      TheirParams<WechatMiniprogram.RequestPaymentOption> & { signType: 'MD5' | 'HMAC-SHA256' | 'RSA' },
      ParamsOf<'requestPayment'>
    >
  >,
  Assert<Not<Extends<TheirParams<WechatMiniprogram.RequestPaymentOption>, ParamsOf<'requestPayment'>>>>,
];

// ---------------------------------------------------------------------------
// getAccountInfoSync: the same as the typings; the host's snapshot may omit
// `plugin` (present only inside a plugin).

export type Account = [
  Assert<Mutual<AccountInfo, WechatMiniprogram.AccountInfo>>,
  Assert<Mutual<AccountInfo['miniProgram'], WechatMiniprogram.MiniProgram>>,
  Assert<Extends<{ miniProgram: AccountInfo['miniProgram'] }, HostAccountInfo>>,
];
