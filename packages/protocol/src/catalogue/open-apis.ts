/**
 * The catalogue's entries for the superapp's open abilities: subscription messages, auth codes,
 * payment, the integrator's own APIs and the button open-types. `catalogue.ts` assembles every
 * entry in catalogue order.
 */
import type { ApiEntry } from './entry';

const codeDetail = { code: { type: 'string' } } as const;

export const requestSubscribeMessage = {
  kind: 'async',
  since: 1,
  doc: 'Ask the user to subscribe to message templates (at most 3 by default).',
  params: { tmplIds: { type: 'array', required: true, items: { type: 'string' } } },
  successValues: { type: 'string', doc: "per template id: 'accept' | 'reject' | 'ban' | 'filter'" },
  fail: { errCode: { type: 'number', required: true } },
  tap: true,
  sheet: true,
  interactive: true,
} as const satisfies ApiEntry;

export const getAuthCode = {
  kind: 'async',
  since: 1,
  doc: 'Get an authorization code for scopes agreed between the mini program and the superapp.',
  params: { scopes: { type: 'array', required: true, items: { type: 'string' } } },
  success: {
    code: { type: 'string', required: true, hostOptional: true, doc: 'the same value as authCode' },
    authCode: { type: 'string', required: true, hostOptional: true, doc: 'the same value as code' },
    authSuccessScopes: { type: 'array', items: { type: 'string' } },
    authErrorScopes: { type: 'object', values: { type: 'string' } },
  },
  interactive: true,
} as const satisfies ApiEntry;

export const requestPayment = {
  kind: 'async',
  since: 1,
  doc: 'Show the payment sheet for an order made by the mini program backend.',
  params: {
    timeStamp: { type: 'string', required: true, doc: 'seconds since the epoch' },
    nonceStr: { type: 'string', required: true, doc: 'random string under 32 characters' },
    package: { type: 'string', required: true, doc: 'prepay_id=…' },
    signType: { type: 'string', required: true, doc: 'e.g. RSA; must match the backend' },
    paySign: { type: 'string', required: true },
  },
  sheet: true,
  interactive: true,
  grantsTap: true,
} as const satisfies ApiEntry;

export const invokeNativePlugin = {
  kind: 'async',
  since: 1,
  doc: "Call one of the superapp's own custom APIs.",
  params: {
    api_name: { type: 'string', required: true, doc: 'the custom API name' },
    data: { type: 'object', doc: 'arguments for the custom API' },
  },
  namespace: 'api_name',
} as const satisfies ApiEntry;

export const getPhoneNumber = {
  kind: 'openType',
  since: 1,
  doc: '<button open-type="getPhoneNumber">: a code the backend exchanges for the phone number.',
  success: codeDetail,
  tap: true,
  privacy: true,
  sheet: true,
  interactive: true,
} as const satisfies ApiEntry;

export const getEmailAddress = {
  kind: 'openType',
  since: 1,
  doc: '<button open-type="getEmailAddress">: a code the backend exchanges for the email address.',
  success: codeDetail,
  tap: true,
  privacy: true,
  sheet: true,
  interactive: true,
} as const satisfies ApiEntry;

export const chooseAvatar = {
  kind: 'openType',
  since: 1,
  doc: '<button open-type="chooseAvatar">: the avatar the user picked.',
  success: { avatarUrl: { type: 'string', required: true } },
  tap: true,
  privacy: true,
  sheet: true,
  interactive: true,
} as const satisfies ApiEntry;
