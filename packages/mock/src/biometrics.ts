/**
 * The SOTER setting over a software biometric device (a SIMULATION: the key
 * lives in memory, generated on first use). `notEnrolled` enrols no mode;
 * the prompt's answer follows the preset, or with `ask` the integrator's
 * biometric dialog (`dialogs.biometric`).
 */
import { generateSoterKeyPair, type BiometricDevice, type SoterAuthRequest, type SoterMode } from '@wxbridge/host';
import { askDialog, type MockDialogs } from './dialogs';
import { createSoftwareBiometricDevice, type SoftwareBiometricDevice, type SoterDecision } from './software-biometric-device';
import type { PendingWaits } from './pending';
import type { MockSetting } from './settings';

/** The modes the mock device supports. */
export const MOCK_SOTER_MODES: readonly SoterMode[] = Object.freeze(['fingerPrint', 'facial']);

export interface MockBiometrics extends BiometricDevice {
  /** The device's key pair (generated on first use): verify its signatures with `publicKey`. */
  keyPair(): Promise<CryptoKeyPair>;
}

export function createMockBiometrics(setting: () => Promise<MockSetting>, waits: PendingWaits, dialogs?: MockDialogs): MockBiometrics {
  let keys: Promise<CryptoKeyPair> | undefined;
  let device: Promise<SoftwareBiometricDevice> | undefined;
  const keyPair = () => (keys ??= generateSoterKeyPair());

  async function decide(request: SoterAuthRequest): Promise<SoterDecision> {
    const decision = await waits.settle(await setting(), request.signal, (current): SoterDecision | Promise<SoterDecision> => {
      switch (current.preset) {
        case 'ask':
          return askDialog(dialogs, 'soter')(request);
        case 'success':
          return { ok: true };
        case 'deny':
          return { ok: false, reason: 'failed' };
        case 'notEnrolled':
          return { ok: false, reason: 'not-enrolled' };
        case 'cancel':
          return { ok: false, reason: 'cancel' };
        default:
          return { ok: false, reason: 'internal', message: current.reason ?? 'mock error' };
      }
    });
    // A timeout that ended, or a prompt given up: nobody reads the answer.
    return decision ?? { ok: false, reason: 'cancel' };
  }

  const software = () =>
    (device ??= keyPair().then(({ privateKey, publicKey }) =>
      createSoftwareBiometricDevice({
        modes: MOCK_SOTER_MODES,
        privateKey,
        publicKey,
        uid: 'mock-uid',
        cpuId: 'mock-cpu',
        decide,
      }),
    ));

  return {
    keyPair,
    supportedModes: () => MOCK_SOTER_MODES,
    enrolledModes: async () => ((await setting()).preset === 'notEnrolled' ? [] : MOCK_SOTER_MODES),
    authenticate: async (request) => (await software()).authenticate(request),
    publicKey: async () => (await software()).publicKey(),
  };
}
