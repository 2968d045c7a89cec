/**
 * Biometrics (SOTER): checkIsSupportSoterAuthentication, checkIsSoterEnrolledInDevice,
 * startSoterAuthentication over a device adapter the integrator supplies.
 * (Skeleton: filled in by the biometrics work.)
 */
import type { SemanticsTable, Services } from './semantics';

export type SoterMode = 'fingerPrint' | 'facial' | 'speech';

/** The integrator's device adapter. */
export interface BiometricDevice {
  /** The modes the device supports. */
  supportedModes(): readonly SoterMode[] | Promise<readonly SoterMode[]>;
}

export function createBiometricSemantics(_services: Services): SemanticsTable {
  return {};
}
