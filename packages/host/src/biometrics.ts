/**
 * Biometrics (SOTER): checkIsSupportSoterAuthentication, checkIsSoterEnrolledInDevice,
 * startSoterAuthentication over a device adapter the integrator supplies (`options.biometrics`).
 *
 * The host does the platform's checks (challenge and prompt text, supported and enrolled modes,
 * one biometric prompt per mini program) before the adapter shows anything, maps the adapter's
 * outcome to SOTER's errCodes, and never sends the adapter's own messages to the mini program.
 * Every `startSoterAuthentication` fail carries the success fields too:
 * `{authMode, resultJSON: '', resultJSONSignature: '', errCode}`.
 *
 * Without `options.biometrics` the three APIs are not built in: they are not supported, unless the
 * integrator answers them with `host.handle` (the "v1" way, a handler provides the result).
 */
import { hasOwn } from '@wxbridge/protocol';
import { WxError, wxFail } from './failure';
import type { Connection } from './connection';
import type { App } from './options';
import type { Semantics, SemanticsTable, Services } from './semantics';
import type { CallContext } from './types';

export type SoterMode = 'fingerPrint' | 'facial' | 'speech';

/** The biometric modes of the platform, in its order. */
export const SOTER_MODES: readonly SoterMode[] = Object.freeze(['fingerPrint', 'facial', 'speech'] as const);

/** What the adapter is asked to show: the system's biometric prompt. */
export interface SoterAuthRequest {
  /** The challenge the mini program's backend issued; goes into `resultJSON.raw`. */
  challenge: string;
  /** The prompt's text (at most 42 characters; `''` when the mini program gave none). */
  authContent: string;
  /** The mode to use: the first requested mode that is supported and enrolled. */
  mode: SoterMode;
  /** The mini program asking. */
  app: App;
  /** The signed-in user (from `options.user`). */
  user: string;
  /** Fires when the answer is no longer wanted (the mini program left): close the prompt. */
  signal: AbortSignal;
}

/** Why an authentication did not succeed. */
export type SoterFailureReason = 'cancel' | 'failed' | 'locked' | 'internal' | 'not-enrolled' | 'not-authorized';

export type SoterAuthOutcome =
  | { ok: true; resultJSON: string; resultJSONSignature: string }
  /** `message` is for the integrator's own logs; it is never sent to the mini program. */
  | { ok: false; reason: SoterFailureReason; message?: string };

/** The integrator's device adapter. */
export interface BiometricDevice {
  /** The modes the device supports. */
  supportedModes(): readonly SoterMode[] | Promise<readonly SoterMode[]>;
  /** The modes the user has enrolled (a mode also has to be supported to count). */
  enrolledModes(): readonly SoterMode[] | Promise<readonly SoterMode[]>;
  /** Shows the system's biometric prompt and, on success, returns the signed SOTER result. */
  authenticate(request: SoterAuthRequest): SoterAuthOutcome | Promise<SoterAuthOutcome>;
}

/** SOTER's errCodes (`startSoterAuthentication`). */
export const SOTER_ERR_CODE = {
  ok: 0,
  notSupported: 90001,
  notAuthorized: 90002,
  noMode: 90003,
  invalidChallenge: 90004,
  authContentTooLong: 90005,
  internal: 90007,
  cancel: 90008,
  failed: 90009,
  locked: 90010,
  notEnrolled: 90011,
} as const;

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


/** The adapter's list, kept to known modes, without repeats, in the adapter's order. */
function modesOf(list: unknown): SoterMode[] {
  if (!Array.isArray(list)) throw new TypeError('biometrics: a mode list must be an array of SOTER modes');
  const modes: SoterMode[] = [];
  for (const mode of list) {
    if ((SOTER_MODES as readonly unknown[]).includes(mode) && !modes.includes(mode)) modes.push(mode);
  }
  return modes;
}

function checkDevice(device: unknown): BiometricDevice {
  const d = device as Partial<BiometricDevice> | null;
  if (
    typeof d !== 'object' ||
    d === null ||
    typeof d.supportedModes !== 'function' ||
    typeof d.enrolledModes !== 'function' ||
    typeof d.authenticate !== 'function'
  ) {
    throw new TypeError('createHost: biometrics must implement supportedModes(), enrolledModes() and authenticate()');
  }
  return d as BiometricDevice;
}

