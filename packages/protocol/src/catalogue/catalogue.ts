/**
 * The API catalogue: every `wx` API wxbridge knows, as data.
 *
 * The guest builds its `wx` methods from this table, the host validates
 * parameters with it, `canIUse` and the handshake's capability list are
 * computed from it, and `docs/api.md` is generated from it. Adding an API
 * means adding an entry to the file of its feature and naming it here,
 * nothing else.
 *
 * Shapes follow the platform docs (the seeds) first and the
 * `miniprogram-api-typings` package second, field for field.
 */
import { canIUse, checkSession, getAccountInfoSync, login } from './basic-apis';
import {
  authorize,
  getPrivacySetting,
  getSetting,
  getUserInfo,
  getUserProfile,
  onNeedPrivacyAuthorization,
  openSetting,
  requirePrivacyAuthorize,
} from './consent-apis';
import {
  checkIsSoterEnrolledInDevice,
  checkIsSupportSoterAuthentication,
  getFuzzyLocation,
  getLocation,
  startSoterAuthentication,
} from './device-apis';
import type { ApiEntry, ApiKind } from './entry';
import {
  chooseAvatar,
  getAuthCode,
  getEmailAddress,
  getPhoneNumber,
  invokeNativePlugin,
  requestPayment,
  requestSubscribeMessage,
} from './open-apis';

/**
 * Every API, in catalogue order: the guest's table, the docs and the capability list keep this
 * order, so a new entry goes where it should be listed.
 */
export const catalogue = {
  login,
  checkSession,
  getAccountInfoSync,
  getUserProfile,
  getUserInfo,
  getSetting,
  openSetting,
  authorize,
  checkIsSoterEnrolledInDevice,
  checkIsSupportSoterAuthentication,
  startSoterAuthentication,
  requestSubscribeMessage,
  getPrivacySetting,
  requirePrivacyAuthorize,
  onNeedPrivacyAuthorization,
  getAuthCode,
  requestPayment,
  canIUse,
  invokeNativePlugin,
  getLocation,
  getFuzzyLocation,
  getPhoneNumber,
  getEmailAddress,
  chooseAvatar,
} as const satisfies Record<string, ApiEntry>;

export type Catalogue = typeof catalogue;
export type ApiName = keyof Catalogue;

/** The catalogue as a Map, built on first use: looked up on every call, and a Map has no inherited names. */
let byName: Map<string, ApiEntry> | undefined;

/** The catalogue entry for `name`, looked up as an own name only. */
export function lookupApi(name: unknown): ApiEntry | undefined {
  if (typeof name !== 'string') return undefined;
  if (byName === undefined) byName = new Map<string, ApiEntry>(Object.entries(catalogue));
  return byName.get(name);
}

/** Every API name of a kind, in catalogue order. */
export function apiNames(kind?: ApiKind): ApiName[] {
  return (Object.keys(catalogue) as ApiName[]).filter((name) => !kind || catalogue[name].kind === kind);
}
