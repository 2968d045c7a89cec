/**
 * The failures the guest itself produces, with the protocol's texts and codes (its REASON and ERRNO;
 * a test holds them equal). Imported one by one rather than as those two tables, which a bundler
 * keeps whole: the guest is loaded by every mini program.
 */
import type { WxResult } from '@wxbridge/protocol';

export const DISCONNECTED = 'host disconnected';
export const DISPOSED = 'bridge disposed';
export const TIMED_OUT = 'time out';
export const TAP_REQUIRED = 'can only be invoked by user TAP gesture.';
export const ERRNO_TIMEOUT = 5;
export const ERRNO_INVALID_PARAMETER = 1001;

/** `<api>:fail <reason>`, with its errno when it has one. */
export function failure(api: string, reason: string, errno?: number): WxResult {
  const result: WxResult = { errMsg: api + ':fail ' + reason };
  if (errno !== undefined) result.errno = errno;
  return result;
}
