/**
 * Biometrics (SOTER): checkIsSupportSoterAuthentication, checkIsSoterEnrolledInDevice,
 * startSoterAuthentication over a device adapter the integrator supplies (`options.biometrics`).
 *
 * The host does the platform's checks (challenge and prompt text, supported and enrolled modes,
 * one biometric prompt per mini program) before the adapter shows anything, maps the adapter's
 * outcome to SOTER's errCodes, and never sends the adapter's own messages to the mini program.
 * The prompt itself goes through the one consent path (queue, rate limit, abort).
 * After a success, and before answering, the host records the device's public key
 * (`biometrics.publicKey`) for the open-platform server (`services.platform.enrolSoterKey`).
 * Every `startSoterAuthentication` fail carries the success fields too:
 * `{authMode, resultJSON: '', resultJSONSignature: '', errCode}`.
 *
 * Without `options.biometrics` the three APIs are not built in: they are not supported, unless the
 * integrator answers them with `host.handle` (the "v1" way, a handler provides the result).
 */
import type { Connection } from '../../core/connection';
import { REASON } from '@wxbridge/protocol';
import { WxError } from '../../core/failure';
import type { Feature, Semantics, Services } from '../../core/feature';
import type { CallContext } from '../../core/types';
import { SOTER_ERR_CODE, checkDevice, modesOf, type BiometricDevice, type SoterAuthOutcome, type SoterAuthRequest, type SoterMode } from './device';
import { enrolKey } from './enrolment';
import { chooseMode, resultOf, soterFail, soterFailOf } from './outcome';

export interface BiometricFeatureOptions {
  /** The device's biometrics (SOTER APIs). */
  biometrics?: BiometricDevice;
}

/**
 * The adapter's prompt, through the consent path. What the adapter throws becomes `internal`;
 * what the queue refuses (too many prompts, errno 1003), or an abandoned call, a SOTER fail.
 */
async function authenticate(
  services: Services,
  device: BiometricDevice,
  request: SoterAuthRequest,
  ctx: CallContext,
): Promise<SoterAuthOutcome | WxError> {
  const internal: SoterAuthOutcome = { ok: false, reason: 'internal' };
  const show = async () => {
    try {
      return await device.authenticate(request);
    } catch (error) {
      services.report(ctx, error);
      return internal;
    }
  };
  try {
    return await services.consent.ask({ ctx, user: request.user, show });
  } catch (thrown) {
    if (!WxError.is(thrown)) throw thrown;
    if (thrown.reason === REASON.cancel) return soterFail(request.mode, SOTER_ERR_CODE.cancel, REASON.cancel);
    return soterFail(request.mode, SOTER_ERR_CODE.internal, thrown.reason, thrown.errno);
  }
}

export function biometricsFeature(services: Services, options: BiometricFeatureOptions): Feature {
  if (options.biometrics === undefined) return {};
  const device = checkDevice(options.biometrics);
  /** Connections with a biometric prompt open or waiting its turn. */
  const inFlight = new WeakSet<Connection>();
  const supported = async (): Promise<SoterMode[]> => modesOf(await device.supportedModes());
  const enrolled = async (): Promise<SoterMode[]> => modesOf(await device.enrolledModes());

  const startSoterAuthentication: Semantics = {
    handler: 'none',
    ownSheet: true,
    offered: () => true,
    async run(params, ctx) {
      const challenge = params.challenge as string;
      const authContent = (params.authContent as string | undefined) ?? '';
      const mode = await chooseMode({ supported, enrolled }, services, ctx, params.requestAuthModes as SoterMode[], challenge, authContent);
      if (WxError.is(mode)) return mode;
      // One biometric prompt per mini program: a second one fails at once, it does not queue.
      const connection = ctx.connection;
      if (inFlight.has(connection)) return soterFail(mode, SOTER_ERR_CODE.internal, 'another authentication is in progress');
      inFlight.add(connection);
      let outcome: SoterAuthOutcome | WxError;
      let user = '';
      try {
        user = await services.userOf(ctx);
        const openid = () => services.sessions.openIdOf(ctx.app.appId, user);
        outcome = await authenticate(services, device, { challenge, authContent, mode, app: ctx.app, user, openid, signal: ctx.signal }, ctx);
      } catch (error) {
        services.report(ctx, error);
        outcome = soterFailOf(mode, error);
      } finally {
        inFlight.delete(connection);
      }
      const result = WxError.is(outcome) ? outcome : resultOf(services, ctx, mode, outcome);
      return WxError.is(result) ? result : enrolKey(services, device, { ctx, user, mode }, result);
    },
  };

  const apis = {
    checkIsSupportSoterAuthentication: { handler: 'none', offered: () => true, run: async () => ({ supportMode: await supported() }) },
    checkIsSoterEnrolledInDevice: {
      handler: 'none',
      offered: () => true,
      async run(params: Record<string, unknown>) {
        const mode = params.checkAuthMode as SoterMode;
        return { isEnrolled: (await supported()).includes(mode) && (await enrolled()).includes(mode) };
      },
    },
    startSoterAuthentication,
  } satisfies Record<string, Semantics>;
  return { apis };
}
