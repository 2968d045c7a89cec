/** A failed redemption (`{errcode, errmsg}` of the shared records) as the answer the route throws. */
import { CODE2SESSION_ERRORS, EXPIRED, type Code2SessionError } from '@wxbridge/store/records';
import { ApiError } from '../answers';

export const isCodeError = (value: unknown): value is Code2SessionError =>
  typeof value === 'object' && value !== null && typeof (value as Code2SessionError).errcode === 'number';

export function codeError(error: Code2SessionError): ApiError {
  if (error.errcode === CODE2SESSION_ERRORS.codeUsed) return new ApiError('codeUsed', 'each code is redeemable once');
  if (error.errmsg === EXPIRED.errmsg) return new ApiError('invalidCode', 'the code expired (codes live five minutes)');
  return new ApiError('invalidCode', "no such code for this app (a code is redeemable only by its own app's appid)");
}
