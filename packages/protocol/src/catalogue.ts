/**
 * The API catalogue: every `wx` API wxbridge knows, as data.
 *
 * The guest builds its `wx` methods from this table, the host validates
 * parameters with it, `canIUse` and the handshake's capability list are
 * computed from it, and `docs/api.md` is generated from it. Adding an API
 * means adding a row here, nothing else.
 *
 * Shapes follow the platform docs (the seeds) first and the
 * `miniprogram-api-typings` package second, field for field.
 */
import type { FieldsSpec, ObjectSpec, ValueSpec } from './spec';

/**
 * - `async`: a call with `success`/`fail`/`complete` or a Promise, answered by the host.
 * - `sync`: answered on the guest from the handshake snapshot; throws on error.
 * - `event`: `wx.onX(listener)`; the host emits, the guest's listener runs.
 * - `openType`: a `<button open-type="X">` capability, invoked by the runtime on a tap.
 */
export type ApiKind = 'async' | 'sync' | 'event' | 'openType';

export interface ApiEntry {
  readonly kind: ApiKind;
  /** The protocol version the API appeared in. */
  readonly since: number;
  /** One line for the docs. */
  readonly doc: string;
  /** Parameters (fields of the options object; for `sync`, positional in this order). */
  readonly params?: FieldsSpec;
  /** Fields of the success result, besides `errMsg`. */
  readonly success?: FieldsSpec;
  /**
   * Fields of the fail result besides `errMsg`. `errno` and `errCode` are always allowed; listing
   * one here makes it required in the API's fail type (as the platform typings have it).
   */
  readonly fail?: FieldsSpec;
  /** For results keyed by the caller's data (template ids): the spec of every other key. */
  readonly successValues?: ValueSpec;
  /** For `sync`: the returned value. */
  readonly returns?: ValueSpec;
  /** Only inside a user tap (`<api>:fail can only be invoked by user TAP gesture.`). */
  readonly tap?: boolean;
  /** Gated on the user's agreement to the privacy guideline. */
  readonly privacy?: boolean;
  /**
   * The authorization scope it needs (e.g. `scope.userLocation`): granted, the call goes on;
   * denied, `<api>:fail auth deny` (errno 103) with no prompt; never asked, the scope prompt when
   * `prompt` is true, else `<api>:fail scope unauthorized` (errno 103), as `getUserInfo` has it.
   */
  readonly scope?: { readonly name: string; readonly prompt: boolean };
  /**
   * Shows the user a sheet (a dialog or system sheet the user must answer). Every sheet goes
   * through the host's one consent path: one at a time per mini program and user, rate-limited,
   * closed when the call is abandoned.
   */
  readonly sheet?: boolean;
  /** Shows the user something: not cut short by the default timeout. */
  readonly interactive?: boolean;
  /**
   * A parameter that names one of the integrator's own APIs (`invokeNativePlugin`'s `api_name`):
   * they appear in the capability list as `<api>.<name>`, and one listed as interactive is not timed out.
   */
  readonly namespace?: string;
  /** Its callbacks count as a user tap (a `requestSubscribeMessage` may follow a payment). */
  readonly grantsTap?: boolean;
  /** Also available as `<button open-type="<name>">`. */
  readonly button?: boolean;
  /** For `event`: the event name on the wire. */
  readonly event?: string;
  /** For `event`: only the last registered listener is active. */
  readonly single?: boolean;
  /** For `event`: the listener is called as `(resolve, info)` instead of `(info)`. */
  readonly resolvable?: boolean;
}

const lang = {
  type: 'string',
  enum: ['en', 'zh_CN', 'zh_TW'],
  doc: 'language of the returned user info',
} as const;
const soterMode = { type: 'string', enum: ['fingerPrint', 'facial', 'speech'] } as const;

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
const soterResult = {
  authMode: { type: 'string', required: true },
  resultJSON: { type: 'string', required: true },
  resultJSONSignature: { type: 'string', required: true },
  errCode: { type: 'number', required: true },
} as const;
const location = {
  latitude: { type: 'number', required: true, doc: '-90 to 90, negative is south' },
  longitude: { type: 'number', required: true, doc: '-180 to 180, negative is west' },
  speed: { type: 'number', required: true, doc: 'metres per second' },
  accuracy: { type: 'number', required: true, doc: 'metres' },
  altitude: { type: 'number', required: true, hostOptional: true, doc: 'metres' },
  verticalAccuracy: { type: 'number', required: true, hostOptional: true, doc: 'metres' },
  horizontalAccuracy: { type: 'number', required: true, hostOptional: true, doc: 'metres' },
} as const;
const codeDetail = { code: { type: 'string' } } as const;

