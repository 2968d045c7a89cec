/**
 * The integrator's biometric device adapter (SOTER): the modes, what the adapter is asked to show,
 * what it answers, and SOTER's errCodes.
 */
import type { App } from '../../core/app';

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
  /**
   * The user's openid for this app, as `jscode2session` gives it to the app's backend (an HMAC under
   * the `SessionService` secret; needs `crypto.subtle`). Sign it, and `app.appId`, into `resultJSON`
   * as `openid` and `appid` (`buildSoterResultJSON`'s `openId` and `appId`): the server's
   * `verify_signature` refuses a result without them, so another app cannot use this one's result.
   */
  openid(): Promise<string>;
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
  /**
   * The PEM (`-----BEGIN PUBLIC KEY-----`, SPKI) of the key the device signs with for this user and
   * app (`exportSoterPublicKey`). After a successful authentication the host records it in the
   * sessions' store for the open-platform server, whose `verify_signature` checks against it.
   * Without it the host records no key, and only a backend that has the key its own way can verify.
   */
  publicKey?(request: { app: App; user: string }): string | Promise<string>;
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

/** The adapter's list, kept to known modes, without repeats, in the adapter's order. */
export function modesOf(list: unknown): SoterMode[] {
  if (!Array.isArray(list)) throw new TypeError('biometrics: a mode list must be an array of SOTER modes');
  const modes: SoterMode[] = [];
  for (const mode of list) {
    if ((SOTER_MODES as readonly unknown[]).includes(mode) && !modes.includes(mode)) modes.push(mode);
  }
  return modes;
}

export function checkDevice(device: unknown): BiometricDevice {
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
  if (d.publicKey !== undefined && typeof d.publicKey !== 'function') {
    throw new TypeError('createHost: biometrics.publicKey, when given, must be a function ({app, user}) => PEM');
  }
  return d as BiometricDevice;
}

