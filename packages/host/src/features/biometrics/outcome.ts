/**
 * The platform's side of `startSoterAuthentication` around the adapter: the checks before any
 * prompt, and the adapter's outcome mapped to SOTER's result or errCode.
 */
import { ERRNO, REASON, hasOwn } from '@wxbridge/protocol';
import { StoreUnavailableError } from '@wxbridge/store';
import { WxError, wxFail } from '../../core/failure';
import type { Services } from '../../core/feature';
import type { CallContext } from '../../core/types';
import { SOTER_ERR_CODE, type SoterAuthOutcome, type SoterFailureReason, type SoterMode } from './device';

/** The device's mode lists, filtered to known modes. */
export interface ModeSource {
  supported(): Promise<SoterMode[]>;
  enrolled(): Promise<SoterMode[]>;
}

const MAX_CHALLENGE = 512;
const MAX_AUTH_CONTENT = 42;

/** The mode's word in `no <mode> enrolled`. */
const MODE_WORD: Record<SoterMode, string> = { fingerPrint: 'fingerprint', facial: 'facial', speech: 'speech' };

/** The adapter's outcomes, as `[errCode, reason]`. `not-enrolled` is built from the mode. */
const OUTCOMES: Record<Exclude<SoterFailureReason, 'not-enrolled'>, readonly [number, string]> = {
  cancel: [SOTER_ERR_CODE.cancel, 'cancel'],
  failed: [SOTER_ERR_CODE.failed, 'authenticate failed'],
  locked: [SOTER_ERR_CODE.locked, 'authenticate freeze. please try again later'],
  internal: [SOTER_ERR_CODE.internal, 'internal error'],
  'not-authorized': [SOTER_ERR_CODE.notAuthorized, 'user not authorized'],
};

/** A fail with SOTER's fields. */
export function soterFail(authMode: string, errCode: number, reason: string, errno?: number): WxError {
  return wxFail(reason, { errCode, ...(errno === undefined ? {} : { errno }), data: { authMode, resultJSON: '', resultJSONSignature: '' } });
}

/**
 * The fail for an error thrown while authenticating or recording the key: 90007 `internal error`, or,
 * when the store could not be reached (`StoreUnavailableError`), 90007 with every API's answer to that,
 * `system busy, try again later` and errno 4 (compose.ts).
 */
export function soterFailOf(mode: string, error: unknown): WxError {
  if (StoreUnavailableError.is(error)) return soterFail(mode, SOTER_ERR_CODE.internal, REASON.systemBusy, ERRNO.internalError);
  return soterFail(mode, SOTER_ERR_CODE.internal, 'internal error');
}

export const notEnrolled = (mode: SoterMode) => soterFail(mode, SOTER_ERR_CODE.notEnrolled, `no ${MODE_WORD[mode]} enrolled`);

/** The platform's checks before any prompt (90004, 90005, 90001, 90003, 90011): the mode to use, or the fail. */
export async function chooseMode(device: ModeSource, services: Services, ctx: CallContext, requested: SoterMode[], challenge: string, authContent: string): Promise<SoterMode | WxError> {
  // Before a mode is chosen, the fail names the first requested one ('' when none).
  const first: string = requested[0] ?? '';
  if (challenge.length === 0 || challenge.length > MAX_CHALLENGE) return soterFail(first, SOTER_ERR_CODE.invalidChallenge, 'challenge is invalid');
  if (authContent.length > MAX_AUTH_CONTENT) return soterFail(first, SOTER_ERR_CODE.authContentTooLong, 'authContent is too long');
  try {
    const supportedModes = await device.supported();
    if (supportedModes.length === 0) return soterFail(first, SOTER_ERR_CODE.notSupported, 'not support soter');
    const usable = requested.filter((m) => supportedModes.includes(m));
    if (usable.length === 0) return soterFail(first, SOTER_ERR_CODE.noMode, 'no corresponding mode');
    const enrolledModes = await device.enrolled();
    return usable.find((m) => enrolledModes.includes(m)) ?? notEnrolled(usable[0]!);
  } catch (error) {
    services.report(ctx, error);
    return soterFail(first, SOTER_ERR_CODE.internal, 'internal error');
  }
}


/** The adapter is the integrator's code: what it answered, checked and mapped to SOTER's result. */
export function resultOf(services: Services, ctx: CallContext, mode: SoterMode, outcome: SoterAuthOutcome): Record<string, unknown> | WxError {
  if (outcome?.ok === true) {
    if (typeof outcome.resultJSON === 'string' && typeof outcome.resultJSONSignature === 'string') {
      const { resultJSON, resultJSONSignature } = outcome;
      return { authMode: mode, resultJSON, resultJSONSignature, errCode: SOTER_ERR_CODE.ok };
    }
    services.report(ctx, new TypeError('biometrics.authenticate: an ok result needs string resultJSON and resultJSONSignature'));
    return soterFail(mode, SOTER_ERR_CODE.internal, 'internal error');
  }
  const reason = (outcome as { reason?: unknown } | null)?.reason;
  if (outcome?.ok === false && reason === 'not-enrolled') return notEnrolled(mode);
  if (outcome?.ok === false && typeof reason === 'string' && hasOwn.call(OUTCOMES, reason)) {
    const [errCode, text] = OUTCOMES[reason as keyof typeof OUTCOMES];
    return soterFail(mode, errCode, text);
  }
  if (reason !== 'internal') services.report(ctx, new TypeError(`biometrics.authenticate: unknown outcome ${JSON.stringify(outcome)?.slice(0, 200)}`));
  return soterFail(mode, SOTER_ERR_CODE.internal, 'internal error');
}

