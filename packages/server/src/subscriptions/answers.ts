/**
 * WeChat's answer envelope and the error numbers the subscription and SOTER endpoints use, as
 * WeChat's server APIs return them (`errcode` 0 with `errmsg: 'ok'` on success).
 */

export interface WxAnswer {
  errcode: number;
  errmsg: string;
}

/** A failure answer: an `errcode` other than 0 and a message naming what was wrong. */
export type WxFailure = WxAnswer;

export const ERRCODE = {
  /** The openid is not one of this app's users (or, for SOTER, has no enrolled device key). */
  invalidOpenid: 40003,
  /** The template id is not one of this app's templates. */
  invalidTemplateId: 40037,
  /** The user has no acceptance left for the template (one-time used up, long-term turned off). */
  userRefused: 43101,
  /** A parameter is missing or has the wrong JSON type. */
  dataFormatError: 47001,
  /** A parameter has the right type but a value WeChat refuses. */
  argumentInvalid: 47003,
} as const;

export const OK = { errcode: 0, errmsg: 'ok' } as const;

export const failure = (errcode: number, errmsg: string): WxFailure => ({ errcode, errmsg });

/**
 * A failure with WeChat's message, then `, hint: ` and what to fix (the server's envelope appends
 * `, rid: <request id>` as WeChat does).
 */
export const hinted = (errcode: number, errmsg: string, hint: string): WxFailure => failure(errcode, `${errmsg}, hint: ${hint}`);

/** 47001 naming the parameter and what was expected. */
export const dataFormatError = (hint: string): WxFailure => hinted(ERRCODE.dataFormatError, 'data format error', hint);

/** 47003 naming the parameter and what was expected. */
export const argumentInvalid = (hint: string): WxFailure => hinted(ERRCODE.argumentInvalid, 'argument invalid!', hint);

export const invalidOpenid = (): WxFailure => failure(ERRCODE.invalidOpenid, 'invalid openid');

/** A JSON object (not null, not an array). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The first of `names` that is not a non-empty string in `body` (47001 naming it), or undefined
 * when all are. `body` itself must be a JSON object.
 */
export function missingString(body: unknown, names: readonly string[]): WxFailure | undefined {
  if (!isObject(body)) return dataFormatError('the body must be a JSON object');
  for (const name of names) {
    const value = body[name];
    if (value === undefined) return dataFormatError(`${name} is missing`);
    if (typeof value !== 'string' || value.length === 0) return dataFormatError(`${name} must be a non-empty string`);
  }
  return undefined;
}
