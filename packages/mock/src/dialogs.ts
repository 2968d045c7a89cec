/**
 * The integrator's real dialogs, shown by the `ask` preset: the host's prompt
 * hooks (`HostPrompts`), plus the two sheets the host leaves to a handler or a
 * device: the payment sheet (`requestPayment`) and the biometric prompt (SOTER).
 */
import type { App, HostPrompts, SoterAuthRequest } from '@wxbridge/host';
import type { SoterDecision } from './software-biometric-device';
import type { ParamsOf } from '@wxbridge/protocol';
import type { MockAskApi } from './presets';

export interface PaymentPromptRequest {
  /** The mini program asking. */
  app: App;
  /** The order, as the mini program passed it (checked by the host). */
  params: ParamsOf<'requestPayment'>;
  /** Fires when the answer is no longer wanted (the mini program left): close the sheet. */
  signal: AbortSignal;
}

export interface MockDialogs extends HostPrompts {
  /** The payment sheet: true when the user pays, false when they cancel (`requestPayment:fail cancel`). */
  payment?(request: PaymentPromptRequest): boolean | Promise<boolean>;
  /** The biometric prompt of the simulated device: `{ok: true}` signs the result; a failure names why. */
  biometric?(request: SoterAuthRequest): SoterDecision | Promise<SoterDecision>;
}

/** The dialog each API's `ask` preset shows. */
export const MOCK_ASK_DIALOGS = Object.freeze({
  authorize: 'authorize',
  getUserProfile: 'userProfile',
  openSetting: 'settings',
  privacy: 'privacy',
  requestSubscribeMessage: 'subscribe',
  soter: 'biometric',
  requestPayment: 'payment',
} as const satisfies Record<MockAskApi, keyof MockDialogs>);

type DialogOf<A extends MockAskApi> = NonNullable<MockDialogs[(typeof MOCK_ASK_DIALOGS)[A]]>;

/** The dialog `api`'s `ask` preset shows; throws a TypeError saying which option is missing. */
export function askDialog<A extends MockAskApi>(dialogs: MockDialogs | undefined, api: A): DialogOf<A> {
  const name = MOCK_ASK_DIALOGS[api];
  const dialog = dialogs?.[name];
  if (typeof dialog !== 'function') {
    throw new TypeError(
      `mock setting for ${api}: the ask preset shows your own dialog, options.dialogs.${name}, ` +
        'but createMockHost was given none; pass it, or choose another preset',
    );
  }
  return dialog.bind(dialogs) as DialogOf<A>;
}
