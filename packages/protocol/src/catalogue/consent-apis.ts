/**
 * The catalogue's entries for what the user consents to: their profile and user info, the scope
 * settings and prompts, and the privacy guideline. `catalogue.ts` assembles every entry in
 * catalogue order.
 */
import type { ApiEntry } from './entry';
import type { ObjectSpec } from './spec';

const lang = {
  type: 'string',
  enum: ['en', 'zh_CN', 'zh_TW'],
  doc: 'language of the returned user info',
} as const;

/** User info as the mini program sees it; a host handler may return any part of it (the host normalises). */
export const userInfoSpec = {
  type: 'object',
  required: true,
  hostOptional: true,
  fields: {
    nickName: { type: 'string', required: true, hostOptional: true },
    avatarUrl: { type: 'string', required: true, hostOptional: true },
    gender: { type: 'number', required: true, hostOptional: true, enum: [0, 1, 2] },
    country: { type: 'string', required: true, hostOptional: true },
    province: { type: 'string', required: true, hostOptional: true },
    city: { type: 'string', required: true, hostOptional: true },
    language: { type: 'string', required: true, hostOptional: true, enum: ['en', 'zh_CN', 'zh_TW'] },
  },
} as const satisfies ObjectSpec;

/** The user-info result; the host computes rawData and passes the credentials a handler supplies. */
const userData = {
  userInfo: userInfoSpec,
  rawData: { type: 'string', required: true, hostOptional: true },
  signature: { type: 'string', required: true, hostOptional: true },
  encryptedData: { type: 'string', required: true, hostOptional: true },
  iv: { type: 'string', required: true, hostOptional: true },
  cloudID: { type: 'string', required: true, hostOptional: true, doc: 'only with cloud development' },
} as const;

const authSetting = { type: 'object', required: true, values: { type: 'boolean' } } as const;
const subscriptionsSetting = {
  type: 'object',
  required: true,
  hostOptional: true,
  doc: 'only with withSubscriptions: true',
  fields: {
    mainSwitch: { type: 'boolean', required: true },
    itemSettings: { type: 'object', values: { type: 'string' } },
  },
} as const;
const withSubscriptions = { type: 'boolean', doc: 'also return the subscription settings' } as const;

export const getUserProfile = {
  kind: 'async',
  since: 1,
  doc: 'Ask the user, every time, to share their profile.',
  params: {
    desc: { type: 'string', required: true, doc: 'why the profile is needed, at most 30 characters' },
    lang,
  },
  success: userData,
  tap: true,
  privacy: true,
  sheet: true,
  interactive: true,
} as const satisfies ApiEntry;

export const getUserInfo = {
  kind: 'async',
  since: 1,
  doc: 'Get the user info the host provides (needs scope.userInfo).',
  params: { withCredentials: { type: 'boolean' }, lang },
  success: userData,
  privacy: true,
  scope: { name: 'scope.userInfo', prompt: false },
  button: true,
} as const satisfies ApiEntry;

export const getSetting = {
  kind: 'async',
  since: 1,
  doc: 'The scopes the mini program has asked for, and their state.',
  params: { withSubscriptions },
  success: { authSetting, subscriptionsSetting, miniprogramAuthSetting: { type: 'object', values: { type: 'boolean' } } },
} as const satisfies ApiEntry;

export const openSetting = {
  kind: 'async',
  since: 1,
  doc: 'Open the settings page where the user changes scope decisions.',
  params: { withSubscriptions },
  success: { authSetting, subscriptionsSetting },
  tap: true,
  sheet: true,
  interactive: true,
  button: true,
} as const satisfies ApiEntry;

export const authorize = {
  kind: 'async',
  since: 1,
  doc: 'Ask the user in advance for a scope.',
  params: { scope: { type: 'string', required: true, doc: 'e.g. scope.userLocation' } },
  privacy: true,
  sheet: true,
  interactive: true,
} as const satisfies ApiEntry;

export const getPrivacySetting = {
  kind: 'async',
  since: 1,
  doc: 'Whether the user still has to agree to the privacy guideline.',
  success: {
    needAuthorization: { type: 'boolean', required: true },
    privacyContractName: { type: 'string', required: true },
  },
} as const satisfies ApiEntry;

export const requirePrivacyAuthorize = {
  kind: 'async',
  since: 1,
  doc: 'Make sure the user has agreed to the privacy guideline, prompting if needed.',
  sheet: true,
  interactive: true,
} as const satisfies ApiEntry;

export const onNeedPrivacyAuthorization = {
  kind: 'event',
  since: 1,
  doc: 'Listen for privacy prompts the mini program draws itself: listener(resolve, {referrer}).',
  event: 'needPrivacyAuthorization',
  single: true,
  resolvable: true,
  success: { referrer: { type: 'string', required: true } },
} as const satisfies ApiEntry;