export function createBiometricSemantics(services: Services): SemanticsTable {
  if (services.options.biometrics === undefined) return {};
  const device = checkDevice(services.options.biometrics);

  /** Connections with a biometric prompt open or waiting its turn. */
  const inFlight = new WeakSet<Connection>();

  const supported = async (): Promise<SoterMode[]> => modesOf(await device.supportedModes());
  const enrolled = async (): Promise<SoterMode[]> => modesOf(await device.enrolledModes());

  const checkIsSupportSoterAuthentication: Semantics = {
    handler: 'none',
    offered: () => true,
    async run() {
      return { supportMode: await supported() };
    },
  };

  const checkIsSoterEnrolledInDevice: Semantics = {
    handler: 'none',
    offered: () => true,
    async run(params) {
      const mode = params.checkAuthMode as SoterMode;
      const isEnrolled = (await supported()).includes(mode) && (await enrolled()).includes(mode);
      return { isEnrolled };
    },
  };

  /** A fail with SOTER's fields. */
  function soterFail(authMode: string, errCode: number, reason: string, errno?: number): WxError {
    return wxFail(reason, {
      errCode,
      ...(errno === undefined ? {} : { errno }),
      data: { authMode, resultJSON: '', resultJSONSignature: '' },
    });
  }

  /**
   * The adapter's prompt, in the mini program's prompt queue (one prompt at a time, rate-limited).
   * What the adapter throws becomes `internal`; what the queue refuses becomes a SOTER fail.
   */
  async function authenticate(request: SoterAuthRequest, ctx: CallContext): Promise<SoterAuthOutcome | WxError> {
    const internal: SoterAuthOutcome = { ok: false, reason: 'internal' };
    try {
      return await services.prompt(ctx, async () => {
        try {
          return await device.authenticate(request);
        } catch (error) {
          services.report(ctx, error);
          return internal;
        }
      });
    } catch (thrown) {
      if (!WxError.is(thrown)) throw thrown;
      // Aborted while waiting its turn (nobody reads the answer), or too many prompts (errno 1003).
      if (thrown.reason === 'cancel') return soterFail(request.mode, SOTER_ERR_CODE.cancel, 'cancel');
      return soterFail(request.mode, SOTER_ERR_CODE.internal, thrown.reason, thrown.errno);
    }
  }

  const startSoterAuthentication: Semantics = {
    handler: 'none',
    offered: () => true,
    async run(params, ctx) {
      const requested = params.requestAuthModes as SoterMode[];
      const challenge = params.challenge as string;
      const authContent = (params.authContent as string | undefined) ?? '';
      // Before a mode is chosen, the fail names the first requested one ('' when none).
      const firstRequested: string = requested[0] ?? '';

      if (challenge.length === 0 || challenge.length > MAX_CHALLENGE) {
        return soterFail(firstRequested, SOTER_ERR_CODE.invalidChallenge, 'challenge is invalid');
      }
      if (authContent.length > MAX_AUTH_CONTENT) {
        return soterFail(firstRequested, SOTER_ERR_CODE.authContentTooLong, 'authContent is too long');
      }

      let usable: SoterMode[];
      let mode: SoterMode | undefined;
      try {
        const supportedModes = await supported();
        if (supportedModes.length === 0) return soterFail(firstRequested, SOTER_ERR_CODE.notSupported, 'not support soter');
        usable = requested.filter((m) => supportedModes.includes(m));
        if (usable.length === 0) return soterFail(firstRequested, SOTER_ERR_CODE.noMode, 'no corresponding mode');
        const enrolledModes = await enrolled();
        mode = usable.find((m) => enrolledModes.includes(m));
      } catch (error) {
        services.report(ctx, error);
        return soterFail(firstRequested, SOTER_ERR_CODE.internal, 'internal error');
      }
      if (mode === undefined) {
        return soterFail(usable[0]!, SOTER_ERR_CODE.notEnrolled, `no ${MODE_WORD[usable[0]!]} enrolled`);
      }

      // One biometric prompt per mini program: a second one fails at once, it does not queue.
      const connection = ctx.connection;
      if (inFlight.has(connection)) {
        return soterFail(mode, SOTER_ERR_CODE.internal, 'another authentication is in progress');
      }
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
      if (WxError.is(outcome)) return outcome;

      // The adapter is the integrator's code: check what it returned.
      if (outcome?.ok === true) {
        if (typeof outcome.resultJSON !== 'string' || typeof outcome.resultJSONSignature !== 'string') {
          services.report(ctx, new TypeError('biometrics.authenticate: an ok result needs string resultJSON and resultJSONSignature'));
          return soterFail(mode, SOTER_ERR_CODE.internal, 'internal error');
        }
        return {
          authMode: mode,
          resultJSON: outcome.resultJSON,
          resultJSONSignature: outcome.resultJSONSignature,
          errCode: SOTER_ERR_CODE.ok,
        };
      }
      const reason = (outcome as { reason?: unknown } | null)?.reason;
      if (outcome?.ok === false && reason === 'not-enrolled') {
        return soterFail(mode, SOTER_ERR_CODE.notEnrolled, `no ${MODE_WORD[mode]} enrolled`);
      }
      if (outcome?.ok === false && typeof reason === 'string' && hasOwn.call(OUTCOMES, reason)) {
        const [errCode, text] = OUTCOMES[reason as keyof typeof OUTCOMES];
        return soterFail(mode, errCode, text);
      }
      if (outcome?.reason !== 'internal') {
        services.report(ctx, new TypeError(`biometrics.authenticate: unknown outcome ${JSON.stringify(outcome)?.slice(0, 200)}`));
      }
      return soterFail(mode, SOTER_ERR_CODE.internal, 'internal error');
    },
  };

  return { checkIsSupportSoterAuthentication, checkIsSoterEnrolledInDevice, startSoterAuthentication };
}
