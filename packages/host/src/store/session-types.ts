/** The public shapes of the v2 login standard: what `code2Session` and `redeemShareCode` answer. */

export interface Code2SessionOk {
  openid: string;
  session_key: string;
  unionid?: string;
}

export interface Code2SessionError {
  errcode: number;
  errmsg: string;
}

/** `code2Session`'s error codes, WeChat's numbers (`redeemShareCode` answers the same). */
export const CODE2SESSION_ERRORS = { invalidCode: 40029, codeUsed: 40163 } as const;

/** What a user shares through a button, behind a single-use code: `getPhoneNumber`, `getEmailAddress`. */
export type ShareKind = 'phoneNumber' | 'emailAddress';
export const SHARE_KINDS: readonly string[] = ['phoneNumber', 'emailAddress'] satisfies ShareKind[];

export interface RedeemedShare {
  /** What the host stored when the user shared it (e.g. `{ phoneNumber, purePhoneNumber, countryCode }`). */
  info: Record<string, unknown>;
}


const CODE_LIMIT_BRAND = Symbol.for('wxbridge.CodeRateLimitError');

/**
 * `issueCode` refused: (appId, user) was issued `codesPerMinute` codes in the last minute. The host
 * answers such a `wx.login` with `login:fail too many requests, try again later` (errno 1003).
 */
export class CodeRateLimitError extends Error {
  /** Recognises one from any copy of this package (ESM and CJS builds, two bundles). */
  static is(value: unknown): value is CodeRateLimitError {
    return typeof value === 'object' && value !== null && (value as { [CODE_LIMIT_BRAND]?: unknown })[CODE_LIMIT_BRAND] === true;
  }

  private readonly [CODE_LIMIT_BRAND] = true;

  constructor(readonly limit: number) {
    super(`SessionService.issueCode: more than ${limit} codes in a minute for this app and user`);
    this.name = 'CodeRateLimitError';
  }
}
