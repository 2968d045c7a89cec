/**
 * Every dialog the demo superapp draws, as the mock host's `dialogs` option: each is drawn on the
 * dialog layer of the phone showing the mini program that asked.
 */
import type { AppIdentity } from '@wxbridge/host';
import type { MockDialogs } from '@wxbridge/mock';
import { biometricPrompt } from './biometric-prompt';
import { authorizeDialog, privacyDialog, userProfileDialog } from './consent-dialogs';
import { paymentSheet } from './payment-sheet';
import { settingsPage } from './settings-page';
import { subscribePanel } from './subscribe-panel';

export function createDemoDialogs(layerOf: (app: AppIdentity) => HTMLElement): Required<MockDialogs> {
  const over =
    <R extends { app: AppIdentity }, A>(dialog: (layer: HTMLElement) => (request: R) => A) =>
    (request: R): A =>
      dialog(layerOf(request.app))(request);
  return {
    authorize: over(authorizeDialog),
    userProfile: over(userProfileDialog),
    privacy: over(privacyDialog),
    settings: over(settingsPage),
    subscribe: over(subscribePanel),
    biometric: over(biometricPrompt),
    payment: over(paymentSheet),
  };
}