export const catalogue = {
  login: {
    kind: 'async',
    since: 1,
    doc: 'Get a temporary login code that the mini program backend exchanges for a session.',
    params: { timeout: { type: 'number', doc: 'timeout in milliseconds' } },
    success: { code: { type: 'string', required: true, doc: 'single-use login code, valid five minutes' } },
    fail: { errno: { type: 'number', required: true } },
  },
  checkSession: {
    kind: 'async',
    since: 1,
    doc: 'Check whether the session of the last login code is still valid.',
  },
  getAccountInfoSync: {
    kind: 'sync',
    since: 1,
    doc: 'The current mini program account (answered from the handshake snapshot).',
    returns: {
      type: 'object',
      fields: {
        miniProgram: {
          type: 'object',
          required: true,
          fields: {
            appId: { type: 'string', required: true },
            envVersion: { type: 'string', required: true, enum: ['develop', 'trial', 'release'] },
            version: { type: 'string', required: true },
          },
        },
        plugin: {
          type: 'object',
          required: true,
          hostOptional: true,
          doc: 'only inside a plugin',
          fields: { appId: { type: 'string', required: true }, version: { type: 'string', required: true } },
        },
      },
    },
  },
  getUserProfile: {
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
  },
  getUserInfo: {
    kind: 'async',
    since: 1,
    doc: 'Get the user info the host provides (needs scope.userInfo).',
    params: { withCredentials: { type: 'boolean' }, lang },
    success: userData,
    privacy: true,
    scope: { name: 'scope.userInfo', prompt: false },
    button: true,
  },
  getSetting: {
    kind: 'async',
    since: 1,
    doc: 'The scopes the mini program has asked for, and their state.',
    params: { withSubscriptions },
    success: { authSetting, subscriptionsSetting, miniprogramAuthSetting: { type: 'object', values: { type: 'boolean' } } },
  },
  openSetting: {
    kind: 'async',
    since: 1,
    doc: 'Open the settings page where the user changes scope decisions.',
    params: { withSubscriptions },
    success: { authSetting, subscriptionsSetting },
    tap: true,
    sheet: true,
    interactive: true,
    button: true,
  },
  authorize: {
    kind: 'async',
    since: 1,
    doc: 'Ask the user in advance for a scope.',
    params: { scope: { type: 'string', required: true, doc: 'e.g. scope.userLocation' } },
    privacy: true,
    sheet: true,
    interactive: true,
  },
  checkIsSoterEnrolledInDevice: {
    kind: 'async',
    since: 1,
    doc: 'Whether the device has the given biometric enrolled.',
    params: { checkAuthMode: { ...soterMode, required: true } },
    success: { isEnrolled: { type: 'boolean', required: true } },
  },
  checkIsSupportSoterAuthentication: {
    kind: 'async',
    since: 1,
    doc: 'Which biometric modes the device supports (an empty list is still success).',
    success: { supportMode: { type: 'array', required: true, items: soterMode } },
  },
  startSoterAuthentication: {
    kind: 'async',
    since: 1,
    doc: 'Authenticate the user with a biometric and get a signed result.',
    params: {
      requestAuthModes: { type: 'array', required: true, items: soterMode },
      challenge: { type: 'string', required: true, doc: 'at most 512 characters' },
      authContent: { type: 'string', doc: 'prompt text, at most 42 characters' },
    },
    success: soterResult,
    fail: soterResult,
    sheet: true,
    interactive: true,
  },
  requestSubscribeMessage: {
    kind: 'async',
    since: 1,
    doc: 'Ask the user to subscribe to message templates (at most 3 by default).',
    params: { tmplIds: { type: 'array', required: true, items: { type: 'string' } } },
    successValues: { type: 'string', doc: "per template id: 'accept' | 'reject' | 'ban' | 'filter'" },
    fail: { errCode: { type: 'number', required: true } },
    tap: true,
    sheet: true,
    interactive: true,
  },
  getPrivacySetting: {
    kind: 'async',
    since: 1,
    doc: 'Whether the user still has to agree to the privacy guideline.',
    success: {
      needAuthorization: { type: 'boolean', required: true },
      privacyContractName: { type: 'string', required: true },
    },
  },
  requirePrivacyAuthorize: {
    kind: 'async',
    since: 1,
    doc: 'Make sure the user has agreed to the privacy guideline, prompting if needed.',
    sheet: true,
    interactive: true,
  },
  onNeedPrivacyAuthorization: {
    kind: 'event',
    since: 1,
    doc: 'Listen for privacy prompts the mini program draws itself: listener(resolve, {referrer}).',
    event: 'needPrivacyAuthorization',
    single: true,
    resolvable: true,
    success: { referrer: { type: 'string', required: true } },
  },
  getAuthCode: {
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
    sheet: true,
    interactive: true,
  },
  requestPayment: {
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
  },
  canIUse: {
    kind: 'sync',
    since: 1,
    doc: 'Whether an API, parameter, result field or button open-type is available here.',
    params: { schema: { type: 'string', required: true } },
    returns: { type: 'boolean' },
  },
  invokeNativePlugin: {
    kind: 'async',
    since: 1,
    doc: "Call one of the superapp's own custom APIs.",
    params: {
      api_name: { type: 'string', required: true, doc: 'the custom API name' },
      data: { type: 'object', doc: 'arguments for the custom API' },
    },
    namespace: 'api_name',
  },
  getLocation: {
    kind: 'async',
    since: 1,
    doc: "The device's precise location (needs scope.userLocation).",
    params: {
      type: { type: 'string', enum: ['wgs84', 'gcj02'], doc: "coordinates: 'wgs84' (default, GPS) or 'gcj02'" },
      altitude: { type: 'boolean', doc: 'also return the altitude (slower)' },
      isHighAccuracy: { type: 'boolean', doc: 'use high-accuracy positioning' },
      highAccuracyExpireTime: { type: 'number', doc: 'milliseconds high-accuracy positioning may take, above 3000' },
    },
    success: location,
    privacy: true,
    scope: { name: 'scope.userLocation', prompt: true },
    interactive: true,
  },
  getFuzzyLocation: {
    kind: 'async',
    since: 1,
    doc: "The device's approximate location (needs scope.userFuzzyLocation).",
    params: { type: { type: 'string', enum: ['wgs84', 'gcj02'], doc: "coordinates: 'wgs84' (default, GPS) or 'gcj02'" } },
    success: { latitude: location.latitude, longitude: location.longitude },
    privacy: true,
    scope: { name: 'scope.userFuzzyLocation', prompt: true },
    interactive: true,
  },
  getPhoneNumber: {
    kind: 'openType',
    since: 1,
    doc: '<button open-type="getPhoneNumber">: a code the backend exchanges for the phone number.',
    success: codeDetail,
    tap: true,
    privacy: true,
    sheet: true,
    interactive: true,
  },
  getEmailAddress: {
    kind: 'openType',
    since: 1,
    doc: '<button open-type="getEmailAddress">: a code the backend exchanges for the email address.',
    success: codeDetail,
    tap: true,
    privacy: true,
    sheet: true,
    interactive: true,
  },
  chooseAvatar: {
    kind: 'openType',
    since: 1,
    doc: '<button open-type="chooseAvatar">: the avatar the user picked.',
    success: { avatarUrl: { type: 'string', required: true } },
    tap: true,
    privacy: true,
    sheet: true,
    interactive: true,
  },
} as const satisfies Record<string, ApiEntry>;

export type Catalogue = typeof catalogue;
export type ApiName = keyof Catalogue;


/** The catalogue as a Map: looked up on every call, and a Map has no inherited names. */
const byName = /* @__PURE__ */ new Map<string, ApiEntry>(Object.entries(catalogue));

/** The catalogue entry for `name`, looked up as an own name only. */
export function lookupApi(name: unknown): ApiEntry | undefined {
  return typeof name === 'string' ? byName.get(name) : undefined;
}

/** Every API name of a kind, in catalogue order. */
export function apiNames(kind?: ApiKind): ApiName[] {
  return (Object.keys(catalogue) as ApiName[]).filter((name) => !kind || catalogue[name].kind === kind);
}
