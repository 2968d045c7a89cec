/**
 * The device key the open-platform server verifies SOTER results with: after a successful
 * `startSoterAuthentication`, and before the mini program gets the result, the host records the
 * adapter's `publicKey({app, user})` (`services.platform.enrolSoterKey`). A key that cannot be
 * recorded fails the call (90007): a result the server could not verify is never claimed. When the
 * store could not be reached (`StoreUnavailableError`), the fail says so as every API's does
 * (`system busy, try again later`, errno 4), still with SOTER's errCode 90007.
 */
import type { WxError } from '../../core/failure';
import type { Services } from '../../core/feature';
import type { CallContext } from '../../core/types';
import type { BiometricDevice, SoterMode } from './device';
import { soterFailOf } from './outcome';

/** The successful call whose result is about to be answered. */
export interface Authenticated {
  ctx: CallContext;
  user: string;
  mode: SoterMode;
}

/** `result` once the device's key is recorded (nothing to record without `publicKey`), or a 90007 fail (system busy when the store is down). */
export async function enrolKey(
  services: Services,
  device: BiometricDevice,
  { ctx, user, mode }: Authenticated,
  result: Record<string, unknown>,
): Promise<Record<string, unknown> | WxError> {
  if (!device.publicKey) return result;
  try {
    await services.platform.enrolSoterKey(ctx.app.appId, user, await device.publicKey({ app: ctx.app, user }));
    return result;
  } catch (error) {
    services.report(ctx, error);
    return soterFailOf(mode, error);
  }
}
