/**
 * A SIMULATED SOTER device for tests and demos: no sensor, no secure hardware, the key in memory,
 * nobody's finger checked. It signs real SOTER results (`buildSoterResultJSON`, `signSoterResult`
 * of `@wxbridge/host`, with the app and openid binding), and tells the host its public key
 * (`publicKey()`, one key for every user and app), so a backend's or the open-platform server's
 * verification can be exercised end to end. A real `BiometricDevice` wraps the platform's
 * biometric prompt and hardware-backed key.
 */
import {
  buildSoterResultJSON,
  exportSoterPublicKey,
  signSoterResult,
  type BiometricDevice,
  type SoterAuthOutcome,
  type SoterAuthRequest,
  type SoterFailureReason,
  type SoterMode,
} from '@wxbridge/host';

/** What the simulated user does at the prompt: approve (`{ok: true}`, the device signs) or fail. */
export type SoterDecision = { ok: true } | { ok: false; reason: SoterFailureReason; message?: string };

export interface SoftwareBiometricDeviceOptions {
  /** The modes the simulated device supports. */
  modes: readonly SoterMode[];
  /** The modes enrolled (default: all of `modes`). */
  enrolled?: readonly SoterMode[];
  /** The signing key (`generateSoterKeyPair().privateKey`). */
  privateKey: CryptoKey;
  /** Its public half (`generateSoterKeyPair().publicKey`): what `publicKey()` exports as PEM. */
  publicKey: CryptoKey;
  uid: string;
  cpuId: string;
  teeName?: string;
  teeVersion?: string;
  fpName?: string;
  fpVersion?: string;
  /** The starting counter (default 0: the first authentication signs counter 1). */
  counter?: number;
  /** The simulated user's answer (default: approve). */
  decide?: (request: SoterAuthRequest) => SoterDecision | Promise<SoterDecision>;
}

export interface SoftwareBiometricDevice extends BiometricDevice {
  /** The counter of the last signed result. */
  readonly counter: number;
  /** The PEM (SPKI) of the signing key, the same for every user and app. */
  publicKey(): Promise<string>;
}

const CANCEL: SoterDecision = { ok: false, reason: 'cancel' };

/** Resolves with a cancel once `signal` fires (at once if it has). */
function cancelled(signal: AbortSignal): Promise<SoterDecision> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve(CANCEL);
    else signal.addEventListener('abort', () => resolve(CANCEL), { once: true });
  });
}

/**
 * A SIMULATED biometric device: no sensor, no secure hardware, the key in memory. It signs real
 * SOTER results, so a backend's verification can be exercised end to end. For tests and demos only.
 */
export function createSoftwareBiometricDevice(options: SoftwareBiometricDeviceOptions): SoftwareBiometricDevice {
  const modes = [...options.modes];
  const enrolled = [...(options.enrolled ?? options.modes)];
  let counter = options.counter ?? 0;
  let pem: Promise<string> | undefined;
  return {
    get counter() {
      return counter;
    },
    supportedModes: () => [...modes],
    enrolledModes: () => enrolled.filter((mode) => modes.includes(mode)),
    publicKey: () => (pem ??= exportSoterPublicKey(options.publicKey)),
    async authenticate(request): Promise<SoterAuthOutcome> {
      if (!modes.includes(request.mode) || !enrolled.includes(request.mode)) return { ok: false, reason: 'not-enrolled' };
      // Whichever comes first: the simulated user's answer, or the call given up (a cancel).
      const decision = request.signal.aborted
        ? CANCEL
        : await Promise.race([Promise.resolve(options.decide ? options.decide(request) : { ok: true as const }), cancelled(request.signal)]);
      if (!decision.ok) return decision;
      counter += 1;
      const resultJSON = buildSoterResultJSON({
        challenge: request.challenge,
        counter,
        cpuId: options.cpuId,
        uid: options.uid,
        teeName: options.teeName ?? 'wxbridge-software-tee (simulation)',
        teeVersion: options.teeVersion ?? '1',
        fpName: options.fpName ?? 'simulated-sensor',
        fpVersion: options.fpVersion ?? '1',
        appId: request.app.appId,
        openId: await request.openid(),
      });
      return { ok: true, resultJSON, resultJSONSignature: await signSoterResult(resultJSON, options.privateKey) };
    },
  };
}
