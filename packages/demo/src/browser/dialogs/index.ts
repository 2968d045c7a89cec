/** Every dialog the demo superapp draws, as the mock host's `dialogs` option. */
import type { MockDialogs } from '@wxbridge/mock';
import { biometricPrompt } from './biometric-prompt';
import { authorizeDialog, privacyDialog, userProfileDialog } from './consent-dialogs';
import { paymentSheet } from './payment-sheet';
import { settingsPage } from './settings-page';
import { subscribePanel } from './subscribe-panel';

export function createDemoDialogs(layer: HTMLElement): Required<MockDialogs> {
  return {
    authorize: authorizeDialog(layer),
    userProfile: userProfileDialog(layer),
    privacy: privacyDialog(layer),
    settings: settingsPage(layer),
    subscribe: subscribePanel(layer),
    biometric: biometricPrompt(layer),
    payment: paymentSheet(layer),
  };
}
