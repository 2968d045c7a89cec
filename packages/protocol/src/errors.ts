/**
 * errMsg and errno: how every result names its API and outcome.
 *
 * `<api>:ok` on success, `<api>:fail <reason>` on failure (a single space
 * after `fail`), `<api>:fail cancel` when the user cancels. Failures carry a
 * numeric `errno` (the platform's public error numbers) and, for the APIs
 * that define one, an `errCode`.
 */

/** The platform's public errno values used by wxbridge. */
export const ERRNO = {
  cancel: 1,
  systemPermissionDenied: 3,
  internalError: 4,
  timeout: 5,
  notSupported: 100,
  invalidRequest: 101,
  noPermission: 102,
  authDeny: 103,
  privacyNotAuthorized: 104,
  scopeEmpty: 110,
  invalidParameter: 1001,
  frequencyLimit: 1003,
  codeUsed: 1020,
  codeExpired: 1021,
} as const;

/** The reasons wxbridge itself fails calls with (after `<api>:fail `). */
export const REASON = {
  cancel: 'cancel',
  internalError: 'internal error',
  /** The host's store could not be reached or did not answer in time (errno 4): the call may be tried again. */
  systemBusy: 'system busy, try again later',
  timeout: 'time out',
  notSupported: 'not supported',
  invalidRequest: 'invalid request data',
  tapRequired: 'can only be invoked by user TAP gesture.',
  disposed: 'bridge disposed',
  disconnected: 'host disconnected',
} as const;

/** A result object as the mini program sees it. */
export interface WxResult {
  errMsg: string;
  errno?: number;
  errCode?: number;
  [field: string]: unknown;
}

export function okMessage(api: string): string {
  return api + ':ok';
}

export function failMessage(api: string, reason?: string): string {
  return reason ? api + ':fail ' + reason : api + ':fail';
}

/** A fail result: `extra` fields first, then `errMsg` and the codes, which nothing in `extra` can override. */
export function failResult(
  api: string,
  reason: string | undefined,
  codes: { errno?: number; errCode?: number } = {},
  extra?: Record<string, unknown>,
): WxResult {
  const result: WxResult = { ...extra, errMsg: failMessage(api, reason) };
  delete result.errno;
  delete result.errCode;
  if (codes.errno !== undefined) result.errno = codes.errno;
  if (codes.errCode !== undefined) result.errCode = codes.errCode;
  return result;
}
