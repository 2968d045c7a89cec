/**
 * The host options that give the platform's behaviour: who the user is,
 * where decisions are kept, the prompt hooks the integrator draws, and the
 * choices where the seeds and WeChat differ.
 */
import type { BiometricDevice } from './biometrics';
import type { KeyValueStore } from './store';
import type { SubscribePromptAnswer, SubscribePromptRequest, SubscriptionOptions } from './subscriptions';
import type { SessionService } from './sessions';
import type { AppIdentity } from './types';

export type App = Readonly<Required<AppIdentity>>;

/** A count option of createHost: a positive integer, or its default when left out. */
export function countOption(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new TypeError(`createHost: ${name} must be a positive integer, not ${String(value)}`);
  }
  return value;
}

export interface PromptRequest {
  /** The mini program asking. */
  app: App;
  /** The signed-in user (from `options.user`). */
  user: string;
  /** Fires when the answer is no longer wanted (the mini program left): close the dialog. */
  signal: AbortSignal;
}

export interface AuthorizePromptRequest extends PromptRequest {
  scope: string;
  /** What the scope covers, for the dialog's text. */
  description: string;
}

export interface SettingsPromptRequest extends PromptRequest {
  /** The scopes this mini program has asked for, with their state. */
  authSetting: Record<string, boolean>;
}

export interface UserProfilePromptRequest extends PromptRequest {
  /** Why the mini program wants the profile (at most 30 characters). */
  desc: string;
  lang: 'en' | 'zh_CN' | 'zh_TW';
}

export interface PrivacyPromptRequest extends PromptRequest {
  /** The API (or component) that needs the agreement. */
  referrer: string;
  contractName: string;
}

/**
 * Dialogs the integrator draws. The host decides when to show them, records
 * the answers and applies the rules; a hook only shows and reports the user's choice.
 */
export interface HostPrompts {
  /** `wx.authorize` for a scope never asked: true to allow, false to deny. */
  authorize?(request: AuthorizePromptRequest): boolean | Promise<boolean>;
  /** `wx.openSetting`: show the settings page; resolve with the new state of the scopes shown. */
  settings?(request: SettingsPromptRequest): Record<string, boolean> | Promise<Record<string, boolean>>;
  /** `wx.getUserProfile`, every time: true if the user agrees to share the profile. */
  userProfile?(request: UserProfilePromptRequest): boolean | Promise<boolean>;
  /** The privacy guideline, when the mini program has no `onNeedPrivacyAuthorization` listener. */
  privacy?(request: PrivacyPromptRequest): boolean | Promise<boolean>;
  /** `wx.requestSubscribeMessage`: the subscription panel. */
  subscribe?(request: SubscribePromptRequest & PromptRequest): SubscribePromptAnswer | Promise<SubscribePromptAnswer>;
}

export interface ScopeOptions {
  /** The integrator's own scopes (`scope.myThing`), with a description for the dialog. */
  custom?: Record<string, { description?: string }>;
  /** The scopes an app may request at all; `undefined` for no restriction. */
  allowed?: (app: App) => readonly string[] | undefined;
}

export interface PrivacyOptions {
  /** The guideline's name, returned by `getPrivacySetting`. */
  contractName?: string;
  /** Whether the app must agree before privacy-gated APIs run. Default true once `privacy` is given. */
  required?: boolean | ((app: App) => boolean);
  /**
   * Trust the mini program's own prompt (`onNeedPrivacyAuthorization` → `resolve({event: 'agree'})`).
   * Default true, as the platform does; false sends every privacy prompt through `prompts.privacy`.
   */
  trustMiniProgramPrompt?: boolean;
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

export type ApiVersion = 'v1' | 'v2';
export type VersionedApi = 'login' | 'checkSession';
/**
 * The seeds' "apiVersion configuration": v1, the integrator's handler provides the result; v2, the
 * built-in standard (`sessions`). A map for every app, or a function per app and API.
 */
export type ApiVersionOption = Partial<Record<VersionedApi, ApiVersion>> | ((app: App, api: VersionedApi) => ApiVersion);

export interface SemanticsOptions {
  /** Where decisions are kept. Default: in memory. */
  store?: KeyValueStore;
  /** The signed-in user; decisions are kept per user and app. Default: `'anonymous'`. */
  user?: (app: App) => string | undefined | Promise<string | undefined>;
  prompts?: HostPrompts;
  scopes?: ScopeOptions;
  /** Turns the privacy gate on. */
  privacy?: PrivacyOptions;
  userInfo?: UserInfoOptions;
  apiVersion?: ApiVersionOption;
  /** The v2 login standard (codes, sessions, code2Session). Default: an in-memory `SessionService`. */
  sessions?: SessionService;
  /** The device's biometrics (SOTER APIs). */
  biometrics?: BiometricDevice;
  /** Subscription templates per app, and the rules around them. */
  subscriptions?: SubscriptionOptions;
  /** Prompts one mini program may raise per minute before further ones fail (errno 1003). Default 10. */
  promptsPerMinute?: number;
  /** Prompts one connection may have waiting or on screen at once before further ones fail (errno 1003). Default 5. */
  maxQueuedPrompts?: number;
}
