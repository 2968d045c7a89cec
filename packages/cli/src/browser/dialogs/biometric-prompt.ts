/**
 * The simulated device's biometric prompt (SOTER): touch the sensor (the device signs the
 * result), a failed match, or cancel. The key and the sensor are a simulation.
 */
import type { SoterAuthRequest } from '@wxbridge/host';
import type { SoterDecision } from '@wxbridge/mock';
import { el } from '../dom';
import { showDialog } from './dialog';

const MODE_LABEL = { fingerPrint: 'fingerprint', facial: 'face', speech: 'voice' } as const;

export function biometricPrompt(layer: HTMLElement) {
  return ({ app, mode, authContent, signal }: SoterAuthRequest): Promise<SoterDecision> =>
    showDialog<SoterDecision>(layer, {
      id: 'biometric',
      title: `Verify your ${MODE_LABEL[mode]}`,
      body: [
        el('p', { text: authContent === '' ? `${app.appId} asks you to verify your identity.` : authContent }),
        el('p', { class: 'muted', text: 'Simulated device: nothing is scanned; the demo device signs the result with its own key.' }),
      ],
      actions: [
        { id: 'cancel', label: 'Cancel', value: () => ({ ok: false, reason: 'cancel' }) },
        { id: 'fail', label: 'Not recognised', value: () => ({ ok: false, reason: 'failed' }) },
        { id: 'success', label: mode === 'fingerPrint' ? 'Touch the sensor' : 'Verify', value: () => ({ ok: true }), primary: true },
      ],
      signal,
      dismissed: { ok: false, reason: 'cancel' },
    });
}
