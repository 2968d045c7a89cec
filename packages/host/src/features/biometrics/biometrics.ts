/**
 * Biometrics (SOTER): checkIsSupportSoterAuthentication, checkIsSoterEnrolledInDevice,
 * startSoterAuthentication over a device adapter the integrator supplies (`options.biometrics`).
 *
 * The host does the platform's checks (challenge and prompt text, supported and enrolled modes,
 * one biometric prompt per mini program) before the adapter shows anything, maps the adapter's
 * outcome to SOTER's errCodes, and never sends the adapter's own messages to the mini program.
 * The prompt itself goes through the one consent path (queue, rate limit, abort).
 * Every `startSoterAuthentication` fail carries the success fields too:
 * `{authMode, resultJSON: '', resultJSONSignature: '', errCode}`.
 *
 * Without `options.biometrics` the three APIs are not built in: they are not supported, unless the
 * integrator answers them with `host.handle` (the "v1" way, a handler provides the result).
 */
import { hasOwn } from '@wxbridge/protocol';
import type { Connection } from '../../core/connection';
import { REASON_CANCEL, WxError, wxFail } from '../../core/failure';
import type { Feature, Semantics, Services } from '../../core/feature';
import type { CallContext } from '../../core/types';
import {
  SOTER_ERR_CODE,
  checkDevice,
  modesOf,
  type BiometricDevice,
  type SoterAuthOutcome,
  type SoterAuthRequest,
  type SoterFailureReason,
  type SoterMode,
} from './device';

export interface BiometricFeatureOptions {
  /** The device's biometrics (SOTER APIs). */
  biometrics?: BiometricDevice;
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
function soterFail(authMode: string, errCode: number, reason: string, errno?: number): WxError {
  return wxFail(reason, { errCode, ...(errno === undefined ? {} : { errno }), data: { authMode, resultJSON: '', resultJSONSignature: '' } });
}

const notEnrolled = (mode: SoterMode) => soterFail(mode, SOTER_ERR_CODE.notEnrolled, `no ${MODE_WORD[mode]} enrolled`);

export function biometricsFeature(services: Services, options: BiometricFeatureOptions): Feature {
  if (options.biometrics === undefined) return {};
  const device = checkDevice(options.biometrics);
  /** Connections with a biometric prompt open or waiting its turn. */
  const inFlight = new WeakSet<Connection>();
  const supported = async (): Promise<SoterMode[]> => modesOf(await device.supportedModes());
  const enrolled = async (): Promise<SoterMode[]> => modesOf(await device.enrolledModes());

  /** The platform's checks before any prompt (90004, 90005, 90001, 90003, 90011): the mode to use, or the fail. */
  async function chooseMode(ctx: CallContext, requested: SoterMode[], challenge: string, authContent: string): Promise<SoterMode | WxError> {
    // Before a mode is chosen, the fail names the first requested one ('' when none).
    const first: string = requested[0] ?? '';
    if (challenge.length === 0 || challenge.length > MAX_CHALLENGE) return soterFail(first, SOTER_ERR_CODE.invalidChallenge, 'challenge is invalid');
    if (authContent.length > MAX_AUTH_CONTENT) return soterFail(first, SOTER_ERR_CODE.authContentTooLong, 'authContent is too long');
    try {
      const supportedModes = await supported();
      if (supportedModes.length === 0) return soterFail(first, SOTER_ERR_CODE.notSupported, 'not support soter');
      const usable = requested.filter((m) => supportedModes.includes(m));
      if (usable.length === 0) return soterFail(first, SOTER_ERR_CODE.noMode, 'no corresponding mode');
      const enrolledModes = await enrolled();
      return usable.find((m) => enrolledModes.includes(m)) ?? notEnrolled(usable[0]!);
    } catch (error) {
      services.report(ctx, error);
      return soterFail(first, SOTER_ERR_CODE.internal, 'internal error');
    }
  }

  /**
   * The adapter's prompt, through the consent path. What the adapter throws becomes `internal`;
   * what the queue refuses (too many prompts, errno 1003), or an abandoned call, a SOTER fail.
   */
  async function authenticate(request: SoterAuthRequest, ctx: CallContext): Promise<SoterAuthOutcome | WxError> {
    const internal: SoterAuthOutcome = { ok: false, reason: 'internal' };
    const show = async () => {
      try {
        return await device.authenticate(request);
      } catch (error) {
        services.report(ctx, error);
        return internal;
      }
    };
    try {
      return await services.consent.ask({ ctx, user: request.user, show });
    } catch (thrown) {
      if (!WxError.is(thrown)) throw thrown;
      if (thrown.reason === REASON_CANCEL) return soterFail(request.mode, SOTER_ERR_CODE.cancel, REASON_CANCEL);
      return soterFail(request.mode, SOTER_ERR_CODE.internal, thrown.reason, thrown.errno);
    }
  }

  /** The adapter is the integrator's code: what it answered, checked and mapped to SOTER's result. */
  function resultOf(ctx: CallContext, mode: SoterMode, outcome: SoterAuthOutcome): Record<string, unknown> | WxError {
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

  const startSoterAuthentication: Semantics = {
    handler: 'none',
    ownSheet: true,
    offered: () => true,
    async run(params, ctx) {
      const challenge = params.challenge as string;
      const authContent = (params.authContent as string | undefined) ?? '';
      const mode = await chooseMode(ctx, params.requestAuthModes as SoterMode[], challenge, authContent);
      if (WxError.is(mode)) return mode;
      // One biometric prompt per mini program: a second one fails at once, it does not queue.
      const connection = ctx.connection;
      if (inFlight.has(connection)) return soterFail(mode, SOTER_ERR_CODE.internal, 'another authentication is in progress');
      inFlight.add(connection);
      let outcome: SoterAuthOutcome | WxError;
      try {
        const user = await services.userOf(ctx);
        outcome = await authenticate({ challenge, authContent, mode, app: ctx.app, user, signal: ctx.signal }, ctx);
      } catch (error) {
        services.report(ctx, error);
        outcome = soterFail(mode, SOTER_ERR_CODE.internal, 'internal error');
      } finally {
        inFlight.delete(connection);
      }
      return WxError.is(outcome) ? outcome : resultOf(ctx, mode, outcome);
    },
  };

  const apis = {
    checkIsSupportSoterAuthentication: { handler: 'none', offered: () => true, run: async () => ({ supportMode: await supported() }) },
    checkIsSoterEnrolledInDevice: {
      handler: 'none',
      offered: () => true,
      async run(params: Record<string, unknown>) {
        const mode = params.checkAuthMode as SoterMode;
        return { isEnrolled: (await supported()).includes(mode) && (await enrolled()).includes(mode) };
      },
    },
    startSoterAuthentication,
  } satisfies Record<string, Semantics>;
  return { apis };
}
