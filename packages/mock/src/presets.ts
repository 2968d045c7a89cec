/**
 * The mock host's vocabulary: the APIs a panel can set, the presets each one
 * offers, and the default settings (every API answers `success`).
 *
 * Besides API names there are two features: `privacy` (the privacy-guideline
 * prompt in front of privacy-gated APIs) and `soter` (the three SOTER APIs,
 * through one simulated biometric device).
 *
 * The `ask` preset answers nothing itself: it shows the integrator's real
 * dialog (`MockHostOptions.dialogs`), as a demo superapp does.
 */

export type MockPreset = 'success' | 'deny' | 'cancel' | 'notEnrolled' | 'timeout' | 'error' | 'ask';

/** The APIs answered by a handler the mock registers (`host.handle`). */
export const MOCK_HANDLER_APIS = [
  'login',
  'checkSession',
  'getUserInfo',
  'getUserProfile',
  'getAuthCode',
  'requestPayment',
  'getPhoneNumber',
  'getEmailAddress',
  'chooseAvatar',
] as const;

/** The APIs built into the host, answered through its prompt hooks and devices. */
export const MOCK_PROMPT_APIS = ['authorize', 'openSetting', 'privacy', 'requestSubscribeMessage', 'soter'] as const;

export type MockHandlerApi = (typeof MOCK_HANDLER_APIS)[number];
export type MockApi = MockHandlerApi | (typeof MOCK_PROMPT_APIS)[number];

export const MOCK_APIS: readonly MockApi[] = Object.freeze([...MOCK_HANDLER_APIS, ...MOCK_PROMPT_APIS]);

/**
 * The APIs that offer the `ask` preset: "show the integrator's real dialog" (`MockHostOptions.dialogs`)
 * instead of answering from the setting.
 */
export const MOCK_ASK_APIS = [
  'authorize',
  'getUserProfile',
  'openSetting',
  'privacy',
  'requestSubscribeMessage',
  'soter',
  'requestPayment',
] as const;

export type MockAskApi = (typeof MOCK_ASK_APIS)[number];

/** The presets of each API, `success` first (the default); `ask` last, where it is offered. */
export const MOCK_PRESETS: Readonly<Record<MockApi, readonly MockPreset[]>> = Object.freeze({
  login: ['success', 'error', 'timeout'],
  checkSession: ['success', 'error', 'timeout'],
  getUserInfo: ['success', 'deny', 'error', 'timeout'],
  getUserProfile: ['success', 'deny', 'error', 'timeout', 'ask'],
  getAuthCode: ['success', 'deny', 'cancel', 'error', 'timeout'],
  requestPayment: ['success', 'cancel', 'error', 'timeout', 'ask'],
  getPhoneNumber: ['success', 'deny', 'error', 'timeout'],
  getEmailAddress: ['success', 'deny', 'error', 'timeout'],
  chooseAvatar: ['success', 'cancel', 'error', 'timeout'],
  authorize: ['success', 'deny', 'error', 'timeout', 'ask'],
  openSetting: ['success', 'deny', 'error', 'timeout', 'ask'],
  privacy: ['success', 'deny', 'error', 'timeout', 'ask'],
  requestSubscribeMessage: ['success', 'deny', 'cancel', 'error', 'timeout', 'ask'],
  soter: ['success', 'deny', 'cancel', 'notEnrolled', 'error', 'timeout', 'ask'],
});

/** The fail reason of `error` when the setting gives none (`checkSession` has the platform's own). */
export const MOCK_ERROR_REASONS: Readonly<Partial<Record<MockApi, string>>> = Object.freeze({
  checkSession: 'session time out, need relogin',
});

/** The fail reason of `deny` when the setting gives none. */
export const MOCK_DENY_REASONS: Readonly<Partial<Record<MockApi, string>>> = Object.freeze({
  getPhoneNumber: 'user deny',
  getEmailAddress: 'user deny',
});

export function isMockApi(value: unknown): value is MockApi {
  return typeof value === 'string' && (MOCK_APIS as readonly string[]).includes(value);
}

export function isMockAskApi(value: unknown): value is MockAskApi {
  return typeof value === 'string' && (MOCK_ASK_APIS as readonly string[]).includes(value);
}
