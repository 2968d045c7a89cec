/** The public shapes of the v2 login standard: what `jscode2session` and a share-code redemption answer. */

export interface Code2SessionOk {
  openid: string;
  session_key: string;
  unionid?: string;
}

export interface Code2SessionError {
  errcode: number;
  errmsg: string;
}

/** The error codes of a code redemption, WeChat's numbers. */
export const CODE2SESSION_ERRORS = { invalidCode: 40029, codeUsed: 40163 } as const;

/** What a user shares through a button, behind a single-use code: `getPhoneNumber`, `getEmailAddress`. */
export type ShareKind = 'phoneNumber' | 'emailAddress';
export const SHARE_KINDS: readonly string[] = ['phoneNumber', 'emailAddress'] satisfies ShareKind[];

export interface RedeemedShare {
  /** What the host stored when the user shared it (e.g. `{ phoneNumber, purePhoneNumber, countryCode }`). */
  info: Record<string, unknown>;
}
